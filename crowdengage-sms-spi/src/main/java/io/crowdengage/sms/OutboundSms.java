package io.crowdengage.sms;

import io.crowdengage.internal.Checks;

/**
 * One message to send.
 *
 * <p>The body is not limited here: each provider declares its own maximum
 * ({@link SmsProvider#maxBodyLength()}, 1600 characters by default) and refuses longer bodies.
 *
 * @param to        the recipient
 * @param from      the sender the recipient sees
 * @param body      the text, not empty
 * @param reference our own id for this message, passed to the provider (Twilio and Firetext
 *                  echo it, Vonage as {@code client-ref}) so that retries and delivery reports can
 *                  be matched to it; not blank
 */
public record OutboundSms(PhoneNumber to, Sender from, String body, String reference) {

    /** Validates that every field is present, the body is not empty and the reference is not blank. */
    public OutboundSms {
        Checks.notNull(to, "to");
        Checks.notNull(from, "from");
        Checks.notNull(body, "body");
        Checks.require(!body.isEmpty(), "body", "must not be empty");
        Checks.notBlank(reference, "reference");
    }

    /** The size of the body: encoding, units and segments. */
    public SmsEncoding.MessageLength length() {
        return SmsEncoding.measure(body);
    }

    /** Shows the recipient masked and the body's length, never the body, which may be personal. */
    @Override
    public String toString() {
        return "OutboundSms[to=" + to.masked() + ", from=" + from.value() + ", body=" + body.length()
                + " chars, reference=" + reference + "]";
    }
}
