package io.crowdengage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.model.VisitHistory;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.simulation.ScheduledChange.BookingCancelled;
import io.crowdengage.simulation.ScheduledChange.BookingConfirmed;
import io.crowdengage.simulation.ScheduledChange.ConsentRecorded;
import io.crowdengage.simulation.ScheduledChange.InboundSmsReceived;
import io.crowdengage.simulation.ScheduledChange.PerformanceRescheduled;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A full scenario turned into the fakes: what each holds at the start, and what happens as time passes. */
class ScenarioWorldTest {
    private static final PhoneNumber PRIYA = PhoneNumber.ofE164("+447400100001");
    private static final PhoneNumber TOM = PhoneNumber.ofE164("+447400100002");

    private static final String SCENARIO = """
            {
              "venue": {"id": "sbp", "name": "Southbank Playhouse", "timeZone": "Europe/London", "sender": "07400 100900"},
              "settings": {
                "softOptIn": {"enabled": true, "template": "Thanks for booking {{ event.name }}. Reply STOP to opt out."},
                "optOutFooter": "Text STOP to opt out",
                "quietHours": {"from": "22:00", "to": "08:30"},
                "maxSegments": 2
              },
              "events": [
                {"id": "E1", "name": "Hamlet", "durationMinutes": 180, "attributes": {"ShowScoreID": "12345"}},
                {"id": "E2", "name": "Earnest", "durationMinutes": 150}
              ],
              "performances": [
                {"id": "P1", "eventId": "E1", "start": "2026-03-28T19:30:00", "attributes": {"Captioned": true}},
                {"id": "P2", "eventId": "E1", "start": "2026-03-28T14:30:00"},
                {"id": "P3", "eventId": "E2", "start": "2026-03-29T15:00:00", "cancelled": true}
              ],
              "customers": [
                {"id": "C1", "firstName": "Priya", "lastName": "Shah", "mobile": "07400 100001", "tags": ["Member"],
                 "attributes": {"FirstVisit": "false"}, "contactPreferences": ["SMS offers"],
                 "memberships": ["Friends"], "firstVisit": false},
                {"id": "C2", "firstName": "Tom", "mobile": "+44 (0)7400 100002", "firstVisit": true},
                {"id": "C3", "firstName": "Eleanor", "mobile": "020 7946 0123"}
              ],
              "bookings": [
                {"id": "B1", "customerId": "C1", "performanceId": "P1", "confirmedAt": "2026-03-20T10:00:00Z"},
                {"id": "B2", "customerId": "C2", "performanceId": "P2", "confirmedAt": "2026-03-20T11:00:00Z",
                 "cancelledAt": "2026-03-21T09:00:00Z"},
                {"id": "B3", "customerId": "C3", "performanceId": "P1", "confirmedAt": "2026-03-21T12:00:00Z"},
                {"id": "B4", "customerId": "C2", "performanceId": "P1", "confirmedAt": "2026-03-28T18:30:00"}
              ],
              "consents": [
                {"phone": "07400 100001", "basis": "express", "at": "2026-01-10T18:22:31Z", "source": "website",
                 "ipAddress": "203.0.113.42", "wording": "Text me offers. Reply STOP any time."},
                {"phone": "07400 100002", "at": "2026-03-28T12:00:00Z", "source": "box office", "wording": "Text me offers"}
              ],
              "inbound": [{"from": "07400 100001", "body": "STOP", "at": "2026-03-28T21:10:00Z"}],
              "changes": [
                {"at": "2026-03-26T10:00:00Z", "reschedule": {"performanceId": "P2", "start": "2026-03-28T15:00:00"}},
                {"at": "2026-03-28T09:00:00", "reschedule": {"performanceId": "P1", "start": "2026-03-28T20:00:00"}},
                {"at": "2026-03-28T22:00:00Z", "cancelBooking": "B3"}
              ],
              "flows": [{"name": "Default Flow", "steps": [
                {"id": "offer", "name": "Drinks offer", "kind": "marketing", "audience": "customer.tags contains \\"Member\\"",
                 "performances": {"eventId": "E1"}, "template": "{{ customer.first_name }}, 10% off drinks tonight.",
                 "at": {"hours": 2, "direction": "before"}, "catchUp": "PT1H"},
                {"id": "review", "name": "Review request", "performances": {"hasAttribute": "ShowScoreID"},
                 "template": "Review {{ event.name }}: {{ show_score_url(event.raw.attribute_ShowScoreID) }}",
                 "at": {"days": 0, "hours": 3, "minutes": 0, "direction": "after", "relativeTo": "start"}}
              ]}],
              "provider": {"throughputPerSecond": 5, "seed": 7,
                           "failures": [{"phone": "07400 100002", "times": 2, "kind": "transient"},
                                        {"phone": "07400 100001", "kind": "permanent", "reason": "invalid_sender"}]},
              "simulate": {"from": "2026-03-27T09:00:00", "until": "2026-03-30T09:00:00", "tick": "PT5M"}
            }
            """;

    private final Scenario scenario = ScenarioReader.read(SCENARIO).scenario();
    private final VirtualClock clock = new VirtualClock(scenario.simulate().from());
    private final ScenarioWorld world = ScenarioWorld.of(scenario, clock);

    @Test
    void venueSettingsComeFromVenueAndSettings() {
        VenueSettings settings = world.settings();

        assertThat(settings.venue().id()).isEqualTo("sbp");
        assertThat(settings.venue().name()).isEqualTo("Southbank Playhouse");
        assertThat(settings.venue().zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(settings.sender()).isEqualTo(Sender.number(PhoneNumber.ofE164("+447400100900")));
        assertThat(settings.phoneRegion()).isEqualTo("GB");
        assertThat(settings.softOptIn().enabled()).isTrue();
        assertThat(settings.softOptIn().template()).startsWith("Thanks for booking");
        assertThat(settings.optOutFooter()).isEqualTo("Text STOP to opt out");
        assertThat(settings.quietHours()).contains(QuietHours.between("22:00", "08:30"));
        assertThat(world.from()).isEqualTo(Instant.parse("2026-03-27T09:00:00Z"));
        assertThat(world.until()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
        assertThat(world.tick()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theTicketingSystemHoldsTheStateAtTheStart() {
        var ticketing = world.ticketing();

        assertThat(ticketing.events()).extracting(e -> e.raw().values()).containsExactly(
                Map.of("attribute_ShowScoreID", "12345"), Map.of());
        assertThat(ticketing.events().get(0).duration()).isEqualTo(Duration.ofMinutes(180));
        Performance p1 = ticketing.performance("P1").orElseThrow();
        assertThat(p1.localStart()).isEqualTo(LocalDateTime.parse("2026-03-28T19:30:00"));
        assertThat(p1.raw().values()).isEqualTo(Map.of("attribute_Captioned", "true"));
        // Moved before the simulation starts: already applied.
        assertThat(ticketing.performance("P2").orElseThrow().localStart()).isEqualTo(LocalDateTime.parse("2026-03-28T15:00:00"));
        assertThat(ticketing.performance("P3").orElseThrow().cancelled()).isTrue();

        Customer priya = ticketing.customer("C1").orElseThrow();
        assertThat(priya.mobile()).contains(PRIYA);
        assertThat(priya.firstName()).isEqualTo("Priya");
        assertThat(priya.lastName()).isEqualTo("Shah");
        assertThat(priya.tags()).containsExactly("Member");
        assertThat(priya.attributes()).containsEntry("FirstVisit", "false");
        assertThat(priya.raw().values()).containsEntry("attribute_FirstVisit", "false");
        assertThat(priya.contactPreferences()).containsExactly("SMS offers");
        assertThat(priya.memberships()).containsExactly("Friends");
        assertThat(priya.visitHistory()).isEqualTo(VisitHistory.RETURNING);
        assertThat(ticketing.customer("C2").orElseThrow().mobile()).contains(TOM);
        assertThat(ticketing.customer("C2").orElseThrow().visitHistory()).isEqualTo(VisitHistory.FIRST_TIME);
        assertThat(ticketing.customer("C3").orElseThrow().mobile()).isEmpty();
        assertThat(ticketing.customer("C3").orElseThrow().visitHistory()).isEqualTo(VisitHistory.UNKNOWN);

        assertThat(ticketing.bookings()).containsExactly(
                Booking.of("B1", "C1", "P1", Instant.parse("2026-03-20T10:00:00Z")),
                new Booking("B2", "C2", "P2", Instant.parse("2026-03-20T11:00:00Z"),
                        Optional.of(Instant.parse("2026-03-21T09:00:00Z"))),
                Booking.of("B3", "C3", "P1", Instant.parse("2026-03-21T12:00:00Z")));
    }

    @Test
    void theLedgerHoldsConsentsGivenByTheStart() {
        assertThat(((InMemoryConsentLedger) world.consents()).numbers()).containsExactly(PRIYA);
        ConsentRecord.ExpressConsent consent = (ConsentRecord.ExpressConsent) world.consents().history(PRIYA).records().get(0);
        assertThat(consent.at()).isEqualTo(Instant.parse("2026-01-10T18:22:31Z"));
        assertThat(consent.evidence().source()).isEqualTo("website");
        assertThat(consent.evidence().ipAddress()).contains("203.0.113.42");
        assertThat(consent.evidence().wording()).isEqualTo("Text me offers. Reply STOP any time.");
    }

    @Test
    void theProviderHasTheThroughputAndScriptedFailures() {
        var provider = world.provider();
        Sender sender = world.settings().sender();

        assertThat(provider.throughputPerSecond()).isEqualTo(5);
        assertThat(provider.send(new OutboundSms(TOM, sender, "one", "r1"))).isInstanceOf(SendResult.TransientFailure.class);
        assertThat(provider.send(new OutboundSms(TOM, sender, "two", "r2"))).isInstanceOf(SendResult.TransientFailure.class);
        assertThat(provider.send(new OutboundSms(TOM, sender, "three", "r3"))).isInstanceOf(SendResult.Accepted.class);
        assertThat(provider.send(new OutboundSms(PRIYA, sender, "four", "r4"))).isInstanceOfSatisfying(
                SendResult.PermanentFailure.class, f -> assertThat(f.reason()).isEqualTo(io.crowdengage.sms.FailureReason.INVALID_SENDER));
        assertThat(provider.all()).singleElement().satisfies(sent -> assertThat(sent.acceptedAt()).isEqualTo(world.from()));
    }

    @Test
    void flowsResolveAudiencesAndPerformanceFilters() {
        Flow flow = world.flows().get(0);
        FlowStep offer = flow.steps().get(0);
        FlowStep review = flow.steps().get(1);

        assertThat(offer.kind()).isEqualTo(MessageKind.MARKETING);
        assertThat(offer.catchUp()).isEqualTo(Duration.ofHours(1));
        assertThat(offer.maxSegments()).isEqualTo(2);
        assertThat(offer.timing()).isEqualTo(Timing.beforeStart(0, 2, 0));
        Performance p1 = world.ticketing().performance("P1").orElseThrow();
        Performance p3 = world.ticketing().performance("P3").orElseThrow();
        assertThat(offer.performances().matches(p1)).isTrue();
        assertThat(offer.performances().matches(p3)).isFalse();
        assertThat(offer.audience().includes(subject("C1", p1))).isTrue();
        assertThat(offer.audience().includes(subject("C2", p1))).isFalse();

        assertThat(review.kind()).isEqualTo(MessageKind.TRANSACTIONAL);
        assertThat(review.audience().describe()).isEqualTo("all customers");
        assertThat(review.performances().describe()).isEqualTo("performances whose event has 'attribute_ShowScoreID'");
        assertThat(review.performances().matches(p3)).isFalse();
        assertThat(review.catchUp()).isEqualTo(FlowStep.DEFAULT_CATCH_UP);
    }

    @Test
    void laterThingsHappenInTimeOrderAsTheClockPassesThem() {
        assertThat(world.scheduledChanges()).extracting(ScheduledChange::at).isSorted();
        assertThat(world.scheduledChanges()).hasExactlyElementsOfTypes(PerformanceRescheduled.class,
                ConsentRecorded.class, BookingConfirmed.class, InboundSmsReceived.class, BookingCancelled.class);
        assertThat(world.nextChangeAt()).contains(Instant.parse("2026-03-28T09:00:00Z"));
        assertThat(world.advanceTo(Instant.parse("2026-03-28T08:59:59Z"))).isEmpty();

        clock.moveTo(Instant.parse("2026-03-28T18:30:00Z"));
        List<ScheduledChange> applied = world.advanceTo(clock.instant());

        assertThat(applied).extracting(ScheduledChange::describe).containsExactly(
                "performance P1 rescheduled to 2026-03-28T20:00 (venue time)",
                "ExpressConsent recorded for +44*******002",
                "booking B4 by customer C2 for performance P1 confirmed");
        assertThat(world.ticketing().performance("P1").orElseThrow().localStart())
                .isEqualTo(LocalDateTime.parse("2026-03-28T20:00:00"));
        assertThat(world.consents().history(TOM).records()).hasSize(1);
        assertThat(world.ticketing().bookingsOf("P1")).extracting(Booking::id).containsExactly("B1", "B3", "B4");
        assertThat(world.advanceTo(clock.instant())).isEmpty();

        clock.moveTo(Instant.parse("2026-03-28T23:00:00Z"));
        List<ScheduledChange> night = world.advanceTo(clock.instant());

        assertThat(night).first().isInstanceOfSatisfying(InboundSmsReceived.class, text -> {
            assertThat(text.sms().from()).isEqualTo(PRIYA);
            assertThat(text.sms().to()).isEqualTo("+447400100900");
            assertThat(text.sms().body()).isEqualTo("STOP");
            assertThat(text.sms().receivedAt()).isEqualTo(Instant.parse("2026-03-28T21:10:00Z"));
        });
        // The text is the runtime's to handle: the ledger has not changed.
        assertThat(world.consents().history(PRIYA).records()).hasSize(1);
        assertThat(world.ticketing().bookingsOf("P1")).filteredOn(b -> b.id().equals("B3")).singleElement()
                .satisfies(b -> assertThat(b.cancelledAt()).contains(Instant.parse("2026-03-28T22:00:00Z")));
        assertThat(world.nextChangeAt()).isEmpty();
    }

    private AudienceSubject subject(String customerId, Performance performance) {
        Customer customer = world.ticketing().customer(customerId).orElseThrow();
        return new AudienceSubject(customer, Booking.of("b", customerId, performance.id(), world.from()), performance,
                world.settings().venue());
    }

    @Test
    void theCustomerRecordIsNotLeakyInItsToString() {
        assertThat(scenario.customer("C1").orElseThrow().toString()).doesNotContain("100001");
        assertThat(Set.of(scenario.customer("C1").orElseThrow().visitHistory())).containsExactly(VisitHistory.RETURNING);
    }
}
