package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"RoyalCourt", "Globe 2026", "A", "NT Live", "Theatre123", "ABCDEFGHIJK"})
    void acceptsAlphanumericSenders(String id) {
        assertThat(SenderId.of(id).value()).isEqualTo(id);
    }

    @ParameterizedTest(name = "[{0}] is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ABCDEFGHIJKL|at most 11
            12345|at least one letter
            Royal&Court|only letters A-Z, digits and spaces
            Café|only letters A-Z, digits and spaces
            The.Globe|only letters A-Z, digits and spaces
            INFO|generic sender
            Verify|generic sender
            VER1FY|generic sender
            S M S|generic sender
            Old  Vic|two in a row
            """)
    void refusesBadSenders(String id, String rule) {
        assertThatThrownBy(() -> SenderId.of(id)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'" + id + "'")
                .hasMessageContaining(rule);
    }

    @Test
    @DisplayName("every broken rule is reported at once")
    void reportsEveryProblem() {
        assertThatThrownBy(() -> new SenderId(" 1234567890!"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSize(4));
        assertThatThrownBy(() -> SenderId.of("")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    @DisplayName("an alphanumeric sender is one-way and says another opt-out route is needed")
    void oneWay() {
        Sender sender = Sender.alphanumeric("RoyalCourt");

        assertThat(sender.canReceiveReplies()).isFalse();
        assertThat(sender.optOutWarning()).contains(Sender.ONE_WAY_WARNING);
        assertThat(Sender.ONE_WAY_WARNING).contains("cannot receive replies").contains("another way to opt out");
    }

    @Test
    @DisplayName("numbers and short codes can be replied to")
    void twoWay() {
        Sender number = Sender.number(PhoneNumber.parse("07400 123456", "GB"));
        Sender shortCode = Sender.shortCode(" 60123 ");

        assertThat(number.canReceiveReplies()).isTrue();
        assertThat(number.optOutWarning()).isEmpty();
        assertThat(number.value()).isEqualTo("+447400123456");
        assertThat(number).hasToString("SenderNumber[+44*******456]");
        assertThat(shortCode.value()).isEqualTo("60123");
        assertThat(shortCode.canReceiveReplies()).isTrue();
        assertThatThrownBy(() -> Sender.shortCode("6012a")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'6012a' is not a short code");
    }
}
