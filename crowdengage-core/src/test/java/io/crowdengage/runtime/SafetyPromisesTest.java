package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.TestClock;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendKey;
import io.crowdengage.error.ValidationException;
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
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingSystem;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The promises an integrator found broken by driving the public API from outside (issue 12): each
 * test failed on the runtime before its fix.
 */
@DisplayName("Safety promises at the edges")
class SafetyPromisesTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber BOB = PhoneNumber.parse("07400 234567", "GB");
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Drinks").marketing()
            .template("{{ customer.first_name }}, pre-order a drink.")
            .timing(Timing.beforeStart(0, 2, 0)).build();

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

    VenueSettings.Builder settings() {
        return VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER));
    }

    CrowdEngage.Builder wiring(TicketingSystem ticketing, SmsProvider smsProvider, SendLedger ledger,
                               VenueSettings venueSettings, FlowStep... steps) {
        return CrowdEngage.builder().ticketingSystem(ticketing).smsProvider(smsProvider).venueSettings(venueSettings)
                .flows(List.of(Flow.of("F", List.of(steps)))).consentLedger(consent).sendLedger(ledger)
                .clock(clock).random(new Random(7)).throttle(Throttle.none()).listener(events::add);
    }

    List<String> bodiesTo(PhoneNumber number) {
        return provider.sentTo(number).stream().map(SentSms::body).toList();
    }

    List<DecisionEvent> events(Predicate<DecisionEvent> which) {
        return events.stream().filter(which).toList();
    }

    @Nested
    @DisplayName("1. a soft opt-in notice must tell people how to refuse")
    class NoticeOffersRefusal {
        @Test
        @DisplayName("notices that only contain a word like a keyword are refused, naming the setting and quoting the text")
        void lookalikesRefused() {
            for (String notice : List.of("Non-stop laughs tonight!", "To cancel your tickets call the box office.",
                    "The show will end at 10pm", "Please remove bags from seats")) {
                VenueSettings venueSettings = settings().softOptIn(SoftOptIn.enabledWith(notice)).build();
                assertThatThrownBy(() -> wiring(boxOffice, provider, sends, venueSettings, DRINKS).build())
                        .as(notice)
                        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                                .anySatisfy(p -> {
                                    assertThat(p.path()).isEqualTo("venueSettings.softOptIn.template");
                                    assertThat(p.message()).contains("must tell people how to refuse").contains(notice);
                                }));
            }
        }

        @Test
        @DisplayName("so no drinks offer can go out on the strength of one")
        void noMarketingOnALookalike() {
            // Before the fix, this notice was accepted, sent, and the drinks offer followed on its basis.
            VenueSettings venueSettings = settings().softOptIn(SoftOptIn.enabledWith(
                    "Thanks for booking {{ event.name }}: non-stop laughs tonight!")).build();
            assertThatThrownBy(() -> wiring(boxOffice, provider, sends, venueSettings, DRINKS).build())
                    .isInstanceOf(ValidationException.class);
        }

        @Test
        @DisplayName("an instruction inside a branch that can be false does not count, even if the sample takes it")
        void branchesDoNotCount() {
            for (String notice : List.of(
                    "Thanks for booking.{% if customer.first_name %} Reply STOP to opt out.{% endif %}",
                    "Thanks.{% unless customer.first_name == 'x' %} Reply STOP to opt out.{% endunless %}",
                    "Thanks.{% for t in customer.tags %} Reply STOP to opt out.{% endfor %}",
                    "Thanks.{% if customer.first_name %} Reply STOP.{% else %} Text STOP to 60123.{% endif %}",
                    "Thanks.{% comment %} Reply STOP to opt out.{% endcomment %}")) {
                VenueSettings venueSettings = settings().softOptIn(SoftOptIn.enabledWith(notice)).build();
                assertThatThrownBy(() -> wiring(boxOffice, provider, sends, venueSettings, DRINKS).build())
                        .as(notice).isInstanceOf(ValidationException.class)
                        .hasMessageContaining("venueSettings.softOptIn.template");
            }
        }

        @Test
        @DisplayName("an instruction every version carries is accepted: reply, text to a number, or the venue's footer")
        void realInstructionsAccepted() {
            for (String notice : List.of(
                    "Thanks for booking {{ event.name }}. Reply STOP to opt out.",
                    "Thanks{% if customer.first_name %}, {{ customer.first_name }}{% endif %}! Text STOP to 60123 to opt out.",
                    "Thanks. To refuse offers, reply with the word 'stop'.",
                    "Thanks. We may text you offers. No more? STOP to 60123 TO OPT OUT",
                    "Thanks. We may text you offers; Unsubscribe: STOP to 60123")) {
                VenueSettings venueSettings = settings().optOutFooter("Unsubscribe: STOP to 60123")
                        .softOptIn(SoftOptIn.enabledWith(notice)).build();
                assertThat(wiring(boxOffice, provider, sends, venueSettings, DRINKS).build()).as(notice).isNotNull();
            }
        }

        @Test
        @DisplayName("the footer, which every marketing text carries, must be an instruction too")
        void footerMustInstruct() {
            VenueSettings venueSettings = settings().optOutFooter("Non-stop deals!").build();
            assertThatThrownBy(() -> wiring(boxOffice, provider, sends, venueSettings, DRINKS).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("venueSettings.optOutFooter")
                    .hasMessageContaining("Non-stop deals!");
            assertThat(wiring(boxOffice, provider, sends, venueSettings, REVIEW).build()).isNotNull();
        }

        @Test
        @DisplayName("the simulator's check is the runtime's: ConfigurationCheck gives the same verdict")
        void oneImplementation() {
            VenueSettings venueSettings = settings().softOptIn(SoftOptIn.enabledWith("STOPPED? Non-stop fun!")).build();
            ConfigurationCheck.Result result = ConfigurationCheck.of(venueSettings,
                    List.of(Flow.of("F", List.of(DRINKS))), io.crowdengage.template.TemplateFunctions.none());
            assertThat(result.valid()).isFalse();
            assertThat(result.errors()).extracting(ValidationException.Problem::path)
                    .containsExactly("venueSettings.softOptIn.template");
        }
    }

    @Nested
    @DisplayName("3. message references")
    class References {
        @Test
        @DisplayName("stay unique after a restart on the same ledger with a fixed prefix, and sending goes on")
        void uniqueAfterRestart() {
            bookBoth(london("2026-04-01T12:00:00"));
            clock.set(london("2026-04-10T22:30:00"));
            CrowdEngage first = wiring(boxOffice, provider, sends, settings().build(), REVIEW)
                    .referencePrefix("playhouse-").build();
            boxOffice.cancelBooking("B2", clock.instant().minusSeconds(3600));
            assertThat(first.tick().sent()).isEqualTo(1);
            first.close();
            // A new booking arrives late; the restarted runtime must send its review despite the same prefix.
            boxOffice.addCustomer(Customer.builder("C3").name("Cara", "Hill").mobile(PhoneNumber.parse("07400 345678", "GB")).build());
            boxOffice.addBooking(Booking.of("B3", "C3", "P1", london("2026-04-10T19:00:00")));
            CrowdEngage second = wiring(boxOffice, provider, sends, settings().build(), REVIEW)
                    .referencePrefix("playhouse-").build();
            clock.advance(Duration.ofMinutes(1));

            assertThat(second.tick().sent()).isEqualTo(1);
            assertThat(sends.all()).extracting(SendRecord::reference).doesNotHaveDuplicates()
                    .allSatisfy(reference -> assertThat(reference).startsWith("playhouse-"));
            assertThat(events(e -> e.customer().equals(Optional.of("C3")))).extracting(DecisionEvent::outcome)
                    .containsExactly(Outcome.SENT);
        }
    }

    @Nested
    @DisplayName("3. a storage error during a tick")
    class StorageErrors {
        @Test
        @DisplayName("before the claim: reported STORE_UNAVAILABLE for that message only, the others go, it goes when the store is back")
        void claimFails() {
            bookBoth(london("2026-04-01T12:00:00"));
            FailingLedger ledger = new FailingLedger(sends);
            ledger.failClaimsTo = Optional.of(BOB);
            CrowdEngage runtime = wiring(boxOffice, provider, ledger, settings().build(), REVIEW).build();
            clock.set(london("2026-04-10T22:30:00"));

            assertThat(runtime.tick().sent()).isEqualTo(1);
            assertThat(bodiesTo(ALICE)).hasSize(1);
            assertThat(bodiesTo(BOB)).isEmpty();
            assertThat(events(e -> e.to().equals(Optional.of(BOB)))).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.DEFERRED);
                assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
                assertThat(e.detail()).contains("claim").doesNotContain(BOB.e164());
            });

            ledger.failClaimsTo = Optional.empty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(runtime.tick().sent()).isEqualTo(1);
            assertThat(bodiesTo(BOB)).hasSize(1);
        }

        @Test
        @DisplayName("after the claim: not sent, reported FAILED with STORE_UNAVAILABLE, never sent later")
        void attemptRecordFails() {
            bookBoth(london("2026-04-01T12:00:00"));
            FailingLedger ledger = new FailingLedger(sends);
            ledger.failAttemptsTo = Optional.of(BOB);
            CrowdEngage runtime = wiring(boxOffice, provider, ledger, settings().build(), REVIEW).build();
            clock.set(london("2026-04-10T22:30:00"));

            runtime.tick();
            ledger.failAttemptsTo = Optional.empty();
            clock.advance(Duration.ofMinutes(1));
            runtime.tick();

            assertThat(bodiesTo(ALICE)).hasSize(1);
            assertThat(bodiesTo(BOB)).isEmpty();
            assertThat(events(e -> e.to().equals(Optional.of(BOB)))).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(e.reason()).contains(Reason.STORE_UNAVAILABLE);
            });
            assertThat(events(e -> e.reason().filter(r -> r == Reason.TOO_LATE).isPresent())).isEmpty();
        }

        @Test
        @DisplayName("a store's error quoting a customer's row (name, email, number) reaches no decision's detail")
        void storeErrorQuotingACustomer() {
            bookBoth(london("2026-04-01T12:00:00"));
            SendLedger ledger = new ForwardingSendLedger(sends) {
                @Override
                public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at,
                                                  Instant deadline) {
                    if (key.to().equals(BOB)) {
                        throw new IllegalStateException("insert failed: Failing row contains (C2, Bob Jones,"
                                + " bob.jones@example.org, 07400 234567)",
                                new java.sql.SQLException("duplicate key for Bob Jones", "23505"));
                    }
                    return delegate.claim(key, reference, body, at, deadline);
                }

                @Override
                public void update(SendRecord record) {
                    if (record.key().to().equals(ALICE) && record.status() == SendStatus.CLAIMED) {
                        throw new RuntimeException("lock timeout on row (C1, Alice Smith, alice@example.org)");
                    }
                    delegate.update(record);
                }
            };
            CrowdEngage runtime = wiring(boxOffice, provider, ledger, settings().build(), REVIEW).build();
            clock.set(london("2026-04-10T22:30:00"));

            runtime.tick();

            assertThat(events).extracting(DecisionEvent::reason).containsOnly(Optional.of(Reason.STORE_UNAVAILABLE));
            assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.detail())
                    .contains("failed in")
                    .doesNotContain("Bob").doesNotContain("Jones").doesNotContain("Alice Smith")
                    .doesNotContain("example.org").doesNotContain("234567").doesNotContain("Failing row"));
            assertThat(events(e -> e.to().equals(Optional.of(BOB)))).singleElement().satisfies(e -> assertThat(e.detail())
                    .contains("the send ledger's claim").contains("IllegalStateException").contains("SQLState 23505"));
        }
    }

    @Nested
    @DisplayName("5. a soft opt-in notice is never silently lost")
    class NoticeNotLost {
        @Test
        @DisplayName("a sync that fails partway (second customer's read) does not mark the first booking seen: both notices go")
        void partialSync() {
            FlakyCustomerReads ticketing = new FlakyCustomerReads(boxOffice, "C2");
            CrowdEngage runtime = wiring(ticketing, provider, sends,
                    settings().softOptIn(SoftOptIn.enabledWithDefaultNotice()).build(), REVIEW).build();
            runtime.tick();
            bookBoth(clock.instant().minusSeconds(120));
            clock.advance(Duration.ofMinutes(1));
            runtime.tick(); // C2's read fails: nothing is taken as seen
            clock.advance(Duration.ofMinutes(1));
            runtime.tick();

            assertThat(ticketing.failures.get()).isEqualTo(1);
            assertThat(bodiesTo(ALICE)).hasSize(1).allSatisfy(b -> assertThat(b).contains("Reply STOP"));
            assertThat(bodiesTo(BOB)).hasSize(1);
            assertThat(consent.history(ALICE).softOptInNoticeEverSent()).isTrue();
        }

        @Test
        @DisplayName("a notice not sent is reported with its reason (no mobile, opted out)")
        void skippedNoticesReported() {
            boxOffice.addCustomer(Customer.builder("C3").name("Cara", "Hill").build());
            CrowdEngage runtime = wiring(boxOffice, provider, sends,
                    settings().softOptIn(SoftOptIn.enabledWithDefaultNotice()).build(), REVIEW).build();
            runtime.onInboundSms(new InboundSms(BOB, VENUE_NUMBER.e164(), "STOP", clock.instant()));
            runtime.tick();
            bookBoth(clock.instant().minusSeconds(120));
            boxOffice.addBooking(Booking.of("B3", "C3", "P1", clock.instant().minusSeconds(60)));
            clock.advance(Duration.ofMinutes(1));
            runtime.tick();

            assertThat(events(e -> e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE))
                    .extracting(e -> e.customer().orElseThrow() + ":" + e.outcome() + e.reason().map(r -> ":" + r).orElse(""))
                    .containsExactlyInAnyOrder("C1:SENT", "C2:SKIPPED:OPTED_OUT", "C3:SKIPPED:NO_VALID_MOBILE");
        }
    }

    @Nested
    @DisplayName("6. confirmations only for a change of state")
    class Confirmations {
        @Test
        @DisplayName("five STARTs from a number that never opted out get no text; STOP then START get one each, with their own purposes")
        void onlyChangesConfirmed() {
            CrowdEngage runtime = wiring(boxOffice, provider, sends, settings().build(), REVIEW).build();
            for (int i = 0; i < 5; i++) {
                runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "START", clock.instant()));
                runtime.awaitDispatched(Duration.ofSeconds(10));
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(bodiesTo(ALICE)).isEmpty();

            for (String text : List.of("STOP", "STOP", "START", "START")) {
                runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), text, clock.instant()));
                runtime.awaitDispatched(Duration.ofSeconds(10));
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(bodiesTo(ALICE)).containsExactly(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION,
                    VenueSettings.DEFAULT_OPT_IN_CONFIRMATION);
            assertThat(events(e -> e.outcome() == Outcome.SENT)).extracting(DecisionEvent::purpose)
                    .containsExactly(MessagePurpose.OPT_OUT_CONFIRMATION, MessagePurpose.OPT_IN_CONFIRMATION);
        }
    }

    @Nested
    @DisplayName("9. one-way senders")
    class OneWaySenders {
        final Sender alphanumeric = Sender.alphanumeric("Playhouse");

        @Test
        @DisplayName("a transactional-only configuration from an alphanumeric sender is valid, with the default footer")
        void transactionalOnlyValid() {
            VenueSettings venueSettings = VenueSettings.builder(VENUE, alphanumeric).build();
            assertThat(venueSettings.optOutFooter()).contains("Reply STOP");
            ConfigurationCheck.Result result = ConfigurationCheck.of(venueSettings, List.of(Flow.of("F", List.of(REVIEW))),
                    io.crowdengage.template.TemplateFunctions.none());
            assertThat(result.errors()).isEmpty();
            assertThat(result.warnings()).extracting(ValidationException.Problem::path).containsExactly("venueSettings.sender");
            assertThat(wiring(boxOffice, provider, sends, venueSettings, REVIEW).build()).isNotNull();
        }

        @Test
        @DisplayName("what would really be sent and says 'reply' is refused: the footer of a marketing step, an enabled notice")
        void replyOffersRefused() {
            VenueSettings marketing = VenueSettings.builder(VENUE, alphanumeric).build();
            assertThatThrownBy(() -> wiring(boxOffice, provider, sends, marketing, REVIEW, DRINKS).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("venueSettings.optOutFooter")
                    .hasMessageNotContaining("venueSettings.softOptIn");
            VenueSettings notice = VenueSettings.builder(VENUE, alphanumeric).optOutFooter("Text STOP to 60123 to opt out")
                    .softOptIn(SoftOptIn.enabledWithDefaultNotice()).build();
            assertThatThrownBy(() -> wiring(boxOffice, provider, sends, notice, REVIEW, DRINKS).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("venueSettings.softOptIn.template")
                    .hasMessageNotContaining("venueSettings.optOutFooter");
            VenueSettings fine = VenueSettings.builder(VENUE, alphanumeric).optOutFooter("Text STOP to 60123 to opt out")
                    .softOptIn(SoftOptIn.enabledWith("Thanks for booking. Text STOP to 60123 to opt out of offers."))
                    .build();
            assertThat(wiring(boxOffice, provider, sends, fine, REVIEW, DRINKS).build()).isNotNull();
        }
    }

    @Nested
    @DisplayName("4. provider texts in decisions and logs")
    class ProviderTexts {
        @Test
        @DisplayName("a provider's failure text quoting the number is masked in the decision")
        void failureTextMasked() {
            bookBoth(london("2026-04-01T12:00:00"));
            SmsProvider refusing = new ScriptedProvider(message -> new SendResult.PermanentFailure(
                    FailureReason.INVALID_NUMBER, "21211",
                    "The 'To' number " + message.to().e164() + " is not a valid phone number."));
            CrowdEngage runtime = wiring(boxOffice, refusing, sends, settings().build(), REVIEW).build();
            clock.set(london("2026-04-10T22:30:00"));
            runtime.tick();

            assertThat(events(e -> e.outcome() == Outcome.FAILED)).hasSize(2).allSatisfy(e -> {
                assertThat(e.detail()).contains("is not a valid phone number").contains("21211")
                        .doesNotContain(ALICE.e164()).doesNotContain(BOB.e164())
                        .doesNotContain("7400123456").doesNotContain("7400234567");
                assertThat(e.toLogLine()).doesNotContain("123456").doesNotContain("234567");
            });
            assertThat(sends.all()).allSatisfy(r -> assertThat(r.detail()).doesNotContain("123456").doesNotContain("234567"));
        }
    }

    @Nested
    @DisplayName("10. a delivery report naming two messages")
    class MismatchedReport {
        @Test
        @DisplayName("one message's reference with another's provider id changes neither")
        void ignored() {
            bookBoth(london("2026-04-01T12:00:00"));
            CrowdEngage runtime = wiring(boxOffice, provider, sends, settings().build(), REVIEW).build();
            clock.set(london("2026-04-10T22:30:00"));
            runtime.tick();
            SendRecord alice = sends.find(new SendKey(REVIEW.id(), "P1", ALICE)).orElseThrow();
            SendRecord bob = sends.find(new SendKey(REVIEW.id(), "P1", BOB)).orElseThrow();

            runtime.onDeliveryReport(new DeliveryReport(bob.providerMessageId().orElseThrow(),
                    Optional.of(alice.reference()), DeliveryStatus.FAILED, clock.instant(), Optional.empty()));

            assertThat(sends.find(alice.key()).orElseThrow().status()).isEqualTo(SendStatus.ACCEPTED);
            assertThat(sends.find(alice.key()).orElseThrow().providerMessageId()).isEqualTo(alice.providerMessageId());
            assertThat(sends.find(bob.key()).orElseThrow().status()).isEqualTo(SendStatus.ACCEPTED);

            runtime.onDeliveryReport(new DeliveryReport(alice.providerMessageId().orElseThrow(),
                    Optional.of(alice.reference()), DeliveryStatus.DELIVERED, clock.instant(), Optional.empty()));
            assertThat(sends.find(alice.key()).orElseThrow().status()).isEqualTo(SendStatus.DELIVERED);
        }
    }

    /** A send ledger that fails, as a database would, for chosen numbers. */
    static final class FailingLedger extends ForwardingSendLedger {
        volatile Optional<PhoneNumber> failClaimsTo = Optional.empty();
        volatile Optional<PhoneNumber> failAttemptsTo = Optional.empty();

        FailingLedger(SendLedger delegate) {
            super(delegate);
        }

        @Override
        public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
            if (failClaimsTo.equals(Optional.of(key.to()))) {
                throw new IllegalStateException("connection refused while claiming for " + key.to().e164());
            }
            return delegate.claim(key, reference, body, at, deadline);
        }

        @Override
        public void update(SendRecord record) {
            if (record.status() == SendStatus.CLAIMED && failAttemptsTo.equals(Optional.of(record.key().to()))) {
                // As a database driver fails: the store is unreachable, not refusing the move.
                throw new UncheckedIOException(new IOException("connection reset"));
            }
            delegate.update(record);
        }
    }

    /** A ticketing system whose read of one customer fails once. */
    static final class FlakyCustomerReads extends ForwardingTicketingSystem {
        final String customerId;
        final AtomicInteger failures = new AtomicInteger();

        FlakyCustomerReads(TicketingSystem delegate, String customerId) {
            super(delegate);
            this.customerId = customerId;
        }

        @Override
        public Optional<Customer> customer(String id) {
            if (id.equals(customerId) && failures.get() == 0 && delegate.bookingsOf("P1").stream()
                    .anyMatch(b -> b.customerId().equals(id))) {
                failures.incrementAndGet();
                throw new TicketingException(TicketingException.Reason.UNAVAILABLE, "customer read timed out");
            }
            return delegate.customer(id);
        }
    }

    /** A provider answering each message as told. */
    static final class ScriptedProvider implements SmsProvider {
        final java.util.function.Function<OutboundSms, SendResult> answer;

        ScriptedProvider(java.util.function.Function<OutboundSms, SendResult> answer) {
            this.answer = answer;
        }

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.values());
        }

        @Override
        public double throughputPerSecond() {
            return 1000;
        }

        @Override
        public SendResult send(OutboundSms message) {
            return answer.apply(message);
        }
    }
}
