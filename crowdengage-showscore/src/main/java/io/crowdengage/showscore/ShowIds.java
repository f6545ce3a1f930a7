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
        return SHOW_ID.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    }

    /**
     * What a value that is not a show id is, without repeating it ("a text of 15 characters"): it may
     * be a customer's name or number that a template passed by mistake.
     */
    static String describe(Object value) {
        if (value == null) {
            return "nothing (null)";
        }
        if (value instanceof CharSequence text) {
            return "a text of " + text.length() + " characters";
        }
        if (value instanceof Number) {
            return "a number of " + value.toString().length() + " characters";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
