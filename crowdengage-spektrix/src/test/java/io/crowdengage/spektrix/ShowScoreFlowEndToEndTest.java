package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.Plan;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.ChangeCursor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seeds' Show-Score flow, one level below the runtime: Spektrix data read through the adapter
 * into a {@link SeasonSnapshot}, then {@link SchedulingEngine} with the two steps (3 hours and 1 day
 * after the start, events with a {@code ShowScoreID} only). Every booker with a mobile gets both.
 */
class ShowScoreFlowEndToEndTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String TEMPLATE = "{% if event.raw.attribute_ShowScoreID %}{{ customer.first_name }}, "
            + "please review {{ event.name }}: {{ show_score_url(event.raw.attribute_ShowScoreID) }}{% endif %}";

    @Test
    void sendsTwoMessagesToEachBookerWithAMobileAtTheRightInstants() {
        MutableClock clock = MutableClock.at(Instant.parse("2025-06-01T09:00:00Z"));
        try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start()) {
            String reviewed = spektrix.addEvent("Twelfth Night", Duration.ofMinutes(165),
                    Map.of("attribute_ShowScoreID", "98765"));
            String notReviewed = spektrix.addEvent("Late Lounge", Duration.ofMinutes(90), Map.of());
            LocalDateTime start = LocalDateTime.parse("2025-06-14T19:30");
            String performance = spektrix.addInstance(reviewed, start);
            String otherShow = spektrix.addInstance(notReviewed, start);
            String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456"));
            String grace = spektrix.addCustomer(FakeCustomer.named("Grace", "Hopper").withMobile("+44 7911 123456"));
            String noMobile = spektrix.addCustomer(FakeCustomer.named("Alan", "Turing").withMobile("not a number"));
            spektrix.addOrder(ada, clock.instant(), performance, performance);
            spektrix.addOrder(grace, clock.instant(), performance);
            spektrix.addOrder(noMobile, clock.instant(), performance);
            spektrix.addOrder(ada, clock.instant(), otherShow);

            SpektrixTicketingSystem ticketing = SpektrixTicketingSystem.create(spektrix.configBuilder().build(), clock);
            SeasonSnapshot season = read(ticketing, start.atZone(LONDON).toInstant());
            SchedulingEngine engine = SchedulingEngine.create(EngineSettings.of(new Venue("venue", "The Playhouse", LONDON)),
                    List.of(Flow.of("Default Flow", List.of(
                            step("show-score-review", Timing.afterStart(0, 3, 0)),
                            step("show-score-reminder", Timing.afterStart(1, 0, 0))))));
            Set<SendKey> claimed = new HashSet<>();
            Snapshot snapshot = new Snapshot(season, phone -> ConsentHistory.empty(), claimed::contains);
            Instant startInstant = start.atZone(LONDON).toInstant();

            assertThat(plan(engine, snapshot, startInstant.plus(Duration.ofHours(3)).minusSeconds(60), claimed)).isEmpty();
            Plan atThreeHours = engine.plan(snapshot, startInstant.plus(Duration.ofHours(3)));
            assertThat(atThreeHours.skips()).as("Alan's mobile is not a number")
                    .extracting(c -> ((Decision.Skip) c.decision()).reason(), c -> c.customer().lastName())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Reason.NO_VALID_MOBILE, "Turing"));
            List<Candidate> review = plan(engine, snapshot, startInstant.plus(Duration.ofHours(3)), claimed);
            List<Candidate> reminder = plan(engine, snapshot,
                    start.plusDays(1).atZone(LONDON).toInstant(), claimed);

            assertThat(review).extracting(c -> c.step().id().toString(), c -> c.performance().id(),
                            c -> c.to().orElseThrow().e164())
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("show-score-review", performance, "+447400123456"),
                            org.assertj.core.groups.Tuple.tuple("show-score-review", performance, "+447911123456"));
            assertThat(reminder).extracting(c -> c.step().id().toString(), c -> c.to().orElseThrow().e164())
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("show-score-reminder", "+447400123456"),
                            org.assertj.core.groups.Tuple.tuple("show-score-reminder", "+447911123456"));
            assertThat(review).allSatisfy(c ->
                    assertThat(c.performance().event().raw().text("attribute_ShowScoreID")).contains("98765"));
            assertThat(claimed).hasSize(4);
        }
    }

    private static FlowStep step(String id, Timing timing) {
        return FlowStep.builder(id).name(id).template(TEMPLATE).timing(timing)
                .performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID")).build();
    }

    /** The sends planned at {@code at}, claimed as a runtime would after sending them. */
    private static List<Candidate> plan(SchedulingEngine engine, Snapshot snapshot, Instant at, Set<SendKey> claimed) {
        Plan plan = engine.plan(snapshot, at);
        List<Candidate> sends = plan.sends();
        sends.forEach(c -> claimed.add(c.key().orElseThrow()));
        return sends;
    }

    /** What a runtime would load: the feed's bookings, their performances and customers. */
    private static SeasonSnapshot read(SpektrixTicketingSystem ticketing, Instant around) {
        SeasonSnapshot.Builder season = SeasonSnapshot.builder(LONDON);
        List<Performance> performances = ticketing.performancesStartingBetween(around.minus(Duration.ofDays(1)),
                around.plus(Duration.ofDays(1)));
        season.performances(performances);
        Set<String> customers = new HashSet<>();
        ChangeCursor cursor = ChangeCursor.beginning();
        boolean more;
        do {
            var page = ticketing.bookingsChangedSince(cursor);
            for (Booking booking : page.bookings()) {
                season.booking(booking);
                customers.add(booking.customerId());
            }
            cursor = page.next();
            more = page.hasMore();
        } while (more);
        customers.forEach(id -> season.customer(ticketing.customer(id).orElseThrow()));
        assertThat(performances).hasSize(2);
        return season.build();
    }
}
