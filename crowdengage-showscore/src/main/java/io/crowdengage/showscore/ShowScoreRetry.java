package io.crowdengage.showscore;

import io.crowdengage.adapter.http.Backoff;
import io.crowdengage.internal.Checks;
import java.time.Duration;

/**
 * How patiently a Show-Score request is tried again after a 429, a 5xx, a timeout or a connection
 * failure, and how long the client then leaves Show-Score alone.
 *
 * <p>Within one request: the wait before try {@code n + 1} is {@code backoffBase * 2^(n-1)}, at most
 * {@code backoffCap}. A {@code Retry-After} from Show-Score replaces the computed wait; one longer
 * than {@code backoffCap} is not waited out (a tick must not block for a minute): the request fails
 * at once and the client pauses until then.
 *
 * <p>Across requests: while paused, {@code show_score_url} answers "try again later" without
 * contacting Show-Score, so a wave of a thousand recipients during an outage costs one request, not
 * a thousand; the runtime defers those sends and renders them again on later ticks, until their
 * deadline. After a 429 the pause lasts until its {@code Retry-After} (a minute when none is sent,
 * Show-Score's limit being per minute); after a failed round of 5xx or timeouts it lasts
 * {@code outagePause}, doubling with each further failed round, at most ten minutes.
 *
 * @param maxAttempts  tries per request, 1 to 10 (1 means no retry)
 * @param backoffBase  the first wait, positive
 * @param backoffCap   the longest wait within a request, at least {@code backoffBase} and at most a minute
 * @param outagePause  how long to leave Show-Score alone after a failed round of 5xx or timeouts, positive
 */
public record ShowScoreRetry(int maxAttempts, Duration backoffBase, Duration backoffCap, Duration outagePause) {
    /** The longest pause after repeated outages. */
    static final Duration LONGEST_OUTAGE_PAUSE = Duration.ofMinutes(10);

    /** 3 tries, waits of 0.25 s then 0.5 s (a {@code Retry-After} up to 2 s is waited), then a 30 s pause. */
    public static final ShowScoreRetry DEFAULT =
            new ShowScoreRetry(3, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(30));

    public ShowScoreRetry {
        Checks.require(maxAttempts >= 1 && maxAttempts <= 10, "showscore.retry.maxAttempts",
                "must be between 1 and 10 but was " + maxAttempts);
        Checks.notNull(backoffBase, "showscore.retry.backoffBase");
        Checks.notNull(backoffCap, "showscore.retry.backoffCap");
        Checks.notNull(outagePause, "showscore.retry.outagePause");
        Checks.require(!backoffBase.isNegative() && !backoffBase.isZero(), "showscore.retry.backoffBase",
                "must be positive but was " + backoffBase);
        Checks.require(backoffCap.compareTo(backoffBase) >= 0 && backoffCap.compareTo(Duration.ofMinutes(1)) <= 0,
                "showscore.retry.backoffCap", "must be between backoffBase (" + backoffBase
                        + ") and a minute but was " + backoffCap);
        Checks.require(!outagePause.isNegative() && !outagePause.isZero()
                        && outagePause.compareTo(LONGEST_OUTAGE_PAUSE) <= 0, "showscore.retry.outagePause",
                "must be positive and at most " + LONGEST_OUTAGE_PAUSE + " but was " + outagePause);
    }

    /** The defaults: {@link #DEFAULT}. */
    public static ShowScoreRetry ofDefaults() {
        return DEFAULT;
    }

    /** One try per request; failures pause for {@code outagePause} as usual. */
    public static ShowScoreRetry noRetries(Duration outagePause) {
        return new ShowScoreRetry(1, Duration.ofMillis(1), Duration.ofMillis(1), outagePause);
    }

    /** The computed wait after failed try {@code attempt} (1-based), before any {@code Retry-After}. */
    public Duration backoffAfter(int attempt) {
        return Backoff.doubling(backoffBase, backoffCap, attempt);
    }

    /** The pause after {@code failedRounds} consecutive failed rounds (1-based): doubling, at most ten minutes. */
    Duration pauseAfter(int failedRounds) {
        return Backoff.doubling(outagePause, LONGEST_OUTAGE_PAUSE, failedRounds);
    }
}
