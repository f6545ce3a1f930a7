package io.crowdengage.runtime;

import com.google.common.util.concurrent.RateLimiter;
import io.crowdengage.internal.Checks;

/**
 * Holds sends to a rate: by default the provider's declared throughput, through Guava's
 * {@link RateLimiter}. Simulations on a virtual clock use {@link #none()}, since a real-time
 * limiter would make them wait for real.
 */
@FunctionalInterface
public interface Throttle {

    /** Blocks until one more message may be sent. */
    void acquire();

    /** At most {@code perSecond} messages a second, smoothed. */
    static Throttle perSecond(double perSecond) {
        Checks.require(perSecond > 0 && Double.isFinite(perSecond), "throughputPerSecond",
                "must be a positive number but was " + perSecond);
        RateLimiter limiter = RateLimiter.create(perSecond);
        return limiter::acquire;
    }

    /** No limit. */
    static Throttle none() {
        return () -> {
        };
    }
}
