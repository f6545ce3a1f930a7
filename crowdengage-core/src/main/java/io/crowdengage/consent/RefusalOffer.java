package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether a text tells the person reading it how to refuse further messages: PECR's soft opt-in
 * rests on "a simple means of refusing" offered when the details are collected, so a notice that
 * merely contains a word like an opt-out keyword offers nothing.
 *
 * <p>A text offers refusal when it has either
 * <ul>
 *   <li>an instruction to send an opt-out keyword: a verb of sending ("reply", "text", "send",
 *       "SMS", "message", "respond"), at most a few joining words ("with", "the word", "back"), then
 *       the keyword as a word of its own, quoted or not ("Reply STOP", "Text 'STOP' to 60123",
 *       "reply with the word STOP"), or the keyword followed by where to send it ("STOP to 60123");
 *       "non-stop", "to cancel your tickets" or "the show will end" are not; or</li>
 *   <li>the venue's own opt-out instruction (its configured footer) word for word, ignoring case and
 *       spacing.</li>
 * </ul>
 */
public final class RefusalOffer {
    private static final String VERB = "(?:reply|respond|text|txt|send|sms|message|msg)";
    private static final String FILLER = "(?:\\s+(?:with|the|word|back|us|just|in|only))*";
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Pattern instruction;
    private final String configuredInstruction;

    private RefusalOffer(List<String> optOutKeywords, String configuredInstruction) {
        String keywords = optOutKeywords.stream()
                .map(k -> SPACES.splitAsStream(k.strip()).map(Pattern::quote).collect(Collectors.joining("\\s+")))
                .collect(Collectors.joining("|"));
        String quotedKeyword = "[\"'\u2018\u201C\u00AB]?(?:" + keywords + ")[\"'\u2019\u201D\u00BB]?(?![\\p{L}\\p{N}\\-])";
        this.instruction = Pattern.compile("(?<![\\p{L}\\p{N}])" + VERB + FILLER + "\\s*:?\\s*" + quotedKeyword
                + "|(?<![\\p{L}\\p{N}\\-])" + quotedKeyword + "\\s+to\\s+\\+?\\d[\\d ]{2,}",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        this.configuredInstruction = comparable(configuredInstruction);
    }

    /**
     * The judge for a venue.
     *
     * @param optOutKeywords        the venue's opt-out keywords (at least one)
     * @param configuredInstruction the venue's own opt-out instruction (its footer); blank for none
     */
    public static RefusalOffer of(List<String> optOutKeywords, String configuredInstruction) {
        Checks.notNull(optOutKeywords, "optOutKeywords");
        Checks.require(!optOutKeywords.isEmpty(), "optOutKeywords", "needs at least one keyword");
        Checks.notNull(configuredInstruction, "configuredInstruction");
        return new RefusalOffer(optOutKeywords, configuredInstruction);
    }

    /** Whether {@code text} tells its reader how to refuse, by one of the two ways above. */
    public boolean offeredIn(String text) {
        Checks.notNull(text, "text");
        String folded = fold(text);
        if (instruction.matcher(folded).find()) {
            return true;
        }
        return !configuredInstruction.isEmpty() && comparable(text).contains(configuredInstruction);
    }

    private static String comparable(String text) {
        return SPACES.matcher(fold(text).strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** Accents off and compatibility forms folded, as inbound keywords are read. */
    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    }
}
