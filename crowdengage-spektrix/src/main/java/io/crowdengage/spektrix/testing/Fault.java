package io.crowdengage.spektrix.testing;

import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * Something to go wrong on a request to {@link FakeSpektrixServer}, scripted with
 * {@link FakeSpektrixServer#failNext(int, String, Fault)}.
 *
 * @param status     the status to answer, or 0 to answer normally after {@code delay}
 * @param retryAfter a {@code Retry-After} header to send, if any
 * @param delay      how long to wait before answering
 * @param html       whether the body is an HTML page (as Cloudflare sends) rather than JSON
 */
public record Fault(int status, Optional<Duration> retryAfter, Duration delay, boolean html) {
    public Fault {
        Checks.require(status == 0 || (status >= 100 && status <= 599), "fault.status",
                "must be 0 (answer normally) or an HTTP status but was " + status);
        Checks.notNull(retryAfter, "fault.retryAfter");
        Checks.notNegative(delay, "fault.delay");
    }

    /** 429 Too Many Requests with a {@code Retry-After} in whole seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(429, Optional.of(retryAfter), Duration.ZERO, false);
    }

    /** 429 Too Many Requests with no {@code Retry-After}. */
    public static Fault tooManyRequests() {
        return new Fault(429, Optional.empty(), Duration.ZERO, false);
    }

    /** 500 Internal Server Error with a small JSON body. */
    public static Fault serverError() {
        return new Fault(500, Optional.empty(), Duration.ZERO, false);
    }

    /** The normal answer, after {@code delay}: long enough, it makes the client time out. */
    public static Fault slow(Duration delay) {
        return new Fault(0, Optional.empty(), delay, false);
    }

    /** An HTML error page with {@code status}, as Cloudflare answers (403 for a blocked agent, 503, or even 200). */
    public static Fault htmlPage(int status) {
        return new Fault(status, Optional.empty(), Duration.ZERO, true);
    }
}
