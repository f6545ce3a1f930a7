package io.crowdengage.adapter.fake;

import com.sun.net.httpserver.HttpExchange;
import io.crowdengage.internal.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * An answer a fake gives instead of its usual one: a status (or, with status 0, the usual answer after
 * a delay), an optional {@code Retry-After}, and either a body verbatim or the fake's own error body for
 * that status. Each fake's public {@code Fault} record says what its service can do wrong and turns
 * itself into one of these; the validation and the answering are written here once.
 *
 * @param status      the status to answer, or 0 to answer normally after {@code delay}
 * @param retryAfter  a {@code Retry-After} to send, in whole seconds, if any
 * @param delay       how long to wait before answering; long enough, it makes the client time out
 * @param body        a body to answer verbatim instead of the fake's error body, if any
 * @param contentType the {@code Content-Type} of a verbatim body
 */
public record HttpFault(int status, Optional<Duration> retryAfter, Duration delay, Optional<String> body,
                        String contentType) {
    /** JSON in UTF-8: what the fakes' APIs answer. */
    public static final String JSON = "application/json; charset=utf-8";

    /** Validates: a real status or 0, nothing absent, no negative wait, and a body only with a status. */
    public HttpFault {
        Checks.require(status == 0 || (status >= 100 && status <= 599), "fault.status",
                () -> "must be 0 (answer normally) or an HTTP status but was " + status);
        Checks.notNull(retryAfter, "fault.retryAfter");
        retryAfter.ifPresent(after -> Checks.notNegative(after, "fault.retryAfter"));
        Checks.notNegative(delay, "fault.delay");
        Checks.notNull(body, "fault.body");
        Checks.notBlank(contentType, "fault.contentType");
        Checks.require(status != 0 || body.isEmpty(), "fault.body", "needs a status to answer it with");
    }

    /** A fault whose verbatim body, if any, is JSON. */
    public HttpFault(int status, Optional<Duration> retryAfter, Duration delay, Optional<String> body) {
        this(status, retryAfter, delay, body, JSON);
    }

    /**
     * Waits the delay, then answers the fault on {@code exchange}: the verbatim body, or
     * {@code usualErrorBody} for the status, as JSON, with the {@code Retry-After}.
     *
     * @return false if the request is to be served as usual (status 0); true if it answered, or if the wait
     *         was interrupted (the fake is closing: the exchange is then left unanswered)
     */
    public boolean answer(HttpExchange exchange, IntFunction<byte[]> usualErrorBody) throws IOException {
        Checks.notNull(exchange, "exchange");
        Checks.notNull(usualErrorBody, "usualErrorBody");
        if (!Exchanges.pause(delay)) {
            return true;
        }
        if (status == 0) {
            return false;
        }
        if (body.isPresent()) {
            Exchanges.respond(exchange, status, contentType, body.get().getBytes(StandardCharsets.UTF_8), retryAfter);
        } else {
            Exchanges.respond(exchange, status, JSON, usualErrorBody.apply(status), retryAfter);
        }
        return true;
    }
}
