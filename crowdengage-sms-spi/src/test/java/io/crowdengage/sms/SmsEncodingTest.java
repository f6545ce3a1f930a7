package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import io.crowdengage.sms.SmsEncoding.Downgrade;
import io.crowdengage.sms.SmsEncoding.Encoding;
import io.crowdengage.sms.SmsEncoding.MessageLength;
import io.crowdengage.sms.SmsEncoding.Replacement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmsEncodingTest {

    private static final String EURO = "€";
    private static final String GRIN = "😀";
    private static final String FLAG_GB = "🇬🇧";

    private static String a(int n) {
        return "a".repeat(n);
    }

    /**
     * Hand-verified expectations. GSM-7: 160 septets in one message, else 153 per part; an
     * extension character costs 2 and never straddles parts. UCS-2: 70 code units, else 67 per part;
     * a surrogate pair (2 units) never straddles parts.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                // name, text, encoding, units, segments
                Arguments.of("empty text", "", Encoding.GSM_7, 0, 0),
                Arguments.of("one letter", "a", Encoding.GSM_7, 1, 1),
                Arguments.of("160 a fills one message", a(160), Encoding.GSM_7, 160, 1),
                Arguments.of("161 a needs two parts", a(161), Encoding.GSM_7, 161, 2),
                Arguments.of("306 a is exactly two parts of 153", a(306), Encoding.GSM_7, 306, 2),
                Arguments.of("307 a needs a third part", a(307), Encoding.GSM_7, 307, 3),
                Arguments.of("152 a + euro + 152 a: the euro cannot straddle, so 3 parts", a(152) + EURO + a(152),
                        Encoding.GSM_7, 306, 3),
                Arguments.of("151 a + euro + 153 a: the euro fits the first part, so 2", a(151) + EURO + a(153),
                        Encoding.GSM_7, 306, 2),
                Arguments.of("158 a + euro is 160 septets, one message", a(158) + EURO, Encoding.GSM_7, 160, 1),
                Arguments.of("159 a + euro is 161 septets, two parts", a(159) + EURO, Encoding.GSM_7, 161, 2),
                Arguments.of("80 euros are 160 septets", EURO.repeat(80), Encoding.GSM_7, 160, 1),
                Arguments.of("81 euros: 76 per part, so 2", EURO.repeat(81), Encoding.GSM_7, 162, 2),
                Arguments.of("CR LF costs two septets", "\r\n", Encoding.GSM_7, 2, 1),
                Arguments.of("80 CR LF fill one message", "\r\n".repeat(80), Encoding.GSM_7, 160, 1),
                Arguments.of("81 CR LF need two parts", "\r\n".repeat(81), Encoding.GSM_7, 162, 2),
                Arguments.of("pound sign costs one septet", "£".repeat(160), Encoding.GSM_7, 160, 1),
                Arguments.of("capital C-cedilla is GSM (0x09)", "Ç", Encoding.GSM_7, 1, 1),
                Arguments.of("small c-cedilla is not GSM", "ç", Encoding.UCS_2, 1, 1),
                Arguments.of("form feed is an extension character", "\f", Encoding.GSM_7, 2, 1),
                Arguments.of("all ten extension characters", "\f^{}\\[~]|€", Encoding.GSM_7, 20, 1),
                Arguments.of("e-acute is GSM, e-circumflex is not", "é", Encoding.GSM_7, 1, 1),
                Arguments.of("e-circumflex forces UCS-2", "fête", Encoding.UCS_2, 4, 1),
                Arguments.of("non-breaking space is not GSM", "a\u00A0b", Encoding.UCS_2, 3, 1),
                Arguments.of("tab is not GSM", "a\tb", Encoding.UCS_2, 3, 1),
                Arguments.of("backtick is not GSM", "`", Encoding.UCS_2, 1, 1),
                Arguments.of("Welsh w-circumflex is not GSM", "Croeso i'r ŵyl", Encoding.UCS_2, 14, 1),
                Arguments.of("70 w-circumflex fill one UCS-2 message", "ŵ".repeat(70), Encoding.UCS_2, 70, 1),
                Arguments.of("71 w-circumflex need two parts", "ŵ".repeat(71), Encoding.UCS_2, 71, 2),
                Arguments.of("134 w-circumflex are exactly two parts of 67", "ŵ".repeat(134), Encoding.UCS_2, 134, 2),
                Arguments.of("135 w-circumflex need a third part", "ŵ".repeat(135), Encoding.UCS_2, 135, 3),
                Arguments.of("an emoji costs two code units", GRIN, Encoding.UCS_2, 2, 1),
                Arguments.of("68 a + emoji is 70 units, one message", a(68) + GRIN, Encoding.UCS_2, 70, 1),
                Arguments.of("69 a + emoji is 71 units, two parts", a(69) + GRIN, Encoding.UCS_2, 71, 2),
                Arguments.of("66 a + emoji + 66 a: the emoji cannot straddle, so 3 parts", a(66) + GRIN + a(66),
                        Encoding.UCS_2, 134, 3),
                Arguments.of("65 a + emoji + 67 a: the emoji fits the first part, so 2", a(65) + GRIN + a(67),
                        Encoding.UCS_2, 134, 2),
                Arguments.of("65 a + flag + 10 a: the flag's two pairs stay together", a(65) + FLAG_GB + a(10),
                        Encoding.UCS_2, 79, 2),
                Arguments.of("one non-GSM character makes the whole text UCS-2", a(100) + "ç", Encoding.UCS_2, 101, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void measuresEncodingUnitsAndSegments(String name, String text, Encoding encoding, int units, int segments) {
        MessageLength length = SmsEncoding.measure(text);

        assertThat(length.encoding()).as("encoding").isEqualTo(encoding);
        assertThat(length.units()).as("units").isEqualTo(units);
        assertThat(length.segments()).as("segments").isEqualTo(segments);
        assertThat(length.characters()).as("characters").isEqualTo(text.length());
        assertThat(SmsEncoding.split(text)).as("split").hasSize(segments);
    }

    @Test
    @DisplayName("the euro that would straddle the first boundary opens the second part")
    void escapePairMovesToNextSegment() {
        List<String> parts = SmsEncoding.split(a(152) + EURO + a(152));

        assertThat(parts).containsExactly(a(152), EURO + a(151), "a");
    }

    @Test
    @DisplayName("an emoji that would straddle the boundary opens the second part")
    void surrogatePairMovesToNextSegment() {
        List<String> parts = SmsEncoding.split(a(66) + GRIN + a(66));

        assertThat(parts).containsExactly(a(66), GRIN + a(65), "a");
    }

    @Test
    @DisplayName("a flag is kept whole rather than cut between its regional indicators")
    void graphemeClusterIsKeptWhole() {
        List<String> parts = SmsEncoding.split(a(65) + FLAG_GB + a(10));

        assertThat(parts).containsExactly(a(65), FLAG_GB + a(10));
    }

    @Test
    @DisplayName("a text that fits one message is one part, itself")
    void singleSegment() {
        assertThat(SmsEncoding.split("Doors open at 7pm")).containsExactly("Doors open at 7pm");
        assertThat(SmsEncoding.split("")).isEmpty();
    }

    @Test
    @DisplayName("reports the distinct characters that forced UCS-2, whole emoji included, in order of first appearance")
    void reportsNonGsmCharacters() {
        MessageLength length = SmsEncoding.measure("“Hi” — ç“ " + GRIN + " é");

        assertThat(length.nonGsmCharacters()).containsExactly("“", "”", "—", "ç", GRIN);
        assertThat(SmsEncoding.measure("Hi {name} €5").nonGsmCharacters()).isEmpty();
    }

    @Test
    void gsmAlphabetHasExactly127BasicAndTenExtensionCharacters() {
        int basic = 0;
        int extension = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            int septets = SmsEncoding.septets(c);
            if (septets == 1) {
                basic++;
            } else if (septets == 2) {
                extension++;
            }
        }
        assertThat(basic).isEqualTo(127);
        assertThat(extension).isEqualTo(10);
        assertThat(SmsEncoding.isGsm7('\u001B')).as("ESC itself is not a character").isFalse();
    }

    @Test
    void measureRefusesNull() {
        assertThatThrownBy(() -> SmsEncoding.measure(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("text");
    }

    @Nested
    @DisplayName("downgrade")
    class Downgrading {

        @Test
        @DisplayName("replaces curly quotes, dashes and the ellipsis and reports each change")
        void replacesTypography() {
            Downgrade result = SmsEncoding.downgrade("It’s “great” — isn’t it…");

            assertThat(result.text()).isEqualTo("It's \"great\" - isn't it...");
            assertThat(result.replacements()).containsExactly(
                    new Replacement("’", "'", 2),
                    new Replacement("“", "\"", 1),
                    new Replacement("”", "\"", 1),
                    new Replacement("—", "-", 1),
                    new Replacement("…", "...", 1));
            assertThat(SmsEncoding.measure(result.text()).isGsm7()).isTrue();
        }

        @Test
        @DisplayName("turns non-breaking, narrow and tab spaces into spaces and removes zero-width characters")
        void replacesSpacesAndRemovesInvisibles() {
            Downgrade result = SmsEncoding.downgrade("7\u00A0pm\u202Ftonight\tat\u200Bthe\uFEFF`Globe`");

            assertThat(result.text()).isEqualTo("7 pm tonight atthe'Globe'");
            assertThat(result.replacements()).extracting(Replacement::original)
                    .containsExactly("\u00A0", "\u202F", "\t", "\u200B", "\uFEFF", "`");
            assertThat(result.replacements()).filteredOn(r -> r.original().equals("\u200B"))
                    .singleElement().extracting(Replacement::replacement).isEqualTo("");
        }

        @Test
        @DisplayName("leaves GSM text untouched")
        void gsmUnchanged() {
            Downgrade result = SmsEncoding.downgrade("Hi {name}, £5 off: [Stalls] ~ €10\r\n");

            assertThat(result.text()).isEqualTo("Hi {name}, £5 off: [Stalls] ~ €10\r\n");
            assertThat(result.changed()).isFalse();
        }

        @Test
        @DisplayName("never changes letters, so names and Welsh keep their accents")
        void keepsLetters() {
            Downgrade result = SmsEncoding.downgrade("Françoise, croeso i’r ŵyl");

            assertThat(result.text()).isEqualTo("Françoise, croeso i'r ŵyl");
            assertThat(SmsEncoding.measure(result.text()).nonGsmCharacters()).containsExactly("ç", "ŵ");
        }

        @Test
        @DisplayName("keeps the joiner inside an emoji family but removes a stray one")
        void zeroWidthJoiner() {
            String family = "👨\u200D👩\u200D👧";

            assertThat(SmsEncoding.downgrade("Family " + family).text()).isEqualTo("Family " + family);
            assertThat(SmsEncoding.downgrade("a\u200Db").text()).isEqualTo("ab");
        }
    }
}
