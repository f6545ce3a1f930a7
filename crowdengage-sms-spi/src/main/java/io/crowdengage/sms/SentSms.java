package io.crowdengage.sms;

import io.crowdengage.internal.Checks;
import java.time.Instant;

/**
 * A message a provider accepted, as a test fake such as {@link InMemorySmsProvider} records it.
 *
 * @param to                the recipient
 * @param from              the sender
 * @param body              the text exactly as sent
 * @param reference         our reference for the message
 * @param providerMessageId the id the provider answered with
 * @param acceptedAt        when the provider accepted it
 */
public record SentSms(PhoneNumber to, Sender from, String body, String reference, String providerMessageId,
                      Instant acceptedAt) {

    /** Validates that every field is present and the ids are not blank. */
    public SentSms {
        Checks.notNull(to, "to");
        Checks.notNull(from, "from");
        Checks.notNull(body, "body");
        Checks.notBlank(reference, "reference");
        Checks.notBlank(providerMessageId, "providerMessageId");
        Checks.notNull(acceptedAt, "acceptedAt");
    }

    /** The recipient is masked. */
    @Override
    public String toString() {
        return "SentSms[to=" + to.masked() + ", from=" + from.value() + ", body='" + body + "', reference=" + reference
                + ", providerMessageId=" + providerMessageId + ", acceptedAt=" + acceptedAt + "]";
    }
}
