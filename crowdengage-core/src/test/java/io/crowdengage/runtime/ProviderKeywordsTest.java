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
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A provider that answers STOP and START itself (Twilio by default) and reports opt-outs in its
 * receipts: one confirmation, not two, and its list of opted-out numbers and ours agree.
 */
@DisplayName("A provider that answers keywords itself")
class ProviderKeywordsTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();

    final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T18:00:00").atZone(LONDON).toInstant());
    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
    final InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(1))
            .answersKeywords().build();
    final CrowdEngage runtime;

    ProviderKeywordsTest() {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith").mobile(ALICE).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", Instant.parse("2026-04-01T12:00:00Z")));
        runtime = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                        Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent)
                .sendLedger(InMemorySendLedger.create()).clock(clock).throttle(Throttle.none()).maxInFlight(1).build();
    }

    boolean optedOut() {
        return consent.history(ALICE).stateAt(clock.instant()).optedOut();
    }

    List<String> oursTo(PhoneNumber number) {
        return provider.sentTo(number).stream().map(SentSms::body).toList();
    }

    @Test
    @DisplayName("a STOP it answered is recorded and gets no confirmation of ours; a START likewise")
    void noSecondConfirmation() {
        runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "STOP"));
        assertThat(optedOut()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "START"));
        assertThat(optedOut()).isFalse();

        assertThat(oursTo(ALICE)).isEmpty();
    }

    @Test
    @DisplayName("a text it did not answer ('stop please') is confirmed by us, once")
    void notAnsweredIsConfirmed() {
        runtime.onInboundSms(provider.inbound(ALICE, VENUE_NUMBER.e164(), "stop please"));

        assertThat(optedOut()).isTrue();
        assertThat(oursTo(ALICE)).containsExactly(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION);
    }

    @Test
    @DisplayName("a custom opt-out keyword it took as STOP is an opt-out for us too; its opt-in on a word we do not read as START is not")
    void itsReadingOfAnOptOutCounts() {
        runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "LEAVEME", clock.instant(),
                Optional.of(Keyword.OPT_OUT)));
        assertThat(optedOut()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        runtime.onInboundSms(new InboundSms(ALICE, VENUE_NUMBER.e164(), "YES", clock.instant(),
                Optional.of(Keyword.OPT_IN)));

        assertThat(optedOut()).as("YES is no START of ours").isTrue();
        assertThat(oursTo(ALICE)).isEmpty();
    }

    @Test
    @DisplayName("a receipt saying the number opted out at the provider records an opt-out, and nothing more goes to it")
    void receiptOptOut() {
        clock.set(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
        runtime.tick();
        SentSms review = provider.sentTo(ALICE).get(0);

        runtime.onDeliveryReport(provider.deliveryReport(review, DeliveryStatus.FAILED,
                FailureReason.OPTED_OUT_AT_PROVIDER));

        assertThat(optedOut()).isTrue();
    }
}
