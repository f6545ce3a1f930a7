package io.crowdengage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.simulation.ScenarioFunctions;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SentSms;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The embedding example")
class EmbeddingExampleTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    @DisplayName("wired as shown, it sends the soft opt-in notice and then the review request on schedule")
    void runs() throws Exception {
        MutableClock clock = MutableClock.at(LocalDateTime.parse("2026-03-28T22:29:00").atZone(LONDON).toInstant());
        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345"))));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-03-29T19:30:00")));
        boxOffice.addPerformance(Performance.of("P0", hamlet, LocalDateTime.parse("2026-03-28T19:30:00")));
        PhoneNumber alice = PhoneNumber.parse("07400 123456", "GB");
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith").mobile(alice).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P0", Instant.parse("2026-03-01T10:00:00Z")));
        InMemorySmsProvider sms = InMemorySmsProvider.builder().clock(clock).build();

        EmbeddingExample example = new EmbeddingExample(boxOffice, sms,
                ScenarioFunctions.simulated(), clock);
        try {
            // start() ticks at once, then every minute of real time; the test moves its own clock and ticks by hand.
            waitFor(() -> example.crowdEngage().changeCursor().isPresent());
            assertThat(sms.count()).as("the performance has passed: no notice, and the review is not due yet").isZero();
            clock.advance(Duration.ofMinutes(1));
            example.crowdEngage().tick();
            assertThat(sms.sentTo(alice)).extracting(SentSms::body).containsExactly(
                    "Alice, please help the theatre community by leaving your review of Hamlet on Show-Score:\n"
                            + "https://show-score.example/review/12345?t=" + token("12345|B1|showscore-review"));
            boxOffice.addBooking(Booking.of("B2", "C1", "P1", clock.instant()));
            example.crowdEngage().tick();
            assertThat(sms.count()).isEqualTo(2);
            assertThat(sms.last().orElseThrow().body()).contains("Reply STOP to opt out");
        } finally {
            example.stop();
        }
    }

    @Test
    @DisplayName("is the code README.md shows, character for character")
    void readmeShowsThisCode() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String source = Files.readString(root.resolve(
                "crowdengage-examples/src/main/java/io/crowdengage/examples/EmbeddingExample.java"));
        String snippet = between(source, "// README:start\n", "        // README:end");
        String dedented = snippet.lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(root.resolve("README.md"))).contains(dedented);
    }

    /** The simulated link's token, worked out independently: SHA-256 of ShowScoreID|booking|step, 10 hex digits. */
    private static String token(String input) throws java.security.NoSuchAlgorithmException {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest).substring(0, 10);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 seconds");
            }
            Thread.sleep(20);
        }
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from)).stripTrailing();
    }
}
