package io.crowdengage.sms;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of a message the provider accepted. Reports may arrive late (AWS: up to 72 hours),
 * more than once, out of order, or one per segment (Vonage); the receiver only ever moves a
 * message's status forward.
 *
 * @param providerMessageId the id the provider gave in {@link SendResult.Accepted}; not blank
 * @param reference         our {@link OutboundSms#reference()}, if the provider echoes it back
 * @param status            the outcome
 * @param at                when it happened, as the provider says
 * @param providerCode      the provider's own status or error code, if any
 * @param failureReason     why a message that was not delivered failed, in the words {@link SendResult} uses,
 *                          when the adapter can tell. {@link FailureReason#OPTED_OUT_AT_PROVIDER} means what it
 *                          means in a {@link SendResult.PermanentFailure}: the recipient opted out at the
 *                          provider (Twilio reports 21610 this way for messages sent through a Messaging
 *                          Service) and the number must be suppressed. Always empty for {@link DeliveryStatus#DELIVERED}.
 */
public record DeliveryReport(String providerMessageId, Optional<String> reference, DeliveryStatus status, Instant at,
                             Optional<String> providerCode, Optional<FailureReason> failureReason) {

    /** Validates that every field is present, present optionals are not blank, and a delivered message has no failure reason. */
    public DeliveryReport {
        Checks.notBlank(providerMessageId, "providerMessageId");
        Checks.notNull(reference, "reference");
        reference.ifPresent(r -> Checks.notBlank(r, "reference"));
        Checks.notNull(status, "status");
        Checks.notNull(at, "at");
        Checks.notNull(providerCode, "providerCode");
        providerCode.ifPresent(c -> Checks.notBlank(c, "providerCode"));
        Checks.notNull(failureReason, "failureReason");
        Checks.require(!(status.isDelivered() && failureReason.isPresent()), "failureReason",
                () -> "must be empty for a DELIVERED report but was " + failureReason.get());
    }

    /** A report whose adapter does not say why a message failed: no {@link #failureReason()}. */
    public DeliveryReport(String providerMessageId, Optional<String> reference, DeliveryStatus status, Instant at,
                          Optional<String> providerCode) {
        this(providerMessageId, reference, status, at, providerCode, Optional.empty());
    }

    /** True when the provider says the recipient opted out at its end: the number must be suppressed. */
    public boolean recipientOptedOut() {
        return failureReason.filter(FailureReason.OPTED_OUT_AT_PROVIDER::equals).isPresent();
    }
}
