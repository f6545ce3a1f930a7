package io.crowdengage.showscore.testing;

import io.crowdengage.adapter.fake.HttpFault;
import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * Something to go wrong on a request to {@link FakeShowScoreServer}, scripted with
 * {@link FakeShowScoreServer#failNext(int, FakeShowScoreServer.Endpoint, Fault)}.
 *
 * @param status     the status to answer, or 0 to answer normally after {@code delay}
 * @param retryAfter a {@code Retry-After} header to send (whole seconds), if any
 * @param delay      how long to wait before answering; long enough, it makes the client time out
 * @param body       a body to answer verbatim (as {@code application/json}) instead of Show-Score's error body
 */
public record Fault(int status, Optional<Duration> retryAfter, Duration delay, Optional<String> body) {
    /** Validates as every fake's fault is validated ({@link HttpFault}): a real status or 0, a body only with a status. */
    public Fault {
        new HttpFault(status, retryAfter, delay, body);
    }

    /** A fault with Show-Score's own error body for {@code status} (0: the normal answer, after {@code delay}). */
    public Fault(int status, Optional<Duration> retryAfter, Duration delay) {
        this(status, retryAfter, delay, Optional.empty());
    }

    /** 401: as Show-Score answers an invalid key. */
    public static Fault unauthorized() {
        return status(401);
    }

    /** 404: as Show-Score answers an unknown show. */
    public static Fault notFound() {
        return status(404);
    }

    /** 429 with a {@code Retry-After} in whole seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(429, Optional.of(retryAfter), Duration.ZERO);
    }

    /** 429 with no {@code Retry-After}. */
    public static Fault tooManyRequests() {
        return status(429);
    }

    /** 500: "retry later". */
    public static Fault serverError() {
        return status(500);
    }

    /** Any status with Show-Score's error body. */
    public static Fault status(int status) {
        return new Fault(status, Optional.empty(), Duration.ZERO);
    }

    /**
     * {@code status} with exactly {@code body} as {@code application/json}: a success that is not JSON,
     * say, or an error text of Show-Score's choosing, to check what the client makes of it.
     */
    public static Fault answer(int status, String body) {
        Checks.require(status >= 100 && status <= 599, "fault.status", "must be an HTTP status but was " + status);
        return new Fault(status, Optional.empty(), Duration.ZERO, Optional.of(Checks.notNull(body, "body")));
    }

    /** The normal answer after {@code delay}. */
    public static Fault slow(Duration delay) {
        return new Fault(0, Optional.empty(), delay);
    }

    /** This fault as the shared scaffolding answers it. */
    HttpFault http() {
        return new HttpFault(status, retryAfter, delay, body);
    }
}
