package io.crowdengage.showscore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether one partner-token endpoint may be called now: stopped for good (its key was refused) or
 * paused until an instant (rate limited, down, answering nonsense). {@code generate} and
 * {@code bulk_generate} each have one, so a failing bulk call never stops the one-by-one path.
 */
final class Gate {
    private final AtomicReference<String> stoppedBecause = new AtomicReference<>();
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);
    private final AtomicReference<String> pausedBecause = new AtomicReference<>("");
    private final AtomicInteger failedRounds = new AtomicInteger();

    /** Stops the endpoint; true if it was not stopped before (so the caller logs it once). */
    boolean stop(String why) {
        return stoppedBecause.compareAndSet(null, why);
    }

    Optional<String> stopped() {
        return Optional.ofNullable(stoppedBecause.get());
    }

    boolean paused(Instant now) {
        return pausedUntil.get().isAfter(now);
    }

    Instant pausedUntil() {
        return pausedUntil.get();
    }

    /** Pauses until {@code until} (or later, if already paused longer); true if it was not paused at {@code now}. */
    boolean pause(Instant until, String why, Instant now) {
        Instant before = pausedUntil.getAndAccumulate(until, (a, b) -> a.isAfter(b) ? a : b);
        pausedBecause.set(why);
        return !before.isAfter(now);
    }

    String pauseMessage() {
        return pausedBecause.get() + "; asking again after " + pausedUntil.get().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Counts a failed round and returns how many in a row. */
    int failedRound() {
        return failedRounds.incrementAndGet();
    }

    /** The endpoint answered: failures in a row start again from none. */
    void recovered() {
        failedRounds.set(0);
    }
}
