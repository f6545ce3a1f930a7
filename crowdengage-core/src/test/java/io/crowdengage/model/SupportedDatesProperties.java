package io.crowdengage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SupportedDatesProperties {
    private static final Event HAMLET = Event.of("E1", "Hamlet", Duration.ofHours(3));

    @Property
    void aPerformanceIsTakenExactlyWhenItsYearIsFrom1900To2199(@ForAll @IntRange(min = -1000, max = 100_000) int year,
                                                               @ForAll @IntRange(min = 1, max = 365) int day) {
        LocalDateTime start = LocalDateTime.of(year, 1, 1, 19, 30).plusDays(day - 1);

        Throwable refused = catchThrowable(() -> Performance.of("P1", HAMLET, start));

        boolean inRange = start.getYear() >= 1900 && start.getYear() <= 2199;
        assertThat(refused == null).as("%s taken", start).isEqualTo(inRange);
        if (!inRange) {
            assertThat(refused).isInstanceOf(ValidationException.class).hasMessageContaining("performance.localStart")
                    .hasMessageContaining(start.toString());
        }
    }

    @Property
    void aBookingIsTakenExactlyWhenItsInstantFallsFrom1900To2199(
            @ForAll @IntRange(min = -1000, max = 100_000) int year, @ForAll @IntRange(min = 0, max = 86_399) int second) {
        Instant confirmed = LocalDateTime.of(year, 6, 1, 0, 0).plusSeconds(second).toInstant(ZoneOffset.UTC);

        Throwable refused = catchThrowable(() -> Booking.of("B1", "C1", "P1", confirmed));

        assertThat(refused == null).as("%s taken", confirmed).isEqualTo(year >= 1900 && year <= 2199);
    }
}
