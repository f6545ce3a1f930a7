package io.crowdengage.engine;

import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import java.time.Instant;
import java.util.Optional;

/**
 * The engine's answer for one step, performance and number at one instant: send now, wait until a
 * given time, or skip, with a reason a person can read. A "no" is a value, never an exception.
 */
public sealed interface Decision permits Decision.Send, Decision.Wait, Decision.Skip {

    /** A plain-language explanation. */
    String explanation();

    /**
     * Send now.
     *
     * @param basis    the lawful basis (CONTRACT for transactional, SOFT_OPT_IN or EXPRESS for marketing)
     * @param dueAt    when the step was due
     * @param deadline the instant from which it may no longer be sent, exclusive: a runtime sends only
     *                 while {@code now.isBefore(deadline)}. The earliest of: the end of the step's catch-up
     *                 (counted only outside quiet hours when they {@link QuietHours.Policy#DEFER defer}), the
     *                 start for a step due before it, the end of the messaging window's last minute,
     *                 {@code windowEnd + }{@link SchedulingEngine#WINDOW_END_MINUTE} (one minute), and, under
     *                 {@link QuietHours.Policy#SKIP}, the start of the next quiet hours. The window's end is
     *                 inside it to the minute: flow timings are whole minutes and a runtime ticks by the
     *                 minute at an arbitrary second, so a message due exactly at {@code windowEnd} may go
     *                 from then until just before {@code windowEnd + 1 minute}, which a runtime ticking
     *                 every minute always hits. A message due after {@code windowEnd} is never sent
     *                 ({@link Reason#OUTSIDE_WINDOW})
     * @param booking  the earliest-confirmed live booking with this number: the one personalised
     * @param customer that booking's customer
     */
    record Send(LawfulBasis basis, Instant dueAt, Instant deadline, Booking booking, Customer customer)
            implements Decision {
        public Send {
            Checks.notNull(basis, "basis");
            Checks.notNull(dueAt, "dueAt");
            Checks.notNull(deadline, "deadline");
            Checks.notNull(booking, "booking");
            Checks.notNull(customer, "customer");
        }

        @Override
        public String explanation() {
            return "send now on basis " + basis + " (due " + dueAt + ", may go until " + deadline + ")";
        }
    }

    /**
     * Not yet.
     *
     * @param until  when to ask again: the due time, or the end of quiet hours
     * @param reason {@link Reason#QUIET_HOURS} when deferred by quiet hours; empty when simply not due yet
     */
    record Wait(Instant until, Optional<Reason> reason, String explanation) implements Decision {
        public Wait {
            Checks.notNull(until, "until");
            Checks.notNull(reason, "reason");
            Checks.notNull(explanation, "explanation");
        }
    }

    /**
     * Do not send, for {@code reason}.
     *
     * @param reason      the stable reason code
     * @param explanation the details for a person
     */
    record Skip(Reason reason, String explanation) implements Decision {
        public Skip {
            Checks.notNull(reason, "reason");
            Checks.notNull(explanation, "explanation");
        }
    }

    /** Shorthand for a skip whose explanation is the reason's own description plus a detail. */
    static Skip skip(Reason reason, String detail) {
        return new Skip(reason, detail.isEmpty() ? reason.description() : reason.description() + ": " + detail);
    }
}
