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
 */
public record DeliveryReport(String providerMessageId, Optional<String> reference, DeliveryStatus status, Instant at,
                             Optional<String> providerCode) {

    /** Validates that every field is present and present optionals are not blank. */
    public DeliveryReport {
        Checks.notBlank(providerMessageId, "providerMessageId");
        Checks.notNull(reference, "reference");
        reference.ifPresent(r -> Checks.notBlank(r, "reference"));
        Checks.notNull(status, "status");
        Checks.notNull(at, "at");
        Checks.notNull(providerCode, "providerCode");
        providerCode.ifPresent(c -> Checks.notBlank(c, "providerCode"));
    }
}
