package io.crowdengage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Season snapshots and quiet hours")
class SeasonSnapshotTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Event SHOW = Event.of("E1", "Show", Duration.ofHours(2));
    static final Performance P1 = Performance.of("P1", SHOW, LocalDateTime.parse("2026-03-28T19:30:00"));
    static final Performance P2 = Performance.of("P2", SHOW, LocalDateTime.parse("2026-03-29T14:00:00"));

    @Test
    @DisplayName("indexes performances by start and keeps bookings in confirmation order; changes leave the old snapshot alone")
    void indexAndCopyOnWrite() {
        SeasonSnapshot season = SeasonSnapshot.builder(LONDON).performance(P1).performance(P2)
                .customer(Customer.builder("C1").build())
                .booking(Booking.of("B2", "C1", "P1", Instant.parse("2026-03-02T00:00:00Z")))
                .booking(Booking.of("B1", "C1", "P1", Instant.parse("2026-03-01T00:00:00Z")))
                .build();
        assertThat(season.performancesStartingBetween(P1.startInstant(LONDON), P1.startInstant(LONDON)))
                .extracting(Performance::id).containsExactly("P1");
        assertThat(season.bookingsOf("P1")).extracting(Booking::id).containsExactly("B1", "B2");

        SeasonSnapshot moved = season.withPerformance(P1.rescheduledTo(LocalDateTime.parse("2026-03-30T19:30:00")));
        assertThat(moved.performancesStartingBetween(P1.startInstant(LONDON), P2.startInstant(LONDON)))
                .extracting(Performance::id).containsExactly("P2");
        assertThat(season.performancesStartingBetween(P1.startInstant(LONDON), P2.startInstant(LONDON)))
                .extracting(Performance::id).containsExactly("P1", "P2");

        SeasonSnapshot cancelled = season.withBooking(season.booking("B1").orElseThrow()
                .cancelledAt(Instant.parse("2026-03-05T00:00:00Z")));
        assertThat(cancelled.bookingsOf("P1")).hasSize(2).first().satisfies(b -> assertThat(b.cancelled()).isTrue());
        assertThat(season.bookingsOf("P1").get(0).cancelled()).isFalse();
        assertThat(cancelled.bookingCount()).isEqualTo(2);
        assertThat(season.withBooking(Booking.of("B3", "C1", "P2", Instant.EPOCH)).bookingCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("refuses a booking for an unknown performance or customer, naming it")
    void misuse() {
        SeasonSnapshot season = SeasonSnapshot.empty(LONDON).withPerformance(P1);
        assertThatThrownBy(() -> season.withBooking(Booking.of("B1", "C1", "P1", Instant.EPOCH)))
                .hasMessage("booking 'B1': refers to unknown customer 'C1'");
        assertThatThrownBy(() -> SeasonSnapshot.builder(LONDON).customer(Customer.builder("C1").build())
                .booking(Booking.of("B1", "C1", "P9", Instant.EPOCH)).build())
                .hasMessage("booking 'B1': refers to unknown performance 'P9'");
    }

    @Test
    @DisplayName("quiet hours may cross midnight, and end at their local end time across a clock change")
    void quietHours() {
        QuietHours night = QuietHours.between("21:30", "09:00");
        Instant saturdayLate = LocalDateTime.parse("2026-03-28T22:00:00").atZone(LONDON).toInstant();
        assertThat(night.contains(saturdayLate, LONDON)).isTrue();
        assertThat(night.endOfPeriodContaining(saturdayLate, LONDON))
                .isEqualTo(LocalDateTime.parse("2026-03-29T09:00:00").atZone(LONDON).toInstant());
        assertThat(night.contains(LocalDateTime.parse("2026-03-29T09:00:00").atZone(LONDON).toInstant(), LONDON)).isFalse();
        assertThat(night.contains(LocalDateTime.parse("2026-03-29T08:59:59").atZone(LONDON).toInstant(), LONDON)).isTrue();
        QuietHours lunch = new QuietHours(LocalTime.NOON, LocalTime.of(13, 0));
        assertThat(lunch.contains(LocalDateTime.parse("2026-03-29T12:30:00").atZone(LONDON).toInstant(), LONDON)).isTrue();
        assertThat(lunch.contains(LocalDateTime.parse("2026-03-29T13:00:00").atZone(LONDON).toInstant(), LONDON)).isFalse();
        assertThatThrownBy(() -> QuietHours.between("09:00", "09:00")).hasMessageContaining("must differ");
    }
}
