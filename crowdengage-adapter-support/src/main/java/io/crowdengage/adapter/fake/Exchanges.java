package io.crowdengage.adapter.fake;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.crowdengage.adapter.http.FormParams;
import io.crowdengage.adapter.http.RetryAfter;
import io.crowdengage.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What every fake does with a request and its answer: read it, record it without credentials, answer it. */
public final class Exchanges {
    /** What a credential header's value is recorded as. */
    public static final String REDACTED = "(redacted)";

    private Exchanges() {
    }

    /** The request's body, all of it. */
    public static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    /** The decoded query parameters, the first value of each name, in the order they came. */
    public static Map<String, String> query(HttpExchange exchange) {
        return FormParams.decode(exchange.getRequestURI().getRawQuery()).firstValues();
    }

    /**
     * Every request header by lower-case name, in the order they came, the values of {@code credentials}
     * (any case) replaced by {@link #REDACTED}: recorded requests are printed by failing tests.
     */
    public static Map<String, List<String>> headersRedacting(Headers headers, Set<String> credentials) {
        Set<String> lower = lowerCase(credentials);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            copy.put(key, lower.contains(key) ? List.of(REDACTED) : List.copyOf(values));
        });
        return copy;
    }

    /** Every request header by lower-case name, in the order they came, {@code leftOut} (any case) left out. */
    public static Map<String, List<String>> headersWithout(Headers headers, Set<String> leftOut) {
        Set<String> lower = lowerCase(leftOut);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (!lower.contains(key)) {
                copy.put(key, List.copyOf(values));
            }
        });
        return copy;
    }

    /** The first value of a header in a map by lower-case name (as recorded above), by any case of its name. */
    public static Optional<String> firstHeader(Map<String, List<String>> headers, String name) {
        Checks.notNull(name, "name");
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Answers {@code status} with {@code body} (no body at all when it is empty) as {@code contentType},
     * with a {@code Retry-After} in whole seconds if one is given.
     */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body,
                               Optional<Duration> retryAfter) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        retryAfter.ifPresent(after -> exchange.getResponseHeaders().set(RetryAfter.HEADER, RetryAfter.format(after)));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Answers {@code status} with a JSON {@code body} and no {@code Retry-After}. */
    public static void respondJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        respond(exchange, status, HttpFault.JSON, body, Optional.empty());
    }

    /**
     * Waits {@code delay} on the request's thread, as a slow service would.
     *
     * @return false if interrupted first (the fake is closing), with the thread's interrupt flag set again
     */
    public static boolean pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Set<String> lowerCase(Set<String> names) {
        Checks.noNullElements(names, "names");
        return Set.copyOf(names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList());
    }
}
