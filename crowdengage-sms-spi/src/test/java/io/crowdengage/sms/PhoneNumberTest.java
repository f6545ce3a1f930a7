package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.sms.InvalidPhoneNumberException.Reason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"07400 123456", "07400123456", "+44 7400 123456", "0044 7400 123456", "(0)7400-123-456",
            "+44 (0)7400 123456", "  07400 123 456  "})
    @DisplayName("a UK mobile in national and international forms becomes +447400123456")
    void ukMobile(String text) {
        assertThat(PhoneNumber.parse(text, "GB").e164()).isEqualTo("+447400123456");
    }

    @Test
    @DisplayName("a Guernsey mobile and a US number are accepted")
    void crownDependencyAndUs() {
        assertThat(PhoneNumber.parse("07911 123456", "GB").e164()).isEqualTo("+447911123456");
        assertThat(PhoneNumber.parse("+1 (415) 555-2671", "GB").e164()).isEqualTo("+14155552671");
        assertThat(PhoneNumber.parse("07400 123456", "gb").countryCode()).isEqualTo(44);
    }

    @Test
    @DisplayName("a landline is refused as NOT_MOBILE, the number masked")
    void landline() {
        assertThatThrownBy(() -> PhoneNumber.parse("020 7946 0000", "GB"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_MOBILE);
                    assertThat(e.code()).isEqualTo("PHONE_NUMBER.NOT_MOBILE");
                })
                .hasMessageContaining("+44*******000")
                .hasMessageContaining("landline")
                .hasMessageNotContaining("2079460000");
    }

    @Test
    @DisplayName("a number in Ofcom's drama range is refused with a message that says so")
    void dramaRange() {
        assertThatThrownBy(() -> PhoneNumber.parse("07700 900123", "GB"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageContaining("Ofcom's drama range")
                .hasMessageContaining("+44*******123")
                .hasMessageNotContaining("7700900123");
    }

    @Test
    @DisplayName("an unallocated number outside the drama range gets the general message")
    void invalidOutsideDramaRange() {
        assertThatThrownBy(() -> PhoneNumber.parse("01632 960123", "GB"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID))
                .hasMessageNotContaining("drama")
                .hasMessageContaining("not a valid number");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"hello", "07400 12345X", "call me", "!!!"})
    void garbageIsNotANumber(String text) {
        assertThatThrownBy(() -> PhoneNumber.parse(text, "GB"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_A_NUMBER));
    }

    @Test
    void blankAndUnknownRegion() {
        assertThatThrownBy(() -> PhoneNumber.parse("   ", "GB"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BLANK));
        assertThatThrownBy(() -> PhoneNumber.parse("07400 123456", "XX"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_REGION));
        assertThat(PhoneNumber.tryParse("nonsense", "GB")).isEmpty();
    }

    @Test
    @DisplayName("the number is masked in toString and in E.164 shape errors")
    void masking() {
        PhoneNumber number = PhoneNumber.parse("07400 123456", "GB");

        assertThat(number.masked()).isEqualTo("+44*******456");
        assertThat(number).hasToString("+44*******456");
        assertThatThrownBy(() -> PhoneNumber.ofE164("447400123456"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_E164))
                .hasMessageContaining("44*******456")
                .hasMessageNotContaining("7400123");
    }

    @Test
    @DisplayName("a number far too long is masked to E.164 length, saying how long it was")
    void longInputIsMaskedToABoundedLength() {
        assertThatThrownBy(() -> PhoneNumber.parse("1".repeat(500), "GB"))
                .isInstanceOfSatisfying(InvalidPhoneNumberException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_A_NUMBER);
                    assertThat(e.getMessage()).isEqualTo(
                            "phone number '11***********111' (500 digits) is not a telephone number (too long)");
                });
        assertThatThrownBy(() -> PhoneNumber.ofE164("+" + "4".repeat(500)))
                .hasMessage("phone number '+44**********444' (500 digits) is not in E.164 form (+ then 7 to 15 digits)");
        assertThatThrownBy(() -> PhoneNumber.parse("07400 " + "x".repeat(300), "GB"))
                .hasMessage("phone number '07***********xxx' (305 characters) contains letters");
        assertThat(PhoneNumber.mask("+" + "4".repeat(500))).isEqualTo("+44**********444 (500 digits)");
        // Up to E.164's 16 characters, nothing changes.
        assertThat(PhoneNumber.mask("+447400123456789")).isEqualTo("+44**********789");
        assertThat(PhoneNumber.mask("+4474001234567890")).isEqualTo("+44**********890 (16 digits)");
    }

    @Test
    @DisplayName("a phone region is a two-letter ISO 3166 code, in any case; UK and GBR are not")
    void regions() {
        assertThat(PhoneNumber.region(" gb ")).isEqualTo("GB");
        assertThat(PhoneNumber.region("US")).isEqualTo("US");
        for (String wrong : new String[] {"UK", "GBR", "", "ZZ"}) {
            assertThatThrownBy(() -> PhoneNumber.region(wrong))
                    .isInstanceOfSatisfying(InvalidPhoneNumberException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_REGION))
                    .hasMessage("region '" + wrong + "' is not a supported ISO 3166 region code; use the venue's"
                            + " two-letter country code, such as GB");
        }
        assertThat(PhoneNumber.parse("(718) 555-2601", "us").e164()).isEqualTo("+17185552601");
    }
}
