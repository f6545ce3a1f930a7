package io.crowdengage.sms;

import io.crowdengage.internal.Checks;

/**
 * A sender that is a telephone number: replies reach it, so "Reply STOP" works.
 *
 * @param number the number in E.164 form
 */
public record SenderNumber(PhoneNumber number) implements Sender {

    /** Validates that the number is present. */
    public SenderNumber {
        Checks.notNull(number, "number");
    }

    /** The number in E.164 form, as providers expect it. */
    @Override
    public String value() {
        return number.e164();
    }

    /** Always true: a number can be replied to. */
    @Override
    public boolean canReceiveReplies() {
        return true;
    }

    /** Masked, like {@link PhoneNumber#toString()}. */
    @Override
    public String toString() {
        return "SenderNumber[" + number.masked() + "]";
    }
}
