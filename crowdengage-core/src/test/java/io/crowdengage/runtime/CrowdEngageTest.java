package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.TestClock;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendKey;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.StepId;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendStatus;
import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.Returns;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.template.TemplateFunctionException;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.ticketing.TicketingException;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The CrowdEngage runtime")
class CrowdEngageTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber BOB = PhoneNumber.parse("07400 234567", "GB");
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final Instant BOOKED = Instant.parse("2026-03-10T12:00:00Z");
    static final String REVIEW_TEMPLATE = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, please review {{ event.name }}.\n{% endif %}";

    static Instant london(String local) {
        return LocalDateTime.parse(local).atZone(LONDON).toInstant();
    }

    final TestClock clock = new TestClock(london("2026-03-28T09:00:00"));
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemorySendLedger sends = InMemorySendLedger.create();
    final List<DecisionEvent> events = new ArrayList<>();
    InMemorySmsProvider provider;

    static final FlowStep REVIEW = FlowStep.builder("review").name("Review request").template(REVIEW_TEMPLATE)
            .performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID"))
            .timing(Timing.afterStart(0, 3, 0)).build();
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Drinks").marketing()
            .template("{{ customer.first_name }}, pre-order an interval drink at the bar.")
            .timing(Timing.beforeStart(0, 2, 0)).build();

    @BeforeEach
    void season() {
        provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
                .capabilities(Capability.values()).throughputPerSecond(1000).build();
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345"))));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-03-28T19:30:00")));
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith").mobile(ALICE).build());
        boxOffice.addCustomer(Customer.builder("C2").name("Bob", "Jones").mobile(BOB).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", BOOKED));
        boxOffice.addBooking(Booking.of("B2", "C2", "P1", BOOKED.plusSeconds(60)));
    }

    CrowdEngage.Builder wiring(SmsProvider smsProvider, VenueSettings settings, FlowStep... steps) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(smsProvider).venueSettings(settings)
                .flows(List.of(Flow.of("Default Flow", List.of(steps)))).consentLedger(consent).sendLedger(sends)
                .clock(clock).listener(events::add).random(new Random(7)).throttle(Throttle.none())
                .referencePrefix("t-");
    }

    static VenueSettings settings() {
        return VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build();
    }

    CrowdEngage runtime(FlowStep... steps) {
        return wiring(provider, settings(), steps).build();
    }

    void tickUntil(CrowdEngage runtime, String local) {
        Instant until = london(local);
        while (!clock.instant().isAfter(until)) {
            runtime.tick();
            clock.advance(Duration.ofMinutes(1));
        }
    }

    List<DecisionEvent> events(Outcome outcome) {
        return events.stream().filter(e -> e.outcome() == outcome).toList();
    }

    @Test
    @DisplayName("sends the review request at 22:30 to each booker, rendered, and records it")
    void sendsDueMessages() {
        CrowdEngage runtime = runtime(REVIEW);
        tickUntil(runtime, "2026-03-28T22:29:00");
        assertThat(provider.count()).isZero();
        tickUntil(runtime, "2026-03-28T23:00:00");
        assertThat(provider.sentTo(ALICE)).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo("Alice, please review Hamlet."));
        assertThat(provider.sentTo(BOB)).hasSize(1);
        assertThat(events(Outcome.SENT)).hasSize(2).allSatisfy(e -> {
            assertThat(e.purpose()).isEqualTo(MessagePurpose.TRANSACTIONAL);
            assertThat(e.segments()).isEqualTo(1);
        });
        assertThat(sends.find(new SendKey(REVIEW.id(), "P1", ALICE)).orElseThrow().status()).isEqualTo(SendStatus.ACCEPTED);
    }

    @Test
    @DisplayName("a STOP arriving between planning and sending blocks the send")
    void stopBetweenPlanAndSend() {
        StopOnSend stopBobWhenAliceIsSent = new StopOnSend();
        CrowdEngage runtime = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(settings()).flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent)
                .sendLedger(sends).clock(clock).listener(stopBobWhenAliceIsSent::accept).throttle(Throttle.none())
                .maxInFlight(1) // one send at a time: the STOP must land between Alice's send and Bob's
                .build();
        stopBobWhenAliceIsSent.runtime = runtime;
        clock.set(london("2026-03-28T22:30:00"));
        runtime.tick();
        runtime.awaitDispatched(Duration.ofSeconds(10));
        assertThat(provider.sentTo(ALICE)).extracting(SentSms::body).containsExactly("Alice, please review Hamlet.");
        assertThat(provider.sentTo(BOB)).extracting(SentSms::body)
                .containsExactly(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(e.reason()).contains(Reason.OPTED_OUT);
            assertThat(e.to()).contains(BOB);
            assertThat(e.detail()).contains("checked again at send time");
        });
        assertThat(sends.claimed(new SendKey(REVIEW.id(), "P1", BOB))).isFalse();
    }

    @Nested
    @DisplayName("at most once")
    class AtMostOnce {
        @Test
        @DisplayName("a crash after the provider accepted but before recording: the restarted runtime reports UNKNOWN and never resends")
        void crashBetweenAcceptAndRecord() {
            SmsProvider crashing = new DelegatingProvider(provider) {
                @Override
                public SendResult send(OutboundSms message) {
                    SendResult result = super.send(message);
                    throw new SimulatedCrash();
                }
            };
            // One at a time, so that the simulated crash stops the tick where it happens, as a real one would.
            CrowdEngage first = wiring(crashing, settings(), REVIEW).maxInFlight(1).build();
            clock.set(london("2026-03-28T22:30:00"));
            assertThatThrownBy(first::tick).isInstanceOf(SimulatedCrash.class);
            assertThat(provider.count()).isEqualTo(1);
            assertThat(sends.unsettled()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(SendStatus.CLAIMED));

            events.clear();
            CrowdEngage restarted = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                    .venueSettings(settings()).flows(List.of(Flow.of("Default Flow", List.of(REVIEW))))
                    .consentLedger(consent).sendLedger(sends).clock(clock).listener(events::add)
                    .throttle(Throttle.none()).build();
            tickUntil(restarted, "2026-03-29T01:00:00");
            assertThat(events(Outcome.UNKNOWN)).singleElement().satisfies(e -> {
                assertThat(e.detail()).contains("not sent again");
                assertThat(e.reason()).contains(Reason.OUTCOME_UNKNOWN);
            });
            assertThat(provider.all()).extracting(SentSms::to).containsExactlyInAnyOrder(ALICE, BOB);
            assertThat(provider.duplicates()).isEmpty();
        }

        @Test
        @DisplayName("a provider call that throws is recorded as UNKNOWN and not retried")
        void providerThrows() {
            SmsProvider throwing = new DelegatingProvider(provider) {
                @Override
                public SendResult send(OutboundSms message) {
                    super.send(message);
                    throw new IllegalStateException("connection reset after the request was written");
                }
            };
            CrowdEngage runtime = wiring(throwing, settings(), REVIEW).build();
            tickUntil(runtime, "2026-03-29T01:00:00");
            assertThat(provider.count()).isEqualTo(2);
            assertThat(events(Outcome.UNKNOWN)).hasSize(2)
                    .allSatisfy(e -> assertThat(e.reason()).contains(Reason.OUTCOME_UNKNOWN));
            assertThat(provider.duplicates()).isEmpty();
        }
    }

    @Nested
    @DisplayName("retries")
    class Retries {
        @Test
        @DisplayName("transient failures are retried with backoff, with the same body and reference, until accepted")
        void retriedUntilAccepted() {
            provider.failNext(ALICE, 2, InMemorySmsProvider.FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
            CrowdEngage runtime = runtime(REVIEW);
            tickUntil(runtime, "2026-03-28T23:30:00");
            List<InMemorySmsProvider.SendAttempt> toAlice = provider.attempts().stream()
                    .filter(a -> a.message().to().equals(ALICE)).toList();
            assertThat(toAlice).hasSize(3);
            assertThat(toAlice).extracting(a -> a.message().reference()).containsOnly(toAlice.get(0).message().reference());
            assertThat(toAlice).extracting(a -> a.message().body()).containsOnly("Alice, please review Hamlet.");
            assertThat(toAlice.get(2).result()).isInstanceOf(SendResult.Accepted.class);
            assertThat(events(Outcome.DEFERRED)).hasSize(2)
                    .allSatisfy(e -> assertThat(e.reason()).contains(Reason.PROVIDER_RETRYING));
        }

        @Test
        @DisplayName("retries stop at the deadline and the send is recorded as failed")
        void stopAtDeadline() {
            provider.failNext(ALICE, 1000, InMemorySmsProvider.FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
            CrowdEngage runtime = wiring(provider, settings(), REVIEW)
                    .retryPolicy(new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(10), 2.0, 100)).build();
            tickUntil(runtime, "2026-03-29T03:00:00");
            Instant deadline = london("2026-03-29T00:30:00");
            assertThat(provider.attempts().stream().filter(a -> a.message().to().equals(ALICE)))
                    .isNotEmpty().allSatisfy(a -> assertThat(a.at()).isBefore(deadline));
            assertThat(sends.find(new SendKey(REVIEW.id(), "P1", ALICE)).orElseThrow().status()).isEqualTo(SendStatus.FAILED);
            assertThat(events(Outcome.FAILED)).singleElement().satisfies(e -> {
                assertThat(e.to()).contains(ALICE);
                assertThat(e.reason()).contains(Reason.RETRIES_EXHAUSTED);
            });
        }

        @Test
        @DisplayName("a permanent 'opted out at the provider' is not retried and becomes an opt-out in our ledger")
        void optedOutAtProvider() {
            provider.optOutAtProvider(ALICE);
            CrowdEngage runtime = runtime(REVIEW);
            tickUntil(runtime, "2026-03-28T23:00:00");
            assertThat(events(Outcome.FAILED)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains(Reason.PROVIDER_REFUSED));
            assertThat(consent.history(ALICE).stateAt(clock.instant()).optedOut()).isTrue();
        }
    }

    @Nested
    @DisplayName("the soft opt-in")
    class SoftOptInNotices {
        VenueSettings softOptIn = VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER))
                .softOptIn(SoftOptIn.enabledWithDefaultNotice()).build();

        @Test
        @DisplayName("a new booking gets the notice at once; its acceptance makes the number eligible for marketing")
        void noticeThenMarketing() {
            CrowdEngage runtime = wiring(provider, softOptIn, DRINKS).build();
            runtime.tick();
            assertThat(provider.count()).as("bookings weeks old when first seen get no notice").isZero();
            boxOffice.cancelBooking("B1", clock.instant());
            boxOffice.addBooking(Booking.of("B9", "C1", "P1", clock.instant()));
            runtime.tick();
            assertThat(provider.sentTo(ALICE)).singleElement().satisfies(m ->
                    assertThat(m.body()).isEqualTo("Thanks for booking Hamlet at The Playhouse. We may text you offers"
                            + " related to your visit around the time of the performance. Reply STOP to opt out."));
            assertThat(consent.history(ALICE).softOptInNoticeEverSent()).isTrue();
            tickUntil(runtime, "2026-03-28T17:30:00");
            assertThat(provider.sentTo(ALICE)).hasSize(2).last().satisfies(m ->
                    assertThat(m.body()).isEqualTo("Alice, pre-order an interval drink at the bar.\nReply STOP to opt out"));
        }

        @Test
        @DisplayName("a notice reported undelivered is no basis: the offer is skipped, and the notice is not sent again")
        void undeliveredNoticeIsNoBasis() {
            CrowdEngage runtime = wiring(provider, softOptIn, DRINKS).build();
            runtime.tick();
            boxOffice.cancelBooking("B1", clock.instant());
            boxOffice.addBooking(Booking.of("B9", "C1", "P1", clock.instant()));
            runtime.tick();
            SentSms notice = provider.sentTo(ALICE).get(0);
            clock.advance(Duration.ofMinutes(5));
            runtime.onDeliveryReport(provider.deliveryReport(notice, DeliveryStatus.UNDELIVERED));
            assertThat(consent.history(ALICE).stateAt(clock.instant()).softOptInSince()).isEmpty();

            boxOffice.addBooking(Booking.of("B10", "C1", "P1", clock.instant()));
            tickUntil(runtime, "2026-03-28T17:30:00");
            assertThat(provider.sentTo(ALICE)).containsExactly(notice);
            assertThat(events(Outcome.SKIPPED)).filteredOn(e -> e.to().equals(Optional.of(ALICE)))
                    .extracting(e -> e.reason().orElseThrow()).containsOnly(Reason.NO_MARKETING_CONSENT);
        }

        @Test
        @DisplayName("never twice to a number, and never to a number that opted out")
        void noticeOncePerNumber() {
            consent.append(new ConsentRecord.OptedOut(BOB, BOOKED, ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
            boxOffice.addPerformance(Performance.of("P2", boxOffice.events().get(0), LocalDateTime.parse("2026-03-29T14:00:00")));
            boxOffice.addBooking(Booking.of("B3", "C1", "P2", clock.instant()));
            boxOffice.addBooking(Booking.of("B4", "C1", "P1", clock.instant()));
            boxOffice.addBooking(Booking.of("B5", "C2", "P1", clock.instant()));
            CrowdEngage runtime = wiring(provider, softOptIn, DRINKS).build();
            tickUntil(runtime, "2026-03-28T10:00:00");
            assertThat(provider.sentTo(ALICE)).hasSize(1);
            assertThat(provider.sentTo(BOB)).isEmpty();
        }

        @Test
        @DisplayName("without the notice, marketing is skipped for want of a basis")
        void noNoticeNoMarketing() {
            CrowdEngage runtime = runtime(DRINKS);
            tickUntil(runtime, "2026-03-28T18:00:00");
            assertThat(provider.count()).isZero();
            assertThat(events(Outcome.SKIPPED)).extracting(e -> e.reason().orElseThrow())
                    .containsOnly(Reason.NO_MARKETING_CONSENT);
        }
    }

    @Nested
    @DisplayName("inbound texts and replies")
    class Inbound {
        @Test
        @DisplayName("STOP is recorded, confirmed once, and stops transactional messages; START resubscribes")
        void stopAndStart() {
            CrowdEngage runtime = runtime(REVIEW);
            clock.set(london("2026-03-28T20:00:00"));
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "Stop."));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            assertThat(provider.sentTo(ALICE)).extracting(SentSms::body)
                    .containsExactly(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION);
            tickUntil(runtime, "2026-03-28T23:00:00");
            assertThat(provider.sentTo(ALICE)).hasSize(1);
            assertThat(events(Outcome.SKIPPED)).anySatisfy(e -> assertThat(e.reason()).contains(Reason.OPTED_OUT));
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "START"));
            runtime.awaitDispatched(Duration.ofSeconds(10));
            assertThat(consent.history(ALICE).stateAt(clock.instant()).optedOut()).isFalse();
            assertThat(provider.sentTo(ALICE)).last().satisfies(m ->
                    assertThat(m.body()).isEqualTo(VenueSettings.DEFAULT_OPT_IN_CONFIRMATION));
        }

        @Test
        @DisplayName("a probable opt-out is treated as an opt-out and flagged")
        void probable() {
            CrowdEngage runtime = runtime(REVIEW);
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "please stop texting me"));
            ConsentRecord.OptedOut record = (ConsentRecord.OptedOut) consent.history(ALICE).records().get(0);
            assertThat(record.probable()).isTrue();
        }

        @Test
        @DisplayName("staff may reply within 24 hours of a text, never with marketing, never after an opt-out")
        void replies() {
            CrowdEngage runtime = runtime(REVIEW);
            assertThat(runtime.reply(ALICE, "Doors open at 18:45.", MessageKind.TRANSACTIONAL).reason())
                    .contains(Reason.NO_OPEN_CONVERSATION);
            runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "What time do doors open?"));
            assertThat(runtime.reply(ALICE, "Doors open at 18:45.", MessageKind.TRANSACTIONAL).outcome())
                    .isEqualTo(Outcome.SENT);
            assertThat(runtime.reply(ALICE, "Half-price drinks!", MessageKind.MARKETING).reason())
                    .contains(Reason.NO_MARKETING_CONSENT);
            clock.advance(Duration.ofHours(24));
            assertThat(runtime.reply(ALICE, "Still there?", MessageKind.TRANSACTIONAL).reason())
                    .contains(Reason.NO_OPEN_CONVERSATION);
            assertThat(provider.sentTo(ALICE)).extracting(SentSms::body).containsExactly("Doors open at 18:45.");
        }

        @Test
        @DisplayName("delivery reports move accepted sends to DELIVERED or FAILED")
        void deliveryReports() {
            CrowdEngage runtime = runtime(REVIEW);
            tickUntil(runtime, "2026-03-28T22:31:00");
            runtime.onDeliveryReport(provider.deliveryReport(provider.sentTo(ALICE).get(0), DeliveryStatus.DELIVERED));
            runtime.onDeliveryReport(provider.deliveryReport(provider.sentTo(BOB).get(0), DeliveryStatus.EXPIRED));
            assertThat(sends.find(new SendKey(REVIEW.id(), "P1", ALICE)).orElseThrow().status()).isEqualTo(SendStatus.DELIVERED);
            assertThat(sends.find(new SendKey(REVIEW.id(), "P1", BOB)).orElseThrow().status()).isEqualTo(SendStatus.FAILED);
        }
    }

    @Test
    @DisplayName("when the ticketing system cannot be read, nothing new is sent that tick")
    void ticketingDown() {
        CrowdEngage runtime = runtime(REVIEW);
        clock.set(london("2026-03-28T22:30:00"));
        boxOffice.failNext(1, TicketingException.Reason.UNAVAILABLE);
        assertThat(runtime.tick().sent()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(runtime.tick().sent()).isEqualTo(2);
    }

    @Test
    @DisplayName("configuration problems are all reported at once")
    void configurationProblems() {
        FlowStep typo = REVIEW.toBuilder().template("{{ show_scor_url(event.id) }}").build();
        VenueSettings bad = VenueSettings.builder(VENUE, Sender.alphanumeric("Playhouse"))
                .softOptIn(SoftOptIn.enabledWith("Thanks for booking {{ event.name }}.")).build();
        assertThatThrownBy(() -> CrowdEngage.builder().smsProvider(provider).venueSettings(bad)
                .flows(List.of(Flow.of("F", List.of(typo)))).tickInterval(Duration.ofHours(1)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_CONFIGURATION);
                    assertThat(e.problems()).extracting(ValidationException.Problem::path).contains(
                            "ticketingSystem", "tickInterval", "venueSettings.softOptIn.template",
                            "flows[0].steps[0] 'review'.template");
                    // No marketing step, so the footer ("Reply STOP...") is never sent from the one-way sender.
                    assertThat(e.problems()).extracting(ValidationException.Problem::path)
                            .doesNotContain("venueSettings.optOutFooter");
                    assertThat(e.getMessage()).contains("unknown function 'show_scor_url'")
                            .contains("must tell people how to refuse");
                });
    }

    /** A partner-link function that answers as the test says, counting calls. */
    static final class SwitchableLink implements TemplateFunction {
        volatile Optional<TemplateFunctionException.Reason> refusing = Optional.empty();
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String name() {
            return "partner_link";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public Returns returns() {
            return Returns.url(30, 60);
        }

        @Override
        public boolean mayDoIo() {
            return true;
        }

        @Override
        public Object call(FunctionContext context, List<Object> arguments) {
            calls.incrementAndGet();
            refusing.ifPresent(reason -> {
                throw new TemplateFunctionException(reason, "the partner said " + reason, null);
            });
            return "https://partner.test/" + arguments.get(0) + "/" + context.booking().id();
        }
    }

    static final FlowStep LINKED_REVIEW = FlowStep.builder("linked-review").name("Review with a partner link")
            .template("{{ customer.first_name }}: {{ partner_link(event.raw.attribute_ShowScoreID) }}")
            .timing(Timing.afterStart(0, 3, 0)).catchUp(Duration.ofMinutes(30)).build();

    CrowdEngage linkedRuntime(SwitchableLink link) {
        return wiring(provider, settings(), LINKED_REVIEW)
                .templateFunctions(TemplateFunctions.builder().register(link).build()).build();
    }

    @Nested
    @DisplayName("a template function that says why it has no value")
    class FunctionsThatSayWhy {
        @Test
        @DisplayName("'not now' defers the send, reported once, and it goes out on a later tick with the value")
        void retryLaterDefersUntilTheFunctionAnswers() {
            SwitchableLink link = new SwitchableLink();
            link.refusing = Optional.of(TemplateFunctionException.Reason.RETRY_LATER);
            CrowdEngage runtime = linkedRuntime(link);
            tickUntil(runtime, "2026-03-28T22:35:00");
            assertThat(provider.count()).as("never sent with a hole").isZero();
            assertThat(events(Outcome.DEFERRED)).hasSize(2).allSatisfy(e -> {
                assertThat(e.reason()).contains(Reason.FUNCTION_UNAVAILABLE);
                assertThat(e.detail()).startsWith("'partner_link': the partner said RETRY_LATER")
                        .contains("trying again on later ticks");
            });
            assertThat(sends.unsettled()).as("nothing claimed while waiting").isEmpty();
            assertThat(link.calls.get()).as("tried again every tick").isEqualTo(2 * 6);

            link.refusing = Optional.empty();
            tickUntil(runtime, "2026-03-28T22:36:00");
            assertThat(provider.sentTo(ALICE)).singleElement()
                    .satisfies(m -> assertThat(m.body()).isEqualTo("Alice: https://partner.test/12345/B1"));
            assertThat(provider.count()).isEqualTo(2);
            assertThat(events(Outcome.SKIPPED)).isEmpty();
        }

        @Test
        @DisplayName("'not now' until the deadline ends as TOO_LATE, reported after the deferral")
        void retryLaterUntilTheDeadlineIsReportedTooLate() {
            SwitchableLink link = new SwitchableLink();
            link.refusing = Optional.of(TemplateFunctionException.Reason.RETRY_LATER);
            CrowdEngage runtime = linkedRuntime(link);
            tickUntil(runtime, "2026-03-28T23:10:00");
            assertThat(provider.count()).isZero();
            assertThat(events).filteredOn(e -> e.to().equals(Optional.of(ALICE)))
                    .extracting(e -> e.outcome() + " " + e.reason().orElseThrow())
                    .containsExactly("DEFERRED FUNCTION_UNAVAILABLE", "SKIPPED TOO_LATE");
        }

        @Test
        @DisplayName("a misconfigured function defers too, so fixing it before the deadline still sends")
        void misconfiguredDefers() {
            SwitchableLink link = new SwitchableLink();
            link.refusing = Optional.of(TemplateFunctionException.Reason.MISCONFIGURED);
            CrowdEngage runtime = linkedRuntime(link);
            TickReport first = null;
            while (!clock.instant().isAfter(london("2026-03-28T22:30:00"))) {
                first = runtime.tick();
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(first.deferred()).isEqualTo(2);
            assertThat(first.skipped()).isZero();
            link.refusing = Optional.empty();
            tickUntil(runtime, "2026-03-28T22:40:00");
            assertThat(provider.count()).isEqualTo(2);
        }

        @Test
        @DisplayName("'not for this argument' skips the recipient with FUNCTION_NO_VALUE, once")
        void noValueSkips() {
            SwitchableLink link = new SwitchableLink();
            link.refusing = Optional.of(TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT);
            CrowdEngage runtime = linkedRuntime(link);
            tickUntil(runtime, "2026-03-28T22:40:00");
            assertThat(provider.count()).isZero();
            assertThat(events(Outcome.SKIPPED)).hasSize(2)
                    .allSatisfy(e -> assertThat(e.reason()).contains(Reason.FUNCTION_NO_VALUE));
            assertThat(events(Outcome.DEFERRED)).isEmpty();
        }
    }

    @Test
    @DisplayName("render preparers hear about each tick's batch before rendering; one that fails does not stop sends")
    void renderPreparers() {
        List<List<String>> batches = new ArrayList<>();
        CrowdEngage runtime = wiring(provider, settings(), REVIEW)
                .renderPreparer(batch -> batches.add(batch.stream().map(c -> c.customer().firstName()).toList()))
                .renderPreparer(batch -> {
                    throw new IllegalStateException("partner API down");
                })
                .build();
        tickUntil(runtime, "2026-03-28T22:35:00");
        assertThat(batches).containsExactly(List.of("Alice", "Bob"));
        assertThat(provider.count()).isEqualTo(2);
    }

    @Test
    @DisplayName("start() ticks on a schedule and close() stops after the tick in progress")
    void startAndClose() throws Exception {
        clock.set(london("2026-03-28T22:30:00"));
        CrowdEngage runtime = wiring(provider, settings(), REVIEW).tickInterval(Duration.ofMillis(20)).build();
        runtime.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (provider.count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        runtime.close();
        assertThat(provider.count()).isEqualTo(2);
        assertThat(sends.unsettled()).isEmpty();
        assertThatThrownBy(() -> {
            runtime.start();
            runtime.start();
        }).isInstanceOf(IllegalStateException.class);
        runtime.close();
    }

    @Test
    @DisplayName("explain says why, now")
    void explain() {
        CrowdEngage runtime = runtime(REVIEW);
        runtime.tick();
        assertThat(runtime.explain(new SendKey(StepId.of("review"), "P1", ALICE)).explanation()).contains("not due yet");
    }

    /** When Alice's message goes, Bob replies STOP: after the plan that included him, before his send. */
    final class StopOnSend implements Consumer<DecisionEvent> {
        CrowdEngage runtime;

        @Override
        public void accept(DecisionEvent e) {
            events.add(e);
            if (e.outcome() == Outcome.SENT && e.to().equals(Optional.of(ALICE))) {
                runtime.onInboundSms(provider.inbound(BOB, VENUE_NUMBER.e164(), "STOP"));
            }
        }
    }

    /** Stands for the process dying: not an exception the runtime could handle. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Passes everything to another provider; tests override {@code send}. */
    static class DelegatingProvider implements SmsProvider {
        private final SmsProvider delegate;

        DelegatingProvider(SmsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public double throughputPerSecond() {
            return delegate.throughputPerSecond();
        }

        @Override
        public SendResult send(OutboundSms message) {
            return delegate.send(message);
        }
    }
}
