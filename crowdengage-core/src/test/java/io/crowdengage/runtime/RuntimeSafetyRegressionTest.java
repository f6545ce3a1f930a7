package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.TestClock;
import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.consent.TicketingConsentRule;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendKey;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.StepId;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SentSms;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.sms.SmsProviderException;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each test here is a scenario a review found the runtime getting wrong, kept so it stays right:
 * sends racing a STOP, long ticks, late consent imports, reschedules the window query misses,
 * withdrawn ticketing consent, retries after a cancellation, and decisions that went unreported.
 */
@DisplayName("Runtime safety regressions")
class RuntimeSafetyRegressionTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber BOB = PhoneNumber.parse("07400 234567", "GB");
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final Instant BOOKED = Instant.parse("2026-04-01T12:00:00Z");

    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();
    static final FlowStep PRESHOW = FlowStep.builder("preshow").name("Pre-show")
            .template("{{ customer.first_name }}, doors open soon.")
            .timing(Timing.beforeStart(0, 0, 30)).build();
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Drinks").marketing()
            .template("{{ customer.first_name }}, pre-order a drink.")
            .timing(Timing.beforeStart(0, 2, 0)).build();

    final TestClock clock = new TestClock(london("2026-04-10T09:00:00"));
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemorySendLedger sends = InMemorySendLedger.create();
    final List<DecisionEvent> events = new ArrayList<>();
    InMemorySmsProvider provider;
    Customer alice;

    static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    @BeforeEach
    void season() {
        provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
                .capabilities(Capability.values()).throughputPerSecond(1000).build();
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        alice = Customer.builder("C1").name("Alice", "Smith").mobile(ALICE).tags(Set.of("marketing consent")).build();
        boxOffice.addCustomer(alice);
        boxOffice.addCustomer(Customer.builder("C2").name("Bob", "Jones").mobile(BOB).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", BOOKED));
        boxOffice.addBooking(Booking.of("B2", "C2", "P1", BOOKED.plusSeconds(60)));
    }

    VenueSettings.Builder settings() {
        return VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER));
    }

    CrowdEngage.Builder wiring(SmsProvider smsProvider, VenueSettings venueSettings, FlowStep... steps) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(smsProvider).venueSettings(venueSettings)
                .flows(List.of(Flow.of("F", List.of(steps)))).consentLedger(consent).sendLedger(sends)
                .clock(clock).random(new Random(7));
    }

    void tickUntil(CrowdEngage runtime, String localDateTime, Duration every) {
        Instant until = london(localDateTime);
        while (!clock.instant().isAfter(until)) {
            runtime.tick();
            clock.advance(every);
        }
    }

    List<String> bodiesTo(PhoneNumber number) {
        return provider.sentTo(number).stream().map(SentSms::body).toList();
    }

    List<DecisionEvent> eventsFor(PhoneNumber number) {
        return events.stream().filter(e -> e.to().equals(Optional.of(number))).toList();
    }

    @Nested
    @DisplayName("a STOP that arrives during a tick")
    class StopDuringTick {
        @Test
        @DisplayName("stops that tick's later send, even when stamped after the tick began")
        void stampedAfterTickStart() {
            CrowdEngage[] runtime = new CrowdEngage[1];
            // One send at a time: the STOP must land between Alice's send and Bob's.
            runtime[0] = wiring(provider, settings().build(), REVIEW).maxInFlight(1).throttle(Throttle.none()).listener(e -> {
                events.add(e);
                if (e.outcome() == Outcome.SENT && e.to().equals(Optional.of(ALICE))) {
                    clock.advance(Duration.ofSeconds(1));
                    runtime[0].onInboundSms(provider.inbound(BOB, VENUE_NUMBER.e164(), "STOP"));
                }
            }).build();
            clock.set(london("2026-04-10T22:30:00"));

            runtime[0].tick();

            assertThat(bodiesTo(BOB)).noneMatch(body -> body.contains("review"));
            assertThat(eventsFor(BOB)).anySatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED);
                assertThat(e.reason()).contains(Reason.OPTED_OUT);
            });
            // Checked before the claim, so Bob's review is not even claimed.
            assertThat(sends.claimed(new SendKey(REVIEW.id(), "P1", BOB))).isFalse();
        }

        @Test
        @DisplayName("stops the send when it lands after the send first read the clock but before its consent check")
        void landsBeforeTheCheckButAfterTheFirstReading() {
            VenueSettings express = settings()
                    .ticketingConsent(new TicketingConsentRule(Set.of(), Set.of("marketing consent"))).build();
            CrowdEngage[] runtime = new CrowdEngage[1];
            boolean[] armed = {false};
            // The send re-reads the customer between its first reading of the clock and its consent check:
            // a STOP recorded there, a second later, is the worst case for a check made at the first reading.
            TicketingSystem stopsOnReRead = new ForwardingTicketingSystem(boxOffice) {
                @Override
                public Optional<Customer> customer(String customerId) {
                    if (armed[0] && customerId.equals("C1")) {
                        armed[0] = false;
                        clock.advance(Duration.ofSeconds(1));
                        runtime[0].onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "STOP"));
                    }
                    return super.customer(customerId);
                }
            };
            runtime[0] = CrowdEngage.builder().ticketingSystem(stopsOnReRead).smsProvider(provider)
                    .venueSettings(express).flows(List.of(Flow.of("F", List.of(DRINKS)))).consentLedger(consent)
                    .sendLedger(sends).clock(clock).random(new Random(7)).listener(events::add)
                    .throttle(Throttle.none()).build();
            runtime[0].tick();
            clock.set(london("2026-04-10T17:30:00"));
            armed[0] = true;

            runtime[0].tick();

            assertThat(armed[0]).as("the STOP was injected").isFalse();
            assertThat(bodiesTo(ALICE)).noneMatch(body -> body.contains("drink"));
            assertThat(eventsFor(ALICE)).anySatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED);
                assertThat(e.reason()).contains(Reason.OPTED_OUT);
            });
        }

        @Test
        @DisplayName("is recorded without waiting for the tick to finish")
        void fromAnotherThread() throws Exception {
            CrowdEngage[] runtime = new CrowdEngage[1];
            CountDownLatch stopRecorded = new CountDownLatch(1);
            SmsProvider slow = new CrowdEngageTest.DelegatingProvider(provider) {
                @Override
                public SendResult send(OutboundSms message) {
                    SendResult result = super.send(message);
                    if (message.to().equals(ALICE)) {
                        Thread webhook = new Thread(() -> {
                            runtime[0].onInboundSms(new InboundSms(BOB, VENUE_NUMBER.e164(), "STOP", clock.instant()));
                            stopRecorded.countDown();
                        });
                        webhook.start();
                        try {
                            // The tick waits here, inside its lock, for the webhook thread: it must not need that lock.
                            assertThat(stopRecorded.await(10, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return result;
                }
            };
            // One send at a time, so that Bob's comes after Alice's, whose provider call lets the STOP in.
            runtime[0] = wiring(slow, settings().build(), REVIEW).maxInFlight(1).throttle(Throttle.none())
                    .listener(events::add).build();
            clock.set(london("2026-04-10T22:30:00"));

            runtime[0].tick();

            assertThat(stopRecorded.getCount()).isZero();
            assertThat(bodiesTo(BOB)).noneMatch(body -> body.contains("review"));
        }

        @Test
        @DisplayName("is confirmed once, however many STOPs follow")
        void confirmedOnce() {
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "STOP"));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "Reply STOP to unsubscribe"));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "stop"));
            runtime.awaitDispatched(Duration.ofSeconds(10));

            assertThat(provider.sentTo(ALICE)).hasSize(1);
            assertThat(consent.history(ALICE).records()).hasSize(3);
        }

        @Test
        @DisplayName("a START stamped before it, delivered late, leaves the number out and is not confirmed")
        void lateStartNotConfirmed() {
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            Instant stop = clock.instant();
            runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "STOP", stop));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            clock.advance(Duration.ofMinutes(2));
            runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "START", stop.minusSeconds(3)));
            runtime.awaitDispatched(Duration.ofSeconds(10));

            assertThat(consent.history(ALICE).stateAt(clock.instant()).optedOut()).isTrue();
            assertThat(bodiesTo(ALICE)).containsExactly(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION);
        }

        @Test
        @DisplayName("a STOP stamped before a START already recorded, delivered late, is not confirmed: the START stands")
        void lateStopNotConfirmed() {
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "STOP", clock.instant()));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            clock.advance(Duration.ofMinutes(1));
            Instant start = clock.instant();
            runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "START", start));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            clock.advance(Duration.ofMinutes(2));
            runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "STOP", start.minusSeconds(3)));
            runtime.awaitDispatched(Duration.ofSeconds(10));

            assertThat(consent.history(ALICE).stateAt(clock.instant()).optedOut()).isFalse();
            assertThat(bodiesTo(ALICE)).containsExactly(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION,
                    VenueSettings.DEFAULT_OPT_IN_CONFIRMATION);
        }
    }

    @Nested
    @DisplayName("a long tick")
    class LongTick {
        @Test
        @DisplayName("does not send a before-the-show message after the start, however long throttling takes")
        void throttledPastTheStart() {
            for (int i = 0; i < 5; i++) {
                boxOffice.addCustomer(Customer.builder("X" + i).name("X" + i, "Y")
                        .mobile(PhoneNumber.parse("07400 30000" + i, "GB")).build());
                boxOffice.addBooking(Booking.of("BX" + i, "X" + i, "P1", BOOKED));
            }
            // Each send waits 20 s for the throttle: seven sends from 19:29 would run to 19:31:20.
            // One send at a time: the throttle moves the test clock, which every send in flight would see at once.
            CrowdEngage runtime = wiring(provider, settings().build(), PRESHOW).listener(events::add).maxInFlight(1)
                    .throttle(() -> clock.advance(Duration.ofSeconds(20))).build();
            clock.set(london("2026-04-10T19:29:00"));

            runtime.tick();

            Instant start = london("2026-04-10T19:30:00");
            assertThat(provider.all()).isNotEmpty().allSatisfy(sms -> assertThat(sms.acceptedAt()).isBefore(start));
            assertThat(events).filteredOn(e -> e.outcome() == Outcome.SKIPPED)
                    .isNotEmpty().allSatisfy(e -> assertThat(e.reason()).contains(Reason.TOO_LATE));
            assertThat(provider.all().size() + events.stream().filter(e -> e.outcome() == Outcome.SKIPPED).count())
                    .isEqualTo(7);
        }

        @Test
        @DisplayName("holds a send that would now fall in quiet hours until they end")
        void runsIntoQuietHours() {
            FlowStep evening = FlowStep.builder("evening").name("Evening").template("Hi {{ customer.first_name }}")
                    .timing(Timing.afterStart(0, 1, 59)).catchUp(Duration.ofHours(14)).build(); // due 21:29
            VenueSettings quiet = settings().quietHours(QuietHours.between("21:30", "09:00")).build();
            // One send at a time: the throttle moves the test clock, which every send in flight would see at once.
            CrowdEngage runtime = wiring(provider, quiet, evening).listener(events::add).maxInFlight(1)
                    .throttle(() -> clock.advance(Duration.ofSeconds(40))).build();
            clock.set(london("2026-04-10T21:29:00"));

            runtime.tick();

            assertThat(provider.all()).allSatisfy(sms -> assertThat(sms.acceptedAt()).isBefore(london("2026-04-10T21:30:00")));
            assertThat(events).anySatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.DEFERRED);
                assertThat(e.reason()).contains(Reason.QUIET_HOURS);
            });

            clock.set(london("2026-04-11T09:00:00"));
            runtime.tick();
            assertThat(provider.sentTo(ALICE)).hasSize(1);
            assertThat(provider.sentTo(BOB)).hasSize(1);
        }
    }

    @Nested
    @DisplayName("the consent history")
    class ConsentOrder {
        @Test
        @DisplayName("is read in time order: an old consent imported after a newer STOP does not lift it")
        void oldImportAfterStop() {
            Instant consentGiven = Instant.parse("2025-06-01T10:00:00Z");
            Instant stop = Instant.parse("2026-03-01T10:00:00Z");
            ConsentHistory history = ConsentHistory.of(List.of(
                    new ConsentRecord.OptedOut(ALICE, stop, ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"),
                    new ConsentRecord.ExpressConsent(ALICE, consentGiven, ConsentEvidence.of("web form", "Offers by text"))));

            assertThat(history.stateAt(Instant.parse("2026-04-01T00:00:00Z")).optedOut()).isTrue();
            assertThat(history.stateAt(Instant.parse("2026-04-01T00:00:00Z")).marketingBasis()).isEmpty();
            assertThat(history.records().get(0)).isInstanceOf(ConsentRecord.OptedOut.class);
        }

        @Test
        @DisplayName("a START redelivered late, stamped before a later STOP, does not re-subscribe")
        void lateStartWebhook() {
            Instant stop = Instant.parse("2026-03-01T10:00:00Z");
            ConsentHistory history = ConsentHistory.of(List.of(
                    new ConsentRecord.OptedOut(ALICE, stop, ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"),
                    new ConsentRecord.OptedIn(ALICE, stop.minusSeconds(300), "START")));

            assertThat(history.stateAt(stop.plusSeconds(60)).optedOut()).isTrue();
        }
    }

    @Nested
    @DisplayName("the season")
    class SeasonChanges {
        @Test
        @DisplayName("follows a performance moved out of the read window, instead of messaging at the old time")
        void rescheduledFarAway() {
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            runtime.tick();
            boxOffice.reschedule("P1", LocalDateTime.parse("2026-04-30T19:30:00"));
            clock.set(london("2026-04-10T22:25:00"));

            tickUntil(runtime, "2026-04-10T22:40:00", Duration.ofMinutes(1));

            assertThat(provider.all()).isEmpty();
        }

        @Test
        @DisplayName("loads every booking of a performance first met through the change feed")
        void performanceFirstSeenThroughFeed() {
            Event macbeth = boxOffice.addEvent(new Event("E2", "Macbeth", Duration.ofMinutes(120), RawAttributes.empty()));
            boxOffice.addPerformance(Performance.of("P2", macbeth, LocalDateTime.parse("2026-05-01T19:30:00")));
            boxOffice.addBooking(Booking.of("B-old", "C1", "P2", Instant.parse("2026-04-09T10:00:00Z")));
            clock.set(london("2026-04-25T10:00:00"));
            boxOffice.addBooking(Booking.of("B-new", "C2", "P2", clock.instant()));
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            runtime.tick();
            clock.set(london("2026-05-01T22:25:00"));

            tickUntil(runtime, "2026-05-01T22:40:00", Duration.ofMinutes(1));

            assertThat(bodiesTo(ALICE)).containsExactly("Alice, please review Macbeth.");
            assertThat(bodiesTo(BOB)).containsExactly("Bob, please review Macbeth.");
        }

        @Test
        @DisplayName("re-reads a customer before marketing that rests on their ticketing consent, and sees it withdrawn")
        void ticketingConsentWithdrawn() {
            VenueSettings express = settings()
                    .ticketingConsent(new TicketingConsentRule(Set.of(), Set.of("marketing consent"))).build();
            CrowdEngage runtime = wiring(provider, express, DRINKS).listener(events::add).throttle(Throttle.none()).build();
            runtime.tick();
            boxOffice.replaceCustomer(alice.toBuilder().tags(Set.of()).build());
            clock.set(london("2026-04-10T17:25:00"));

            tickUntil(runtime, "2026-04-10T17:40:00", Duration.ofMinutes(1));

            assertThat(provider.sentTo(ALICE)).isEmpty();
            assertThat(eventsFor(ALICE)).anySatisfy(e -> assertThat(e.reason()).contains(Reason.NO_MARKETING_CONSENT));
        }

        @Test
        @DisplayName("with ticketing consent still given, the marketing message goes")
        void ticketingConsentStillGiven() {
            VenueSettings express = settings()
                    .ticketingConsent(new TicketingConsentRule(Set.of(), Set.of("marketing consent"))).build();
            CrowdEngage runtime = wiring(provider, express, DRINKS).listener(events::add).throttle(Throttle.none()).build();
            clock.set(london("2026-04-10T17:30:00"));

            runtime.tick();

            assertThat(bodiesTo(ALICE)).containsExactly("Alice, pre-order a drink.\nReply STOP to opt out");
            assertThat(provider.sentTo(BOB)).isEmpty();
        }
    }

    @Nested
    @DisplayName("a retry")
    class Retries {
        @Test
        @DisplayName("after the show moved earlier, is judged by the new start, not the deadline it was claimed with")
        void showMovedEarlier() {
            provider.failNext(ALICE, 1, InMemorySmsProvider.FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
            Duration[] throttleWait = {Duration.ZERO};
            CrowdEngage runtime = wiring(provider, settings().build(), PRESHOW).listener(events::add).maxInFlight(1)
                    .throttle(() -> clock.advance(throttleWait[0])).build();
            clock.set(london("2026-04-10T19:00:00"));
            runtime.tick(); // due at 19:00: Bob's goes, Alice's fails and waits for a retry
            boxOffice.reschedule("P1", LocalDateTime.parse("2026-04-10T19:10:00"));
            clock.set(london("2026-04-10T19:09:50"));
            throttleWait[0] = Duration.ofSeconds(20);

            runtime.tick(); // the retry is still allowed at 19:09:50, but the throttle holds it until 19:10:10

            Instant newStart = london("2026-04-10T19:10:00");
            assertThat(provider.sentTo(ALICE)).allSatisfy(sms -> assertThat(sms.acceptedAt()).isBefore(newStart));
            assertThat(eventsFor(ALICE)).last().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED);
                assertThat(e.reason()).contains(Reason.TOO_LATE);
            });
        }

        @Test
        @DisplayName("is not sent once the performance is cancelled, and says why")
        void afterCancellation() {
            provider.failNext(ALICE, 1, InMemorySmsProvider.FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            clock.set(london("2026-04-10T22:30:00"));
            runtime.tick();
            boxOffice.cancelPerformance("P1");
            clock.advance(Duration.ofMinutes(1));

            tickUntil(runtime, "2026-04-10T23:30:00", Duration.ofMinutes(1));

            assertThat(provider.sentTo(ALICE)).isEmpty();
            assertThat(eventsFor(ALICE)).anySatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED);
                assertThat(e.reason()).contains(Reason.PERFORMANCE_CANCELLED);
            });
        }

        @Test
        @DisplayName("an adapter that cannot even attempt a send records a failure, not an unknown")
        void adapterRefusal() {
            SmsProvider refusing = new CrowdEngageTest.DelegatingProvider(provider) {
                @Override
                public SendResult send(OutboundSms message) {
                    throw SmsProviderException.refused(FailureReason.REJECTED_CONTENT, "body not supported");
                }
            };
            CrowdEngage runtime = wiring(refusing, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            clock.set(london("2026-04-10T22:30:00"));

            runtime.tick();

            assertThat(sends.find(new SendKey(REVIEW.id(), "P1", ALICE)).orElseThrow().status()).isEqualTo(SendStatus.FAILED);
            assertThat(eventsFor(ALICE)).extracting(DecisionEvent::outcome).containsExactly(Outcome.FAILED);
        }
    }

    @Nested
    @DisplayName("reporting")
    class Reporting {
        @Test
        @DisplayName("a message that waited for quiet hours and then missed its deadline is reported as missed")
        void deferredThenTooLate() {
            // Due 18:00, deferred to the end of quiet hours at 19:25, before the 19:30 start; but the runtime
            // ticks only every 15 minutes, and the tick after 19:22 comes at 19:37, after the start.
            FlowStep evening = FlowStep.builder("evening").name("Evening").template("Hi {{ customer.first_name }}")
                    .timing(Timing.beforeStart(0, 1, 30)).build();
            VenueSettings quiet = settings().quietHours(QuietHours.between("17:00", "19:25")).build();
            CrowdEngage runtime = wiring(provider, quiet, evening).listener(events::add).throttle(Throttle.none()).build();
            clock.set(london("2026-04-10T17:52:00"));

            tickUntil(runtime, "2026-04-10T19:40:00", Duration.ofMinutes(15));

            assertThat(provider.sentTo(ALICE)).isEmpty();
            assertThat(eventsFor(ALICE)).extracting(DecisionEvent::outcome)
                    .containsExactly(Outcome.DEFERRED, Outcome.SKIPPED);
            assertThat(eventsFor(ALICE).get(1).reason()).contains(Reason.TOO_LATE);
        }

        @Test
        @DisplayName("deadlines that passed while the runtime was down are reported after a restart")
        void missedWhileDown() {
            CrowdEngage before = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            clock.set(london("2026-04-10T22:00:00"));
            before.tick();
            Instant lastTick = before.lastTickAt().orElseThrow();
            clock.set(london("2026-04-11T00:31:00"));
            CrowdEngage after = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).lastTickAt(lastTick).build();

            after.tick();

            assertThat(provider.all()).isEmpty();
            assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.reason()).contains(Reason.TOO_LATE));
        }

        @Test
        @DisplayName("a delivery report that carries only the provider's id still finds its send")
        void reportByProviderId() {
            CrowdEngage runtime = wiring(provider, settings().build(), REVIEW).listener(events::add)
                    .throttle(Throttle.none()).build();
            clock.set(london("2026-04-10T22:30:00"));
            runtime.tick();
            String providerId = provider.sentTo(ALICE).get(0).providerMessageId();

            runtime.onDeliveryReport(new DeliveryReport(providerId, Optional.empty(), DeliveryStatus.DELIVERED, clock.instant(),
                    Optional.empty()));

            assertThat(sends.find(new SendKey(REVIEW.id(), "P1", ALICE)).orElseThrow().status())
                    .isEqualTo(SendStatus.DELIVERED);
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("a one-way sender may not send a notice or confirmations that tell people to reply")
        void oneWaySender() {
            VenueSettings alphanumeric = VenueSettings.builder(VENUE, Sender.alphanumeric("Playhouse"))
                    .optOutFooter("Text STOP to 60123").softOptIn(SoftOptIn.enabledWithDefaultNotice())
                    .optOutConfirmation(Optional.of(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION)).build();

            assertThatThrownBy(() -> wiring(provider, alphanumeric, REVIEW).build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("venueSettings.softOptIn.template")
                    .hasMessageContaining("venueSettings.optOutConfirmation")
                    .hasMessageNotContaining("venueSettings.optInConfirmation");
        }

        @Test
        @DisplayName("a one-way sender's default confirmations offer nothing by reply, and build")
        void oneWaySenderDefaults() {
            VenueSettings alphanumeric = VenueSettings.builder(VENUE, Sender.alphanumeric("Playhouse"))
                    .optOutFooter("Text STOP to 60123").build();

            assertThat(alphanumeric.optOutConfirmation()).contains(VenueSettings.DEFAULT_ONE_WAY_OPT_OUT_CONFIRMATION);
            assertThat(alphanumeric.optInConfirmation()).contains(VenueSettings.DEFAULT_ONE_WAY_OPT_IN_CONFIRMATION);
            assertThat(wiring(provider, alphanumeric, REVIEW).build()).isNotNull();
        }

        @Test
        @DisplayName("a notice whose STOP is never rendered does not count as offering it")
        void stopHiddenInCondition() {
            VenueSettings hidden = settings().softOptIn(SoftOptIn.enabledWith(
                    "Thanks for booking.{% if false %} Reply STOP to opt out.{% endif %}")).build();

            assertThatThrownBy(() -> wiring(provider, hidden, REVIEW).build())
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("must tell people how to refuse");
        }

        @Test
        @DisplayName("a step a whole day after the end is accepted (the window's end is inside it); a minute more is refused")
        void dayAfterEnd() {
            FlowStep atEnd = FlowStep.builder("late").name("Late").template("Hi").timing(Timing.afterEnd(1, 0, 0)).build();
            assertThat(Flow.of("F", List.of(atEnd)).steps()).hasSize(1);

            FlowStep late = FlowStep.builder("later").name("Later").template("Hi").timing(Timing.afterEnd(1, 0, 1)).build();
            assertThatThrownBy(() -> Flow.of("F", List.of(late)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("can never fall inside the messaging window");
        }
    }

    @Nested
    @DisplayName("personal data")
    class PersonalData {
        @Test
        @DisplayName("a customer prints its id and masked mobile only, not its raw fields")
        void customerToString() {
            Customer customer = Customer.builder("C5").name("Ann", "Bee").mobile(ALICE)
                    .raw(RawAttributes.of(Map.of("mobile", "07400 123456", "email", "ann@example.com"))).build();

            assertThat(customer.toString()).contains("C5").contains(ALICE.masked())
                    .doesNotContain("123456").doesNotContain("Ann").doesNotContain("example.com");
            assertThat(customer.raw().toString()).contains("mobile").doesNotContain("123456");
        }

        @Test
        @DisplayName("a step id in a key is not mistaken for data")
        void keyStillMasked() {
            assertThat(new SendKey(StepId.of("review"), "P1", ALICE).toString()).doesNotContain("123456");
        }
    }
}
