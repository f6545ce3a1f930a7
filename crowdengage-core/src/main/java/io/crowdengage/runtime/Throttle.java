package io.crowdengage.runtime;

import io.crowdengage.internal.Checks;

/**
 * Holds sends to a rate: by default the provider's declared throughput, evenly spaced. Simulations
 * on a virtual clock use {@link #none()}, since a real-time limiter would make them wait for real.
 */
@FunctionalInterface
public interface Throttle {

    /** Blocks until one more message may be sent. Safe to call from several threads. */
    void acquire();

    /**
     * At most {@code perSecond} messages a second, evenly spaced, with no burst: a runtime that was
     * idle does not then fire a second's worth at once, which a provider counting its own rate
     * (Twilio queues, then refuses with 429) would see as outrunning it.
     */
    static Throttle perSecond(double perSecond) {
        Checks.require(perSecond > 0 && Double.isFinite(perSecond), "throughputPerSecond",
                "must be a positive number but was " + perSecond);
        return new PacedThrottle(Math.max(1, Math.round(1e9 / perSecond)), System::nanoTime);
    }

    /** No limit. */
    static Throttle none() {
        return () -> {
        };
    }
}
