package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KeywordClassifierProperties {

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.of("the", "show", "tonight", "please", "thanks", "😀", "!", "great", "seat", "ok")
                .list().ofMaxSize(8).map(w -> String.join(" ", w));
    }

    @Provide
    Arbitrary<String> optOutWord() {
        return Arbitraries.of(KeywordClassifier.ENGLISH_OPT_OUT).flatMap(w -> Arbitraries.of(w, w.toLowerCase(java.util.Locale.ROOT), w + ".", " " + w + "!"));
    }

    @Property
    void aTextStartingWithAnOptOutWordIsAnOptOut(@ForAll("optOutWord") String keyword, @ForAll("words") String rest) {
        assertThat(KeywordClassifier.english().classify(keyword + " " + rest)).isEqualTo(Keyword.OPT_OUT);
    }

    @Property
    void anOptOutWordAnywhereFailsClosed(@ForAll("words") String before, @ForAll("optOutWord") String keyword,
                                         @ForAll("words") String after) {
        assertThat(KeywordClassifier.english().classify(before + " " + keyword + " " + after).isOptOut()).isTrue();
    }

    @Property
    void textWithoutKeywordsIsOther(@ForAll("words") String text) {
        assertThat(KeywordClassifier.english().classify(text)).isEqualTo(Keyword.OTHER);
    }
}
