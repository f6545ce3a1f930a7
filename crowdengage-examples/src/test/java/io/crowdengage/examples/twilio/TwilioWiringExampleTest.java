package io.crowdengage.examples.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.twilio.testing.FakeMessage;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Twilio wiring example")
class TwilioWiringExampleTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    @DisplayName("wired as shown, it sends through Twilio and takes Twilio's receipts and STOPs on its web server")
    void runs() throws Exception {
        LocalDateTime start = LocalDateTime.parse("2026-03-14T19:30");
        MutableClock clock = MutableClock.at(start.minusHours(2).atZone(LONDON).toInstant());
        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.of(Map.of())));
        boxOffice.addPerformance(Performance.of("P1", hamlet, start));
        PhoneNumber alice = PhoneNumber.parse("07400 123456", "GB");
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith").mobile(alice).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", Instant.parse("2026-03-01T10:00:00Z")));
        FlowStep directions = FlowStep.builder("directions").name("Directions").template("Doors open at 7pm.")
                .performances(PerformanceFilter.allLive()).timing(Timing.beforeStart(0, 2, 0)).build();
        VenueSettings settings = VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                Sender.number(PhoneNumber.ofE164(FakeTwilioServer.DEFAULT_NUMBER))).build();
        HttpServer webhookServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String publicBase = "http://127.0.0.1:" + webhookServer.getAddress().getPort();

        try (FakeTwilioServer twilio = FakeTwilioServer.builder().clock(clock)
                .inboundWebhookUrl(publicBase + "/twilio/inbound").start()) {
            TwilioWiringExample example = new TwilioWiringExample(boxOffice, settings,
                    List.of(Flow.of("Default Flow", List.of(directions))), twilio.configBuilder(), publicBase,
                    webhookServer, clock);
            try {
                // start() ticks at once; wait for that first tick rather than racing it.
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (twilio.messages().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(twilio.messages()).singleElement().satisfies(m -> {
                    assertThat(m.to()).isEqualTo(alice.e164());
                    assertThat(m.body()).isEqualTo("Doors open at 7pm.");
                    assertThat(m.reference()).isPresent();
                });
                FakeMessage sent = twilio.messages().get(0);
                assertThat(twilio.deliverStatus(sent.sid(), "delivered").status()).isEqualTo(200);
                assertThat(twilio.sendInbound(alice, FakeTwilioServer.DEFAULT_NUMBER, "STOP").status()).isEqualTo(200);
                assertThat(example.smsProvider().config().statusCallbackUrl()).isPresent();
            } finally {
                example.crowdEngage().close();
                webhookServer.stop(0);
            }
        }
    }

    @Test
    @DisplayName("is the code docs/twilio.md shows, character for character")
    void docsShowThisCode() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String source = Files.readString(root.resolve(
                "crowdengage-examples/src/main/java/io/crowdengage/examples/twilio/TwilioWiringExample.java"));
        int from = source.indexOf("// DOCS:start\n") + "// DOCS:start\n".length();
        String snippet = source.substring(from, source.indexOf("        // DOCS:end", from));
        String dedented = snippet.lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(root.resolve("docs/twilio.md"))).contains(dedented);
    }
}
