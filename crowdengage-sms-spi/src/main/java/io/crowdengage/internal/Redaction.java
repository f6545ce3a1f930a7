package io.crowdengage.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text that came from outside (a provider's error message, an exception's
 * message) before it reaches a log line or a decision's detail. Our own texts mask numbers where
 * they are built ({@code PhoneNumber.masked()}); this is for the texts we did not write. Not API.
 *
 * <p>A phone number here is any run of at least seven digits, optionally led by {@code +}, with up
 * to four spaces, dots, dashes, brackets or slashes between two digits, wherever it is: after a
 * letter or an underscore ({@code msisdn_447400123456_rejected}), before a letter or a colon
 * ({@code 447400123456ab}, {@code +447400123456:}), spaced out ({@code +44 - 7400 - 123456}). It is
 * masked to at most four digits: a leading {@code +} with the next two digits (usually the country
 * code) when there are ten digits or more, and the last two. So an identifier holding seven digits
 * in a row is masked too: when in doubt, mask. Kept are only a run that is exactly a date
 * ({@code 2026-12-03}, {@code 03/12/2026}, {@code 03.12.2026}), a date with the hour of the time
 * after it ({@code 2026-12-03 19:30}), and the end of a time with a fraction or a date after it
 * ({@code 19:30:00.123456789}, {@code 19:30 2026-12-03}); a date joined to more digits is not a
 * date, and is masked whole. Short numbers (times, prices, codes, counts) are never touched.
 *
 * <p>An email address, with or without a top-level domain, and with its {@code @} written
 * {@code %40}, is replaced whole. Names cannot be told by their shape: text that may hold one (a
 * store's error, a response body) must not be logged or reported at all, masked or not.
 */
public final class Redaction {
    /** Free text from outside is cut to this many characters: a whole response body is never wanted. */
    public static final int MAX_LENGTH = 300;
    /** The most of a text that is read at all; the rest is dropped unread. */
    private static final int MAX_INPUT = 4 * MAX_LENGTH;
    /** A masked run shows at most this many stars, then how many digits it had. */
    private static final int MAX_STARS = 15;
    private static final int MIN_DIGITS = 7;

    /** Between two digits of a number: spaces of any kind, dots, dashes of any kind, brackets, slashes. */
    private static final String SEPARATOR = "[\\s\\p{Zs}.()/\\p{Pd}]";
    private static final Pattern ONE_SEPARATOR = Pattern.compile(SEPARATOR);
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\p{Nd}(?:" + SEPARATOR + "{0,4}\\p{Nd})*");
    private static final String EMAIL_CHAR = "[\\p{L}\\p{N}._+\\-]";
    // Possessive, and starting only where a local part can start: a long word without an @ costs one pass.
    private static final Pattern EMAIL = Pattern.compile("(?<!" + EMAIL_CHAR + ")" + EMAIL_CHAR + "++(?:@|%40)"
            + "[\\p{L}\\p{N}\\-]++(?:\\.[\\p{L}\\p{N}\\-]++)*+", Pattern.CASE_INSENSITIVE);

    private static final String YEAR = "(?:19|20)[0-9]{2}";
    private static final String MONTH = "(?:0?[1-9]|1[0-2])";
    private static final String DAY = "(?:0?[1-9]|[12][0-9]|3[01])";
    private static final Pattern DATE = Pattern.compile(
            YEAR + "([-/.])" + MONTH + "\\1" + DAY + "|" + DAY + "([-/.])" + MONTH + "\\2" + YEAR);
    /** A date and the hour of the time after it: {@code 2026-12-03 19}, when {@code :30} follows. */
    private static final Pattern DATE_AND_HOUR = Pattern.compile("(?:" + DATE.pattern() + ") (?:[01][0-9]|2[0-3])");
    /**
     * What ends a time and may follow it, when {@code 19:30:} or {@code 19:} comes before: the seconds
     * and a fraction, {@code 00.123456789}; the minutes and a date, {@code 30 2026-12-03}.
     */
    private static final Pattern END_OF_A_TIME = Pattern.compile(
            "[0-5][0-9]\\.[0-9]{1,9}|[0-5][0-9] (?:" + DATE.pattern() + ")");

    private Redaction() {
    }

    /**
     * {@code text} with every phone number masked ({@code +44********56}, {@code **********56}),
     * every email address replaced by {@code <email>}, and cut to {@link #MAX_LENGTH} characters
     * (then followed by its length, {@code ... (5000 chars)}).
     */
    public static String personalData(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String read = text.length() > MAX_INPUT ? withoutLastPiece(text.substring(0, MAX_INPUT)) : text;
        String masked = maskNumbers(EMAIL.matcher(read).replaceAll("<email>"));
        if (masked.length() > MAX_LENGTH) {
            masked = masked.substring(0, MAX_LENGTH);
        } else if (read.length() == text.length()) {
            return masked;
        }
        return masked + "... (" + text.length() + " chars)";
    }

    /**
     * A throwable for a log line, without the personal data its messages may carry: each class in the
     * cause chain with its message masked, and where the first was thrown. Log this instead of the
     * throwable itself, whose message and causes' messages a logging backend prints verbatim.
     */
    public static String throwable(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) {
                out.append("; caused by ");
            }
            out.append(t.getClass().getName());
            if (t.getMessage() != null) {
                out.append(": ").append(personalData(t.getMessage()));
            }
        }
        StackTraceElement[] frames = thrown.getStackTrace();
        for (int i = 0; i < Math.min(4, frames.length); i++) {
            out.append(i == 0 ? " at " : " < ").append(frames[i]);
        }
        return out.toString();
    }

    /**
     * A text cut short, without the piece the cut went through: part of a number or of an email
     * would no longer be recognised, and would be shown as it is.
     */
    private static String withoutLastPiece(String cut) {
        int end = cut.length();
        while (end > 0 && !Character.isWhitespace(cut.charAt(end - 1))) {
            end--;
        }
        while (end > 0 && isPartOfANumber(cut.charAt(end - 1))) {
            end--;
        }
        return cut.substring(0, end);
    }

    private static boolean isPartOfANumber(char c) {
        return Character.isDigit(c) || c == '+' || ONE_SEPARATOR.matcher(String.valueOf(c)).matches();
    }

    private static String maskNumbers(String text) {
        Matcher run = DIGIT_RUN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (run.find()) {
            String found = run.group();
            String replacement = looksLikeAPhoneNumber(text, run.start(), run.end()) ? mask(found) : found;
            run.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        run.appendTail(out);
        return out.toString();
    }

    private static boolean looksLikeAPhoneNumber(String text, int start, int end) {
        String found = text.substring(start, end);
        if (found.codePoints().filter(Character::isDigit).count() < MIN_DIGITS) {
            return false;
        }
        if (DATE.matcher(found).matches()) {
            return false;
        }
        if (DATE_AND_HOUR.matcher(found).matches() && text.startsWith(":", end) && digitsAt(text, end + 1, 2)) {
            return false;
        }
        return !(END_OF_A_TIME.matcher(found).matches() && start >= 3 && text.charAt(start - 1) == ':'
                && digitsAt(text, start - 3, 2));
    }

    private static boolean digitsAt(String text, int from, int count) {
        if (from < 0 || from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code +44********56} for a number led by +, {@code **********56} otherwise; long runs say their length. */
    private static String mask(String number) {
        int[] digits = number.codePoints().filter(Character::isDigit).toArray();
        int length = digits.length;
        boolean plus = number.startsWith("+");
        int head = plus && length >= 10 ? 2 : 0;
        int tail = 2;
        int hidden = length - head - tail;
        return (plus ? "+" : "") + new String(digits, 0, head) + "*".repeat(Math.min(hidden, MAX_STARS))
                + new String(digits, length - tail, tail) + (hidden > MAX_STARS ? " (" + length + " digits)" : "");
    }
}
