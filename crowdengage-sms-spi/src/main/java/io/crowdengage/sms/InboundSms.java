package io.crowdengage.sms;

import io.crowdengage.internal.Checks;
import java.time.Instant;

/**
 * A text someone sent to one of our numbers or short codes: a STOP, a HELP, a reply.
 *
 * @param from       who sent it
 * @param to         the number or short code it was sent to, as the provider gave it; not blank
 * @param body       the text; may be empty, since an empty SMS can be sent
 * @param receivedAt when the provider received it
 */
public record InboundSms(PhoneNumber from, String to, String body, Instant receivedAt) {

    /** Validates that every field is present and {@code to} is not blank. */
    public InboundSms {
        Checks.notNull(from, "from");
        Checks.notBlank(to, "to");
        Checks.notNull(body, "body");
        Checks.notNull(receivedAt, "receivedAt");
    }

    /** Classifies the body with {@code classifier}. */
    public Keyword keyword(KeywordClassifier classifier) {
        return Checks.notNull(classifier, "classifier").classify(body);
    }

    /** Masks the sender's number. */
    @Override
    public String toString() {
        return "InboundSms[from=" + from.masked() + ", to=" + to + ", body=" + body.length() + " chars, receivedAt="
                + receivedAt + "]";
    }
}
