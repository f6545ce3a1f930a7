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
        assertThatThrownBy(() -> new Venue("V", " ", ZoneId.of("UTC"))).hasMessage("venue.name: must not be blank");
        assertThatThrownBy(() -> Event.of("E", "n", Duration.ofMinutes(-1))).hasMessageContaining("event.duration");
        assertThatThrownBy(() -> new Customer("C", "A", "B", Optional.empty(), null, Map.of(), java.util.Set.of(),
                java.util.Set.of(), VisitHistory.UNKNOWN, RawAttributes.empty()))
                .hasMessage("customer.tags: is required but was null");
    }
}
