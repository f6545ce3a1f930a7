package io.crowdengage.template;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import java.util.Optional;

/**
 * What a {@link TemplateFunction} knows about the render it is part of: the recipient's booking,
 * customer, performance and venue, and the step, which together identify the send, so that a
 * partner link can be made per recipient and per step.
 *
 * @param step      the flow step being rendered; empty for previews of a bare template and for audience conditions
 * @param recipient the customer, booking, performance and venue the message is about
 * @param preview   true when rendering against sample data for a preview; nothing is sent
 */
public record FunctionContext(Optional<StepId> step, AudienceSubject recipient, boolean preview) {
    public FunctionContext {
        Checks.notNull(step, "step");
        Checks.notNull(recipient, "recipient");
    }

    /** The customer the message is for. */
    public Customer customer() {
        return recipient.customer();
    }

    /** The booking the message is about. */
    public Booking booking() {
        return recipient.booking();
    }
}
