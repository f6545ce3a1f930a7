package io.crowdengage.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text that came from outside (a provider's error message, an exception's
 * message) before it reaches a log line or a decision's detail. Our own texts mask numbers where
 * they are built ({@code PhoneNumber.masked()}); this is for the texts we did not write. Not API.
 *
 * <p>A phone number here is a run of at least seven digits, optionally led by {@code +} or
 * {@code 00}, with spaces, dots, dashes or brackets between them, and not touching a letter, digit
 * or colon on either side: so "+447400100004", "07400 100004" and "(020) 7946-0018" are masked,
 * while an instant such as "2026-12-02T19:30:00Z", a duration or a message id like "SM12345678"
 * is left alone. An email address is replaced whole.
 */
public final class Redaction {
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\p{L}\\p{N}:_])\\+?\\(?\\d(?:[ .\\-()]{0,2}\\d){6,}(?![\\p{L}\\p{N}:_])");
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)+");
    /** Free text from outside is cut to this many characters: a whole response body is never wanted. */
    public static final int MAX_LENGTH = 300;

    private Redaction() {
    }

    /**
     * {@code text} with every phone number masked to its first three and last two digits
     * ({@code +44*******04}), every email address replaced by {@code <email>}, and cut to
     * {@link #MAX_LENGTH} characters.
     */
    public static String personalData(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "... (" + text.length() + " chars)" : text;
        String noEmail = EMAIL.matcher(cut).replaceAll("<email>");
        Matcher phone = PHONE.matcher(noEmail);
        StringBuilder out = new StringBuilder(noEmail.length());
        while (phone.find()) {
            phone.appendReplacement(out, Matcher.quoteReplacement(maskDigits(phone.group())));
        }
        phone.appendTail(out);
        return out.toString();
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

    private static String maskDigits(String number) {
        String digits = number.replaceAll("[^0-9+]", "");
        int keepHead = Math.min(3, digits.length());
        int keepTail = 2;
        if (digits.length() <= keepHead + keepTail) {
            return "*".repeat(digits.length());
        }
        return digits.substring(0, keepHead) + "*".repeat(digits.length() - keepHead - keepTail)
                + digits.substring(digits.length() - keepTail);
    }
}
