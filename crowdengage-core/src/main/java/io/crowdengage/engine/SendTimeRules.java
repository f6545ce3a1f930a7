package io.crowdengage.engine;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The rules checked again at the instant of sending, just before the provider is called: a tick can
 * last minutes, so the instant a message was planned at may be well past. Pure: the instant is an
 * argument. The engine applies the same rules when it plans, so the two never disagree.
 */
public final class SendTimeRules {
    private SendTimeRules() {
    }

    /**
     * Whether quiet hours let a message go at {@code now}.
     *
     * @param quietHours the venue's quiet hours, if any
     * @param zone       the venue's zone
     * @param now        the instant of sending
     * @param deadline   the message's deadline, exclusive ({@link Decision.Send#deadline()})
     * @return empty if the message may go now (no quiet hours, or {@code now} is outside them); a
     *         {@link Decision.Wait} until the end of quiet hours, with {@link Reason#QUIET_HOURS}, when the
     *         policy is {@link QuietHours.Policy#DEFER} and they end before {@code deadline}; otherwise a
     *         {@link Reason#QUIET_HOURS} skip whose detail names their end and the deadline
     */
    public static Optional<Decision> quietHours(Optional<QuietHours> quietHours, ZoneId zone, Instant now,
                                                Instant deadline) {
        Checks.notNull(deadline, "deadline");
        return quietHours(quietHours, zone, now, deadline, "the deadline " + deadline);
    }

    /**
     * {@link #quietHours(Optional, ZoneId, Instant, Instant)}, with the deadline described for people
     * ("the start at ...", "the window's end at ..."), since the engine knows what the deadline is.
     */
    static Optional<Decision> quietHours(Optional<QuietHours> quietHours, ZoneId zone, Instant now, Instant deadline,
                                         String deadlineDescription) {
        Checks.notNull(quietHours, "quietHours");
        Checks.notNull(zone, "zone");
        Checks.notNull(now, "now");
        Checks.notNull(deadline, "deadline");
        if (quietHours.isEmpty() || !quietHours.get().contains(now, zone)) {
            return Optional.empty();
        }
        QuietHours quiet = quietHours.get();
        Instant end = quiet.endOfPeriodContaining(now, zone);
        if (quiet.policy() == QuietHours.Policy.SKIP) {
            return Optional.of(Decision.skip(Reason.QUIET_HOURS, "inside quiet hours " + quiet.describe()
                    + ", which end at " + end + " (deadline: " + deadlineDescription + "); this venue skips rather than defers"));
        }
        // Waiting until the deadline itself would leave no time to send: the deadline is exclusive.
        if (end.isBefore(deadline)) {
            return Optional.of(new Decision.Wait(end, Optional.of(Reason.QUIET_HOURS),
                    "inside quiet hours " + quiet.describe() + ": waiting until " + end));
        }
        return Optional.of(Decision.skip(Reason.QUIET_HOURS, "inside quiet hours " + quiet.describe()
                + ", which end at " + end + ", not before " + deadlineDescription));
    }
}
