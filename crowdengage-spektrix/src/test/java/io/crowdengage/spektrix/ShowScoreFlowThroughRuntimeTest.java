package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.runtime.Throttle;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.simulation.ScenarioFunctions;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The seeds' Show-Score flow end to end: Spektrix (the fake server, signed requests) → the
 * runtime's ticks → the seed templates verbatim → the in-memory SMS provider. Also counts the
 * HTTP requests of a steady-state tick.
 */
@DisplayName("The seeds' Show-Score flow through the runtime, from Spektrix")
class ShowScoreFlowThroughRuntimeTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Step 3 of the seed guide, as pasted. */
    static final String REVIEW = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, please help the theatre community by leaving your review of {{ event.name }} on Show-Score:\n"
            + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
            + "{% endif %}";
    /** Step 5 of the seed guide, as pasted. */
    static final String REMINDER = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, have you reviewed the show yet? Please help other theatregoers by reviewing {{ event.name }} on Show-Score:\n"
            + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
            + "{% endif %}";

    @Test
    @DisplayName("each booker with a mobile gets the review request and the reminder, at the right times, exactly once")
    void twoMessagesPerBooker() {
        MutableClock clock = MutableClock.at(Instant.parse("2025-06-14T08:00:00Z"));
        try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start()) {
            String twelfthNight = spektrix.addEvent("Twelfth Night", Duration.ofMinutes(165),
                    Map.of("attribute_ShowScoreID", "98765"));
            String lounge = spektrix.addEvent("Late Lounge", Duration.ofMinutes(90), Map.of("attribute_ShowScoreID", ""));
            LocalDateTime start = LocalDateTime.parse("2025-06-14T19:30");
            String performance = spektrix.addInstance(twelfthNight, start);
            String loungeNight = spektrix.addInstance(lounge, start);
            String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456"));
            String grace = spektrix.addCustomer(FakeCustomer.named("Grace", "Hopper").withMobile("+44 7400 654321"));
            String alan = spektrix.addCustomer(FakeCustomer.named("Alan", "Turing").withMobile("not a number"));
            Instant booked = Instant.parse("2025-06-01T10:00:00Z");
            spektrix.addOrder(ada, booked, performance, performance);
            spektrix.addOrder(grace, booked, performance);
            spektrix.addOrder(alan, booked, performance);
            spektrix.addOrder(ada, booked, loungeNight);

            InMemorySmsProvider sms = InMemorySmsProvider.builder().clock(clock).random(new Random(1)).build();
            List<DecisionEvent> events = new ArrayList<>();
            CrowdEngage runtime = CrowdEngage.builder()
                    .ticketingSystem(SpektrixTicketingSystem.create(spektrix.configBuilder().build(), clock))
                    .smsProvider(sms)
                    .venueSettings(VenueSettings.builder(new Venue("venue", "The Playhouse", LONDON),
                            Sender.alphanumeric("Playhouse")).optOutFooter("Text STOP to 60777 to opt out").build())
                    .flows(List.of(Flow.of("Default Flow", List.of(
                            step("show-score-review", "Show-Score Review Request (3 hours post-show)", REVIEW,
                                    Timing.afterStart(0, 3, 0)),
                            step("show-score-reminder", "Show-Score Review Reminder (1 day post-show)", REMINDER,
                                    Timing.afterStart(1, 0, 0))))))
                    .templateFunctions(ScenarioFunctions.simulated())
                    .clock(clock).listener(events::add).throttle(Throttle.none()).build();

            Instant until = start.plusDays(1).plusHours(3).atZone(LONDON).toInstant();
            while (clock.instant().isBefore(until)) {
                runtime.tick();
                // Every half hour keeps the test quick (each tick is real HTTP to the fake) and still lands on both due times.
                clock.advance(Duration.ofMinutes(30));
            }

            PhoneNumber adaMobile = PhoneNumber.parse("07400 123456", "GB");
            List<SentSms> toAda = sms.sentTo(adaMobile);
            assertThat(toAda).hasSize(2);
            assertThat(toAda.get(0).body()).matches("Ada, please help the theatre community by leaving your review of"
                    + " Twelfth Night on Show-Score:\nhttps://show-score\\.example/review/98765\\?t=[0-9a-f]{10}");
            assertThat(toAda.get(1).body()).matches("Ada, have you reviewed the show yet\\? Please help other"
                    + " theatregoers by reviewing Twelfth Night on Show-Score:\nhttps://show-score\\.example/review/98765\\?t=[0-9a-f]{10}");
            assertThat(toAda.get(0).acceptedAt()).isEqualTo(start.plusHours(3).atZone(LONDON).toInstant());
            assertThat(toAda.get(1).acceptedAt()).isEqualTo(start.plusDays(1).atZone(LONDON).toInstant());
            assertThat(sms.sentTo(PhoneNumber.parse("07400 654321", "GB"))).hasSize(2);
            assertThat(sms.count()).as("two per booker with a mobile; nothing for the show without a ShowScoreID")
                    .isEqualTo(4);
            assertThat(sms.duplicates()).isEmpty();
            assertThat(events).filteredOn(e -> e.outcome() == Outcome.SKIPPED)
                    .extracting(e -> e.reason().orElseThrow().name())
                    .as("Alan's mobile is not a number; the Late Lounge has a blank ShowScoreID, so the seed template renders blank")
                    .containsOnly("NO_VALID_MOBILE", "BLANK_MESSAGE");
        }
    }

    @Test
    @DisplayName("a steady-state tick with warm caches makes one HTTP request: orders/sync")
    void steadyStateRequests() {
        MutableClock clock = MutableClock.at(Instant.parse("2025-06-14T08:00:00Z"));
        try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start()) {
            String event = spektrix.addEvent("Twelfth Night", Duration.ofMinutes(165), Map.of("attribute_ShowScoreID", "1"));
            String performance = spektrix.addInstance(event, LocalDateTime.parse("2025-06-14T19:30"));
            String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456"));
            spektrix.addOrder(ada, Instant.parse("2025-06-01T10:00:00Z"), performance);
            CrowdEngage runtime = CrowdEngage.builder()
                    .ticketingSystem(SpektrixTicketingSystem.create(spektrix.configBuilder().build(), clock))
                    .smsProvider(InMemorySmsProvider.builder().clock(clock).build())
                    .venueSettings(VenueSettings.builder(new Venue("venue", "The Playhouse", LONDON),
                            Sender.number(PhoneNumber.parse("07400 999999", "GB"))).build())
                    .flows(List.of(Flow.of("Default Flow", List.of(step("review", "Review", "Hello {{ customer.first_name }}",
                            Timing.afterStart(0, 3, 0))))))
                    .clock(clock).throttle(Throttle.none()).build();
            runtime.tick();
            clock.advance(Duration.ofMinutes(1));
            runtime.tick();
            spektrix.clearRequests();
            clock.advance(Duration.ofMinutes(1));
            runtime.tick();
            assertThat(spektrix.requests()).extracting(r -> r.apiPath()).singleElement()
                    .satisfies(path -> assertThat(path).startsWith("orders/sync"));
        }
    }

    private static FlowStep step(String id, String name, String template, Timing timing) {
        return FlowStep.builder(id).name(name).template(template).timing(timing)
                .performances(PerformanceFilter.allLive()).build();
    }
}
