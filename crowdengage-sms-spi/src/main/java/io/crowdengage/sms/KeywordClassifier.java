package io.crowdengage.sms;

import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.internal.Checks;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an inbound text as an opt-out, a probable opt-out, an opt-in, a request for help, or
 * something else. Immutable and thread-safe.
 *
 * <p>Text and keywords are compared as words after normalising: compatibility forms are folded
 * (full-width {@code ＳＴＯＰ} is {@code STOP}), case and accents are ignored, and everything that is
 * not a letter or digit (punctuation, emoji, tabs, line breaks) separates words. So {@code "Stop."},
 * {@code " STOP "}, {@code "stop!!"}, {@code "🛑 stop"} and {@code "OPT-OUT"} all match.
 *
 * <p>The rules, in order; the first that applies wins, so an opt-out always beats anything else:
 * <ol>
 *   <li>{@link Keyword#OPT_OUT}: the text is an opt-out keyword, or starts with one ("stop please").
 *       Providers such as Twilio act only on the exact single word, but the FCC counts any
 *       reasonable means as revocation, so we read more, not less.</li>
 *   <li>{@link Keyword#OPT_OUT_PROBABLE}: an opt-out keyword appears anywhere else as a whole word
 *       ("Please don't stop the show"). Callers treat it as an opt-out and flag it for review.</li>
 *   <li>{@link Keyword#OPT_IN}: the whole text is an opt-in keyword. Opting back in must be
 *       deliberate, so "start time?" is not an opt-in; nor is YES, which people send as an answer.</li>
 *   <li>{@link Keyword#HELP}: the text is a help keyword or starts with one.</li>
 *   <li>{@link Keyword#OTHER} otherwise, including an empty text.</li>
 * </ol>
 * Words are matched whole: {@code STOPPED} and {@code QUITE} are not {@code STOP} and {@code QUIT}.
 */
public final class KeywordClassifier {

    /** The English opt-out keywords: the list plus the UK conventions UNSUB and STOP ALL, and AWS's REMOVE. */
    public static final List<String> ENGLISH_OPT_OUT = List.of("STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "UNSUB",
            "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "REVOKE", "REMOVE");
    /** The English opt-in keywords. */
    public static final List<String> ENGLISH_OPT_IN = List.of("START", "UNSTOP");
    /** The English help keywords. */
    public static final List<String> ENGLISH_HELP = List.of("HELP", "INFO");

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final KeywordClassifier ENGLISH = builder(Locale.ENGLISH)
            .optOut(ENGLISH_OPT_OUT).optIn(ENGLISH_OPT_IN).help(ENGLISH_HELP).build();

    private final Locale locale;
    private final List<List<String>> optOut;
    private final List<List<String>> optIn;
    private final List<List<String>> help;

    private KeywordClassifier(Locale locale, List<List<String>> optOut, List<List<String>> optIn,
                              List<List<String>> help) {
        this.locale = locale;
        this.optOut = optOut;
        this.optIn = optIn;
        this.help = help;
    }

    /** The default classifier, with {@link #ENGLISH_OPT_OUT}, {@link #ENGLISH_OPT_IN} and {@link #ENGLISH_HELP}. */
    public static KeywordClassifier english() {
        return ENGLISH;
    }

    /** A builder for the keywords of {@code locale}; every list starts empty. */
    public static Builder builder(Locale locale) {
        return new Builder(Checks.notNull(locale, "locale"));
    }

    /** The locale these keywords are for. */
    public Locale locale() {
        return locale;
    }

    /**
     * The opt-out keywords, each as upper-case words joined by one space ({@code "STOP ALL"}), for
     * checks that look for them in outbound text (a notice must tell people which word to send).
     */
    public List<String> optOutKeywords() {
        return optOut.stream().map(words -> String.join(" ", words)).toList();
    }

    /** Classifies an inbound text; see the class description for the rules. */
    public Keyword classify(String body) {
        Checks.notNull(body, "body");
        List<String> words = words(body);
        if (words.isEmpty()) {
            return Keyword.OTHER;
        }
        if (startsWithAny(words, optOut)) {
            return Keyword.OPT_OUT;
        }
        if (containsAny(words, optOut)) {
            return Keyword.OPT_OUT_PROBABLE;
        }
        if (optIn.contains(words)) {
            return Keyword.OPT_IN;
        }
        if (startsWithAny(words, help)) {
            return Keyword.HELP;
        }
        return Keyword.OTHER;
    }

    /** The text as words: compatibility-folded, accents removed, upper case, split on anything but letters and digits. */
    static List<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKD);
        folded = MARKS.matcher(folded).replaceAll("").toUpperCase(Locale.ROOT);
        List<String> words = new ArrayList<>(Arrays.asList(NOT_WORD.split(folded)));
        words.removeIf(String::isEmpty);
        return List.copyOf(words);
    }

    private static boolean startsWithAny(List<String> words, List<List<String>> keywords) {
        for (List<String> keyword : keywords) {
            if (words.size() >= keyword.size() && words.subList(0, keyword.size()).equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAny(List<String> words, List<List<String>> keywords) {
        for (List<String> keyword : keywords) {
            if (java.util.Collections.indexOfSubList(words, keyword) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "KeywordClassifier[" + locale + ", optOut=" + optOut + ", optIn=" + optIn + ", help=" + help + "]";
    }

    /**
     * Collects the keyword lists for one locale. Keywords may be phrases ("OPT OUT"); they are
     * normalised as the texts are. {@link #build()} refuses an empty opt-out list and a keyword in
     * two lists, listing every problem at once.
     */
    public static final class Builder {
        private final Locale locale;
        private final Set<String> optOut = new LinkedHashSet<>();
        private final Set<String> optIn = new LinkedHashSet<>();
        private final Set<String> help = new LinkedHashSet<>();

        private Builder(Locale locale) {
            this.locale = locale;
        }

        /** Adds opt-out keywords. */
        public Builder optOut(Collection<String> keywords) {
            optOut.addAll(Checks.noNullElements(keywords, "optOut"));
            return this;
        }

        /** Adds opt-out keywords. */
        public Builder optOut(String... keywords) {
            return optOut(Arrays.asList(Checks.notNull(keywords, "optOut")));
        }

        /** Adds opt-in keywords. */
        public Builder optIn(Collection<String> keywords) {
            optIn.addAll(Checks.noNullElements(keywords, "optIn"));
            return this;
        }

        /** Adds opt-in keywords. */
        public Builder optIn(String... keywords) {
            return optIn(Arrays.asList(Checks.notNull(keywords, "optIn")));
        }

        /** Adds help keywords. */
        public Builder help(Collection<String> keywords) {
            help.addAll(Checks.noNullElements(keywords, "help"));
            return this;
        }

        /** Adds help keywords. */
        public Builder help(String... keywords) {
            return help(Arrays.asList(Checks.notNull(keywords, "help")));
        }

        /**
         * An immutable classifier.
         *
         * @throws ValidationException listing every problem: no opt-out keyword, a keyword with no
         *                             letters or digits, a keyword in more than one list
         */
        public KeywordClassifier build() {
            List<Problem> problems = new ArrayList<>();
            if (optOut.isEmpty()) {
                problems.add(new Problem("optOut", "needs at least one keyword: a classifier that never sees an opt-out is unsafe"));
            }
            List<List<String>> out = normalise("optOut", optOut, problems);
            List<List<String>> in = normalise("optIn", optIn, problems);
            List<List<String>> helpWords = normalise("help", help, problems);
            for (List<String> word : in) {
                if (out.contains(word)) {
                    problems.add(new Problem("optIn", "'" + String.join(" ", word) + "' is also an opt-out keyword"));
                }
            }
            for (List<String> word : helpWords) {
                if (out.contains(word) || in.contains(word)) {
                    problems.add(new Problem("help", "'" + String.join(" ", word) + "' is also in another list"));
                }
            }
            if (!problems.isEmpty()) {
                throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
            }
            return new KeywordClassifier(locale, out, in, helpWords);
        }

        private static List<List<String>> normalise(String field, Set<String> keywords, List<Problem> problems) {
            Set<List<String>> result = new LinkedHashSet<>();
            for (String keyword : keywords) {
                List<String> words = words(keyword);
                if (words.isEmpty()) {
                    problems.add(new Problem(field, "'" + keyword + "' has no letters or digits"));
                } else {
                    result.add(words);
                }
            }
            return List.copyOf(result);
        }
    }
}
