package io.crowdengage.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.crowdengage.internal.Checks;
import io.crowdengage.internal.Redaction;
import io.crowdengage.twilio.TwilioWebhookHandler.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TwilioWebhookHandler} on the JDK's own web server, {@code com.sun.net.httpserver}:
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * TwilioHttpServerBinding.register(server, TwilioWebhookHandler.create(config, sink));
 * server.start();
 * }</pre>
 * Each webhook is served at the path of its configured public URL, or at a local path of your choice
 * when a proxy in front rewrites paths. The URL whose signature is checked is always the configured
 * public one, with the query the request arrived with: a proxy that terminates TLS or changes the host
 * does not break the signature.
 */
public final class TwilioHttpServerBinding {
    private static final Logger LOG = LoggerFactory.getLogger(TwilioHttpServerBinding.class);

    private TwilioHttpServerBinding() {
    }

    /** Serves every configured webhook of {@code handler} at the path of its public URL. */
    public static void register(HttpServer server, TwilioWebhookHandler handler) {
        Checks.notNull(server, "server");
        Checks.notNull(handler, "handler");
        for (Route route : Route.values()) {
            handler.publicUrl(route).ifPresent(url -> register(server, handler, route,
                    url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()));
        }
    }

    /** Serves {@code route} at {@code localPath} (a proxy in front maps the public URL's path to it). */
    public static void register(HttpServer server, TwilioWebhookHandler handler, Route route, String localPath) {
        Checks.notNull(server, "server");
        Checks.notBlank(localPath, "localPath");
        Checks.require(localPath.startsWith("/"), "localPath", () -> "must start with '/' but was '" + localPath + "'");
        server.createContext(localPath, httpHandler(handler, route, localPath));
    }

    /** The {@link HttpHandler} for {@code route}, answering 404 for any path but {@code localPath} itself. */
    public static HttpHandler httpHandler(TwilioWebhookHandler handler, Route route, String localPath) {
        Checks.notNull(handler, "handler");
        Checks.notNull(route, "route");
        Checks.notBlank(localPath, "localPath");
        handler.publicUrl(route, null); // refuses a route without a configured public URL now, not per request
        return exchange -> serve(exchange, handler, route, localPath);
    }

    private static void serve(HttpExchange exchange, TwilioWebhookHandler handler, Route route, String localPath)
            throws IOException {
        try (exchange) {
            URI local = exchange.getRequestURI();
            // The server matches contexts by prefix; only the path itself is the webhook.
            if (!trimmed(local.getRawPath()).equals(trimmed(localPath))) {
                write(exchange, WebhookResponse.text(404, "no Twilio webhook at this path"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(TwilioWebhookHandler.MAX_BODY_BYTES + 1);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            WebhookRequest request = new WebhookRequest(exchange.getRequestMethod(),
                    handler.publicUrl(route, local.getRawQuery()), headers, body);
            write(exchange, handler.handle(route, request));
        } catch (RuntimeException e) {
            LOG.error("Twilio webhook {} failed: {}", route, Redaction.throwable(e));
            throw e;
        }
    }

    private static String trimmed(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static void write(HttpExchange exchange, WebhookResponse response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
