package io.crowdengage.spektrix;

import io.crowdengage.adapter.http.Backoff;
import io.crowdengage.internal.Checks;
import java.time.Duration;

/**
 * How often, and how patiently, a Spektrix request is tried again after a 429, a 5xx or a timeout.
 *
 * <p>The wait before try {@code n + 1} is {@code backoffBase * 2^(n-1)}, at most {@code backoffCap}.
 * A {@code Retry-After} header from Spektrix replaces the computed wait; one longer than
 * {@code backoffCap} is not waited out at all (a tick should not block for minutes): the request
 * fails at once as {@code RATE_LIMITED} and the runtime's next tick tries again.
 *
 * @param maxAttempts how many tries in all, at least 1 (1 means no retry)
 * @param backoffBase the first wait, positive
 * @param backoffCap  the longest wait, at least {@code backoffBase}
 */
public record RetryPolicy(int maxAttempts, Duration backoffBase, Duration backoffCap) {
    /** 4 attempts, waits of 0.5 s, 1 s, 2 s, never more than 10 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10));

    public RetryPolicy {
        Checks.require(maxAttempts >= 1, "retryPolicy.maxAttempts", "must be at least 1 but was " + maxAttempts);
        Checks.notNull(backoffBase, "retryPolicy.backoffBase");
        Checks.notNull(backoffCap, "retryPolicy.backoffCap");
        Checks.require(!backoffBase.isNegative() && !backoffBase.isZero(), "retryPolicy.backoffBase",
                "must be positive but was " + backoffBase);
        Checks.require(backoffCap.compareTo(backoffBase) >= 0, "retryPolicy.backoffCap",
                "must not be shorter than backoffBase (" + backoffBase + ") but was " + backoffCap);
    }

    /** The defaults: {@link #DEFAULT}. */
    public static RetryPolicy ofDefaults() {
        return DEFAULT;
    }

    /** One attempt only: every failure is reported at once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));
    }

    /** The computed wait after failed attempt {@code attempt} (1-based), before any {@code Retry-After}. */
    public Duration backoffAfter(int attempt) {
        return Backoff.doubling(backoffBase, backoffCap, attempt);
    }
}
