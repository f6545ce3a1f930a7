package io.crowdengage.runtime;

import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.StepId;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.store.SendRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * What a decision is about: the message (purpose, step, performance, customer, number) and, once it
 * is rendered, its body and length. Every {@link DecisionEvent} the runtime reports is made from one
 * of these, so an event about a message always says the same things about it.
 */
record EventSubject(MessagePurpose purpose, Optional<StepId> step, Optional<String> performance,
                    Optional<String> customer, Optional<PhoneNumber> to, Optional<String> body, int segments,
                    Optional<SmsEncoding.Encoding> encoding) {

    /** A planned message not rendered (yet): a skip or a wait from the engine. */
    static EventSubject of(Candidate candidate, MessagePurpose purpose) {
        return new EventSubject(purpose, Optional.of(candidate.step().id()), Optional.of(candidate.performance().id()),
                Optional.of(candidate.customer().id()), candidate.to(), Optional.empty(), 0, Optional.empty());
    }

    /** A claimed message: its key and stored body; the length measured unless it is known. */
    static EventSubject of(SendRecord record, MessagePurpose purpose, Optional<String> customer,
                           Optional<SmsEncoding.MessageLength> knownLength) {
        SendKey key = record.key();
        return ofBody(purpose, stepOf(key), performanceOf(key), customer, key.to(), record.body(), knownLength);
    }

    /** A message outside the flows (a confirmation, a reply), or a rendered one not claimed. */
    static EventSubject ofBody(MessagePurpose purpose, Optional<StepId> step, Optional<String> performance,
                               Optional<String> customer, PhoneNumber to, String body,
                               Optional<SmsEncoding.MessageLength> knownLength) {
        Optional<String> text = body.isEmpty() ? Optional.empty() : Optional.of(body);
        SmsEncoding.MessageLength length = knownLength.orElseGet(() -> SmsEncoding.measure(body));
        return new EventSubject(purpose, step, performance, customer, Optional.of(to), text, length.segments(),
                text.map(t -> length.encoding()));
    }

    /** A notice decided without a body (not sent): only the booking's performance and customer are known. */
    static EventSubject notice(String performance, String customer, Optional<PhoneNumber> to) {
        return new EventSubject(MessagePurpose.SOFT_OPT_IN_NOTICE, Optional.empty(), Optional.of(performance),
                Optional.of(customer), to, Optional.empty(), 0, Optional.empty());
    }

    static Optional<StepId> stepOf(SendKey key) {
        return key.step().equals(NoticeEligibility.STEP) ? Optional.empty() : Optional.of(key.step());
    }

    static Optional<String> performanceOf(SendKey key) {
        return key.performanceId().equals(NoticeEligibility.ANY_PERFORMANCE)
                ? Optional.empty() : Optional.of(key.performanceId());
    }

    DecisionEvent sent(Instant at, String detail) {
        return event(at, Outcome.SENT, Optional.empty(), detail);
    }

    DecisionEvent event(Instant at, Outcome outcome, Reason reason, String detail) {
        return event(at, outcome, Optional.of(reason), detail);
    }

    DecisionEvent event(Instant at, Outcome outcome, Optional<Reason> reason, String detail) {
        return new DecisionEvent(at, outcome, reason, purpose, step, performance, customer, to, body, segments,
                encoding, detail);
    }
}
