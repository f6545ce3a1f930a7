package io.crowdengage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.KeywordClassifier;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** What counts as telling someone how to refuse, over random texts. */
class RefusalOfferProperties {
    static final RefusalOffer ENGLISH = RefusalOffer.of(KeywordClassifier.english().optOutKeywords(), "");
    /** Words a notice may well contain, keyword lookalikes among them, and no verb of sending. */
    static final List<String> PROSE = List.of("thanks", "for", "booking", "tonight", "non-stop", "laughs", "to",
            "cancel", "your", "tickets", "call", "the", "box", "office", "show", "will", "end", "at", "10pm",
            "please", "remove", "bags", "from", "seats", "stop", "Stop!", "STOP", "quit", "offers", "we", "may",
            "opt", "out", "unsubscribe", "revoke", "enjoy", "drinks", "bar", "opens", "early", "60123", "-", ",");

    @Provide
    Arbitrary<List<String>> prose() {
        return Arbitraries.of(PROSE).list().ofMinSize(0).ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> instruction() {
        Arbitrary<String> verb = Arbitraries.of("Reply", "reply", "Text", "TEXT", "txt", "Send", "SMS", "message", "respond");
        Arbitrary<String> filler = Arbitraries.of("", " with", " with the word", " back with", " just");
        Arbitrary<String> keyword = Arbitraries.of(KeywordClassifier.ENGLISH_OPT_OUT).flatMap(k ->
                Arbitraries.of(k, k.toLowerCase(java.util.Locale.ROOT)));
        Arbitrary<String> quote = Arbitraries.of("", "'", "\"", "\u201C");
        Arbitrary<String> tail = Arbitraries.of("", " to opt out", " to 60123", ".", " to stop offers");
        return Combinators.combine(verb, filler, quote, keyword, tail)
                .as((v, f, q, k, t) -> v + f + " " + q + k + (q.equals("\u201C") ? "\u201D" : q) + t);
    }

    @Property
    void proseWithoutAnInstructionNeverOffersRefusal(@ForAll("prose") List<String> words) {
        String text = String.join(" ", words);
        // "STOP to 60123" is an instruction (the keyword and where to send it); keep it out of plain prose.
        String cleaned = text.replaceAll("(?i)(stop|quit|unsubscribe|revoke|end|cancel|remove)!? to 60123", "$1 now");
        assertThat(ENGLISH.offeredIn(cleaned)).as(cleaned).isFalse();
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
        String glued = instruction.replaceAll("(?i)(stop all|stopall|stop|unsubscribe|unsub|cancel|end|quit|optout|opt out|revoke|remove)",
                "non-$1");
        assertThat(ENGLISH.offeredIn(glued)).as(glued).isFalse();
    }

    @Example
    void theVenuesOwnInstructionCountsWordForWord() {
        RefusalOffer venue = RefusalOffer.of(List.of("STOP"), "Opt out: STOPSMS to 88000");
        assertThat(venue.offeredIn("Thanks! opt OUT:   stopsms to 88000")).isTrue();
        assertThat(venue.offeredIn("Thanks! Opt out")).isFalse();
    }
}
