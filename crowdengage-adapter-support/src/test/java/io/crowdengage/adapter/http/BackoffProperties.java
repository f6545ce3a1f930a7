package io.crowdengage.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffProperties {

    @Property
    void staysWithinFirstAndCap(@ForAll @LongRange(min = 1, max = 10_000) long firstMillis,
                                @ForAll @LongRange(min = 0, max = 1_000_000) long extraMillis,
                                @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int step) {
        Duration first = Duration.ofMillis(firstMillis);
        Duration cap = first.plusMillis(extraMillis);
        Duration wait = Backoff.doubling(first, cap, step);
        assertThat(wait).isBetween(first, cap);
    }

    @Property
    void neverShrinksFromOneStepToTheNext(@ForAll @LongRange(min = 1, max = 10_000) long firstMillis,
                                          @ForAll @LongRange(min = 0, max = 1_000_000) long extraMillis,
                                          @ForAll @IntRange(min = 1, max = 200) int step) {
        Duration first = Duration.ofMillis(firstMillis);
        Duration cap = first.plusMillis(extraMillis);
        assertThat(Backoff.doubling(first, cap, step + 1)).isGreaterThanOrEqualTo(Backoff.doubling(first, cap, step));
    }

    @Property
    void doublesUntilTheCap(@ForAll @LongRange(min = 1, max = 1_000) long firstMillis,
                            @ForAll @IntRange(min = 1, max = 20) int step) {
        Duration first = Duration.ofMillis(firstMillis);
        Duration cap = Duration.ofDays(365);
        assertThat(Backoff.doubling(first, cap, step)).isEqualTo(first.multipliedBy(1L << (step - 1)));
    }

    @Example
    void halfASecondDoublingToTen() {
        Duration first = Duration.ofMillis(500);
        Duration cap = Duration.ofSeconds(10);
        assertThat(Backoff.doubling(first, cap, 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(Backoff.doubling(first, cap, 2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.doubling(first, cap, 3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.doubling(first, cap, 6)).isEqualTo(Duration.ofSeconds(10));
    }

    @Example
    void refusesWhatHasNoSeries() {
        assertThatThrownBy(() -> Backoff.doubling(Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(ValidationException.class).hasMessageContaining("first");
        assertThatThrownBy(() -> Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(1), 1))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cap");
        assertThatThrownBy(() -> Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(ValidationException.class).hasMessageContaining("attempt");
    }
}
