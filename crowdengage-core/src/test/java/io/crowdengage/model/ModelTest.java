package io.crowdengage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The domain model")
class ModelTest {

    @Test
    @DisplayName("raw attributes are kept verbatim, deeply immutable, nulls dropped")
    void rawAttributes() {
        Map<String, Object> source = new HashMap<>();
        List<Object> list = new ArrayList<>();
        list.add("a");
        list.add(null);
        source.put("attribute_ShowScoreID", "12345");
        source.put("attribute_ExternalEvent", false);
        source.put("attribute_OverrideDate", null);
        source.put("nested", Map.of("id", "X"));
        source.put("list", list);
        RawAttributes raw = RawAttributes.of(source);
        list.add("changed later");
        assertThat(raw.text("attribute_ShowScoreID")).contains("12345");
        assertThat(raw.get("attribute_ExternalEvent")).contains(false);
        assertThat(raw.has("attribute_OverrideDate")).isFalse();
        assertThat(raw.get("list")).contains(List.of("a"));
        assertThatThrownBy(() -> raw.values().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> RawAttributes.of(Map.of("when", Instant.EPOCH)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("raw.when");
    }

    @Test
    @DisplayName("a performance ends its event's running time after it starts, in elapsed time")
    void performanceEnd() {
        ZoneId london = ZoneId.of("Europe/London");
        Performance late = Performance.of("P1", Event.of("E1", "Long", Duration.ofHours(3)),
                LocalDateTime.parse("2026-03-28T23:30:00"));
        // 23:30 GMT + 3 hours elapsed = 03:30 BST, after the clocks went forward at 01:00 GMT.
        assertThat(late.end(london).toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-03-29T03:30:00"));
        assertThat(late.rescheduledTo(LocalDateTime.parse("2026-04-01T19:30:00")).localStart().getDayOfMonth()).isEqualTo(1);
        assertThat(late.asCancelled().cancelled()).isTrue();
    }

    @Test
    @DisplayName("bookings are live from confirmation until cancellation")
    void bookingLife() {
        Instant confirmed = Instant.parse("2026-03-01T10:00:00Z");
        Booking booking = Booking.of("B1", "C1", "P1", confirmed);
        assertThat(booking.liveAt(confirmed.minusSeconds(1))).isFalse();
        assertThat(booking.liveAt(confirmed)).isTrue();
        Booking cancelled = booking.cancelledAt(confirmed.plusSeconds(60));
        assertThat(cancelled.liveAt(confirmed.plusSeconds(59))).isTrue();
        assertThat(cancelled.liveAt(confirmed.plusSeconds(60))).isFalse();
        assertThatThrownBy(() -> booking.cancelledAt(confirmed.minusSeconds(1)))
                .hasMessageContaining("booking.cancelledAt").hasMessageContaining("must not be before confirmedAt");
    }

    @Test
    @DisplayName("bad values are refused naming the field")
    void badValues() {
        assertThatThrownBy(() -> new Venue("V", " ", ZoneId.of("Europe/London"))).hasMessage("venue.name: must not be blank");
        assertThatThrownBy(() -> Event.of("E", "n", Duration.ofMinutes(-1))).hasMessageContaining("event.duration");
        assertThatThrownBy(() -> new Customer("C", "A", "B", Optional.empty(), null, Map.of(), java.util.Set.of(),
                java.util.Set.of(), VisitHistory.UNKNOWN, RawAttributes.empty()))
                .hasMessage("customer.tags: is required but was null");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+01:00", "Z", "UTC", "GMT", "Etc/GMT-1", "UTC+01:00"})
    @DisplayName("a venue's zone is a region, never a fixed offset, which would not follow the clocks")
    void fixedOffsetZonesAreRefused(String id) {
        assertThatThrownBy(() -> new Venue("V", "The Playhouse", ZoneId.of(id)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.reason())
                        .isEqualTo(ValidationException.Reason.INVALID_VALUE))
                .hasMessage("venue.zone: '" + ZoneId.of(id).getId() + "' is a fixed offset; use a region id such as"
                        + " Europe/London so that clock changes are followed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Europe/London", "America/New_York", "Asia/Kolkata", "Atlantic/Reykjavik"})
    @DisplayName("region zones are accepted, including those that no longer change their clocks")
    void regionZonesAreAccepted(String id) {
        assertThat(new Venue("V", "The Playhouse", ZoneId.of(id)).zone()).isEqualTo(ZoneId.of(id));
    }

    @Test
    @DisplayName("performances and bookings are from 1900 to 2199: a five-digit year is a typing mistake")
    void datesAreBounded() {
        Event hamlet = Event.of("E1", "Hamlet", Duration.ofHours(3));
        assertThatThrownBy(() -> Performance.of("P1", hamlet, LocalDateTime.parse("+99999-03-28T19:30:00")))
                .hasMessage("performance.localStart: must be from 1900-01-01 to 2199-12-31 but was"
                        + " +99999-03-28T19:30; a date that far away is a typing mistake or a placeholder, not a"
                        + " performance");
        Performance performance = Performance.of("P1", hamlet, LocalDateTime.parse("2026-03-28T19:30:00"));
        assertThatThrownBy(() -> performance.rescheduledTo(LocalDateTime.parse("0202-03-28T19:30:00")))
                .hasMessageStartingWith("performance.localStart: must be from 1900-01-01 to 2199-12-31 but was"
                        + " 0202-03-28T19:30");
        assertThatThrownBy(() -> Booking.of("B1", "C1", "P1", Instant.parse("+20260-03-20T10:00:00Z")))
                .hasMessageStartingWith("booking.confirmedAt: must be from 1900-01-01 to 2199-12-31 but was"
                        + " +20260-03-20T10:00:00Z");
        Booking booking = Booking.of("B1", "C1", "P1", Instant.parse("2026-03-20T10:00:00Z"));
        assertThatThrownBy(() -> booking.cancelledAt(Instant.parse("2200-01-01T00:00:00Z")))
                .hasMessageStartingWith("booking.cancelledAt: must be from 1900-01-01 to 2199-12-31");
        assertThat(Booking.of("B1", "C1", "P1", Instant.parse("1900-01-01T00:00:00Z")).confirmedAt().toString())
                .isEqualTo("1900-01-01T00:00:00Z");
        assertThat(Performance.of("P1", hamlet, LocalDateTime.parse("2199-12-31T23:59:59")).localStart().getYear())
                .isEqualTo(2199);
    }
}
