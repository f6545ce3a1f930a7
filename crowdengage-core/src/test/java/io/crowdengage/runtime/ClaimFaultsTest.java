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
import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.ReferenceBlock;
import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A flow message is claimed with its first attempt in one write at its send time: what the runtime
 * does when that write, or the reference it needs, fails in the ways a database fails.
 */
@DisplayName("Claiming at send time, when it fails")
class ClaimFaultsTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).catchUp(Duration.ofHours(2)).build();
    static final PhoneNumber ALICE = PhoneNumber.parse("07400 500001", "GB");
    static final SendKey ALICES_REVIEW = new SendKey(REVIEW.id(), "P1", ALICE);

    final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySendLedger memory = InMemorySendLedger.create();
    final InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .throughputPerSecond(1_000).build();
    final List<DecisionEvent> events = new ArrayList<>();

    ClaimFaultsTest() {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith").mobile(ALICE).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", Instant.parse("2026-04-01T12:00:00Z")));
    }

    CrowdEngage.Builder wiring(SendLedger sends) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                        Sender.number(PhoneNumber.parse("07400 999999", "GB"))).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(InMemoryConsentLedger.create())
                .sendLedger(sends).clock(clock).throttle(Throttle.none()).listener(events::add).maxInFlight(1);
    }

    /** The provider was not called; the claim is recorded FAILED and reported so, once, for the store. */
    void claimRecordedFailedAndReported() {
        assertThat(provider.count()).isZero();
        assertThat(memory.find(ALICES_REVIEW).orElseThrow().status()).isEqualTo(SendStatus.FAILED);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
            assertThat(e.detail()).contains("it was claimed, but").contains("never sent again");
        });
    }

    /** The ledger's one write lands, and its answer is lost on the way back. */
    static Optional<SendRecord> claimThenLoseTheAnswer(SendLedger ledger, SendKey key,
                                                       String reference, String body, Instant at, Instant deadline) {
        ledger.claimAttempting(key, reference, body, at, deadline);
        throw new UncheckedIOException(new IOException("connection reset after the commit"));
    }

    @Test
    @DisplayName("a claim that landed but whose answer was lost is found by its reference, recorded FAILED and reported;"
            + " the provider is not called, and the message is not offered again")
    void claimLandedAnswerLost() {
        ForwardingSendLedger losesTheAnswer = new ForwardingSendLedger(memory) {
            @Override
            public Optional<SendRecord> claimAttempting(SendKey key, String reference, String body, Instant at,
                                                        Instant deadline) {
                return claimThenLoseTheAnswer(delegate, key, reference, body, at, deadline);
            }
        };
        CrowdEngage runtime = wiring(losesTheAnswer).build();

        runtime.tick();
        clock.advance(Duration.ofMinutes(1));
        runtime.tick();

        claimRecordedFailedAndReported();
    }

    @Test
    @DisplayName("when the ledger cannot say whether the claim landed, that is what is reported, nothing is sent, and a"
            + " claim that did land is never sent twice")
    void claimUncertain() {
        boolean[] failing = {true};
        ForwardingSendLedger flaky = new ForwardingSendLedger(memory) {
            @Override
            public Optional<SendRecord> claimAttempting(SendKey key, String reference, String body, Instant at,
                                                        Instant deadline) {
                return claimThenLoseTheAnswer(delegate, key, reference, body, at, deadline);
            }

            @Override
            public Optional<SendRecord> findByReference(String reference) {
                if (failing[0]) {
                    throw new UncheckedIOException(new IOException("connection refused"));
                }
                return delegate.findByReference(reference);
            }
        };
        CrowdEngage runtime = wiring(flaky).build();

        runtime.tick();

        assertThat(provider.count()).isZero();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DEFERRED);
            assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
            assertThat(e.detail()).contains("whether the claim was recorded is not known");
        });
        failing[0] = false;
        clock.advance(Duration.ofMinutes(1));
        runtime.tick();
        assertThat(provider.count()).as("the claim stands: the key is never offered again").isZero();
    }

    @Test
    @DisplayName("a state store that cannot reserve references (an anonymous class, say) defers the message with a reason;"
            + " the tick completes, and the message goes once the store answers")
    void referencesUnavailable() {
        InMemoryRuntimeStateStore state = InMemoryRuntimeStateStore.create();
        boolean[] down = {true};
        RuntimeStateStore flaky = new ForwardingRuntimeStateStore(state) {
            @Override
            public ReferenceBlock reserveReferences(int count) {
                if (down[0]) {
                    throw new UncheckedIOException(new IOException("connection refused"));
                }
                return delegate.reserveReferences(count);
            }
        };
        CrowdEngage runtime = wiring(memory).runtimeState(flaky).build();

        TickReport first = runtime.tick();

        assertThat(first.deferred()).isEqualTo(1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DEFERRED);
            assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
            assertThat(e.detail()).contains("reserving message references failed in " + flaky.getClass().getName());
        });
        down[0] = false;
        clock.advance(Duration.ofMinutes(1));
        assertThat(runtime.tick().sent()).isEqualTo(1);
        assertThat(memory.find(ALICES_REVIEW).orElseThrow().reference()).isEqualTo("ce-1");
    }

    @Test
    @DisplayName("a ledger that writes claim and attempt one after the other and refuses the second: the claim is ours,"
            + " so it is recorded FAILED and reported, not taken for another runtime's")
    void attemptRefusedAfterTheClaim() {
        ForwardingSendLedger refusesTheAttempt = new ForwardingSendLedger(memory) {
            @Override
            public void update(SendRecord record) {
                if (record.status() == SendStatus.CLAIMED) {
                    throw new IllegalStateException("refused by a trigger");
                }
                delegate.update(record);
            }
        };
        CrowdEngage runtime = wiring(refusesTheAttempt).build();

        runtime.tick();

        claimRecordedFailedAndReported();
    }
}
