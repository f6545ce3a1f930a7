package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Reason;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.OwedNotice;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Soft opt-in notices across a restart on the same stores (what a durable store gives a restarted
 * process): a notice is neither sent nor reported twice, a notice still owed when the runtime stopped
 * is decided by the next run, and bookings made while nothing ran get theirs.
 */
@DisplayName("Soft opt-in notices across a restart")
class RestartNoticesTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final FlowStep PRESHOW = FlowStep.builder("preshow").name("Pre-show")
            .template("{{ customer.first_name }}, doors open soon.").timing(Timing.beforeStart(0, 0, 30)).build();
    /** Old booker (stale at the first start), notice sent, opted out, consent read fails, booked while down. */
    static final PhoneNumber OLD = number(0);
    static final PhoneNumber SENT = number(1);
    static final PhoneNumber STOPPED = number(2);
    static final PhoneNumber UNREADABLE = number(3);
    static final PhoneNumber WHILE_DOWN = number(4);

    final TestClock clock = new TestClock(london("2026-04-08T09:00:00"));
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySendLedger sends = InMemorySendLedger.create();
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemoryRuntimeStateStore state = InMemoryRuntimeStateStore.create();
    final InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .throughputPerSecond(1_000).build();
    final Set<PhoneNumber> unreadable = ConcurrentHashMap.newKeySet();
    final ConsentLedger flakyConsent = new ConsentLedger() {
        @Override
        public void append(ConsentRecord record) {
            consent.append(record);
        }

        @Override
        public ConsentHistory history(PhoneNumber phone) {
            if (unreadable.contains(phone)) {
                throw new IllegalStateException("connection reset");
            }
            return consent.history(phone);
        }
    };

    static PhoneNumber number(int i) {
        return PhoneNumber.parse(String.format("07400 %06d", 300_000 + i), "GB");
    }

    static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    RestartNoticesTest() {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        // Three weeks away: outside the runtime's read window, so a restarted runtime has to fetch it.
        boxOffice.addPerformance(Performance.of("P2", hamlet, LocalDateTime.parse("2026-04-29T19:30:00")));
        List<PhoneNumber> all = List.of(OLD, SENT, STOPPED, UNREADABLE, WHILE_DOWN);
        for (int i = 0; i < all.size(); i++) {
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(all.get(i)).build());
        }
        boxOffice.addBooking(Booking.of("B0", "C0", "P1", Instant.parse("2026-04-01T12:00:00Z")));
        consent.append(new ConsentRecord.OptedOut(STOPPED, london("2026-04-02T10:00:00"),
                ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
    }

    CrowdEngage run(List<DecisionEvent> events) {
        return run(events, boxOffice);
    }

    CrowdEngage run(List<DecisionEvent> events, TicketingSystem ticketing) {
        return CrowdEngage.builder().ticketingSystem(ticketing).smsProvider(provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER))
                        .softOptIn(SoftOptIn.enabledWithDefaultNotice()).build())
                .flows(List.of(Flow.of("F", List.of(PRESHOW)))).consentLedger(flakyConsent).sendLedger(sends)
                .runtimeState(state).clock(clock).listener(events::add).throttle(Throttle.none()).maxInFlight(1)
                .build();
    }

    /** The next run, started at 09:30 on the same stores. */
    CrowdEngage restartedAt0930(List<DecisionEvent> events, TicketingSystem ticketing) {
        clock.set(london("2026-04-08T09:30:00"));
        return run(events, ticketing);
    }

    void tickTwice(CrowdEngage runtime) {
        runtime.tick();
        clock.advance(Duration.ofMinutes(1));
        runtime.tick();
    }

    static List<String> notices(List<DecisionEvent> events) {
        return events.stream().filter(e -> e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE)
                .map(e -> e.customer().orElseThrow() + ":" + e.outcome() + e.reason().map(r -> ":" + r).orElse(""))
                .toList();
    }

    @Test
    @DisplayName("the next run sends the notice still owed, sends those booked while down, and repeats nothing")
    void owedNoticesSurviveARestart() {
        List<DecisionEvent> before = new ArrayList<>();
        CrowdEngage first = run(before);
        first.tick();
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", london("2026-04-08T09:01:00")));
        boxOffice.addBooking(Booking.of("B2", "C2", "P1", london("2026-04-08T09:01:00")));
        boxOffice.addBooking(Booking.of("B3", "C3", "P2", london("2026-04-08T09:01:00")));
        unreadable.add(UNREADABLE);
        clock.set(london("2026-04-08T09:02:00"));
        first.tick();
        first.close();

        assertThat(notices(before)).containsExactlyInAnyOrder("C1:SENT", "C2:SKIPPED:OPTED_OUT",
                "C3:DEFERRED:STORE_UNAVAILABLE");
        assertThat(state.load().owedNotices()).containsExactly(new OwedNotice("B3", "P2", "C3"));

        // Down from 09:02 to 09:30; the consent store answers again, and C4 booked at 09:15.
        unreadable.clear();
        boxOffice.addBooking(Booking.of("B4", "C4", "P1", london("2026-04-08T09:15:00")));
        List<DecisionEvent> after = new ArrayList<>();
        tickTwice(restartedAt0930(after, boxOffice));

        assertThat(notices(after)).containsExactlyInAnyOrder("C3:SENT", "C4:SENT");
        assertThat(provider.sentTo(SENT)).hasSize(1);
        assertThat(provider.sentTo(UNREADABLE)).hasSize(1);
        assertThat(provider.sentTo(WHILE_DOWN)).hasSize(1);
        assertThat(provider.sentTo(STOPPED)).isEmpty();
        assertThat(provider.sentTo(OLD)).isEmpty();
        assertThat(provider.duplicates()).isEmpty();
        assertThat(state.load().owedNotices()).isEmpty();
    }

    /** The first run leaves C3's notice (for P2) owed. */
    void firstRunLeavesANoticeOwed() {
        CrowdEngage first = run(new ArrayList<>());
        first.tick();
        boxOffice.addBooking(Booking.of("B3", "C3", "P2", london("2026-04-08T09:01:00")));
        unreadable.add(UNREADABLE);
        clock.set(london("2026-04-08T09:02:00"));
        first.tick();
        first.close();
        unreadable.clear();
        assertThat(state.load().owedNotices()).containsExactly(new OwedNotice("B3", "P2", "C3"));
    }

    @Test
    @DisplayName("a notice owed for a performance cancelled while down is skipped as cancelled, once")
    void owedPerformanceCancelled() {
        firstRunLeavesANoticeOwed();
        boxOffice.cancelPerformance("P2");

        List<DecisionEvent> after = new ArrayList<>();
        tickTwice(restartedAt0930(after, boxOffice));

        assertThat(notices(after)).containsExactly("C3:SKIPPED:PERFORMANCE_CANCELLED");
        assertThat(provider.sentTo(UNREADABLE)).isEmpty();
        assertThat(state.load().owedNotices()).isEmpty();
    }

    @Test
    @DisplayName("a notice owed for a booking the ticketing system no longer shows is reported NO_BOOKING once, and dropped;"
            + " while the ticketing system cannot be read it stays owed")
    void owedBookingGone() {
        firstRunLeavesANoticeOwed();
        boolean[] down = {true};
        TicketingSystem withoutP2 = new ForwardingTicketingSystem(boxOffice) {
            @Override
            public Optional<Performance> performance(String performanceId) {
                if (down[0]) {
                    throw new TicketingException(TicketingException.Reason.UNAVAILABLE, "box office down");
                }
                return performanceId.equals("P2") ? Optional.empty() : super.performance(performanceId);
            }
        };

        List<DecisionEvent> after = new ArrayList<>();
        CrowdEngage second = restartedAt0930(after, withoutP2);
        second.tick();

        assertThat(notices(after)).isEmpty();
        assertThat(state.load().owedNotices()).containsExactly(new OwedNotice("B3", "P2", "C3"));

        down[0] = false;
        clock.advance(Duration.ofMinutes(1));
        tickTwice(second);

        assertThat(notices(after)).containsExactly("C3:SKIPPED:NO_BOOKING");
        assertThat(provider.sentTo(UNREADABLE)).isEmpty();
        assertThat(state.load().owedNotices()).isEmpty();
    }

    @Test
    @DisplayName("a booking dated before the last run's last tick but first delivered by the feed after it (a lagging feed,"
            + " a ticketing clock behind ours) gets its notice from the next run")
    void backdatedBookingAfterRestart() {
        CrowdEngage first = run(new ArrayList<>());
        first.tick();
        clock.set(london("2026-04-08T09:02:00"));
        first.tick();
        first.close();
        // Entered at 09:03 by the ticketing system's clock, stamped 09:01:40.
        clock.set(london("2026-04-08T09:03:00"));
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", london("2026-04-08T09:01:40")));

        List<DecisionEvent> after = new ArrayList<>();
        tickTwice(restartedAt0930(after, boxOffice));

        assertThat(notices(after)).containsExactly("C1:SENT");
        assertThat(provider.sentTo(SENT)).hasSize(1);
    }

    @Test
    @DisplayName("a notice owed across a restart for a booking cancelled while down is skipped as cancelled, not sent")
    void owedBookingCancelled() {
        firstRunLeavesANoticeOwed();
        boxOffice.cancelBooking("B3", london("2026-04-08T09:10:00"));

        List<DecisionEvent> after = new ArrayList<>();
        tickTwice(restartedAt0930(after, boxOffice));

        assertThat(notices(after)).containsExactly("C3:SKIPPED:BOOKING_CANCELLED");
        assertThat(provider.sentTo(UNREADABLE)).isEmpty();
    }

    @Test
    @DisplayName("a booking made early in a downtime of more than a day is reported TOO_LATE by the next run, not dropped")
    void bookingMadeEarlyInALongDowntime() {
        CrowdEngage first = run(new ArrayList<>());
        first.tick();
        first.close();
        boxOffice.addBooking(Booking.of("B1", "C1", "P2", london("2026-04-08T10:00:00")));

        clock.set(london("2026-04-09T16:00:00"));
        List<DecisionEvent> after = new ArrayList<>();
        CrowdEngage second = run(after);
        second.tick();

        assertThat(notices(after)).containsExactly("C1:SKIPPED:TOO_LATE");
        assertThat(provider.sentTo(SENT)).isEmpty();
    }
}
