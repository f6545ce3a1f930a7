package io.crowdengage.showscore;

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
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.Throttle;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A venue, its box office, an SMS provider and a clock for the runtime tests: performances with a
 * ShowScoreID, bookers with mobiles, and the seed guide's two Show-Score steps.
 */
final class ReviewSeason {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    /** Step 3 of the seed guide, verbatim (src/test/resources/seeds/review-request.liquid). */
    static final String REVIEW_REQUEST = seed("review-request.liquid");
    /** Step 5 of the seed guide, verbatim (src/test/resources/seeds/review-reminder.liquid). */
    static final String REVIEW_REMINDER = seed("review-reminder.liquid");

    static final FlowStep REVIEW_STEP = FlowStep.builder("show-score-review")
            .name("Show-Score Review Request (3 hours post-show)").template(REVIEW_REQUEST)
            .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(0, 3, 0)).build();
    static final FlowStep REMINDER_STEP = FlowStep.builder("show-score-reminder")
            .name("Show-Score Review Reminder (1 day post-show)").template(REVIEW_REMINDER)
            .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(1, 0, 0)).build();

    /** Tonight's performances start here; the review request is due at 22:30 London time. */
    static final LocalDateTime START = LocalDateTime.parse("2026-03-14T19:30");
    static final Instant REVIEW_DUE = START.plusHours(3).atZone(LONDON).toInstant();

    final MutableClock clock = MutableClock.at(REVIEW_DUE.minus(Duration.ofMinutes(2)));
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySmsProvider sms = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .enforceThroughput(false).build();
    final List<DecisionEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<Customer> customers = new ArrayList<>();
    final List<Booking> bookings = new ArrayList<>();

    private static String seed(String name) {
        try (InputStream in = ReviewSeason.class.getResourceAsStream("/seeds/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A performance of a show tonight at {@link #START}; {@code showScoreId} may be "" (no reviews). */
    Performance performance(String id, String title, Object showScoreId) {
        Event event = boxOffice.addEvent(new Event("event-" + id, title, Duration.ofMinutes(150),
                RawAttributes.of(Map.of("attribute_ShowScoreID", showScoreId))));
        return boxOffice.addPerformance(Performance.of(id, event, START));
    }

    /** {@code count} bookers of {@code performanceId}, each with their own name, mobile and booking. */
    List<Customer> bookers(String performanceId, int count) {
        List<Customer> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = customers.size();
            Customer customer = boxOffice.addCustomer(Customer.builder("cust-" + n).name("Patron" + n, "Surname" + n)
                    .mobile(mobile(n)).build());
            bookings.add(boxOffice.addBooking(Booking.of("booking-" + n, customer.id(), performanceId,
                    Instant.parse("2026-03-01T10:00:00Z").plusSeconds(n))));
            customers.add(customer);
            added.add(customer);
        }
        return added;
    }

    static PhoneNumber mobile(int n) {
        return PhoneNumber.ofE164("+4474005" + String.format("%05d", n));
    }

    /** The runtime with the seed flow, the links as {@code show_score_url}, and the links as render preparer if {@code prefetch}. */
    CrowdEngage.Builder runtime(ShowScorePartnerLinks links, boolean prefetch, FlowStep... steps) {
        CrowdEngage.Builder builder = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(sms)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(PhoneNumber.parse("07400 900100", "GB")))
                        .build())
                .flows(List.of(Flow.of("Default Flow", List.of(steps))))
                .templateFunctions(TemplateFunctions.builder().register(links).build())
                .clock(clock).listener(events::add).random(new Random(7)).throttle(Throttle.none());
        return prefetch ? builder.renderPreparer(links) : builder;
    }

    /** Ticks every {@code step} from now until {@code until}, inclusive. */
    void tickUntil(CrowdEngage runtime, Instant until, Duration step) {
        while (!clock.instant().isAfter(until)) {
            runtime.tick();
            clock.advance(step);
        }
    }
}
