package io.crowdengage.engine;

import io.crowdengage.flow.FlowStep;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.PhoneNumber;
import java.util.Optional;

/**
 * One recipient of one step for one performance, with the engine's decision about them.
 *
 * @param step        the step
 * @param performance the performance
 * @param to          the number; empty only for {@link Reason#NO_VALID_MOBILE}
 * @param booking     the booking the decision is about
 * @param customer    that booking's customer
 * @param decision    send, wait or skip
 */
public record Candidate(FlowStep step, Performance performance, Optional<PhoneNumber> to, Booking booking,
                        Customer customer, Decision decision) {
    public Candidate {
        Checks.notNull(step, "step");
        Checks.notNull(performance, "performance");
        Checks.notNull(to, "to");
        Checks.notNull(booking, "booking");
        Checks.notNull(customer, "customer");
        Checks.notNull(decision, "decision");
    }

    /** The send key, when there is a number. */
    public Optional<SendKey> key() {
        return to.map(number -> new SendKey(step.id(), performance.id(), number));
    }
}
