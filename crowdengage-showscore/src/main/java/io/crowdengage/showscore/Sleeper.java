package io.crowdengage.showscore;

import java.time.Duration;

/** Waits between tries of one request; tests substitute one that records the waits instead of sleeping. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
