package io.crowdengage.runtime;

import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.util.Random;

/**
 * How transient provider failures are retried: exponential backoff with full jitter, never past a
 * message's catch-up deadline (the runtime stops there and records the send as failed).
 *
 * @param initialDelay the delay before the first retry, before jitter
 * @param maxDelay     the longest delay between two attempts
 * @param multiplier   how much the delay grows per attempt, at least 1
 * @param maxAttempts  the most provider calls for one message, the first included
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, double multiplier, int maxAttempts) {
    public RetryPolicy {
        Checks.notNull(initialDelay, "retry.initialDelay");
        Checks.notNull(maxDelay, "retry.maxDelay");
        Checks.require(!initialDelay.isNegative() && !initialDelay.isZero(), "retry.initialDelay",
                "must be positive but was " + initialDelay);
        Checks.require(maxDelay.compareTo(initialDelay) >= 0, "retry.maxDelay",
                "must be at least initialDelay (" + initialDelay + ") but was " + maxDelay);
        Checks.require(multiplier >= 1.0 && multiplier <= 10.0, "retry.multiplier",
                "must be between 1 and 10 but was " + multiplier);
        Checks.require(maxAttempts >= 1 && maxAttempts <= 100, "retry.maxAttempts",
                "must be between 1 and 100 but was " + maxAttempts);
    }

    /** 30 seconds, doubling to at most 10 minutes, up to 10 attempts (always bounded by the catch-up). */
    public static RetryPolicy ofDefaults() {
        return new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10), 2.0, 10);
    }

    /** Never retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 1);
    }

    /**
     * The delay after attempt number {@code attemptsMade} (1 for the first) failed: a random value
     * between half and all of the capped exponential delay, so that many failed sends do not retry in
     * step. A provider's own retry-after, when longer, wins.
     */
    public Duration delayAfter(int attemptsMade, Duration providerRetryAfter, Random random) {
        double exponential = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        long capped = (long) Math.min(exponential, maxDelay.toMillis());
        long jittered = capped / 2 + (long) (random.nextDouble() * (capped - capped / 2));
        Duration delay = Duration.ofMillis(Math.max(1, jittered));
        return providerRetryAfter.compareTo(delay) > 0 ? providerRetryAfter : delay;
    }
}
