package io.crowdengage.adapter.http;

import java.time.Duration;

/**
 * Waits between two tries of a request. Adapters take one so that tests can substitute one that records
 * the waits instead of sleeping ({@code waits::add}), which keeps retry tests fast and free of timing.
 */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps on the calling thread for the whole duration. */
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    /**
     * Waits {@code duration}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
