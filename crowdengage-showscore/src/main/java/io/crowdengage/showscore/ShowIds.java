package io.crowdengage.showscore;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Show ids as text, read the same way whether they reach {@code show_score_url} as an argument or
 * are read from the event's raw attributes for prefetching: a ticketing system may hold
 * {@code 12345} as text or as a JSON number, and both must mean the same show.
 */
final class ShowIds {
    /** Letters, digits, '-', '_' and '.', as ids and slugs are; anything else is refused before any request. */
    private static final Pattern SHOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PHONE_LIKE = Pattern.compile("[0-9]+");

    private ShowIds() {
    }

    /** The id as text, when {@code value} is text or a number that looks like a show id. */
    static Optional<String> normalize(Object value) {
        String text;
        if (value instanceof CharSequence) {
            text = value.toString().strip();
        } else if (value instanceof Number) {
            try {
                BigDecimal number = new BigDecimal(value.toString()).stripTrailingZeros();
                text = number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        return SHOW_ID.matcher(text).matches() && !looksLikePhoneNumber(text) ? Optional.of(text) : Optional.empty();
    }

    /**
     * Digits only, nine or more of them, or seven or more after a leading zero: a phone number (a
     * template passing {@code customer.mobile} by mistake), not a show id. Refused before any request,
     * so the number never reaches Show-Score or the log.
     */
    private static boolean looksLikePhoneNumber(String text) {
        if (!PHONE_LIKE.matcher(text).matches()) {
            return false;
        }
        return text.length() >= 9 || (text.startsWith("0") && text.length() >= 7);
    }

    /** The value as digits, when it is a whole number or text of digits (with a leading + or 00 dropped). */
    private static Optional<String> digitsOnly(Object value) {
        String text;
        try {
            text = value instanceof Number n ? new BigDecimal(n.toString()).toPlainString()
                    : value instanceof CharSequence c ? c.toString().strip().replaceFirst("^(\\+|00)", "") : "";
        } catch (NumberFormatException notFinite) {
            return Optional.empty();
        }
        return PHONE_LIKE.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }

    /**
     * What a value that is not a show id is, without repeating it ("a text of 15 characters"): it may
     * be a customer's name or number that a template passed by mistake.
     */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        }
        String phone = digitsOnly(value).filter(ShowIds::looksLikePhoneNumber).isPresent()
                ? " that looks like a phone number" : "";
        if (value instanceof CharSequence text) {
            return "a text of " + text.length() + " characters" + phone;
        }
        if (value instanceof Number) {
            return "a number of " + value.toString().length() + " characters" + phone;
        }
        return "a " + value.getClass().getSimpleName();
    }
}
