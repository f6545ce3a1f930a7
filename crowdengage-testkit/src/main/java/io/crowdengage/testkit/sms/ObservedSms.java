package io.crowdengage.testkit.sms;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SentSms;
import java.util.Optional;

/**
 * A message as the provider's side received it: what an adapter's fake server recorded, mapped
 * back to our types, so that {@link SmsProviderCompatibilityKit} can check it arrived intact.
 *
 * @param to        the recipient, in E.164 form however the provider spells it on the wire
 * @param from      the sender as the provider received it
 * @param body      the text as the provider received it, decoded
 * @param reference our reference, if the provider has a field for it
 */
public record ObservedSms(PhoneNumber to, String from, String body, Optional<String> reference) {

    /** Validates that every field is present. */
    public ObservedSms {
        Checks.notNull(to, "to");
        Checks.notNull(from, "from");
        Checks.notNull(body, "body");
        Checks.notNull(reference, "reference");
    }

    /** What an {@link io.crowdengage.sms.InMemorySmsProvider} recorded. */
    public static ObservedSms of(SentSms sent) {
        Checks.notNull(sent, "sent");
        return new ObservedSms(sent.to(), sent.from().value(), sent.body(), Optional.of(sent.reference()));
    }
}
