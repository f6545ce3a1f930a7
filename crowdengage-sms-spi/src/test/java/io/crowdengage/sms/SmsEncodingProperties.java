package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.SmsEncoding.Encoding;
import io.crowdengage.sms.SmsEncoding.MessageLength;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SmsEncodingProperties {

    private static final List<String> GSM_PIECES = List.of("a", "Z", "0", " ", "@", "£", "Ç", "é", "\r", "\n", "\r\n",
            "€", "{", "}", "[", "]", "^", "~", "|", "\\", "\f", "Δ", "ß");
    private static final List<String> OTHER_PIECES = List.of("ç", "ŵ", "ê", "“", "”", "—", "…", "\u00A0", "\t", "`",
            "😀", "🇬🇧", "👨\u200D👩\u200D👧", "e\u0301", "👍🏽", "中");

    @Provide
    Arbitrary<String> gsmText() {
        return Arbitraries.of(GSM_PIECES).list().ofMaxSize(400).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> anyText() {
        List<String> all = new java.util.ArrayList<>(GSM_PIECES);
        all.addAll(OTHER_PIECES);
        return Arbitraries.of(all).list().ofMaxSize(300).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> typographicText() {
        List<String> pieces = new java.util.ArrayList<>(GSM_PIECES);
        pieces.addAll(List.of("‘", "’", "“", "”", "–", "—", "…", "\u00A0", "\u202F", "\t", "\u200B", "`"));
        return Arbitraries.of(pieces).list().ofMaxSize(200).map(p -> String.join("", p));
    }

    @Property
    void partsPutTogetherGiveBackTheText(@ForAll("anyText") String text) {
        assertThat(String.join("", SmsEncoding.split(text))).isEqualTo(text);
    }

    @Property
    void segmentCountIsTheNumberOfParts(@ForAll("anyText") String text) {
        assertThat(SmsEncoding.split(text)).hasSize(SmsEncoding.measure(text).segments());
    }

    @Property
    void everyPartFitsItsLimit(@ForAll("anyText") String text) {
        MessageLength length = SmsEncoding.measure(text);
        List<String> parts = SmsEncoding.split(text);
        int limit = parts.size() == 1 ? length.encoding().singleSegmentLimit()
                : length.encoding().concatenatedSegmentLimit();
        for (String part : parts) {
            int units = length.encoding() == Encoding.GSM_7 ? SmsEncoding.measure(part).units() : part.length();
            assertThat(units).as("units of part %s", part).isLessThanOrEqualTo(limit);
        }
    }

    @Property
    void noPartBreaksASurrogatePair(@ForAll("anyText") String text) {
        for (String part : SmsEncoding.split(text)) {
            assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).as("ends on a high surrogate").isFalse();
            assertThat(Character.isLowSurrogate(part.charAt(0))).as("starts on a low surrogate").isFalse();
        }
    }

    @Property
    void gsmPackingWastesAtMostOneSeptetPerPart(@ForAll("gsmText") String text) {
        MessageLength length = SmsEncoding.measure(text);
        if (length.units() > 160) {
            assertThat(length.segments()).isBetween(ceil(length.units(), 153), ceil(length.units(), 152));
        } else {
            assertThat(length.segments()).isEqualTo(text.isEmpty() ? 0 : 1);
        }
    }

    @Property
    void gsmTextStaysGsmAndUnchangedByDowngrade(@ForAll("gsmText") String text) {
        assertThat(SmsEncoding.measure(text).isGsm7()).isTrue();
        assertThat(SmsEncoding.downgrade(text).text()).isEqualTo(text);
        assertThat(SmsEncoding.downgrade(text).changed()).isFalse();
    }

    @Property
    void typographyDowngradesToGsm(@ForAll("typographicText") String text) {
        String downgraded = SmsEncoding.downgrade(text).text();

        assertThat(SmsEncoding.measure(downgraded).isGsm7()).isTrue();
        assertThat(SmsEncoding.downgrade(downgraded).changed()).as("idempotent").isFalse();
    }

    @Property
    void replacementCountsAddUp(@ForAll("typographicText") String text) {
        SmsEncoding.Downgrade result = SmsEncoding.downgrade(text);
        int removed = 0;
        for (SmsEncoding.Replacement r : result.replacements()) {
            removed += r.count() * (r.original().length() - r.replacement().length());
        }
        assertThat(result.text().length()).isEqualTo(text.length() - removed);
    }

    private static int ceil(int units, int perPart) {
        return (units + perPart - 1) / perPart;
    }
}
