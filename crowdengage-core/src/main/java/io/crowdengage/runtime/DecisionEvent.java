package io.crowdengage.runtime;

import io.crowdengage.engine.Reason;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SmsEncoding;
import java.time.Instant;
import java.util.Optional;

/**
 * One decision the runtime made about one message: sent, skipped (and why), deferred, failed or
 * unknown. Every decision goes to the {@link DecisionListener} and to the log (numbers masked there).
 *
 * @param at          when it was decided
 * @param outcome     what became of the message
 * @param reason      why it was not sent (a skip, a deferral, a failure or an unknown outcome); empty for sends.
 *                    Failures and unknowns carry the runtime's reasons ({@link Reason#PROVIDER_RETRYING},
 *                    {@link Reason#RETRIES_EXHAUSTED}, {@link Reason#PROVIDER_REFUSED}, {@link Reason#OUTCOME_UNKNOWN}),
 *                    with the provider's own reason and code in {@code detail}
 * @param purpose     what kind of message it is
 * @param step        the flow step, for flow messages
 * @param performance the performance id, for flow messages and notices about a booking
 * @param customer    the customer id, when known
 * @param to          the number, when there is one
 * @param body        the text sent or that would have been sent, when rendered
 * @param segments    SMS segments of the body (0 when there is no body)
 * @param encoding    the body's encoding, when there is a body
 * @param detail      a plain-language explanation
 */
public record DecisionEvent(Instant at, Outcome outcome, Optional<Reason> reason, MessagePurpose purpose,
                            Optional<StepId> step, Optional<String> performance, Optional<String> customer,
                            Optional<PhoneNumber> to, Optional<String> body, int segments,
                            Optional<SmsEncoding.Encoding> encoding, String detail) {
    public DecisionEvent {
        Checks.notNull(at, "at");
        Checks.notNull(outcome, "outcome");
        Checks.notNull(reason, "reason");
        Checks.notNull(purpose, "purpose");
        Checks.notNull(step, "step");
        Checks.notNull(performance, "performance");
        Checks.notNull(customer, "customer");
        Checks.notNull(to, "to");
        Checks.notNull(body, "body");
        Checks.notNegative(segments, "segments");
        Checks.notNull(encoding, "encoding");
        Checks.notNull(detail, "detail");
    }

    /** A decision about a message that has no body (it was never rendered, or failed before it was). */
    public static DecisionEvent about(Instant at, Outcome outcome, Optional<Reason> reason, MessagePurpose purpose,
                                      Optional<StepId> step, Optional<String> performance, Optional<String> customer,
                                      Optional<PhoneNumber> to, String detail) {
        return new DecisionEvent(at, outcome, reason, purpose, step, performance, customer, to, Optional.empty(), 0,
                Optional.empty(), detail);
    }

    /** One line for logs, with the number masked. */
    public String toLogLine() {
        return outcome + reason.map(r -> " " + r).orElse("") + " " + purpose
                + step.map(s -> " step=" + s).orElse("") + performance.map(p -> " performance=" + p).orElse("")
                + customer.map(c -> " customer=" + c).orElse("") + to.map(n -> " to=" + n.masked()).orElse("")
                + (segments > 0 ? " segments=" + segments : "") + " - " + detail;
    }
}
