package io.crowdengage.showscore;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * Show-Score's partner-token API did not give tokens. Thrown by {@link ShowScorePartnerLinks#prefetch};
 * {@code show_score_url} turns it into a {@link io.crowdengage.template.TemplateFunctionException}
 * so that the runtime defers or skips the send. Messages never contain an API key.
 */
public final class ShowScoreException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** 401 or 403: Show-Score refused the API key. Fix the setting the message names. */
        INVALID_API_KEY,
        /** 404: Show-Score does not know the show id. */
        UNKNOWN_SHOW,
        /** 400, 422 or another 4xx: Show-Score refused the request as asked (a malformed show id, say). */
        REFUSED,
        /** 429: over Show-Score's rate limit (200 requests a minute); see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** 5xx, a timeout or a failed connection, after the configured retries. */
        UNAVAILABLE,
        /** A success status with a body that is not what Show-Score documents. */
        BAD_RESPONSE,
        /** A redirect to a host that is not Show-Score's (not followed, so the key stays home), or too many. */
        REDIRECTED
    }

    private final Reason reason;
    private final transient Optional<Duration> retryAfter;

    ShowScoreException(Reason reason, String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = Checks.notNull(reason, "reason");
        this.retryAfter = Checks.notNull(retryAfter, "retryAfter");
    }

    ShowScoreException(Reason reason, String message) {
        this(reason, message, Optional.empty(), null);
    }

    @Override
    public Reason reason() {
        return reason;
    }

    /** How long Show-Score asked us to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter == null ? Optional.empty() : retryAfter;
    }

    /** True for {@link Reason#RATE_LIMITED} and {@link Reason#UNAVAILABLE}. */
    @Override
    public boolean retryable() {
        return reason == Reason.RATE_LIMITED || reason == Reason.UNAVAILABLE;
    }

    @Override
    protected String area() {
        return "SHOW_SCORE";
    }
}
