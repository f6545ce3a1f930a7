package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
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
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A store or the ticketing system failing where the runtime reads or writes them: each message is
 * reported for what happened to it, the others go on, and nothing recorded is written over untruly.
 */
@DisplayName("Store and feed failures, message by message")
class StoreFailuresTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber BOB = PhoneNumber.parse("07400 234567", "GB");
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();
    static final SendKey BOBS_REVIEW = new SendKey(REVIEW.id(), "P1", BOB);

    final TestClock clock = new TestClock(london("2026-04-10T09:00:00"));
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemorySendLedger sends = InMemorySendLedger.create();
    final List<DecisionEvent> events = new ArrayList<>();
    InMemorySmsProvider provider;

    static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    @BeforeEach
    void season() {
        provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
                .capabilities(Capability.values()).throughputPerSecond(1000).build();
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith").mobile(ALICE).build());
        boxOffice.addCustomer(Customer.builder("C2").name("Bob", "Jones").mobile(BOB).build());
    }

    void bookBoth(Instant at) {
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", at));
        boxOffice.addBooking(Booking.of("B2", "C2", "P1", at.plusSeconds(60)));
    }

    CrowdEngage.Builder wiring(TicketingSystem ticketing, SendLedger ledger, ConsentLedger consentLedger,
                               VenueSettings settings) {
        return CrowdEngage.builder().ticketingSystem(ticketing).smsProvider(provider).venueSettings(settings)
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consentLedger).sendLedger(ledger)
                .clock(clock).random(new Random(7)).throttle(Throttle.none()).listener(events::add);
    }

    VenueSettings settings() {
        return VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build();
    }

    List<DecisionEvent> eventsTo(PhoneNumber number) {
        return events.stream().filter(e -> e.to().equals(Optional.of(number))).toList();
    }

    @Nested
    @DisplayName("a read that fails while the tick plans")
    class WhilePlanning {
        @Test
        @DisplayName("of one key's claim: that message is reported STORE_UNAVAILABLE, the others go, the tick completes")
        void claimReadFails() {
            bookBoth(london("2026-04-01T12:00:00"));
            SendLedger ledger = new ForwardingSendLedger(sends) {
                @Override
                public boolean claimed(SendKey key) {
                    if (key.equals(BOBS_REVIEW)) {
                        throw new IllegalStateException("statement timeout");
                    }
                    return delegate.claimed(key);
                }
            };
            CrowdEngage runtime = wiring(boxOffice, ledger, consent, settings()).build();
            clock.set(london("2026-04-10T22:30:00"));

            TickReport report = runtime.tick();

            assertThat(report.sent()).isEqualTo(1);
            assertThat(provider.sentTo(ALICE)).hasSize(1);
            assertThat(provider.sentTo(BOB)).isEmpty();
            assertThat(eventsTo(BOB)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.DEFERRED);
                assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
            });
        }

        @Test
        @DisplayName("of one number's consent: that message is reported STORE_UNAVAILABLE (not OPTED_OUT), and goes once the store answers")
        void consentReadFails() {
            bookBoth(london("2026-04-01T12:00:00"));
            boolean[] failing = {true};
            ConsentLedger flaky = new ConsentLedger() {
                @Override
                public void append(ConsentRecord record) {
                    consent.append(record);
                }

                @Override
                public ConsentHistory history(PhoneNumber phone) {
                    if (failing[0] && phone.equals(BOB)) {
                        throw new IllegalStateException("connection reset");
                    }
                    return consent.history(phone);
                }
            };
            CrowdEngage runtime = wiring(boxOffice, sends, flaky, settings()).build();
            clock.set(london("2026-04-10T22:30:00"));

            assertThat(runtime.tick().sent()).isEqualTo(1);
            assertThat(eventsTo(BOB)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.DEFERRED);
                assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
            });

            failing[0] = false;
            clock.advance(Duration.ofMinutes(1));
            assertThat(runtime.tick().sent()).isEqualTo(1);
            assertThat(provider.sentTo(BOB)).hasSize(1);
        }

        @Test
        @DisplayName("of the unsettled records: retries wait, what is due now still goes")
        void unsettledReadFails() {
            bookBoth(london("2026-04-01T12:00:00"));
            SendLedger ledger = new ForwardingSendLedger(sends) {
                @Override
                public List<SendRecord> unsettled() {
                    throw new IllegalStateException("too many connections");
                }
            };
            CrowdEngage runtime = wiring(boxOffice, ledger, consent, settings()).build();
            clock.set(london("2026-04-10T22:30:00"));

            assertThat(runtime.tick().sent()).isEqualTo(2);
        }
    }

    @Nested
    @DisplayName("a write that fails after the provider answered")
    class AfterTheProvider {
        @Test
        @DisplayName("an accepted message is reported SENT, is not recorded FAILED, and a restart reports it unknown, not resent")
        void acceptedButNotRecorded() {
            bookBoth(london("2026-04-01T12:00:00"));
            SendLedger ledger = new ForwardingSendLedger(sends) {
                @Override
                public void update(SendRecord record) {
                    if (record.status() == SendStatus.ACCEPTED && record.key().equals(BOBS_REVIEW)) {
                        throw new IllegalStateException("connection reset");
                    }
                    delegate.update(record);
                }
            };
            CrowdEngage runtime = wiring(boxOffice, ledger, consent, settings()).build();
            clock.set(london("2026-04-10T22:30:00"));

            runtime.tick();

            assertThat(provider.sentTo(BOB)).hasSize(1);
            assertThat(eventsTo(BOB)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.SENT);
                assertThat(e.detail()).contains("recording that failed").contains("unknown");
            });
            SendRecord left = sends.find(BOBS_REVIEW).orElseThrow();
            assertThat(left.status()).isEqualTo(SendStatus.CLAIMED);
            assertThat(left.attempts()).isEqualTo(1);

            events.clear();
            CrowdEngage restarted = wiring(boxOffice, sends, consent, settings()).build();
            clock.advance(Duration.ofMinutes(1));
            restarted.tick();

            assertThat(provider.sentTo(BOB)).hasSize(1);
            assertThat(eventsTo(BOB)).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
                assertThat(e.reason()).contains(Reason.OUTCOME_UNKNOWN);
            });
            assertThat(sends.find(BOBS_REVIEW).orElseThrow().status()).isEqualTo(SendStatus.UNKNOWN);
        }
    }

    @Nested
    @DisplayName("a ticketing outage longer than a day")
    class LongOutage {
        @Test
        @DisplayName("the soft opt-in notices of bookings made during it are reported TOO_LATE, not dropped in silence")
        void lateNoticesReported() {
            boolean[] down = {false};
            TicketingSystem flaky = new ForwardingTicketingSystem(boxOffice) {
                @Override
                public BookingChanges bookingsChangedSince(ChangeCursor cursor) {
                    if (down[0]) {
                        throw new TicketingException(TicketingException.Reason.UNAVAILABLE, "box office down");
                    }
                    return super.bookingsChangedSince(cursor);
                }
            };
            VenueSettings withNotices = VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER))
                    .softOptIn(SoftOptIn.enabledWithDefaultNotice()).build();
            clock.set(london("2026-04-08T09:00:00"));
            CrowdEngage runtime = wiring(flaky, sends, consent, withNotices).build();
            runtime.tick();
            down[0] = true;
            clock.advance(Duration.ofMinutes(1));
            bookBoth(clock.instant());
            for (int hour = 0; hour < 26; hour++) {
                clock.advance(Duration.ofHours(1));
                runtime.tick();
            }
            down[0] = false;
            clock.advance(Duration.ofMinutes(1));
            runtime.tick();

            assertThat(provider.sentTo(ALICE)).isEmpty();
            assertThat(events.stream().filter(e -> e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE))
                    .extracting(e -> e.customer().orElseThrow() + ":" + e.outcome() + ":" + e.reason().orElseThrow())
                    .containsExactlyInAnyOrder("C1:SKIPPED:TOO_LATE", "C2:SKIPPED:TOO_LATE");
        }

        @Test
        @DisplayName("bookings already there when a runtime first starts, confirmed days ago, get no notice and no report")
        void backfillSilent() {
            bookBoth(london("2026-04-01T12:00:00"));
            VenueSettings withNotices = VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER))
                    .softOptIn(SoftOptIn.enabledWithDefaultNotice()).build();
            CrowdEngage runtime = wiring(boxOffice, sends, consent, withNotices).build();

            runtime.tick();

            assertThat(events.stream().filter(e -> e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE)).isEmpty();
        }
    }
}
