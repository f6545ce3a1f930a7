package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.KeywordClassifier;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Whether a text tells the person reading it how to refuse further messages: PECR's soft opt-in
 * rests on "a simple means of refusing" offered when the details are collected, so a notice that
 * merely contains a word like an opt-out keyword offers nothing.
 *
 * <p>A text offers refusal when it has either
 * <ul>
 *   <li>an instruction to send an <em>instruction keyword</em>: a verb of sending ("reply",
 *       "respond", "text", "txt", "send", "SMS", "message", "msg", in any case), optionally "back",
 *       "us", "just" or "only", then "with", then "the word", then the keyword as a word of its own
 *       ("Reply STOP", "Text 'stop' to 60123", "reply with the word STOP", "Message us: STOP"); or
 *       the keyword followed by "to" and a number or short code of 3 digits or more ("STOP to
 *       60123"); or</li>
 *   <li>the venue's own opt-out instruction (its configured footer) word for word: case, accents
 *       and punctuation as configured, spacing aside, not glued to a letter or digit either side.</li>
 * </ul>
 *
 * <p>The keyword must be written in upper case ("STOP", full-width "ＳＴＯＰ" too) or in quotes, in
 * any case ("'stop'", "“Stop”"): a bare "stop" is a word of the sentence ("Bus stop to 100").
 * Instruction keywords are the venue's configured opt-out keywords except those that read as
 * ordinary English ({@link #ORDINARY_WORDS}: "We will text the END time", "Text CANCEL to change
 * your booking"). Inbound texts still honour every configured keyword; only what a notice may
 * <em>offer</em> is narrower.
 *
 * <p>For a sender that cannot receive replies, {@link #replyRequestIn} finds what a text must not
 * say: "reply" or "respond" (unless negated: "do not reply"), or a verb of sending followed by a
 * keyword of any of the venue's lists with no number to send it to ("Send STOP", "Text START").
 *
 * <p>Immutable and thread-safe.
 */
public final class RefusalOffer {
    /**
     * Opt-out keywords that are ordinary English words or phrases, so that an "instruction" to send
     * one reads as prose; they never count as offering refusal, even when configured.
     */
    public static final Set<String> ORDINARY_WORDS = Set.of("END", "CANCEL", "QUIT", "REMOVE", "REVOKE", "OPT OUT");

    private static final String VERB = "(?:reply|respond|text|txt|send|sms|message|msg)";
    private static final String FILLERS = "(?i:(?:\\s+(?:back|us|just|only))?(?:\\s+with)?(?:\\s+the\\s+word)?)\\s*:?\\s*";
    private static final String OPEN_QUOTE = "[\"'\u2018\u201C\u00AB]";
    private static final String CLOSE_QUOTE = "[\"'\u2019\u201D\u00BB]";
    /** Not inside a word: no letter, digit or hyphen before. */
    private static final String WORD_START = "(?<![\\p{L}\\p{N}\\-])";
    /** The end of a word: no letter, digit or hyphen after, nor an apostrophe and a letter ("STOP's"). */
    private static final String WORD_END = "(?![\\p{L}\\p{N}\\-]|['\u2019]\\p{L})";
    /** Where to send it: "to 60123", "to 07400 999999", "to +44 7400 999999". */
    private static final String DESTINATION = "\\s+(?i:to)\\s+\\+?\\d(?: ?\\d){2,}(?![\\p{L}\\p{N}])";
    private static final Pattern SENDING_VERB = Pattern.compile(WORD_START + "(?i:" + VERB + ")(?![\\p{L}\\p{N}])");
    private static final Pattern AFTER_VERB = Pattern.compile(FILLERS);
    private static final Pattern QUOTED_WORDS = Pattern.compile(OPEN_QUOTE + "([\\p{L}\\p{N}]+(?: [\\p{L}\\p{N}]+)?)"
            + CLOSE_QUOTE + WORD_END);
    private static final Pattern BARE_WORDS = Pattern.compile("([\\p{L}\\p{N}]+)" + WORD_END
            + "(?:\\s+([\\p{L}\\p{N}]+)" + WORD_END + ")?");
    private static final Pattern TO_NUMBER = Pattern.compile(DESTINATION);
    private static final Pattern NEGATION = Pattern.compile("(?i)(?:\\bnot|n['\u2019]t|\\bno need to|\\bcannot|\\bnever)\\s+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final KeywordClassifier keywords;
    private final List<String> instructionKeywords;
    private final Set<String> countingKeywords;
    private final Optional<Pattern> instruction;
    private final Optional<Pattern> configuredInstruction;

    private RefusalOffer(KeywordClassifier keywords, String configuredInstruction) {
        this.keywords = keywords;
        this.instructionKeywords = keywords.optOutKeywords().stream().filter(k -> !ORDINARY_WORDS.contains(k)).toList();
        this.countingKeywords = Set.copyOf(instructionKeywords);
        this.instruction = instructionKeywords.isEmpty() ? Optional.empty() : Optional.of(instructionPattern());
        String footer = fold(configuredInstruction).strip();
        this.configuredInstruction = footer.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(
                "(?<![\\p{L}\\p{N}])" + SPACES.splitAsStream(footer).map(Pattern::quote).collect(Collectors.joining("\\s+"))
                        + "(?![\\p{L}\\p{N}])"));
    }

    private Pattern instructionPattern() {
        // Upper case as written, or quoted in any case; the longest first, so "STOP ALL" is read whole.
        String upper = instructionKeywords.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(RefusalOffer::phrase).collect(Collectors.joining("|"));
        String keyword = "(?:(?:" + upper + ")|" + OPEN_QUOTE + "(?iu:" + upper + ")" + CLOSE_QUOTE + ")" + WORD_END;
        return Pattern.compile(WORD_START + "(?i:" + VERB + ")" + FILLERS + keyword
                + "|" + WORD_START + keyword + DESTINATION);
    }

    /** A keyword's words, each quoted, any spacing between them. */
    private static String phrase(String keyword) {
        return SPACES.splitAsStream(keyword.strip()).map(Pattern::quote).collect(Collectors.joining("\\s+"));
    }

    /**
     * The judge for a venue.
     *
     * @param keywords              the venue's keywords: its opt-out keywords are what a notice may offer,
     *                              all of its lists are what a one-way sender may not ask for
     * @param configuredInstruction the venue's own opt-out instruction (its footer); blank for none
     */
    public static RefusalOffer of(KeywordClassifier keywords, String configuredInstruction) {
        Checks.notNull(keywords, "keywords");
        Checks.notNull(configuredInstruction, "configuredInstruction");
        return new RefusalOffer(keywords, configuredInstruction);
    }

    /**
     * The judge for opt-out keywords alone (no opt-in or help keywords).
     *
     * @param optOutKeywords        the venue's opt-out keywords (at least one)
     * @param configuredInstruction the venue's own opt-out instruction (its footer); blank for none
     */
    public static RefusalOffer of(List<String> optOutKeywords, String configuredInstruction) {
        Checks.notNull(optOutKeywords, "optOutKeywords");
        Checks.require(!optOutKeywords.isEmpty(), "optOutKeywords", "needs at least one keyword");
        return of(KeywordClassifier.builder(Locale.ROOT).optOut(optOutKeywords).build(), configuredInstruction);
    }

    /** The keywords an instruction may name, in the venue's order: its opt-out keywords less {@link #ORDINARY_WORDS}. */
    public List<String> instructionKeywords() {
        return instructionKeywords;
    }

    /** Whether {@code text} tells its reader how to refuse, by one of the two ways above. */
    public boolean offeredIn(String text) {
        Checks.notNull(text, "text");
        String folded = fold(text);
        return instruction.map(p -> p.matcher(folded).find()).orElse(false)
                || configuredInstruction.map(p -> p.matcher(folded).find()).orElse(false);
    }

    /**
     * What in {@code text} asks its reader to reply, which a sender that cannot receive replies must
     * never do: the first "reply" or "respond" that is not negated, or verb of sending followed by a
     * keyword (of any of the venue's lists, upper case or quoted; an instruction keyword in any case)
     * with no "to" and a number after it. Quoted as written, from the verb to the keyword.
     */
    public Optional<String> replyRequestIn(String text) {
        Checks.notNull(text, "text");
        String folded = fold(text);
        Matcher verb = SENDING_VERB.matcher(folded);
        while (verb.find()) {
            String name = verb.group().toLowerCase(Locale.ROOT);
            boolean replying = name.equals("reply") || name.equals("respond");
            Matcher after = AFTER_VERB.matcher(folded).region(verb.end(), folded.length());
            int at = after.lookingAt() ? after.end() : verb.end();
            Optional<Integer> keywordEnd = keywordAt(folded, at);
            if (replying && !negated(folded, verb.start())) {
                return Optional.of(quote(text, folded, verb.start(), keywordEnd.orElse(verb.end())));
            }
            if (!replying && keywordEnd.isPresent()
                    && !TO_NUMBER.matcher(folded).region(keywordEnd.get(), folded.length()).lookingAt()) {
                return Optional.of(quote(text, folded, verb.start(), keywordEnd.get()));
            }
        }
        return Optional.empty();
    }

    /** The end of a keyword starting at {@code at}, if one does. */
    private Optional<Integer> keywordAt(String text, int at) {
        Matcher quoted = QUOTED_WORDS.matcher(text).region(at, text.length());
        if (quoted.lookingAt()) {
            return isKeyword(quoted.group(1)) ? Optional.of(quoted.end()) : Optional.empty();
        }
        Matcher bare = BARE_WORDS.matcher(text).region(at, text.length());
        if (!bare.lookingAt()) {
            return Optional.empty();
        }
        if (bare.group(2) != null) {
            String two = bare.group(1) + " " + bare.group(2);
            if (isBareKeyword(two)) {
                return Optional.of(bare.end());
            }
        }
        return isBareKeyword(bare.group(1)) ? Optional.of(bare.end(1)) : Optional.empty();
    }

    /** A keyword written without quotes: upper case, or an instruction keyword in any case. */
    private boolean isBareKeyword(String words) {
        boolean upper = words.equals(words.toUpperCase(Locale.ROOT));
        return isKeyword(words)
                && (upper || countingKeywords.contains(words.toUpperCase(Locale.ROOT)));
    }

    /** Whether {@code words} is exactly a keyword of one of the venue's lists. */
    private boolean isKeyword(String words) {
        String upper = words.toUpperCase(Locale.ROOT);
        if (keywords.optOutKeywords().contains(upper)) {
            return true;
        }
        // Opt-in keywords match only a whole text; help keywords a text's start, so one word is exact.
        Keyword read = keywords.classify(words);
        return read == Keyword.OPT_IN || (read == Keyword.HELP && !upper.contains(" "));
    }

    private static boolean negated(String text, int verbStart) {
        return NEGATION.matcher(text.substring(Math.max(0, verbStart - 16), verbStart)).find();
    }

    /**
     * {@code text[start, end)} as written. Folding removes marks, so folded offsets can run ahead of the
     * original's; the original is quoted when their lengths agree, the folded text otherwise.
     */
    private static String quote(String text, String folded, int start, int end) {
        return (text.length() == folded.length() ? text : folded).substring(start, end);
    }

    /** Accents off and compatibility forms folded, as inbound keywords are read. */
    private static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
    }
}
