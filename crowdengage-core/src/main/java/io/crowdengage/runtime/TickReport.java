package io.crowdengage.runtime;

import io.crowdengage.internal.Checks;
import java.time.Instant;

/**
 * What one {@link CrowdEngage#tick()} did, by outcome. Skips and deferrals count decisions
 * reported in this tick (each is reported once per key and reason, not every tick).
 *
 * @param at       the tick's instant
 * @param sent     messages the provider accepted
 * @param skipped  messages not sent, with a reason
 * @param deferred messages waiting (quiet hours, a retry)
 * @param failed   messages refused for good or out of retries
 * @param unknown  claims found without an outcome (after a crash), never resent
 */
public record TickReport(Instant at, int sent, int skipped, int deferred, int failed, int unknown) {
    public TickReport {
        Checks.notNull(at, "at");
    }
}
