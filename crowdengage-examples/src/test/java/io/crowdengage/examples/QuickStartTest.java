package io.crowdengage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's embedding snippet")
class QuickStartTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    @DisplayName("plans the review request three hours after the start")
    void works() {
        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, Clock.systemUTC());
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345"))));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-03-28T19:30:00")));
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith")
                .mobile(PhoneNumber.parse("07400 123456", "GB")).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", Instant.parse("2026-03-01T10:00:00Z")));
        SeasonSnapshot season = SeasonSnapshot.builder(LONDON).performances(boxOffice.performances())
                .customers(boxOffice.customers()).bookings(boxOffice.bookings()).build();

        Instant reviewTime = LocalDateTime.parse("2026-03-28T22:30:00").atZone(LONDON).toInstant();
        assertThat(QuickStart.dueNow(season, reviewTime.minusSeconds(1))).isEmpty();
        List<Candidate> due = QuickStart.dueNow(season, reviewTime);
        assertThat(due).singleElement().satisfies(c -> assertThat(c.customer().firstName()).isEqualTo("Alice"));
    }

    @Test
    @DisplayName("is the code README.md shows, character for character")
    void readmeShowsThisCode() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String source = Files.readString(root.resolve(
                "crowdengage-examples/src/main/java/io/crowdengage/examples/QuickStart.java"));
        String snippet = between(source, "// README:start\n", "        // README:end");
        String dedented = snippet.lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(root.resolve("README.md"));
        assertThat(readme).contains(dedented);
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from)).stripTrailing();
    }
}
