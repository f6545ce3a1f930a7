package io.crowdengage.twilio;

import com.sun.net.httpserver.HttpServer;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The whole loop on loopback: the fake Twilio, our provider pointed at it, and our webhook handler on
 * a JDK web server that the fake posts its callbacks and inbound messages to.
 */
final class TwilioRig implements AutoCloseable {
    static final String INBOUND_PATH = "/twilio/inbound";
    static final String STATUS_PATH = "/twilio/status";

    final HttpServer webhookServer;
    final FakeTwilioServer twilio;
    final CapturingSink sink = new CapturingSink();
    final TwilioConfig config;
    final TwilioSmsProvider provider;
    final TwilioWebhookHandler handler;
    private final ExecutorService webhookThreads = Executors.newFixedThreadPool(4);

    private TwilioRig(UnaryOperator<FakeTwilioServer.Builder> fake, UnaryOperator<TwilioConfig.Builder> configure) {
        try {
            webhookServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        twilio = fake.apply(FakeTwilioServer.builder().inboundWebhookUrl(webhookUrl(INBOUND_PATH))).start();
        config = configure.apply(twilio.configBuilder().throughputPerSecond(10)
                .statusCallbackUrl(webhookUrl(STATUS_PATH)).inboundWebhookUrl(webhookUrl(INBOUND_PATH))).build();
        provider = TwilioSmsProvider.create(config);
        handler = TwilioWebhookHandler.create(config, sink);
        TwilioHttpServerBinding.register(webhookServer, handler);
        webhookServer.setExecutor(webhookThreads);
        webhookServer.start();
    }

    /** The fake and the config with the defaults. */
    static TwilioRig start() {
        return new TwilioRig(UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** With changes to the fake's builder and to the config's. */
    static TwilioRig start(UnaryOperator<FakeTwilioServer.Builder> fake, UnaryOperator<TwilioConfig.Builder> config) {
        return new TwilioRig(fake, config);
    }

    String webhookUrl(String path) {
        return "http://" + webhookServer.getAddress().getAddress().getHostAddress() + ":"
                + webhookServer.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        webhookServer.stop(0);
        webhookThreads.shutdownNow();
        twilio.close();
    }
}
