package io.crowdengage.engine;

import static io.crowdengage.engine.EngineExamplesTest.ALICE;
import static io.crowdengage.engine.EngineExamplesTest.ALICE_MOBILE;
import static io.crowdengage.engine.EngineExamplesTest.BOB;
import static io.crowdengage.engine.EngineExamplesTest.BOB_MOBILE;
import static io.crowdengage.engine.EngineExamplesTest.BOOKED;
import static io.crowdengage.engine.EngineExamplesTest.DIRECTIONS;
import static io.crowdengage.engine.EngineExamplesTest.HAMLET;
import static io.crowdengage.engine.EngineExamplesTest.LONDON;
import static io.crowdengage.engine.EngineExamplesTest.REMINDER;
import static io.crowdengage.engine.EngineExamplesTest.REVIEW;
import static io.crowdengage.engine.EngineExamplesTest.SATURDAY;
import static io.crowdengage.engine.EngineExamplesTest.VENUE;
import static io.crowdengage.engine.EngineExamplesTest.london;
import static io.crowdengage.engine.EngineExamplesTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Quiet hours and the window's edges, by example")
class QuietHoursAndWindowEdgesTest {
    static final QuietHours NIGHT = QuietHours.between("21:30", "09:00");

    final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    final Set<SendKey> claimed = new HashSet<>();
    SeasonSnapshot season = SeasonSnapshot.builder(LONDON).performance(SATURDAY).customer(ALICE).customer(BOB)
            .booking(Booking.of("B1", "C1", "P1", BOOKED)).build();

    Snapshot snapshot() {
        return new Snapshot(season, consent::history, claimed::contains);
    }

    static SchedulingEngine engine(Optional<QuietHours> quiet, FlowStep... steps) {
        EngineSettings settings = quiet.map(q -> EngineSettings.of(VENUE).withQuietHours(q)).orElse(EngineSettings.of(VENUE));
        return SchedulingEngine.create(settings, List.of(Flow.of("Default Flow", List.of(steps))));
    }

    Decision explain(SchedulingEngine engine, FlowStep step, PhoneNumber to, Instant at) {
        return engine.explain(snapshot(), new SendKey(step.id(), "P1", to), at);
    }

    @Nested
    @DisplayName("quiet hours defer, bounded by the window, not by the catch-up")
    class Deferral {
        @Test
        @DisplayName("the seed's review request, due 22:30 inside 21:30-09:00, waits until 09:00 and goes then")
        void seedReviewWaitsUntilMorning() {
            SchedulingEngine engine = engine(Optional.of(NIGHT), REVIEW);
            Instant due = london("2026-03-28T22:30:00");
            Instant morning = london("2026-03-29T09:00:00");

            assertThat(explain(engine, REVIEW, ALICE_MOBILE, due)).isInstanceOfSatisfying(Decision.Wait.class, w -> {
                assertThat(w.until()).isEqualTo(morning);
                assertThat(w.reason()).contains(Reason.QUIET_HOURS);
            });
            // Its catch-up from 22:30 ran out at 00:30; the tick at 09:00 still finds it due and sends it.
            Plan plan = engine.plan(snapshot(), morning.minusSeconds(60), morning);
            assertThat(plan.sends()).singleElement().satisfies(c -> {
                Decision.Send send = (Decision.Send) c.decision();
                assertThat(send.dueAt()).isEqualTo(due);
                // The catch-up's two hours count from the end of quiet hours.
                assertThat(send.deadline()).isEqualTo(london("2026-03-29T11:00:00"));
            });
        }

        @Test
        @DisplayName("while others wait for quiet hours to end, a number that opted out is told OPTED_OUT, not to wait")
        void ownReasonBeforeWaiting() {
            consent.append(new ConsentRecord.OptedOut(ALICE_MOBILE, london("2026-03-28T21:00:00"),
                    ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
            season = season.withBooking(Booking.of("B2", "C2", "P1", BOOKED));
            SchedulingEngine engine = engine(Optional.of(NIGHT), REVIEW);
            Plan plan = engine.plan(snapshot(), london("2026-03-28T22:30:00"));
            assertThat(plan.waits()).extracting(c -> c.to().orElseThrow()).containsExactly(BOB_MOBILE);
            assertThat(plan.skips()).singleElement().satisfies(c -> {
                assertThat(c.to()).contains(ALICE_MOBILE);
                assertThat(reasonOf(c.decision())).isEqualTo(Reason.OPTED_OUT);
            });
            assertThat(reasonOf(explain(engine, REVIEW, ALICE_MOBILE, london("2026-03-28T22:30:00"))))
                    .isEqualTo(Reason.OPTED_OUT);
        }

        @Test
        @DisplayName("a runtime that was down all night still sends a deferred message after quiet hours, within the catch-up")
        void downAllNight() {
            SchedulingEngine engine = engine(Optional.of(NIGHT), REVIEW);
            Plan plan = engine.plan(snapshot(), london("2026-03-28T21:00:00"), london("2026-03-29T10:30:00"));
            assertThat(plan.sends()).extracting(c -> c.to().orElseThrow()).containsExactly(ALICE_MOBILE);
            Decision late = explain(engine, REVIEW, ALICE_MOBILE, london("2026-03-29T11:00:00"));
            assertThat(reasonOf(late)).isEqualTo(Reason.TOO_LATE);
        }

        @Test
        @DisplayName("a booking made at 23:45, inside quiet hours, waits for 09:00 like the others")
        void lateBookerInQuietHours() {
            season = season.withBooking(Booking.of("B2", "C2", "P1", london("2026-03-28T23:45:00")));
            SchedulingEngine engine = engine(Optional.of(NIGHT), REVIEW);
            assertThat(explain(engine, REVIEW, BOB_MOBILE, london("2026-03-28T23:45:00")))
                    .isInstanceOfSatisfying(Decision.Wait.class,
                            w -> assertThat(w.until()).isEqualTo(london("2026-03-29T09:00:00")));
            assertThat(engine.plan(snapshot(), london("2026-03-29T09:00:00")).sends())
                    .extracting(c -> c.to().orElseThrow()).containsExactlyInAnyOrder(ALICE_MOBILE, BOB_MOBILE);
        }

        @Test
        @DisplayName("a step due before a 10:00 matinee, at 07:00 inside quiet hours, goes at 09:00 with the start as deadline")
        void preShowDeferredUntilBeforeTheStart() {
            season = season.withPerformance(Performance.of("P1", HAMLET, LocalDateTime.parse("2026-04-04T10:00:00")));
            SchedulingEngine engine = engine(Optional.of(NIGHT), DIRECTIONS);
            assertThat(explain(engine, DIRECTIONS, ALICE_MOBILE, london("2026-04-04T07:00:00")))
                    .isInstanceOfSatisfying(Decision.Wait.class,
                            w -> assertThat(w.until()).isEqualTo(london("2026-04-04T09:00:00")));
            assertThat(explain(engine, DIRECTIONS, ALICE_MOBILE, london("2026-04-04T09:00:00")))
                    .isInstanceOfSatisfying(Decision.Send.class,
                            s -> assertThat(s.deadline()).isEqualTo(london("2026-04-04T10:00:00")));
        }

        @Test
        @DisplayName("a step due before an 08:30 start, inside quiet hours that end after it, is skipped with QUIET_HOURS")
        void preShowQuietUntilAfterTheStart() {
            season = season.withPerformance(Performance.of("P1", HAMLET, LocalDateTime.parse("2026-04-04T08:30:00")));
            SchedulingEngine engine = engine(Optional.of(NIGHT), DIRECTIONS);
            Decision decision = explain(engine, DIRECTIONS, ALICE_MOBILE, london("2026-04-04T05:30:00"));
            assertThat(reasonOf(decision)).isEqualTo(Reason.QUIET_HOURS);
            assertThat(decision.explanation()).contains("2026-04-04T08:00:00Z").contains("2026-04-04T07:30:00Z");
            // Reported as QUIET_HOURS even after the start: quiet hours, not a slow runtime, kept it from going.
            assertThat(reasonOf(explain(engine, DIRECTIONS, ALICE_MOBILE, london("2026-04-04T09:30:00"))))
                    .isEqualTo(Reason.QUIET_HOURS);
        }

        @Test
        @DisplayName("a step whose quiet hours end after the window closes is skipped with QUIET_HOURS")
        void quietUntilAfterTheWindow() {
            Event blank = Event.of("E0", "No running time", Duration.ZERO);
            season = season.withPerformance(Performance.of("P1", blank, LocalDateTime.parse("2026-04-04T19:30:00")));
            FlowStep evening = REMINDER.toBuilder().timing(Timing.afterStart(0, 23, 30)).build(); // 19:00 Sunday
            SchedulingEngine engine = engine(Optional.of(QuietHours.between("18:00", "21:00")), evening);
            Decision decision = explain(engine, evening, ALICE_MOBILE, london("2026-04-05T19:00:00"));
            assertThat(reasonOf(decision)).isEqualTo(Reason.QUIET_HOURS);
        }

        @Test
        @DisplayName("a message due before quiet hours whose late booker arrives inside them waits to their end")
        void catchUpRunningIntoQuietHours() {
            FlowStep evening = REVIEW.toBuilder().timing(Timing.afterStart(0, 1, 30)).build(); // due 21:00
            season = season.withBooking(Booking.of("B2", "C2", "P1", london("2026-03-28T22:00:00")));
            SchedulingEngine engine = engine(Optional.of(NIGHT), evening);
            assertThat(explain(engine, evening, ALICE_MOBILE, london("2026-03-28T21:00:00")))
                    .isInstanceOfSatisfying(Decision.Send.class,
                            // 30 minutes of the catch-up are used before 21:30; the other 90 run from 09:00.
                            s -> assertThat(s.deadline()).isEqualTo(london("2026-03-29T10:30:00")));
            assertThat(explain(engine, evening, BOB_MOBILE, london("2026-03-28T22:00:00")))
                    .isInstanceOfSatisfying(Decision.Wait.class,
                            w -> assertThat(w.until()).isEqualTo(london("2026-03-29T09:00:00")));
            assertThat(explain(engine, evening, BOB_MOBILE, london("2026-03-29T10:29:00"))).isInstanceOf(Decision.Send.class);
        }
    }

    @Nested
    @DisplayName("quiet hours that skip rather than defer")
    class Skipping {
        @Test
        @DisplayName("the seed's review request due 22:30 is skipped with QUIET_HOURS, and reported once")
        void seedReviewSkipped() {
            SchedulingEngine engine = engine(Optional.of(NIGHT.skipping()), REVIEW);
            Instant due = london("2026-03-28T22:30:00");
            Decision decision = explain(engine, REVIEW, ALICE_MOBILE, due);
            assertThat(reasonOf(decision)).isEqualTo(Reason.QUIET_HOURS);
            assertThat(decision.explanation()).contains("skips rather than defers");
            assertThat(engine.plan(snapshot(), due.minusSeconds(60), due).skips()).hasSize(1);
            assertThat(engine.plan(snapshot(), due, due.plusSeconds(60)).candidates()).isEmpty();
            assertThat(reasonOf(explain(engine, REVIEW, ALICE_MOBILE, london("2026-03-29T09:00:00"))))
                    .isEqualTo(Reason.QUIET_HOURS);
        }

        @Test
        @DisplayName("a message due before quiet hours may go only until they begin")
        void onlyUntilQuietHoursBegin() {
            FlowStep evening = REVIEW.toBuilder().timing(Timing.afterStart(0, 1, 30)).build(); // due 21:00
            SchedulingEngine engine = engine(Optional.of(NIGHT.skipping()), evening);
            assertThat(explain(engine, evening, ALICE_MOBILE, london("2026-03-28T21:00:00")))
                    .isInstanceOfSatisfying(Decision.Send.class,
                            s -> assertThat(s.deadline()).isEqualTo(london("2026-03-28T21:30:00")));
            Decision late = explain(engine, evening, ALICE_MOBILE, london("2026-03-28T22:00:00"));
            assertThat(reasonOf(late)).isEqualTo(Reason.QUIET_HOURS);
            assertThat(late.explanation()).contains("began at 2026-03-28T21:30:00Z");
        }
    }

    @Nested
    @DisplayName("SendTimeRules.quietHours, the check just before the provider is called")
    class AtSendTime {
        final Instant deadline = london("2026-03-29T11:00:00");

        @Test
        @DisplayName("outside quiet hours, or with none, the message may go")
        void mayGo() {
            assertThat(SendTimeRules.quietHours(Optional.of(NIGHT), LONDON, london("2026-03-28T21:29:59"), deadline)).isEmpty();
            assertThat(SendTimeRules.quietHours(Optional.empty(), LONDON, london("2026-03-28T23:00:00"), deadline)).isEmpty();
        }

        @Test
        @DisplayName("inside them it waits for their end when that is before the deadline")
        void waits() {
            assertThat(SendTimeRules.quietHours(Optional.of(NIGHT), LONDON, london("2026-03-28T21:30:00"), deadline))
                    .contains(new Decision.Wait(london("2026-03-29T09:00:00"), Optional.of(Reason.QUIET_HOURS),
                            "inside quiet hours 21:30-09:00: waiting until 2026-03-29T08:00:00Z"));
        }

        @Test
        @DisplayName("it is skipped when they end at the (exclusive) deadline or later, naming both")
        void skippedAtTheDeadline() {
            Instant end = london("2026-03-29T09:00:00");
            Optional<Decision> decision = SendTimeRules.quietHours(Optional.of(NIGHT), LONDON, london("2026-03-28T23:00:00"), end);
            assertThat(decision).hasValueSatisfying(d -> {
                assertThat(reasonOf(d)).isEqualTo(Reason.QUIET_HOURS);
                assertThat(d.explanation()).contains("end at 2026-03-29T08:00:00Z")
                        .contains("before the deadline 2026-03-29T08:00:00Z");
            });
        }

        @Test
        @DisplayName("under SKIP it is skipped however far the deadline")
        void skipPolicy() {
            Optional<Decision> decision = SendTimeRules.quietHours(Optional.of(NIGHT.skipping()), LONDON,
                    london("2026-03-28T23:00:00"), deadline);
            assertThat(decision).hasValueSatisfying(d -> {
                assertThat(reasonOf(d)).isEqualTo(Reason.QUIET_HOURS);
                assertThat(d.explanation()).contains("2026-03-29T08:00:00Z").contains("2026-03-29T10:00:00Z");
            });
        }
    }

    @Nested
    @DisplayName("quiet hours on clock-change nights")
    class ClockChanges {
        @Test
        @DisplayName("on the night the clocks go back, the review request due 22:30 waits for 09:00 GMT, 11.5 hours later")
        void deferredAcrossFallBack() {
            season = season.withPerformance(Performance.of("P1", HAMLET, LocalDateTime.parse("2026-10-24T19:30:00")));
            SchedulingEngine engine = engine(Optional.of(NIGHT), REVIEW);
            assertThat(explain(engine, REVIEW, ALICE_MOBILE, london("2026-10-24T22:30:00")))
                    .isInstanceOfSatisfying(Decision.Wait.class,
                            w -> assertThat(w.until()).isEqualTo(Instant.parse("2026-10-25T09:00:00Z")));
            assertThat(explain(engine, REVIEW, ALICE_MOBILE, Instant.parse("2026-10-25T09:00:00Z")))
                    .isInstanceOfSatisfying(Decision.Send.class,
                            s -> assertThat(s.deadline()).isEqualTo(Instant.parse("2026-10-25T11:00:00Z")));
        }

        @Test
        @DisplayName("quiet hours ending at 01:30 on the night the clocks go forward end when the clocks jump past it")
        void endInsideTheGap() {
            QuietHours quiet = QuietHours.between("21:30", "01:30");
            Instant end = quiet.endOfPeriodContaining(london("2026-03-28T22:30:00"), LONDON);
            // 01:00 GMT becomes 02:00 BST: the first instant whose local time is not before 01:30.
            assertThat(end).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
            assertThat(quiet.contains(end, LONDON)).isFalse();
            assertThat(quiet.contains(end.minusNanos(1), LONDON)).isTrue();
        }

        @Test
        @DisplayName("quiet hours ending at 01:30 on the night the clocks go back end after the second 01:30, never in the past")
        void endInsideTheOverlap() {
            QuietHours quiet = QuietHours.between("21:30", "01:30");
            // 01:10 GMT, the second time the clock reads 01:10 that night: quiet again until the second 01:30.
            Instant secondPass = Instant.parse("2026-10-25T01:10:00Z");
            assertThat(quiet.contains(secondPass, LONDON)).isTrue();
            assertThat(quiet.endOfPeriodContaining(secondPass, LONDON)).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
        }
    }

    @Nested
    @DisplayName("the window's edges are inside it: its start to the instant, its end to the minute")
    class WindowEdges {
        /** The decision taken for the window's end: a message due at it may go until a minute later, exclusive. */
        static final Duration LAST_MINUTE = Duration.ofMinutes(1);

        void showWithNoRunningTime() {
            Event blank = Event.of("E0", "No running time", Duration.ZERO);
            season = season.withPerformance(Performance.of("P1", blank, LocalDateTime.parse("2026-04-04T20:00:00")));
        }

        @Test
        @DisplayName("the window's end is inside it to the minute: one named constant, one minute")
        void theConstant() {
            assertThat(SchedulingEngine.WINDOW_END_MINUTE).isEqualTo(LAST_MINUTE);
        }

        @Test
        @DisplayName("the seed's reminder 1 day after a show with no running time goes in the window's last minute")
        void reminderAtTheWindowsEnd() {
            showWithNoRunningTime();
            SchedulingEngine engine = engine(Optional.empty(), REMINDER);
            Instant windowEnd = london("2026-04-05T20:00:00");

            for (Instant at : List.of(windowEnd, windowEnd.plusSeconds(1), windowEnd.plusSeconds(59),
                    windowEnd.plus(LAST_MINUTE).minusNanos(1))) {
                assertThat(explain(engine, REMINDER, ALICE_MOBILE, at)).as("at %s", at)
                        .isInstanceOfSatisfying(Decision.Send.class, s -> {
                            assertThat(s.dueAt()).isEqualTo(windowEnd);
                            // Exclusive, as every deadline: the end of the window's last minute.
                            assertThat(s.deadline()).isEqualTo(windowEnd.plus(LAST_MINUTE));
                        });
            }
            assertThat(engine.plan(snapshot(), windowEnd).sends()).hasSize(1);
            Decision after = explain(engine, REMINDER, ALICE_MOBILE, windowEnd.plus(LAST_MINUTE));
            assertThat(reasonOf(after)).isEqualTo(Reason.OUTSIDE_WINDOW);
            assertThat(after.explanation()).contains("the window closed at 2026-04-05T19:00:00Z")
                    .contains("its last minute ended at 2026-04-05T19:01:00Z");
        }

        @Test
        @DisplayName("a runtime ticking every minute at an arbitrary second sends it; the tick after reports OUTSIDE_WINDOW")
        void minuteTicksAtAnArbitrarySecond() {
            showWithNoRunningTime();
            SchedulingEngine engine = engine(Optional.empty(), REMINDER);
            Instant windowEnd = london("2026-04-05T20:00:00");
            // Ticks at 37 seconds past each minute: the one at windowEnd + 37 s is the only one that can send.
            Instant before = windowEnd.minusSeconds(23);
            Instant tick = windowEnd.plusSeconds(37);
            assertThat(engine.plan(snapshot(), before.minus(LAST_MINUTE), before).sends()).isEmpty();
            assertThat(engine.plan(snapshot(), before, tick).sends()).singleElement()
                    .satisfies(c -> assertThat(((Decision.Send) c.decision()).deadline()).isEqualTo(windowEnd.plus(LAST_MINUTE)));
            // A runtime that missed that tick is told, once, on the next.
            Plan next = engine.plan(snapshot(), tick, tick.plus(LAST_MINUTE));
            assertThat(next.sends()).isEmpty();
            assertThat(next.skips()).singleElement()
                    .satisfies(c -> assertThat(reasonOf(c.decision())).isEqualTo(Reason.OUTSIDE_WINDOW));
            assertThat(engine.plan(snapshot(), tick.plus(LAST_MINUTE), tick.plus(LAST_MINUTE.multipliedBy(2))).candidates())
                    .isEmpty();
        }

        @Test
        @DisplayName("a step 1 day 0 hours after the end is due at the window's end and goes in its last minute")
        void dayAfterTheEnd() {
            FlowStep late = REMINDER.toBuilder().timing(Timing.afterEnd(1, 0, 0)).build();
            SchedulingEngine engine = engine(Optional.empty(), late);
            // Hamlet on Saturday 28 March ends at 22:00; the clocks go forward that night.
            Instant windowEnd = london("2026-03-29T22:00:00");
            assertThat(explain(engine, late, ALICE_MOBILE, windowEnd.plusSeconds(59)))
                    .isInstanceOfSatisfying(Decision.Send.class, s -> {
                        assertThat(s.dueAt()).isEqualTo(windowEnd);
                        assertThat(s.deadline()).isEqualTo(windowEnd.plus(LAST_MINUTE));
                    });
            assertThat(reasonOf(explain(engine, late, ALICE_MOBILE, windowEnd.plus(LAST_MINUTE))))
                    .isEqualTo(Reason.OUTSIDE_WINDOW);
        }

        @Test
        @DisplayName("a step due after the window's end is outside it, even by a minute, or by seconds inside its last minute")
        void dueAfterTheEnd() {
            showWithNoRunningTime();
            FlowStep minuteLate = REMINDER.toBuilder().timing(Timing.afterStart(1, 0, 1)).build();
            SchedulingEngine engine = engine(Optional.empty(), minuteLate);
            Instant due = london("2026-04-05T20:01:00");
            assertThat(reasonOf(explain(engine, minuteLate, ALICE_MOBILE, due))).isEqualTo(Reason.OUTSIDE_WINDOW);
            assertThat(engine.plan(snapshot(), due).skips()).singleElement()
                    .satisfies(c -> assertThat(reasonOf(c.decision())).isEqualTo(Reason.OUTSIDE_WINDOW));

            // A running time of 30 seconds puts the window's end at 20:00:30; a step due at 20:01:00 is 30 s past it.
            Event short30 = Event.of("E0", "Half a minute", Duration.ofSeconds(30));
            season = season.withPerformance(Performance.of("P1", short30, LocalDateTime.parse("2026-04-04T20:00:00")));
            Decision decision = explain(engine, minuteLate, ALICE_MOBILE, due);
            assertThat(reasonOf(decision)).isEqualTo(Reason.OUTSIDE_WINDOW);
            assertThat(decision.explanation()).contains("to 2026-04-05T19:00:30Z, both included");
        }

        @Test
        @DisplayName("a catch-up running past the window's end is cut at the end of its last minute")
        void catchUpCutAtTheLastMinute() {
            showWithNoRunningTime();
            FlowStep evening = REMINDER.toBuilder().timing(Timing.afterStart(0, 23, 30)).catchUp(Duration.ofHours(2)).build();
            SchedulingEngine engine = engine(Optional.empty(), evening);
            Instant windowEnd = london("2026-04-05T20:00:00");
            assertThat(explain(engine, evening, ALICE_MOBILE, windowEnd.plusSeconds(59)))
                    .isInstanceOfSatisfying(Decision.Send.class,
                            s -> assertThat(s.deadline()).isEqualTo(windowEnd.plus(LAST_MINUTE)));
            assertThat(reasonOf(explain(engine, evening, ALICE_MOBILE, windowEnd.plus(LAST_MINUTE))))
                    .isEqualTo(Reason.OUTSIDE_WINDOW);
        }

        @Test
        @DisplayName("quiet hours that end exactly at the window's end defer a message to it, and it goes in the last minute")
        void quietHoursEndingAtTheWindowsEnd() {
            showWithNoRunningTime();
            FlowStep evening = REMINDER.toBuilder().timing(Timing.afterStart(0, 23, 30)).build(); // 19:30 Sunday
            SchedulingEngine engine = engine(Optional.of(QuietHours.between("19:00", "20:00")), evening);
            Instant windowEnd = london("2026-04-05T20:00:00");
            assertThat(explain(engine, evening, ALICE_MOBILE, london("2026-04-05T19:30:00")))
                    .isInstanceOfSatisfying(Decision.Wait.class, w -> assertThat(w.until()).isEqualTo(windowEnd));
            assertThat(explain(engine, evening, ALICE_MOBILE, windowEnd.plusSeconds(59)))
                    .isInstanceOf(Decision.Send.class);
            assertThat(reasonOf(explain(engine, evening, ALICE_MOBILE, windowEnd.plus(LAST_MINUTE))))
                    .isEqualTo(Reason.OUTSIDE_WINDOW);
        }

        @Test
        @DisplayName("a step due exactly at the window's start goes then")
        void atTheWindowsStart() {
            FlowStep dayBefore = DIRECTIONS.toBuilder().timing(Timing.beforeStart(1, 0, 0)).build();
            SchedulingEngine engine = engine(Optional.empty(), dayBefore);
            assertThat(explain(engine, dayBefore, ALICE_MOBILE, london("2026-03-27T19:30:00")))
                    .isInstanceOf(Decision.Send.class);
        }
    }
}
