package io.crowdengage.adapter.fake;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.crowdengage.internal.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK {@code com.sun.net.httpserver} server for a fake, on a loopback address only: a fake answers as
 * a real service would but checks nothing a stranger on the network should reach, so it refuses any
 * other address. Each request runs on a daemon thread of its own pool, so a fault that holds a request
 * (a slow answer, one that never comes) does not hold the others; {@link #close()} stops it at once.
 *
 * <pre>{@code
 * LoopbackServer server = LoopbackServer.start("fake-spektrix", this::handle);
 * String baseUrl = server.baseUrl(); // http://127.0.0.1:49152
 * }</pre>
 */
public final class LoopbackServer implements AutoCloseable {
    /** The JDK's system property for {@code TCP_NODELAY} on its HTTP server's connections. */
    public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body
        // then waits for the client's delayed ACK, about 40 ms a request on loopback. The JDK reads the property
        // once, when its first server is made in this JVM, so it is set here, before any fake's server; a value
        // set explicitly is left alone.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on an ephemeral port of the loopback address, serving every path with
     * {@code handler}.
     *
     * @param name    names the server's threads, and the server in an error
     * @param handler answers every request
     * @throws UncheckedIOException if no loopback port could be opened
     */
    public static LoopbackServer start(String name, HttpHandler handler) {
        return start(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler);
    }

    /**
     * Starts a server on {@code address}, which must be a loopback address (port 0 picks a free one).
     *
     * @throws io.crowdengage.error.ValidationException if {@code address} is not on loopback (a wildcard
     *                                                  address, a host's own network address)
     * @throws UncheckedIOException                     if the port could not be opened
     */
    public static LoopbackServer start(String name, InetSocketAddress address, HttpHandler handler) {
        Checks.notBlank(name, "name");
        Checks.notNull(address, "address");
        Checks.notNull(handler, "handler");
        Checks.require(!address.isUnresolved() && address.getAddress().isLoopbackAddress(), "address",
                () -> "must be a loopback address, since a fake must not be reachable from the network, but was "
                        + address);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a loopback port for " + name + " at " + address, e);
        }
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new LoopbackServer(server, executor);
    }

    /** The address and port it listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://} and its address and port, no trailing slash: {@code http://127.0.0.1:49152}. */
    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Stops at once: open exchanges are dropped and the threads interrupted. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
