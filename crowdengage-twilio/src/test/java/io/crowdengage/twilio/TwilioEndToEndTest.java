package io.crowdengage.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.StepId;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.runtime.Throttle;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.twilio.testing.CallbackDelivery;
import io.crowdengage.twilio.testing.FakeMessage;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import io.crowdengage.twilio.testing.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The runtime wired to Twilio the way a venue would wire it: {@code CrowdEngage} with the in-memory box
 * office, {@code TwilioSmsProvider} against the fake Twilio, and the webhook handler on a loopback server
 * feeding {@code onInboundSms} and {@code onDeliveryReport}. A virtual clock drives the runtime; the HTTP
 * is real.
 */
@DisplayName("CrowdEngage through Twilio, end to end")
class TwilioEndToEndTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    private static final LocalDateTime START = LocalDateTime.parse("2026-03-14T19:30");
    private static final Instant DIRECTIONS_DUE = START.minusHours(2).atZone(LONDON).toInstant();
    private static final Instant THANKS_DUE = START.plusHours(3).atZone(LONDON).toInstant();
    private static final FlowStep DIRECTIONS = FlowStep.builder("directions").name("Directions (2 hours before)")
            .template("{{ customer.first_name }}, doors open at 7pm for {{ event.name }}. The stage door is on"
                    + " Dean Street.")
            .performances(PerformanceFilter.allLive()).timing(Timing.beforeStart(0, 2, 0)).build();
    private static final FlowStep THANKS = FlowStep.builder("thanks").name("Thank you (3 hours after)")
            .template("Thank you for coming to {{ event.name }}, {{ customer.first_name }}!")
            .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(0, 3, 0)).build();

    private final MutableClock clock = MutableClock.at(DIRECTIONS_DUE.minus(Duration.ofMinutes(1)));
    private final TwilioRig rig = TwilioRig.start(fake -> fake.clock(clock).random(new Random(3)),
            UnaryOperator.identity());
    private final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    private final InMemorySendLedger sends = InMemorySendLedger.create();
    private final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    private final List<DecisionEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<PhoneNumber> patrons = new ArrayList<>();
    private final CrowdEngage crowdEngage;

    TwilioEndToEndTest() {
        Event event = boxOffice.addEvent(new Event("event-hamlet", "Hamlet", Duration.ofMinutes(150),
                RawAttributes.of(Map.of())));
        boxOffice.addPerformance(Performance.of("P1", event, START));
        for (int i = 0; i < 6; i++) {
            PhoneNumber mobile = PhoneNumber.ofE164("+4474005000" + (10 + i));
            Customer customer = boxOffice.addCustomer(Customer.builder("cust-" + i).name("Patron" + i, "Surname" + i)
                    .mobile(mobile).build());
            boxOffice.addBooking(Booking.of("booking-" + i, customer.id(), "P1",
                    Instant.parse("2026-03-01T10:00:00Z").plusSeconds(i)));
            patrons.add(mobile);
        }
        crowdEngage = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(rig.provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(PhoneNumber.ofE164(
                        FakeTwilioServer.DEFAULT_NUMBER))).build())
                .flows(List.of(Flow.of("Default Flow", List.of(DIRECTIONS, THANKS))))
                .sendLedger(sends).consentLedger(consent).clock(clock).listener(events::add)
                .random(new Random(7)).throttle(Throttle.none()).build();
        rig.sink.delegate.set(InboundSink.of(crowdEngage::onInboundSms, crowdEngage::onDeliveryReport));
    }

    @AfterEach
    void stop() {
        crowdEngage.close();
        rig.close();
    }

    private void tickUntil(Instant until) {
        while (!clock.instant().isAfter(until)) {
            crowdEngage.tick();
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private SendRecord record(String step, int patron) {
        return sends.find(new SendKey(StepId.of(step), "P1", patrons.get(patron))).orElseThrow();
    }

    private FakeMessage messageFor(SendRecord record) {
        return rig.twilio.messages().stream().filter(m -> m.reference().equals(java.util.Optional.of(record.reference())))
                .findFirst().orElseThrow();
    }

    private List<FakeMessage> messagesTo(PhoneNumber number) {
        return rig.twilio.messages().stream().filter(m -> m.to().equals(number.e164())).toList();
    }

    @Test
    @DisplayName("a wave goes out; signed receipts settle it; STOP and 21610 stop the next text; forgeries change nothing")
    void eveningThroughTwilio() {
        rig.twilio.optOut(patrons.get(4));                        // texted STOP to the venue's number last season
        rig.twilio.failNext(1, Fault.acceptedButAnswerLost());   // the first accepted send loses its answer

        tickUntil(DIRECTIONS_DUE);

        // The wave: five sent (one of them with its answer lost), one refused by Twilio with 21610.
        assertThat(rig.twilio.messages()).hasSize(5).allSatisfy(m -> assertThat(m.reference()).isPresent());
        assertThat(record("directions", 4).status()).isEqualTo(SendStatus.FAILED);
        assertThat(consent.history(patrons.get(4)).records()).singleElement().isInstanceOfSatisfying(
                ConsentRecord.OptedOut.class, optOut -> assertThat(optOut.source())
                        .isEqualTo(ConsentRecord.OptOutSource.PROVIDER));
        List<SendRecord> unknown = new ArrayList<>();
        // The sends go several at a time, so which one Twilio lost the answer of is not known in advance: the
        // receipts below go to the others.
        List<Integer> answered = new ArrayList<>();
        for (int i : new int[] {0, 1, 2, 3, 5}) {
            if (record("directions", i).status() == SendStatus.UNKNOWN) {
                unknown.add(record("directions", i));
            } else {
                answered.add(i);
            }
        }
        int deliveredOne = answered.get(0);
        int undeliveredOne = answered.get(1);
        int stillOpenOne = answered.get(answered.size() - 1);
        assertThat(unknown).as("the send whose answer was lost is unknown, and was not sent again").hasSize(1);
        assertThat(events).filteredOn(e -> e.outcome() == Outcome.UNKNOWN).hasSize(1);

        // Receipts, signed by Twilio: found by our reference in the callback URL, even for the unknown send.
        SendRecord lost = unknown.get(0);
        rig.twilio.deliverStatus(messageFor(lost).sid(), "delivered");
        CallbackDelivery delivered = rig.twilio.deliverStatus(messageFor(record("directions", deliveredOne)).sid(),
                "delivered");
        rig.twilio.deliverStatus(messageFor(record("directions", undeliveredOne)).sid(), "undelivered", 30003);
        assertThat(sends.find(lost.key()).orElseThrow().status()).isEqualTo(SendStatus.DELIVERED);
        assertThat(record("directions", deliveredOne).status()).isEqualTo(SendStatus.DELIVERED);
        assertThat(record("directions", undeliveredOne).status()).isEqualTo(SendStatus.FAILED);

        // Forgeries: a tampered copy of a genuine receipt, and one signed with a guessed token. Both 403.
        SendRecord stillOpen = record("directions", stillOpenOne);
        assertThat(stillOpen.status()).isEqualTo(SendStatus.ACCEPTED);
        CallbackDelivery tampered = rig.twilio.post(delivered.withParam("MessageSid", messageFor(stillOpen).sid())
                .withParam("MessageStatus", "failed"));
        CallbackDelivery guessed = rig.twilio.post(delivered.withParam("MessageSid", messageFor(stillOpen).sid())
                .withParam("MessageStatus", "failed").signedWith("0".repeat(32)));
        assertThat(List.of(tampered.status(), guessed.status())).containsOnly(403);
        assertThat(record("directions", stillOpenOne).status()).isEqualTo(SendStatus.ACCEPTED);
        // A redelivered receipt changes nothing either.
        assertThat(rig.twilio.post(delivered).status()).isEqualTo(200);

        // Patron 3 texts STOP: Twilio answers it (once) and puts them on its list; we record it too.
        CallbackDelivery stop = rig.twilio.sendInbound(patrons.get(3), FakeTwilioServer.DEFAULT_NUMBER, "STOP");
        assertThat(stop.status()).isEqualTo(200);
        assertThat(rig.sink.inbound).singleElement().satisfies(i -> assertThat(i.providerKeyword()).contains(Keyword.OPT_OUT));
        assertThat(consent.history(patrons.get(3)).stateAt(clock.instant()).optedOut()).isTrue();
        assertThat(rig.twilio.autoReplies()).singleElement().satisfies(reply -> {
            assertThat(reply.to()).isEqualTo(patrons.get(3));
            assertThat(reply.keyword()).isEqualTo(Keyword.OPT_OUT);
        });
        // A forged START (a tampered copy of the genuine STOP) does not opt them back in.
        assertThat(rig.twilio.post(stop.withParam("Body", "START")).status()).isEqualTo(403);
        assertThat(consent.history(patrons.get(3)).stateAt(clock.instant()).optedOut()).isTrue();

        // After the show: everyone but the two who opted out, one at Twilio and one by text.
        clock.set(THANKS_DUE.minus(Duration.ofMinutes(1)));
        tickUntil(THANKS_DUE);

        for (int i : new int[] {0, 1, 2, 5}) {
            assertThat(record("thanks", i).status()).as("patron %d", i).isEqualTo(SendStatus.ACCEPTED);
        }
        assertThat(sends.find(new SendKey(StepId.of("thanks"), "P1", patrons.get(3)))).isEmpty();
        assertThat(sends.find(new SendKey(StepId.of("thanks"), "P1", patrons.get(4)))).isEmpty();
        assertThat(events).filteredOn(e -> e.step().map(StepId.of("thanks")::equals).orElse(false)
                && e.outcome() == Outcome.SKIPPED).extracting(e -> e.reason().orElseThrow())
                .containsOnly(Reason.OPTED_OUT).hasSize(2);
        assertThat(messagesTo(patrons.get(3))).as("patron 3: the directions only; Twilio's reply was its own")
                .hasSize(1);
        assertThat(messagesTo(patrons.get(4))).isEmpty();
        assertThat(rig.twilio.messages()).as("five directions, four thanks; nothing sent twice").hasSize(9)
                .extracting(m -> m.reference().orElseThrow()).doesNotHaveDuplicates();
    }
}
