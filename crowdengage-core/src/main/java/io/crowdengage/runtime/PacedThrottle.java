package io.crowdengage.runtime;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** Hands out start times one interval apart, never earlier than now; each caller sleeps until its own. */
final class PacedThrottle implements Throttle {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long next = Long.MIN_VALUE;

    PacedThrottle(long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public void acquire() {
        long start;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            start = next == Long.MIN_VALUE || next - now < 0 ? now : next;
            next = start + intervalNanos;
        }
        // Sleeps may end early (spurious wake-ups) and are never interrupted here: a permit taken is kept.
        for (long left = start - nanoTime.getAsLong(); left > 0; left = start - nanoTime.getAsLong()) {
            LockSupport.parkNanos(left);
        }
    }
}
