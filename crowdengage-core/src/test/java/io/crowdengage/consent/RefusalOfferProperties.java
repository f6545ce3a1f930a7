package io.crowdengage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.KeywordClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What counts as telling someone how to refuse, and what asks for a reply, over random texts. */
class RefusalOfferProperties {
    static final RefusalOffer ENGLISH = RefusalOffer.of(KeywordClassifier.english(), "");
    /** Words a notice may well contain, keyword lookalikes among them, and no verb of sending. */
    static final List<String> PROSE = List.of("thanks", "for", "booking", "tonight", "non-stop", "laughs", "to",
            "cancel", "your", "tickets", "call", "the", "box", "office", "show", "will", "end", "at", "10pm",
            "please", "remove", "bags", "from", "seats", "stop", "Stop!", "STOP", "quit", "offers", "we", "may",
            "opt", "out", "unsubscribe", "revoke", "enjoy", "drinks", "bar", "opens", "early", "60123", "-", ",");
    /**
     * Verbs of sending, the words that may join them to a keyword, numbers, and keywords as a sentence
     * uses them: lower or title case, and the opt-out keywords that are ordinary words in any case.
     */
    static final List<String> SENTENCE = List.of("reply", "Reply", "REPLY", "text", "Text", "TEXT", "send", "sms",
            "message", "us", "with", "the", "word", "back", "just", "to", "bus", "time", "100", "60123", "07400 999999",
            ":", "stop", "Stop", "stopall", "unsubscribe", "Unsubscribe", "unsub", "optout", "END", "end", "CANCEL",
            "Cancel", "QUIT", "REMOVE", "REVOKE", "OPT OUT", "'END'", "\"cancel\"", "STOPPED", "non-STOP", "STOP-ALL");

    @Provide
    Arbitrary<List<String>> prose() {
        return Arbitraries.of(PROSE).list().ofMinSize(0).ofMaxSize(25);
    }

    @Provide
    Arbitrary<List<String>> sentence() {
        return Arbitraries.of(SENTENCE).list().ofMinSize(0).ofMaxSize(20);
    }

    /** A keyword that may be offered, upper case or quoted in any case. */
    @Provide
    Arbitrary<String> keyword() {
        Arbitrary<String> word = Arbitraries.of(ENGLISH.instructionKeywords());
        return Combinators.combine(word, Arbitraries.of("", "'", "\"", "\u201C", "\u2018"), Arbitraries.of(0, 1, 2))
                .as((k, quote, style) -> {
                    if (quote.isEmpty()) {
                        return k;
                    }
                    String written = style == 0 ? k : style == 1 ? k.toLowerCase(Locale.ROOT)
                            : k.charAt(0) + k.substring(1).toLowerCase(Locale.ROOT);
                    String close = quote.equals("\u201C") ? "\u201D" : quote.equals("\u2018") ? "\u2019" : quote;
                    return quote + written + close;
                });
    }

    @Provide
    Arbitrary<String> instruction() {
        Arbitrary<String> verb = Arbitraries.of("Reply", "reply", "Text", "TEXT", "txt", "Send", "SMS", "message", "respond");
        Arbitrary<String> filler = Arbitraries.of("", " with", " with the word", " back with", " just", " us:");
        Arbitrary<String> tail = Arbitraries.of("", " to opt out", " to 60123", ".", " to stop offers");
        Arbitrary<String> verbForm = Combinators.combine(verb, filler, keyword(), tail)
                .as((v, f, k, t) -> v + f + " " + k + t);
        Arbitrary<String> numberForm = Combinators.combine(keyword(), Arbitraries.of("60123", "07400 999999", "+44 7400 999999"))
                .as((k, n) -> k + " to " + n);
        return Arbitraries.oneOf(verbForm, numberForm);
    }

    @Property
    void proseWithoutAnInstructionNeverOffersRefusal(@ForAll("prose") List<String> words) {
        String text = String.join(" ", words);
        // "STOP to 60123" is an instruction (the keyword and where to send it); keep it out of plain prose.
        String cleaned = text.replaceAll("STOP to 60123", "STOP now");
        assertThat(ENGLISH.offeredIn(cleaned)).as(cleaned).isFalse();
    }

    @Property
    void keywordsAsASentenceUsesThemNeverOfferRefusal(@ForAll("sentence") List<String> words) {
        // Verbs, joining words and numbers around keywords that are neither upper case nor quoted, or ordinary words.
        String text = String.join(" ", words);
        assertThat(ENGLISH.offeredIn(text)).as(text).isFalse();
    }

    @Property
    void anInstructionAnywhereInProseOffersRefusal(@ForAll("prose") List<String> words,
                                                    @ForAll("instruction") String instruction,
                                                    @ForAll @IntRange(min = 0, max = 25) int at) {
        List<String> text = new ArrayList<>(words);
        text.add(Math.min(at, text.size()), instruction);
        assertThat(ENGLISH.offeredIn(String.join(" ", text))).as(String.join(" ", text)).isTrue();
    }

    @Property
    void aKeywordJoinedToAnotherWordIsNotAnInstruction(@ForAll("instruction") String instruction) {
        // The keyword joined to a word before it ("non-stop", "unSTOP") is not the keyword as a word of its own.
        String glued = instruction.replaceAll("(?i)(stop all|stopall|stop|unsubscribe|unsub|optout)", "non-$1");
        assertThat(ENGLISH.offeredIn(glued)).as(glued).isFalse();
    }

    @Property
    void theVenuesOwnInstructionCountsOnlyAsWritten(@ForAll("prose") List<String> before,
                                                     @ForAll("prose") List<String> after) {
        // END is no instruction keyword, so only the footer can offer refusal here.
        RefusalOffer venue = RefusalOffer.of(List.of("END"), "Opt out: STOPSMS to 88000");
        String text = String.join(" ", before) + " Opt out:  STOPSMS to\n88000 " + String.join(" ", after);
        assertThat(venue.offeredIn(text)).as(text).isTrue();
        assertThat(venue.offeredIn(text.replace("STOPSMS", "stopsms"))).as(text).isFalse();
    }

    @Property
    void forAOneWaySenderOnlyAKeywordWithANumberToSendItToIsNoRequest(
            @ForAll("prose") List<String> words, @ForAll("instruction") String instruction,
            @ForAll @IntRange(min = 0, max = 25) int at) {
        List<String> text = new ArrayList<>(words);
        // A full stop ends it, so that prose after it ("to 60123") cannot tell it where to send the keyword.
        text.add(Math.min(at, text.size()), instruction + ".");
        String joined = String.join(" ", text);
        String lower = instruction.toLowerCase(Locale.ROOT);
        boolean replying = lower.startsWith("reply") || lower.startsWith("respond");
        boolean saysWhere = lower.matches(".* to (60123|07400 999999|\\+44 7400 999999)$");
        // The prose has no verb of sending, so what is asked for is the instruction's alone.
        assertThat(ENGLISH.replyRequestIn(joined)).as(joined).isEqualTo(replying || !saysWhere
                ? ENGLISH.replyRequestIn(instruction) : java.util.Optional.empty());
        assertThat(ENGLISH.replyRequestIn(instruction).isPresent()).as(instruction).isEqualTo(replying || !saysWhere);
    }
}
