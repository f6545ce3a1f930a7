package io.crowdengage.showscore;

import io.crowdengage.engine.Candidate;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.template.FunctionContext;

/**
 * What one link is for: a show and the runtime's send key (step, performance, number). Two renders
 * of the same send (a re-render after a deferral, or a template printing the link twice) share one
 * link; a retry of a claimed send needs none, since the runtime resends the body stored at claim.
 *
 * @param showId      the show the link reviews
 * @param step        the flow step, or {@code -} outside flows
 * @param performance the performance id
 * @param recipient   the number in E.164, or {@code customer:<id>} when there is none
 */
record SendSlot(String showId, String step, String performance, String recipient) {
    SendSlot {
        Checks.notBlank(showId, "showId");
        Checks.notBlank(step, "step");
        Checks.notBlank(performance, "performance");
        Checks.notBlank(recipient, "recipient");
    }

    /** The slot of a render. */
    static SendSlot of(String showId, FunctionContext context) {
        return new SendSlot(showId, context.step().map(StepId::toString).orElse("-"),
                context.recipient().performance().id(), context.customer().mobile().map(PhoneNumber::e164)
                .orElse("customer:" + context.customer().id()));
    }

    /** The slot a candidate's render will have. */
    static SendSlot of(String showId, Candidate candidate) {
        return new SendSlot(showId, candidate.step().id().toString(), candidate.performance().id(),
                candidate.to().map(PhoneNumber::e164).orElse("customer:" + candidate.customer().id()));
    }
}
