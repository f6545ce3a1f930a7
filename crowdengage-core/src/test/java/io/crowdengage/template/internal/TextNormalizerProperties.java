package io.crowdengage.template.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TextNormalizerProperties {
    private static final List<String> PIECES = List.of("a", "Hi", "x y", " ", "  ", "\t", "\n", "\n", "\n\n", "\r",
            "\u00A0", "\u200B", "\u2003", "\u202F", "é", "😀", "!", "\u007F");

    @Provide
    Arbitrary<String> renderedText() {
        return Arbitraries.of(PIECES).list().ofMaxSize(40).map(pieces -> String.join("", pieces));
    }

    @Property(tries = 2000)
    void theSliceIsWhatLineByLineTidyingGives(@ForAll("renderedText") String raw) {
        assertThat(TextNormalizer.normalize(raw)).isEqualTo(TextNormalizer.normalizeLineByLine(raw));
    }

    @Property(tries = 500)
    void anyCharacters(@ForAll String raw) {
        assertThat(TextNormalizer.normalize(raw)).isEqualTo(TextNormalizer.normalizeLineByLine(raw));
    }

    @Property(tries = 500)
    void blankExactlyWhenEmpty(@ForAll("renderedText") String raw) {
        String tidied = TextNormalizer.normalize(raw);
        assertThat(TextNormalizer.isBlank(tidied)).isEqualTo(tidied.isEmpty());
    }
}
