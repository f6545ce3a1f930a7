package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
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
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A send ledger that lists a window's claimed keys in one read (a database's): the plan reads that
 * list instead of asking per booking, and still never plans a key claimed before.
 */
@DisplayName("A ledger that lists claimed keys")
class ListedClaimsTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).catchUp(Duration.ofHours(2)).build();

    final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .throughputPerSecond(1_000).build();
    final AtomicInteger keyByKey = new AtomicInteger();
    final AtomicInteger listings = new AtomicInteger();

    /** Asks the in-memory ledger key by key, but answers listings too, and counts both. */
    final ForwardingSendLedger listing = new ForwardingSendLedger(InMemorySendLedger.create()) {
        @Override
        public boolean claimed(SendKey key) {
            keyByKey.incrementAndGet();
            return delegate.claimed(key);
        }

        @Override
        public Optional<Set<SendKey>> claimedKeysOf(Collection<String> performanceIds) {
            listings.incrementAndGet();
            return Optional.of(performanceIds.stream().flatMap(id -> boxOffice.bookingsOf(id).stream()
                            .map(b -> new SendKey(REVIEW.id(), id, boxOffice.customer(b.customerId()).orElseThrow()
                                    .mobile().orElseThrow())))
                    .filter(delegate::claimed).collect(Collectors.toSet()));
        }
    };

    final InMemoryConsentLedger consentStore = InMemoryConsentLedger.create();
    final AtomicInteger consentOneByOne = new AtomicInteger();
    final List<Integer> bulkReads = new java.util.concurrent.CopyOnWriteArrayList<>();
    final boolean[] bulkFails = {false};

    /** The in-memory consent ledger, reading in bulk too, counting both; its bulk read can be made to fail. */
    final ConsentLedger bulkConsent = new ConsentLedger() {
        @Override
        public void append(ConsentRecord record) {
            consentStore.append(record);
        }

        @Override
        public ConsentHistory history(PhoneNumber phone) {
            consentOneByOne.incrementAndGet();
            return consentStore.history(phone);
        }

        @Override
        public Optional<Map<PhoneNumber, ConsentHistory>> historiesOf(Collection<PhoneNumber> phones) {
            if (bulkFails[0]) {
                throw new IllegalStateException("connection reset");
            }
            if (!phones.isEmpty()) {
                bulkReads.add(phones.size());
            }
            return Optional.of(phones.stream().distinct().collect(Collectors.toMap(p -> p, consentStore::history)));
        }
    };

    List<PhoneNumber> season(int bookings) {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        List<PhoneNumber> numbers = new java.util.ArrayList<>();
        for (int i = 0; i < bookings; i++) {
            PhoneNumber number = PhoneNumber.parse(String.format("07400 %06d", 400_000 + i), "GB");
            numbers.add(number);
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(number).build());
            boxOffice.addBooking(Booking.of("B" + i, "C" + i, "P1", Instant.parse("2026-04-01T12:00:00Z")));
        }
        return numbers;
    }

    CrowdEngage runtime(ConsentLedger consent) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                        Sender.number(PhoneNumber.parse("07400 999999", "GB"))).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent)
                .sendLedger(listing).clock(clock).throttle(Throttle.none()).build();
    }

    @Test
    @DisplayName("with a consent ledger that reads in bulk, a wave plans from one consent read, each number is still checked"
            + " on its own at send time, and the next tick reads only the number still undecided")
    void consentInBulk() {
        List<PhoneNumber> numbers = season(30);
        consentStore.append(new ConsentRecord.OptedOut(numbers.get(3), clock.instant().minusSeconds(3600),
                ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
        CrowdEngage runtime = runtime(bulkConsent);

        assertThat(runtime.tick().sent()).isEqualTo(29);
        assertThat(bulkReads).containsExactly(30);
        assertThat(consentOneByOne).as("one send-time check (under the number's lock) for each of the 29 sent, none"
                + " while planning").hasValue(29);
        assertThat(provider.sentTo(numbers.get(3))).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        consentOneByOne.set(0);
        assertThat(runtime.tick().sent()).isZero();
        assertThat(bulkReads).as("only the opted-out number is still unclaimed").containsExactly(30, 1);
        assertThat(consentOneByOne).hasValue(0);
    }

    @Test
    @DisplayName("when the bulk consent read fails, the plan asks number by number, and the wave still goes")
    void bulkReadFails() {
        season(10);
        bulkFails[0] = true;
        CrowdEngage runtime = runtime(bulkConsent);

        assertThat(runtime.tick().sent()).isEqualTo(10);
        assertThat(consentOneByOne).as("one read each while planning, one at send time").hasValue(20);
        assertThat(provider.duplicates()).isEmpty();
    }

    @Test
    @DisplayName("a tick plans from one listing, sends each booking once, and a second tick plans nothing again")
    void oneListingATick() {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        for (int i = 0; i < 30; i++) {
            PhoneNumber number = PhoneNumber.parse(String.format("07400 %06d", 400_000 + i), "GB");
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(number).build());
            boxOffice.addBooking(Booking.of("B" + i, "C" + i, "P1", Instant.parse("2026-04-01T12:00:00Z")));
        }
        CrowdEngage runtime = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                        Sender.number(PhoneNumber.parse("07400 999999", "GB"))).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(InMemoryConsentLedger.create())
                .sendLedger(listing).clock(clock).throttle(Throttle.none()).build();

        assertThat(runtime.tick().sent()).isEqualTo(30);
        clock.advance(Duration.ofMinutes(1));
        assertThat(runtime.tick().sent()).isZero();

        assertThat(listings).hasValue(2);
        assertThat(keyByKey).as("claims read key by key while planning").hasValue(0);
        assertThat(provider.duplicates()).isEmpty();
        assertThat(provider.count()).isEqualTo(30);
    }
}
