package io.crowdengage.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);

    @Test
    void readsDeltaSecondsWithSurroundingSpace() {
        assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(" 7 ", CLOCK)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("0", CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateAgainstTheClock() {
        // RFC 9110's own example, thirty seconds after the fixed clock.
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", CLOCK)).contains(Duration.ofSeconds(30));
    }

    @Test
    void aDateAlreadyPastMeansNoWait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", CLOCK)).contains(Duration.ZERO);
    }

    @Test
    void negativeSecondsAndUnreadableValuesAreIgnored() {
        assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("1.5", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("2015-10-21T07:28:00Z", CLOCK)).isEmpty();
    }

    @Test
    void readsTheFirstHeaderOfAResponse() {
        HttpHeaders headers = HttpHeaders.of(Map.of("retry-after", List.of("3", "9")), (name, value) -> true);
        assertThat(RetryAfter.of(headers, CLOCK)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.of(HttpHeaders.of(Map.of(), (name, value) -> true), CLOCK)).isEmpty();
    }

    @Test
    void formatsWholeSecondsNeverNegative() {
        assertThat(RetryAfter.format(Duration.ofSeconds(30))).isEqualTo("30");
        assertThat(RetryAfter.format(Duration.ofMillis(1999))).isEqualTo("1");
        assertThat(RetryAfter.format(Duration.ofSeconds(-4))).isEqualTo("0");
        assertThat(RetryAfter.parse(RetryAfter.format(Duration.ofSeconds(42)), CLOCK)).contains(Duration.ofSeconds(42));
    }

    @Test
    void aMissingValueIsNamed() {
        assertThatThrownBy(() -> RetryAfter.parse(null, CLOCK)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("retryAfter");
    }
}
