package io.crowdengage.twilio.internal;

import io.crowdengage.sms.Keyword;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The keywords Twilio acts on by default, and how it matches them: the whole body, ignoring case and
 * surrounding whitespace. Not API.
 */
public final class TwilioKeywords {
    /** Opt-out keywords Twilio acts on by default. */
    public static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT");
    /** Opt-in keywords Twilio acts on by default. */
    public static final Set<String> OPT_IN = Set.of("START", "YES", "UNSTOP");
    /** Help keywords Twilio answers by default. */
    public static final Set<String> HELP = Set.of("HELP", "INFO");

    private TwilioKeywords() {
    }

    /** The keyword Twilio's default handling reads in {@code body}, if any. */
    public static Optional<Keyword> defaultReading(String body) {
        String word = body.strip().toUpperCase(Locale.ROOT);
        if (OPT_OUT.contains(word)) {
            return Optional.of(Keyword.OPT_OUT);
        }
        if (OPT_IN.contains(word)) {
            return Optional.of(Keyword.OPT_IN);
        }
        return HELP.contains(word) ? Optional.of(Keyword.HELP) : Optional.empty();
    }

    /** The keyword an {@code OptOutType} value ({@code STOP}, {@code START}, {@code HELP}) names, if it is one of them. */
    public static Optional<Keyword> ofOptOutType(String optOutType) {
        switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
            case "STOP":
                return Optional.of(Keyword.OPT_OUT);
            case "START":
                return Optional.of(Keyword.OPT_IN);
            case "HELP":
                return Optional.of(Keyword.HELP);
            default:
                return Optional.empty();
        }
    }

    /** The {@code OptOutType} value Twilio sends for {@code keyword}. */
    public static String optOutType(Keyword keyword) {
        switch (keyword) {
            case OPT_OUT:
                return "STOP";
            case OPT_IN:
                return "START";
            case HELP:
                return "HELP";
            default:
                throw new IllegalArgumentException("Twilio names no OptOutType for " + keyword);
        }
    }
}
