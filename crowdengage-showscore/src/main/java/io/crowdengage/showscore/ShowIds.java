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
}
