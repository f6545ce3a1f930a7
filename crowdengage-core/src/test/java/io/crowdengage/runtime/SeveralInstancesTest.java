package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendKey;
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
import io.crowdengage.sms.SentSms;
import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.InMemoryTickerLeases;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one venue's runtime on shared stores, as a box office running two application
 * servers would: one ticks, the other stands by, takes over when the first dies, resumes from its
 * saved state and sends nothing twice.
 */
@DisplayName("Several instances on shared stores")
class SeveralInstancesTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final Duration LEASE = Duration.ofMinutes(2);
    static final FlowStep PRESHOW = FlowStep.builder("preshow").name("Pre-show")
            .template("{{ customer.first_name }}, doors open soon.").timing(Timing.beforeStart(0, 0, 30)).build();
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).catchUp(Duration.ofMinutes(15)).build();

    final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T18:30:00").atZone(LONDON).toInstant());
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySendLedger sends = InMemorySendLedger.create();
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemoryRuntimeStateStore state = InMemoryRuntimeStateStore.create();
    final InMemoryTickerLeases leases = InMemoryTickerLeases.create(clock);
    final InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .throughputPerSecond(1_000).build();
    final List<PhoneNumber> numbers = new ArrayList<>();

    SeveralInstancesTest() {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        for (int i = 0; i < 20; i++) {
            PhoneNumber number = PhoneNumber.parse(String.format("07400 %06d", 200_000 + i), "GB");
            numbers.add(number);
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(number).build());
            boxOffice.addBooking(Booking.of("B" + i, "C" + i, "P1", Instant.parse("2026-04-01T12:00:00Z")));
        }
    }

    CrowdEngage instance(String name) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(PRESHOW, REVIEW)))).consentLedger(consent).sendLedger(sends)
                .runtimeState(state).tickerLease(leases.forHolder(name, LEASE)).clock(clock)
                .throttle(Throttle.none()).build();
    }

    @Test
    @DisplayName("one ticks and the other stands by; when the first dies, the second takes over within two lease periods and sends nothing twice")
    void standbyTakesOver() {
        CrowdEngage a = instance("a");
        CrowdEngage b = instance("b");
        clock.set(LocalDateTime.parse("2026-04-10T19:00:00").atZone(LONDON).toInstant());

        TickReport first = a.tick();
        TickReport standing = b.tick();

        assertThat(first.sent()).isEqualTo(20);
        assertThat(standing.sent() + standing.skipped() + standing.deferred()).isZero();
        assertThat(provider.count()).isEqualTo(20);

        // a dies (is never called again); b keeps ticking every minute.
        Instant died = clock.instant();
        // A handle that only reads who holds the lease.
        var observer = leases.forHolder("observer", LEASE);
        while (observer.current().map(grant -> !grant.holder().equals("b")).orElse(true)) {
            clock.advance(Duration.ofMinutes(1));
            b.tick();
        }
        assertThat(clock.instant()).as("taken over within two lease periods of a's last tick")
                .isBeforeOrEqualTo(died.plus(LEASE.multipliedBy(2)));
        Instant reviewsDone = LocalDateTime.parse("2026-04-10T22:35:00").atZone(LONDON).toInstant();
        while (clock.instant().isBefore(reviewsDone)) {
            clock.advance(Duration.ofMinutes(1));
            b.tick();
        }

        assertThat(state.load().lastTickAt()).isPresent();
        assertThat(provider.all()).extracting(SentSms::body).filteredOn(body -> body.contains("review")).hasSize(20);
        assertThat(provider.all()).extracting(SentSms::body).filteredOn(body -> body.contains("doors")).hasSize(20);
        assertThat(provider.duplicates()).isEmpty();
    }

    @Test
    @DisplayName("a claim the dead holder left unfinished is reported UNKNOWN by the new holder once it is older than the lease, and not resent")
    void leftBehindClaims() {
        CrowdEngage a = instance("a");
        clock.set(LocalDateTime.parse("2026-04-10T19:00:00").atZone(LONDON).toInstant());
        a.tick();
        // At 22:30 an instance holds the lease and dies between the provider accepting and the ledger recording
        // a review it was sending.
        clock.set(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
        assertThat(leases.forHolder("a-after-restart", LEASE).tryAcquire()).isPresent();
        SendKey key = new SendKey(REVIEW.id(), "P1", numbers.get(0));
        SendRecord orphan = sends.claim(key, "orphan-1", "N0, please review Hamlet.", clock.instant(),
                clock.instant().plus(Duration.ofHours(1))).orElseThrow();
        sends.update(orphan.attempted(clock.instant()));

        List<DecisionEvent> events = new ArrayList<>();
        CrowdEngage b = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(PRESHOW, REVIEW)))).consentLedger(consent).sendLedger(sends)
                .runtimeState(state).tickerLease(leases.forHolder("b", LEASE)).clock(clock).listener(events::add)
                .throttle(Throttle.none()).build();

        b.tick(); // a's lease is still live: b stands by
        assertThat(events).isEmpty();
        clock.advance(LEASE.plusSeconds(1));
        b.tick();

        assertThat(sends.find(key).orElseThrow().status()).isEqualTo(SendStatus.UNKNOWN);
        assertThat(events).filteredOn(e -> e.to().filter(numbers.get(0)::equals).isPresent())
                .singleElement().satisfies(e -> assertThat(e.reason()).contains(Reason.OUTCOME_UNKNOWN));
        assertThat(provider.sentTo(numbers.get(0))).extracting(SentSms::body).noneMatch(body -> body.contains("review"));
        assertThat(provider.duplicates()).isEmpty();
    }

    @Test
    @DisplayName("a restart on the same state resumes the feed and reports what fell due while nothing ran")
    void restartResumes() {
        List<DecisionEvent> events = new ArrayList<>();
        CrowdEngage first = instance("a");
        clock.set(LocalDateTime.parse("2026-04-10T19:00:00").atZone(LONDON).toInstant());
        first.tick();
        first.close();

        // Down from 19:00 until 23:45: the review (due 22:30, 15 minutes of catch-up) was missed.
        clock.set(LocalDateTime.parse("2026-04-10T23:45:00").atZone(LONDON).toInstant());
        CrowdEngage second = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(PRESHOW, REVIEW)))).consentLedger(consent).sendLedger(sends)
                .runtimeState(state).tickerLease(leases.forHolder("a", LEASE)).clock(clock).listener(events::add)
                .throttle(Throttle.none()).build();
        second.tick();

        assertThat(provider.count()).isEqualTo(20);
        assertThat(events).filteredOn(e -> e.reason().filter(r -> r == Reason.TOO_LATE).isPresent()).hasSize(20);
    }
}
