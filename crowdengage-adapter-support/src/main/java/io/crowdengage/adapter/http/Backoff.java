package io.crowdengage.adapter.http;

import io.crowdengage.internal.Checks;
import java.time.Duration;

/**
 * Doubling waits with a ceiling: {@code first}, {@code 2 * first}, {@code 4 * first}... never more than
 * {@code cap}. The adapters' retry policies compute their waits (and Show-Score its outage pauses) here,
 * so that the rule and its overflow guard are written once.
 */
public final class Backoff {
    private Backoff() {
    }

    /**
     * The wait for step {@code step} (1-based) of a doubling series: {@code first * 2^(step-1)}, at most
     * {@code cap}. Doubling stops at the cap, so a large step never overflows.
     *
     * @param first the first wait, positive
     * @param cap   the longest wait, at least {@code first}
     * @param step  which wait, at least 1
     */
    public static Duration doubling(Duration first, Duration cap, int step) {
        Checks.notNull(first, "first");
        Checks.notNull(cap, "cap");
        Checks.require(!first.isNegative() && !first.isZero(), "first", () -> "must be positive but was " + first);
        Checks.require(cap.compareTo(first) >= 0, "cap", () -> "must not be shorter than first (" + first
                + ") but was " + cap);
        Checks.require(step >= 1, "attempt", () -> "must be at least 1 but was " + step);
        Duration wait = first;
        for (int i = 1; i < step && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
