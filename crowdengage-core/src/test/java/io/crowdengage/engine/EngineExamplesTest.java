package io.crowdengage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.consent.TicketingConsentRule;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.Audience;
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
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The scheduling engine, by example")
class EngineExamplesTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("V1", "The Playhouse", LONDON);
    static final PhoneNumber ALICE_MOBILE = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber BOB_MOBILE = PhoneNumber.parse("07400 654321", "GB");
    static final Event HAMLET = new Event("E1", "Hamlet", Duration.ofMinutes(150),
            RawAttributes.of(Map.of("attribute_ShowScoreID", "12345")));
    /** Saturday 28 March 2026, 19:30 in London; the clocks go forward at 01:00 UTC on Sunday 29 March. */
    static final Performance SATURDAY = Performance.of("P1", HAMLET, LocalDateTime.parse("2026-03-28T19:30:00"));
    static final Customer ALICE = Customer.builder("C1").name("Alice", "Smith").mobile(ALICE_MOBILE)
            .tags(Set.of("Member")).build();
    static final Customer BOB = Customer.builder("C2").name("Bob", "Jones").mobile(BOB_MOBILE).build();
    static final Instant BOOKED = Instant.parse("2026-03-01T10:00:00Z");

    static final FlowStep REVIEW = FlowStep.builder("review").name("Review request").template("Review {{ event.name }}")
            .timing(Timing.afterStart(0, 3, 0)).build();
    static final FlowStep REMINDER = FlowStep.builder("reminder").name("Review reminder").template("Reminder")
            .timing(Timing.afterStart(1, 0, 0)).build();
    static final FlowStep DIRECTIONS = FlowStep.builder("directions").name("Directions").template("Directions")
            .timing(Timing.beforeStart(0, 3, 0)).build();
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Pre-show drinks").template("Drinks offer")
            .marketing().timing(Timing.beforeStart(0, 2, 0)).build();

    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final Set<SendKey> claimed = new HashSet<>();
    SeasonSnapshot season = SeasonSnapshot.builder(LONDON).performance(SATURDAY).customer(ALICE).customer(BOB)
            .booking(Booking.of("B1", "C1", "P1", BOOKED)).build();

    SchedulingEngine engine(FlowStep... steps) {
        return SchedulingEngine.create(EngineSettings.of(VENUE), List.of(Flow.of("Default Flow", List.of(steps))));
    }

    Snapshot snapshot() {
        return new Snapshot(season, consent::history, claimed::contains);
    }

    static Instant london(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(LONDON).toInstant();
    }

    Decision explain(SchedulingEngine engine, FlowStep step, PhoneNumber to, Instant at) {
        return engine.explain(snapshot(), new SendKey(step.id(), "P1", to), at);
    }

    static Reason reasonOf(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Skip.class);
        return ((Decision.Skip) decision).reason();
    }

    @Nested
    @DisplayName("timing")
    class TimingExamples {
        @Test
        @DisplayName("a review request 3 hours after the start goes at 22:30 local, not before")
        void threeHoursAfterStart() {
            SchedulingEngine engine = engine(REVIEW);
            assertThat(engine.plan(snapshot(), london("2026-03-28T22:29:00")).candidates()).isEmpty();
            Plan plan = engine.plan(snapshot(), london("2026-03-28T22:30:00"));
            assertThat(plan.sends()).singleElement().satisfies(c -> {
                assertThat(c.to()).contains(ALICE_MOBILE);
                assertThat(((Decision.Send) c.decision()).basis()).isEqualTo(LawfulBasis.CONTRACT);
            });
            assertThat(explain(engine, REVIEW, ALICE_MOBILE, london("2026-03-28T22:00:00")))
                    .isEqualTo(new Decision.Wait(london("2026-03-28T22:30:00"), Optional.empty(),
                            "not due yet: due at 2026-03-28T22:30:00Z"));
        }

        @Test
        @DisplayName("'1 day 0 hours after the start' of a Saturday 19:30 show is Sunday 19:30 local across the clock change")
        void oneDayAfterAcrossSpringForward() {
            SchedulingEngine engine = engine(REMINDER);
            Instant sundayEvening = london("2026-03-29T19:30:00");
            // Only 23 hours after the start: the clocks went forward overnight.
            assertThat(Duration.between(SATURDAY.startInstant(LONDON), sundayEvening)).isEqualTo(Duration.ofHours(23));
            assertThat(engine.plan(snapshot(), sundayEvening.minusSeconds(1)).candidates()).isEmpty();
            assertThat(engine.plan(snapshot(), sundayEvening).sends()).hasSize(1);
        }

        @Test
        @DisplayName("'1 day after the start' in autumn is 25 elapsed hours later, still 19:30 local")
        void oneDayAfterAcrossFallBack() {
            Performance autumn = Performance.of("P1", HAMLET, LocalDateTime.parse("2026-10-24T19:30:00"));
            season = season.withPerformance(autumn);
            SchedulingEngine engine = engine(REMINDER);
            Instant sunday = london("2026-10-25T19:30:00");
            assertThat(Duration.between(autumn.startInstant(LONDON), sunday)).isEqualTo(Duration.ofHours(25));
            assertThat(engine.plan(snapshot(), sunday.minusSeconds(1)).candidates()).isEmpty();
            assertThat(engine.plan(snapshot(), sunday).sends()).hasSize(1);
        }

        @Test
        @DisplayName("a late booker gets a due message within the catch-up, and TOO_LATE after it")
        void lateBookerAndCatchUp() {
            SchedulingEngine engine = engine(REVIEW);
            season = season.withBooking(Booking.of("B2", "C2", "P1", london("2026-03-28T23:00:00")));
            assertThat(engine.plan(snapshot(), london("2026-03-28T23:00:00")).sends())
                    .extracting(c -> c.to().orElseThrow()).contains(BOB_MOBILE);
            assertThat(explain(engine, REVIEW, BOB_MOBILE, london("2026-03-29T00:29:59"))).isInstanceOf(Decision.Send.class);
            Decision late = explain(engine, REVIEW, BOB_MOBILE, london("2026-03-29T00:30:00"));
            assertThat(reasonOf(late)).isEqualTo(Reason.TOO_LATE);
        }

        @Test
        @DisplayName("a step due before the start only goes before the start, whatever its catch-up")
        void neverAfterTheStart() {
            FlowStep longCatchUp = DIRECTIONS.toBuilder().catchUp(Duration.ofHours(6)).build();
            SchedulingEngine engine = engine(longCatchUp);
            assertThat(engine.plan(snapshot(), london("2026-03-28T19:29:59")).sends()).hasSize(1);
            assertThat(reasonOf(explain(engine, longCatchUp, ALICE_MOBILE, london("2026-03-28T19:30:00"))))
                    .isEqualTo(Reason.TOO_LATE);
        }

        @Test
        @DisplayName("a missed deadline is reported once, by the first plan after it")
        void missedDeadlineReported() {
            SchedulingEngine engine = engine(REVIEW);
            Instant deadline = london("2026-03-29T00:30:00");
            Plan afterDowntime = engine.plan(snapshot(), london("2026-03-28T20:00:00"), deadline.plusSeconds(60));
            assertThat(afterDowntime.skips()).singleElement()
                    .satisfies(c -> assertThat(reasonOf(c.decision())).isEqualTo(Reason.TOO_LATE));
            assertThat(engine.plan(snapshot(), deadline.plusSeconds(60), deadline.plusSeconds(120)).candidates()).isEmpty();
        }

        @Test
        @DisplayName("a rescheduled performance moves pending messages; one already sent is not repeated")
        void reschedule() {
            SchedulingEngine engine = engine(DIRECTIONS, REVIEW);
            claimed.add(new SendKey(DIRECTIONS.id(), "P1", ALICE_MOBILE));
            season = season.withPerformance(SATURDAY.rescheduledTo(LocalDateTime.parse("2026-04-04T19:30:00")));
            assertThat(engine.plan(snapshot(), london("2026-03-28T22:30:00")).candidates()).isEmpty();
            assertThat(engine.plan(snapshot(), london("2026-04-04T16:30:00")).candidates()).isEmpty();
            assertThat(engine.plan(snapshot(), london("2026-04-04T22:30:00")).sends())
                    .extracting(c -> c.step().id()).containsExactly(REVIEW.id());
        }
    }

    @Nested
    @DisplayName("every skip reason")
    class SkipReasons {
        @Test
        @DisplayName("OPTED_OUT: a STOP stops transactional messages too")
        void optedOut() {
            consent.append(new ConsentRecord.OptedOut(ALICE_MOBILE, london("2026-03-28T20:00:00"),
                    ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
            Decision decision = explain(engine(REVIEW), REVIEW, ALICE_MOBILE, london("2026-03-28T22:30:00"));
            assertThat(reasonOf(decision)).isEqualTo(Reason.OPTED_OUT);
        }

        @Test
        @DisplayName("NO_MARKETING_CONSENT: no soft opt-in notice and no express consent")
        void noMarketingConsent() {
            assertThat(reasonOf(explain(engine(DRINKS), DRINKS, ALICE_MOBILE, london("2026-03-28T17:30:00"))))
                    .isEqualTo(Reason.NO_MARKETING_CONSENT);
        }

        @Test
        @DisplayName("marketing goes with a soft opt-in notice sent earlier, and stops after a STOP")
        void softOptIn() {
            consent.append(new ConsentRecord.SoftOptInNoticeSent(ALICE_MOBILE, BOOKED, "notice-1"));
            Instant due = london("2026-03-28T17:30:00");
            assertThat(explain(engine(DRINKS), DRINKS, ALICE_MOBILE, due))
                    .isInstanceOfSatisfying(Decision.Send.class, s -> assertThat(s.basis()).isEqualTo(LawfulBasis.SOFT_OPT_IN));
            consent.append(new ConsentRecord.OptedOut(ALICE_MOBILE, due.minusSeconds(1),
                    ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
            assertThat(reasonOf(explain(engine(DRINKS), DRINKS, ALICE_MOBILE, due))).isEqualTo(Reason.OPTED_OUT);
        }

        @Test
        @DisplayName("a notice sent at the very instant of the offer is not 'earlier'")
        void noticeAtSameInstant() {
            Instant due = london("2026-03-28T17:30:00");
            consent.append(new ConsentRecord.SoftOptInNoticeSent(ALICE_MOBILE, due, "notice-1"));
            assertThat(reasonOf(explain(engine(DRINKS), DRINKS, ALICE_MOBILE, due))).isEqualTo(Reason.NO_MARKETING_CONSENT);
        }

        @Test
        @DisplayName("express consent with evidence, START, or a configured ticketing preference is a basis")
        void expressConsent() {
            Instant due = london("2026-03-28T17:30:00");
            consent.append(new ConsentRecord.ExpressConsent(ALICE_MOBILE, BOOKED,
                    ConsentEvidence.of("website form", "Text me offers")));
            assertThat(explain(engine(DRINKS), DRINKS, ALICE_MOBILE, due))
                    .isInstanceOfSatisfying(Decision.Send.class, s -> assertThat(s.basis()).isEqualTo(LawfulBasis.EXPRESS));

            season = season.withCustomer(BOB.toBuilder().contactPreferences(Set.of("SMS offers")).build())
                    .withBooking(Booking.of("B2", "C2", "P1", BOOKED));
            SchedulingEngine withRule = SchedulingEngine.create(EngineSettings.of(VENUE)
                    .withTicketingConsent(new TicketingConsentRule(Set.of("SMS offers"), Set.of())),
                    List.of(Flow.of("F", List.of(DRINKS))));
            assertThat(explain(withRule, DRINKS, BOB_MOBILE, due))
                    .isInstanceOfSatisfying(Decision.Send.class, s -> assertThat(s.basis()).isEqualTo(LawfulBasis.EXPRESS));
            assertThat(reasonOf(explain(engine(DRINKS), DRINKS, BOB_MOBILE, due))).isEqualTo(Reason.NO_MARKETING_CONSENT);
        }

        @Test
        @DisplayName("implied consent (the number texted in) is never a basis for marketing")
        void impliedConsentIsNotMarketingConsent() {
            consent.append(new ConsentRecord.ConversationOpened(ALICE_MOBILE, BOOKED));
            assertThat(reasonOf(explain(engine(DRINKS), DRINKS, ALICE_MOBILE, london("2026-03-28T17:30:00"))))
                    .isEqualTo(Reason.NO_MARKETING_CONSENT);
        }

        @Test
        @DisplayName("OUTSIDE_WINDOW: a step due more than a day after a short show ends")
        void outsideWindow() {
            FlowStep late = FlowStep.builder("late").name("Late").template("x").timing(Timing.afterStart(2, 0, 0)).build();
            SchedulingEngine engine = engine(late);
            Instant due = london("2026-03-30T19:30:00");
            assertThat(reasonOf(explain(engine, late, ALICE_MOBILE, due))).isEqualTo(Reason.OUTSIDE_WINDOW);
            assertThat(engine.plan(snapshot(), due).skips()).singleElement()
                    .satisfies(c -> assertThat(reasonOf(c.decision())).isEqualTo(Reason.OUTSIDE_WINDOW));
        }

        @Test
        @DisplayName("OUTSIDE_WINDOW: a catch-up reaching past the window's end is cut at the end of its last minute")
        void catchUpCutAtWindowEnd() {
            FlowStep reminder = REMINDER.toBuilder().timing(Timing.afterEnd(0, 21, 0)).catchUp(Duration.ofHours(5)).build();
            // The show ends 22:00 Saturday; the window closes 22:00 Sunday local, 23 elapsed hours later (clocks went forward).
            SchedulingEngine engine = engine(reminder);
            Instant windowEnd = london("2026-03-29T22:00:00");
            assertThat(explain(engine, reminder, ALICE_MOBILE, windowEnd.minusSeconds(1))).isInstanceOf(Decision.Send.class);
            // The window's end is inside it to the minute: a message may go until windowEnd + 1 minute, exclusive.
            for (Instant at : List.of(windowEnd, windowEnd.plusSeconds(59))) {
                assertThat(explain(engine, reminder, ALICE_MOBILE, at)).as("at %s", at)
                        .isInstanceOfSatisfying(Decision.Send.class,
                                s -> assertThat(s.deadline()).isEqualTo(windowEnd.plus(Duration.ofMinutes(1))));
            }
            assertThat(reasonOf(explain(engine, reminder, ALICE_MOBILE, windowEnd.plus(Duration.ofMinutes(1)))))
                    .isEqualTo(Reason.OUTSIDE_WINDOW);
        }

        @Test
        @DisplayName("NOT_IN_AUDIENCE: a step for members only")
        void notInAudience() {
            season = season.withBooking(Booking.of("B2", "C2", "P1", BOOKED));
            FlowStep members = REVIEW.toBuilder().audience(Audience.hasTag("Member")).build();
            SchedulingEngine engine = engine(members);
            Plan plan = engine.plan(snapshot(), london("2026-03-28T22:30:00"));
            assertThat(plan.sends()).extracting(c -> c.to().orElseThrow()).containsExactly(ALICE_MOBILE);
            assertThat(plan.skips()).singleElement()
                    .satisfies(c -> assertThat(reasonOf(c.decision())).isEqualTo(Reason.NOT_IN_AUDIENCE));
        }

        @Test
        @DisplayName("an audience rule that throws leaves the customer out")
        void failingAudienceFailsClosed() {
            Audience broken = new Audience() {
                @Override
                public boolean includes(io.crowdengage.flow.AudienceSubject subject) {
                    throw new IllegalStateException("boom");
                }

                @Override
                public String describe() {
                    return "broken";
                }
            };
            FlowStep step = REVIEW.toBuilder().audience(broken).build();
            assertThat(reasonOf(explain(engine(step), step, ALICE_MOBILE, london("2026-03-28T22:30:00"))))
                    .isEqualTo(Reason.NOT_IN_AUDIENCE);
        }

        @Test
        @DisplayName("PERFORMANCE_CANCELLED")
        void performanceCancelled() {
            season = season.withPerformance(SATURDAY.asCancelled());
            assertThat(reasonOf(explain(engine(REVIEW), REVIEW, ALICE_MOBILE, london("2026-03-28T22:30:00"))))
                    .isEqualTo(Reason.PERFORMANCE_CANCELLED);
            assertThat(engine(REVIEW).plan(snapshot(), london("2026-03-28T22:30:00")).sends()).isEmpty();
        }

        @Test
        @DisplayName("BOOKING_CANCELLED")
        void bookingCancelled() {
            season = season.withBooking(Booking.of("B1", "C1", "P1", BOOKED).cancelledAt(london("2026-03-20T10:00:00")));
            Instant due = london("2026-03-28T22:30:00");
            assertThat(reasonOf(explain(engine(REVIEW), REVIEW, ALICE_MOBILE, due))).isEqualTo(Reason.BOOKING_CANCELLED);
            assertThat(engine(REVIEW).plan(snapshot(), due).skips()).singleElement()
                    .satisfies(c -> assertThat(reasonOf(c.decision())).isEqualTo(Reason.BOOKING_CANCELLED));
        }

        @Test
        @DisplayName("NO_VALID_MOBILE")
        void noValidMobile() {
            season = season.withCustomer(Customer.builder("C3").name("Carol", "King").build())
                    .withBooking(Booking.of("B3", "C3", "P1", BOOKED));
            Plan plan = engine(REVIEW).plan(snapshot(), london("2026-03-28T22:30:00"));
            assertThat(plan.skips()).singleElement().satisfies(c -> {
                assertThat(reasonOf(c.decision())).isEqualTo(Reason.NO_VALID_MOBILE);
                assertThat(c.to()).isEmpty();
                assertThat(c.customer().id()).isEqualTo("C3");
            });
        }

        @Test
        @DisplayName("ALREADY_SENT: a claimed key is never planned again")
        void alreadySent() {
            claimed.add(new SendKey(REVIEW.id(), "P1", ALICE_MOBILE));
            Instant due = london("2026-03-28T22:30:00");
            assertThat(engine(REVIEW).plan(snapshot(), due).candidates()).isEmpty();
            assertThat(reasonOf(explain(engine(REVIEW), REVIEW, ALICE_MOBILE, due))).isEqualTo(Reason.ALREADY_SENT);
        }

        @Test
        @DisplayName("QUIET_HOURS: a message due inside them waits to their end; skipped if the venue skips rather than defers")
        void quietHours() {
            SchedulingEngine engine = SchedulingEngine.create(
                    EngineSettings.of(VENUE).withQuietHours(QuietHours.between("21:30", "09:00")),
                    List.of(Flow.of("F", List.of(REVIEW, REMINDER.toBuilder().timing(Timing.afterStart(0, 12, 0)).build()))));
            SchedulingEngine skipping = SchedulingEngine.create(
                    EngineSettings.of(VENUE).withQuietHours(QuietHours.between("21:30", "09:00").skipping()),
                    List.of(Flow.of("F", List.of(REVIEW))));
            SendKey reviewKey = new SendKey(REVIEW.id(), "P1", ALICE_MOBILE);
            assertThat(reasonOf(skipping.explain(snapshot(), reviewKey, london("2026-03-28T22:30:00"))))
                    .isEqualTo(Reason.QUIET_HOURS);
            assertThat(reasonOf(skipping.explain(snapshot(), reviewKey, london("2026-03-29T09:00:00"))))
                    .isEqualTo(Reason.QUIET_HOURS);
            assertThat(engine.explain(snapshot(), reviewKey, london("2026-03-28T22:30:00")))
                    .isInstanceOf(Decision.Wait.class);
            // 12 elapsed hours after 19:30 Saturday is 08:30 Sunday local (the clocks went forward): waits for 09:00.
            Decision morning = engine.explain(snapshot(), new SendKey(REMINDER.id(), "P1", ALICE_MOBILE),
                    london("2026-03-29T08:30:00"));
            assertThat(morning).isInstanceOfSatisfying(Decision.Wait.class, w -> {
                assertThat(w.until()).isEqualTo(london("2026-03-29T09:00:00"));
                assertThat(w.reason()).contains(Reason.QUIET_HOURS);
            });
            assertThat(engine.explain(snapshot(), new SendKey(REMINDER.id(), "P1", ALICE_MOBILE),
                    london("2026-03-29T09:00:00"))).isInstanceOf(Decision.Send.class);
        }

        @Test
        @DisplayName("PERFORMANCE_NOT_SELECTED and NO_BOOKING")
        void notSelectedAndNoBooking() {
            FlowStep other = REVIEW.toBuilder().performances(PerformanceFilter.ofEvent("E2")).build();
            assertThat(reasonOf(explain(engine(other), other, ALICE_MOBILE, london("2026-03-28T22:30:00"))))
                    .isEqualTo(Reason.PERFORMANCE_NOT_SELECTED);
            assertThat(reasonOf(explain(engine(REVIEW), REVIEW, BOB_MOBILE, london("2026-03-28T22:30:00"))))
                    .isEqualTo(Reason.NO_BOOKING);
        }

        @Test
        @DisplayName("a step selecting events with a ShowScoreID applies to Hamlet")
        void attributeFilter() {
            FlowStep step = REVIEW.toBuilder().performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID")).build();
            assertThat(engine(step).plan(snapshot(), london("2026-03-28T22:30:00")).sends()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("recipients")
    class Recipients {
        @Test
        @DisplayName("one send per number however many bookings share it; the earliest-confirmed booking is personalised")
        void onePerNumber() {
            Customer aliceAgain = Customer.builder("C9").name("Alicia", "Smith").mobile(ALICE_MOBILE).build();
            season = season.withCustomer(aliceAgain)
                    .withBooking(Booking.of("B0", "C9", "P1", BOOKED.minusSeconds(60)))
                    .withBooking(Booking.of("B5", "C1", "P1", BOOKED.plusSeconds(60)));
            Plan plan = engine(REVIEW).plan(snapshot(), london("2026-03-28T22:30:00"));
            assertThat(plan.sends()).singleElement().satisfies(c -> {
                assertThat(c.booking().id()).isEqualTo("B0");
                assertThat(c.customer().firstName()).isEqualTo("Alicia");
            });
        }

        @Test
        @DisplayName("a cancelled earliest booking hands personalisation to the next live one")
        void cancelledEarliest() {
            season = season.withCustomer(Customer.builder("C9").name("Alicia", "Smith").mobile(ALICE_MOBILE).build())
                    .withBooking(Booking.of("B0", "C9", "P1", BOOKED.minusSeconds(60)).cancelledAt(BOOKED));
            Plan plan = engine(REVIEW).plan(snapshot(), london("2026-03-28T22:30:00"));
            assertThat(plan.sends()).singleElement().satisfies(c -> assertThat(c.booking().id()).isEqualTo("B1"));
        }
    }

    @Test
    @DisplayName("step ids must be unique across flows")
    void uniqueStepIdsAcrossFlows() {
        assertThatThrownBy(() -> SchedulingEngine.create(EngineSettings.of(VENUE),
                List.of(Flow.of("A", List.of(REVIEW)), Flow.of("B", List.of(REVIEW)))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("step id is already used in flow 'A'");
    }

    @Test
    @DisplayName("a season in another zone is refused")
    void zoneMismatch() {
        SeasonSnapshot newYork = SeasonSnapshot.empty(ZoneId.of("America/New_York"));
        assertThatThrownBy(() -> engine(REVIEW).plan(new Snapshot(newYork, consent::history, claimed::contains), BOOKED))
                .isInstanceOf(ValidationException.class).hasMessageContaining("season.zone");
    }

    @Test
    @DisplayName("explaining an unknown step is misuse")
    void unknownStep() {
        assertThatThrownBy(() -> engine(REVIEW).explain(snapshot(), new SendKey(StepId.of("nope"), "P1", ALICE_MOBILE), BOOKED))
                .isInstanceOf(ValidationException.class).hasMessageContaining("no flow has a step 'nope'");
    }
}
