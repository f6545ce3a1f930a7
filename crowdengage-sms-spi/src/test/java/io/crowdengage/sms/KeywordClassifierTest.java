package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeywordClassifierTest {

    private final KeywordClassifier english = KeywordClassifier.english();

    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, textBlock = """
            STOP|OPT_OUT
            stop|OPT_OUT
            Stop.|OPT_OUT
             STOP |OPT_OUT
            stop please|OPT_OUT
            STOPALL|OPT_OUT
            STOP ALL|OPT_OUT
            Stop all|OPT_OUT
            stop!!!|OPT_OUT
            'STOP'|OPT_OUT
            🛑 STOP 🛑|OPT_OUT
            stop😡|OPT_OUT
            ＳＴＯＰ|OPT_OUT
            ſtop|OPT_OUT
            UNSUBSCRIBE|OPT_OUT
            unsub|OPT_OUT
            cancel|OPT_OUT
            End|OPT_OUT
            quit|OPT_OUT
            optout|OPT_OUT
            opt out|OPT_OUT
            Opt-Out|OPT_OUT
            revoke|OPT_OUT
            remove me|OPT_OUT
            Please don't stop the show|OPT_OUT_PROBABLE
            I want to unsubscribe|OPT_OUT_PROBABLE
            can you STOP texting me|OPT_OUT_PROBABLE
            please opt out|OPT_OUT_PROBABLE
            Help, stop|OPT_OUT_PROBABLE
            START|OPT_IN
            start.|OPT_IN
            Unstop|OPT_IN
            start time?|OTHER
            HELP|HELP
            help me|HELP
            Info|HELP
            stopped|OTHER
            quite good|OTHER
            Yes|OTHER
            See you tonight 😀|OTHER
            😀|OTHER
            ...|OTHER
            """)
    void classifies(String body, Keyword expected) {
        assertThat(english.classify(body)).isEqualTo(expected);
    }

    @Test
    @DisplayName("spacing of every kind is ignored, line breaks and tabs included")
    void whitespace() {
        assertThat(english.classify("\n\tStop\r\n")).isEqualTo(Keyword.OPT_OUT);
        assertThat(english.classify("opt\u00A0\u00A0out")).isEqualTo(Keyword.OPT_OUT);
        assertThat(english.classify("")).isEqualTo(Keyword.OTHER);
        assertThat(english.classify("   ")).isEqualTo(Keyword.OTHER);
    }

    @Test
    @DisplayName("both opt-out readings count as opt-outs for callers")
    void probableIsAnOptOut() {
        assertThat(Keyword.OPT_OUT_PROBABLE.isOptOut()).isTrue();
        assertThat(Keyword.OPT_OUT.isOptOut()).isTrue();
        assertThat(Keyword.HELP.isOptOut()).isFalse();
    }

    @Test
    @DisplayName("a locale's own lists are used, with accents ignored")
    void customLocale() {
        KeywordClassifier french = KeywordClassifier.builder(Locale.FRENCH)
                .optOut("STOP", "ARRET", "DESABONNER").optIn("START").help("AIDE").build();

        assertThat(french.locale()).isEqualTo(Locale.FRENCH);
        assertThat(french.classify("Arrêt")).isEqualTo(Keyword.OPT_OUT);
        assertThat(french.classify("Je veux me désabonner")).isEqualTo(Keyword.OPT_OUT_PROBABLE);
        assertThat(french.classify("aide")).isEqualTo(Keyword.HELP);
        assertThat(french.classify("unsubscribe")).isEqualTo(Keyword.OTHER);
    }

    @Test
    @DisplayName("a classifier with no opt-out words, blank words or a word in two lists is refused, every problem listed")
    void builderProblems() {
        assertThatThrownBy(() -> KeywordClassifier.builder(Locale.ENGLISH).optIn("START", "!!").help("start").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_CONFIGURATION);
                    assertThat(e.problems()).extracting(ValidationException.Problem::path)
                            .containsExactly("optOut", "optIn", "help");
                })
                .hasMessageContaining("at least one keyword")
                .hasMessageContaining("'!!' has no letters or digits")
                .hasMessageContaining("'START' is also in another list");
    }

    @Test
    void nullBodyIsRefused() {
        assertThatThrownBy(() -> english.classify(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("body");
    }
}
