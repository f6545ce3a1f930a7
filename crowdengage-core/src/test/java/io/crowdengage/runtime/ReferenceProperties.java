package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.flow.Flow;
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
import io.crowdengage.sms.Sender;
import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.store.SendRecord;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.AlphaChars;

/**
 * Message references are unique across restarts and instances whatever the prefix: runtimes on one
 * send ledger, started one after another (or side by side) with the same fixed prefix, each sending
 * some of a wave, never reuse a reference, and every message of the wave goes.
 */
class ReferenceProperties {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();

    @Property(tries = 40)
    void uniqueAcrossRestarts(@ForAll @IntRange(min = 1, max = 6) int restarts,
                              @ForAll @IntRange(min = 1, max = 5) int bookingsPerRun,
                              @ForAll @AlphaChars @StringLength(min = 0, max = 4) String prefix,
                              @ForAll boolean sideBySide,
                              @ForAll boolean withStateStore) {
        TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        InMemorySendLedger sends = InMemorySendLedger.create();
        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
                .capabilities(Capability.values()).throughputPerSecond(10_000).build();
        VenueSettings settings = VenueSettings.builder(new Venue("v", "V", LONDON),
                Sender.number(PhoneNumber.parse("07400 999999", "GB"))).build();
        // What a durable runtime state store gives every run: the same store, reserving reference numbers. (The
        // in-memory store itself is not taken for a durable one: its numbers start again in a new process.)
        RuntimeStateStore state = new ForwardingRuntimeStateStore(InMemoryRuntimeStateStore.create());
        int customers = 0;
        CrowdEngage previous = null;
        for (int run = 0; run < restarts; run++) {
            for (int i = 0; i < bookingsPerRun; i++, customers++) {
                boxOffice.addCustomer(Customer.builder("C" + customers).name("N", "S")
                        .mobile(PhoneNumber.parse(String.format("07400 %06d", 200_000 + customers), "GB")).build());
                boxOffice.addBooking(Booking.of("B" + customers, "C" + customers, "P1", Instant.parse("2026-04-10T12:00:00Z")));
            }
            if (previous != null && !sideBySide) {
                previous.close();
            }
            CrowdEngage.Builder builder = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                    .venueSettings(settings).flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent)
                    .sendLedger(sends).clock(clock).random(new Random(7)).throttle(Throttle.none())
                    .referencePrefix(prefix);
            CrowdEngage runtime = (withStateStore ? builder.runtimeState(state) : builder).build();
            runtime.tick();
            clock.advance(Duration.ofMinutes(1));
            previous = runtime;
        }

        assertThat(sends.all()).hasSize(customers);
        assertThat(sends.all()).extracting(SendRecord::reference).doesNotHaveDuplicates()
                .allSatisfy(reference -> assertThat(reference).startsWith(prefix));
        if (withStateStore) {
            assertThat(sends.all()).extracting(SendRecord::reference)
                    .allSatisfy(reference -> assertThat(reference.substring(prefix.length())).containsOnlyDigits());
        }
        assertThat(provider.all()).hasSize(customers);
    }
}
