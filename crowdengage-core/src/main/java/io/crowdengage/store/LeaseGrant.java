package io.crowdengage.store;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import java.time.Instant;

/**
 * A {@link TickerLease} as granted: who holds it, which grant this is, and until when, all read on
 * the lease's arbiter clock (for the PostgreSQL lease, the database's clock).
 *
 * @param holder     the holder's name
 * @param generation one more every time the lease changes hands (never on a renewal): a fencing
 *                   token, so that work tagged with an older generation can be told from the current holder's
 * @param acquiredAt when this generation began
 * @param expiresAt  when it lapses unless renewed; after it, another holder may take the lease
 */
public record LeaseGrant(String holder, long generation, Instant acquiredAt, Instant expiresAt) {
    public LeaseGrant {
        Checks.notBlank(holder, "holder");
        if (generation < 1) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "generation",
                    "must be 1 or more but was " + generation);
        }
        Checks.notNull(acquiredAt, "acquiredAt");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.require(!expiresAt.isBefore(acquiredAt), "expiresAt", "must not be before acquiredAt "
                + acquiredAt + " but was " + expiresAt);
    }
}
