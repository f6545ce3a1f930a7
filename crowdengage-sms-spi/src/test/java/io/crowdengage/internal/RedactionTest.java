package io.crowdengage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksAProvidersQuotedNumber() {
        assertThat(Redaction.personalData("The 'To' number +447400100004 is not a valid phone number."))
                .isEqualTo("The 'To' number +44********04 is not a valid phone number.")
                .doesNotContain("7400100004");
    }

    @Test
    void masksNationalAndSpacedNumbersAndEmails() {
        String masked = Redaction.personalData("call 07400 100004 or (020) 7946-0018, mail ada.l@example.co.uk");
        assertThat(masked).doesNotContain("100004").doesNotContain("7946").doesNotContain("example")
                .contains("<email>");
    }

    @Test
    void leavesInstantsDurationsAndIdsAlone() {
        String text = "deadline 2026-12-02T19:30:00Z, retry in PT30S, id SM1234567890abcdef, code 21211, attempt 3";
        assertThat(Redaction.personalData(text)).isEqualTo(text);
    }

    @Test
    void cutsLongTexts() {
        assertThat(Redaction.personalData("x".repeat(5_000))).hasSizeLessThan(Redaction.MAX_LENGTH + 40)
                .endsWith("(5000 chars)");
    }

    @Test
    void describesAThrowableChainWithoutItsPersonalData() {
        Exception e = new IllegalStateException("row for +447400100004 locked",
                new RuntimeException("timeout reading ann@example.com"));
        String line = Redaction.throwable(e);
        assertThat(line).contains("IllegalStateException").contains("caused by java.lang.RuntimeException")
                .contains(" at ").doesNotContain("7400100004").doesNotContain("ann@");
    }

    @Property
    void noRunOfSevenDigitsOfANumberSurvives(@ForAll @IntRange(min = 1_000_000, max = 999_999_999) int subscriber,
                                            @ForAll @StringLength(max = 20) String before) {
        String number = "+4474" + subscriber;
        String masked = Redaction.personalData(before.replaceAll("[\\p{L}\\p{N}:_+]", " ") + " " + number + ".");
        assertThat(masked).doesNotContain(String.valueOf(subscriber));
    }
}
