package io.crowdengage.runtime;

import io.crowdengage.TestClock;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A post-show wave for tests that drive the runtime with sends in flight: a 19:30 Hamlet whose review
 * is due at the clock's 22:30, booked by {@link #book(int)} customers with distinct mobiles, and
 * in-memory stores and provider.
 */
abstract class WaveFixture {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final PhoneNumber OUTSIDER = PhoneNumber.parse("07400 777123", "GB");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();

    final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySendLedger sends = InMemorySendLedger.create();
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .capabilities(Capability.values()).throughputPerSecond(1_000).enforceThroughput(false).build();
    final List<PhoneNumber> numbers = new ArrayList<>();

    void book(int size) {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        for (int i = 0; i < size; i++) {
            PhoneNumber number = PhoneNumber.parse(String.format("07400 %06d", 100_000 + i), "GB");
            numbers.add(number);
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(number).build());
            boxOffice.addBooking(Booking.of("B" + i, "C" + i, "P1", Instant.parse("2026-04-01T12:00:00Z")));
        }
    }
}
