package io.crowdengage.sms;

import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An alphanumeric sender id, the name a message appears to come from ({@code RoyalCourt}).
 *
 * <p>The rules are those every provider in our reference accepts: 1 to 11 characters; ASCII
 * letters, digits and single spaces only; at least one letter; no leading or trailing space.
 * UK operators also allow {@code . & _ -}, but providers disagree about them (MessageMedia allows
 * only {@code - _}, AWS no spaces), and a rejected sender fails every message, so they are refused
 * here. UK operators block generic ids (INFO, ALERT, VERIFY, SMS and look-alikes such as
 * {@code VER1FY}); those are refused too.
 *
 * <p>An alphanumeric sender can never receive a reply: see {@link Sender#ONE_WAY_WARNING}. It is
 * also not supported for +1 (US and Canada) numbers; that check belongs to the adapter.
 *
 * @param value the sender id as the recipient sees it
 */
public record SenderId(String value) implements Sender {

    /** The most characters an alphanumeric sender may have. */
    public static final int MAX_LENGTH = 11;

    private static final Set<String> GENERIC = Set.of("INFO", "ALERT", "ALERTS", "VERIFY", "SMS");

    /** Validates the rules above, reporting every broken rule at once. */
    public SenderId {
        Checks.notNull(value, "senderId");
        List<Problem> problems = new ArrayList<>();
        String shown = "sender id '" + value + "'";
        if (value.isEmpty()) {
            problems.add(new Problem("senderId", "must not be empty"));
        }
        if (value.length() > MAX_LENGTH) {
            problems.add(new Problem("senderId", shown + " is " + value.length()
                    + " characters; at most " + MAX_LENGTH + " are allowed"));
        }
        if (!value.chars().allMatch(c -> isAsciiLetter(c) || (c >= '0' && c <= '9') || c == ' ')) {
            problems.add(new Problem("senderId", shown + " may contain only letters A-Z, digits and spaces"));
        }
        if (!value.isEmpty() && value.chars().noneMatch(SenderId::isAsciiLetter)) {
            problems.add(new Problem("senderId", shown + " must contain at least one letter"));
        }
        if (!value.isEmpty() && (value.startsWith(" ") || value.endsWith(" ") || value.contains("  "))) {
            problems.add(new Problem("senderId", shown + " must not start or end with a space or contain two in a row"));
        }
        if (GENERIC.contains(unLeet(value))) {
            problems.add(new Problem("senderId", shown
                    + " is a generic sender that UK operators block; use the venue's or brand's name"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_VALUE, problems);
        }
    }

    /** A sender id from text, as typed; surrounding whitespace is removed before the rules are checked. */
    public static SenderId of(String value) {
        Checks.notNull(value, "senderId");
        return new SenderId(value.strip());
    }

    /** Always false: nobody can reply to an alphanumeric sender. */
    @Override
    public boolean canReceiveReplies() {
        return false;
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Reads digits that stand in for letters, so that VER1FY and 1NFO count as generic. */
    private static String unLeet(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toUpperCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '0': out.append('O'); break;
                case '1': out.append('I'); break;
                case '3': out.append('E'); break;
                case '4': out.append('A'); break;
                case '5': out.append('S'); break;
                case '7': out.append('T'); break;
                case ' ': break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
