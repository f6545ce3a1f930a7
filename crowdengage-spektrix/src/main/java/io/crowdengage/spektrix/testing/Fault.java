package io.crowdengage.spektrix.testing;

import io.crowdengage.adapter.fake.HttpFault;
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
 * @param body       a body to answer verbatim (as {@code application/json}) instead of the usual one
 * @param truncated  whether to answer the normal answer (status 200) cut off halfway, as a dropped
 *                   connection or a broken proxy delivers it
 */
public record Fault(int status, Optional<Duration> retryAfter, Duration delay, boolean html, Optional<String> body,
                    boolean truncated) {
    private static final String CLOUDFLARE_PAGE = "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare"
            + "</title></head><body><h1>Sorry, you have been blocked</h1></body></html>";

    /**
     * Validates as every fake's fault is validated ({@link HttpFault}: a real status or 0, a body only with a
     * status), and that an HTML page, a scripted body and a truncated answer do not mix.
     */
    public Fault {
        new HttpFault(status, retryAfter, delay, body);
        Checks.require(!(html && body.isPresent()), "fault.body", "an HTML page and a scripted body exclude each other");
        Checks.require(!truncated || (status == 0 && !html && body.isEmpty()), "fault.truncated",
                "cuts the normal answer, so it takes status 0, no HTML page and no scripted body");
    }

    /** A fault that answers {@code status} (0: normally), with a JSON error body or an HTML page. */
    public Fault(int status, Optional<Duration> retryAfter, Duration delay, boolean html) {
        this(status, retryAfter, delay, html, Optional.empty(), false);
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

    /**
     * {@code status} with exactly {@code body} as {@code application/json}: a malformed answer, say,
     * or an error message that quotes a customer, to check what the client makes of it.
     */
    public static Fault answer(int status, String body) {
        Checks.require(status >= 100 && status <= 599, "fault.status", "must be an HTTP status but was " + status);
        return new Fault(status, Optional.empty(), Duration.ZERO, false, Optional.of(Checks.notNull(body, "body")), false);
    }

    /** The normal answer, cut off halfway (status 200, the headers announcing the shorter length). */
    public static Fault truncatedAnswer() {
        return new Fault(0, Optional.empty(), Duration.ZERO, false, Optional.empty(), true);
    }

    /** This fault as the shared scaffolding answers it; a truncated answer is the fake's to cut. */
    HttpFault http() {
        return html ? new HttpFault(status, retryAfter, delay, Optional.of(CLOUDFLARE_PAGE), "text/html; charset=UTF-8")
                : new HttpFault(status, retryAfter, delay, body);
    }
}
