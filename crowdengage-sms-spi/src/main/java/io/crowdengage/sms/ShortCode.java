package io.crowdengage.sms;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import java.util.regex.Pattern;

/**
 * A short code sender such as {@code 60123}. Replies reach it, so it is a valid route for "Text STOP".
 *
 * <p>Only the shape is checked here, 3 to 8 digits, because lengths differ by country (UK short
 * codes are 5 digits starting with 6, 7 or 8; US ones are 5 or 6 digits). Which short codes an
 * account may use is the provider's business.
 *
 * @param digits the short code, digits only
 */
public record ShortCode(String digits) implements Sender {

    private static final Pattern SHAPE = Pattern.compile("[0-9]{3,8}");

    /** Validates the shape: 3 to 8 ASCII digits. */
    public ShortCode {
        Checks.notNull(digits, "digits");
        if (!SHAPE.matcher(digits).matches()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "shortCode",
                    "'" + digits + "' is not a short code (3 to 8 digits)");
        }
    }

    /** A short code from text; surrounding whitespace is ignored. */
    public static ShortCode of(String digits) {
        Checks.notNull(digits, "shortCode");
        return new ShortCode(digits.strip());
    }

    /** The digits. */
    @Override
    public String value() {
        return digits;
    }

    /** Always true: people text keywords to short codes. */
    @Override
    public boolean canReceiveReplies() {
        return true;
    }
}
