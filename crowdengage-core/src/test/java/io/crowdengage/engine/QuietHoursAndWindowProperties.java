package io.crowdengage.engine;

import static io.crowdengage.engine.EngineProperties.inQuietHours;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Quiet hours and the window's edges as properties, for one step and one booked performance around
 * the clock changes of London and New York, with quiet hours at any quarter hour (also inside the
 * hours the clocks skip or repeat). The rules are written out here minute by minute from their
 * definitions, independently of the engine's arithmetic; every due time and boundary lies on whole
 * minutes, so every rule but one gives the same answer throughout a minute as at its start. The one
 * that does not is the window's end: a step due in {@code [windowStart, windowEnd]} may go until
 * {@code windowEnd + 1 minute}, exclusive ({@link #LAST_MINUTE}), so it is written out to the instant
 * and checked at seconds inside minutes too.
 */
class QuietHoursAndWindowProperties {
    static final PhoneNumber MOBILE = PhoneNumber.parse("07400 100001", "GB");
    /**
     * The decision taken for the window's end: it is inside the window to the minute. Timings are whole
     * minutes and a runtime ticks by the minute at an arbitrary second, so a message due at the window's
     * end may go from then until just before a minute later.
     */
    static final Duration LAST_MINUTE = Duration.ofMinutes(1);

    /** One step, one performance, one booking, and the venue's quiet hours (if any). */
    record Setup(ZoneId zone, LocalDateTime start, Duration duration, Timing timing, Duration catchUp,
                 Optional<QuietHours> quiet) {
        Performance performance() {
            return Performance.of("P1", Event.of("E1", "Show", duration), start);
        }

        FlowStep step() {
            return FlowStep.builder("s").name("Step").template("Hello").timing(timing).catchUp(catchUp).build();
        }

        SchedulingEngine engine() {
            Venue venue = new Venue("V", "Venue", zone);
            EngineSettings settings = quiet.map(q -> EngineSettings.of(venue).withQuietHours(q)).orElse(EngineSettings.of(venue));
            return SchedulingEngine.create(settings, List.of(Flow.of("F", List.of(step()))));
        }

        Snapshot snapshot() {
            SeasonSnapshot season = SeasonSnapshot.builder(zone).performance(performance())
                    .customer(Customer.builder("C1").name("Ann", "Lee").mobile(MOBILE).build())
                    .booking(Booking.of("B1", "C1", "P1", start.atZone(zone).toInstant().minus(Duration.ofDays(30))))
                    .build();
            return new Snapshot(season, InMemoryConsentLedger.create()::history, key -> false);
        }

        Decision explain(Instant at) {
            return engine().explain(snapshot(), new SendKey(step().id(), "P1", MOBILE), at);
        }

        Instant due() {
            return timing.dueInstant(performance(), zone);
        }

        Instant startInstant() {
            return start.atZone(zone).toInstant();
        }

        Instant windowStart() {
            return start.atZone(zone).minusDays(1).toInstant();
        }

        Instant windowEnd() {
            return start.atZone(zone).plus(duration).plusDays(1).toInstant();
        }

        /** The first instant nothing may be sent: the end of the window's last minute. */
        Instant afterWindow() {
            return windowEnd().plus(LAST_MINUTE);
        }

        Setup withTiming(Timing other) {
            return new Setup(zone, start, duration, other, catchUp, quiet);
        }

        boolean preShow() {
            return due().isBefore(startInstant());
        }

        boolean quietAt(Instant at) {
            return quiet.isPresent() && inQuietHours(quiet.get(), at, zone);
        }

        /** The first whole minute from {@code at} outside quiet hours. */
        Instant firstMinuteOutsideQuietHours(Instant at) {
            Instant t = at;
            while (quietAt(t)) {
                t = t.plus(Duration.ofMinutes(1));
            }
            return t;
        }
    }

    @Provide
    Arbitrary<Setup> setups() {
        return Arbitraries.longs().map(QuietHoursAndWindowProperties::setup);
    }

    static Setup setup(long seed) {
        Random random = new Random(seed);
        ZoneId zone = random.nextBoolean() ? ZoneId.of("Europe/London") : ZoneId.of("America/New_York");
        LocalDate day = EngineProperties.clockChangeSunday(zone, random.nextBoolean()).plusDays(random.nextInt(5) - 2);
        LocalDateTime start = day.atTime(quarter(random));
        Duration duration = Duration.ofMinutes(15L * random.nextInt(25));
        Timing timing;
        switch (random.nextInt(5)) {
            case 0: // 1 day after the start, plus the running time: due on the window's end (most days)
                timing = Timing.afterStart(1, (int) duration.toHours(), duration.toMinutesPart());
                break;
            case 1: // the window's start
                timing = Timing.beforeStart(1, 0, 0);
                break;
            default:
                do {
                    timing = new Timing(random.nextInt(2), random.nextInt(24), 15 * random.nextInt(4),
                            random.nextBoolean() ? Timing.Direction.BEFORE : Timing.Direction.AFTER,
                            random.nextBoolean() ? Timing.Anchor.START : Timing.Anchor.END);
                } while (!timing.canFallInsideMessagingWindow());
        }
        Duration catchUp = Duration.ofMinutes(15L * (1 + random.nextInt(24)));
        Optional<QuietHours> quiet = Optional.empty();
        if (random.nextInt(6) != 0) {
            LocalTime from = quarter(random);
            LocalTime to;
            do {
                to = quarter(random);
            } while (to.equals(from));
            if (random.nextInt(4) == 0) {
                // Quiet hours ending exactly at the start or at the window's end: the edges of "fits".
                LocalTime edge = random.nextBoolean() ? start.toLocalTime() : start.plus(duration).toLocalTime();
                to = edge.equals(from) ? to : edge;
            }
            QuietHours q = new QuietHours(from, to);
            quiet = Optional.of(random.nextInt(4) == 0 ? q.skipping() : q);
        }
        return new Setup(zone, start, duration, timing, catchUp, quiet);
    }

    private static LocalTime quarter(Random random) {
        return LocalTime.of(random.nextInt(24), 15 * random.nextInt(4));
    }

    @Property(tries = 600)
    @Label("a message due in quiet hours under DEFER is sent at their end whenever that end is inside the window and,"
            + " for a step due before the start, before the start; otherwise, and always under SKIP, it is skipped with QUIET_HOURS")
    void dueInQuietHours(@ForAll("setups") Setup s) {
        Instant due = s.due();
        Assume.that(!due.isBefore(s.windowStart()) && !due.isAfter(s.windowEnd()) && s.quietAt(due));
        Instant end = s.firstMinuteOutsideQuietHours(due);
        boolean fits = end.isBefore(s.afterWindow()) && (!s.preShow() || end.isBefore(s.startInstant()));
        Decision atDue = s.explain(due);
        Decision atEnd = s.explain(end);
        if (s.quiet().orElseThrow().policy() == QuietHours.Policy.DEFER && fits) {
            assertThat(atDue).as("at the due time %s", due).isInstanceOfSatisfying(Decision.Wait.class, w -> {
                assertThat(w.until()).isEqualTo(end);
                assertThat(w.reason()).contains(Reason.QUIET_HOURS);
            });
            assertThat(atEnd).as("when quiet hours end at %s", end).isInstanceOfSatisfying(Decision.Send.class, send -> {
                assertThat(send.deadline()).isAfter(end).isBeforeOrEqualTo(s.afterWindow());
                if (s.preShow()) {
                    assertThat(send.deadline()).isBeforeOrEqualTo(s.startInstant());
                }
            });
            assertThat(s.engine().plan(s.snapshot(), end.minus(Duration.ofMinutes(1)), end).sends()).hasSize(1);
        } else {
            for (Decision d : List.of(atDue, atEnd)) {
                assertThat(d).isInstanceOfSatisfying(Decision.Skip.class,
                        skip -> assertThat(skip.reason()).isEqualTo(Reason.QUIET_HOURS));
            }
        }
    }

    @Property(tries = 250)
    @Label("at any minute, and any second in it, the engine sends exactly when the written-out rules allow: due inside"
            + " the window, both ends included, and sent before windowEnd + 1 minute; from the due time; before the start"
            + " for a step due before it; never in quiet hours; within the catch-up, counted outside quiet hours under"
            + " DEFER, and before quiet hours begin under SKIP")
    void sendsExactlyWhenTheRulesAllow(@ForAll("setups") Setup s) {
        Instant due = s.due();
        Assume.that(!due.isBefore(s.windowStart()) && !due.isAfter(s.windowEnd()));
        // Minute by minute from the due time to an hour past the window: quiet or not, and time outside quiet hours so far.
        int minutes = (int) Duration.between(due, s.windowEnd()).toMinutes() + 60;
        boolean[] quiet = new boolean[minutes + 1];
        long[] outsideBefore = new long[minutes + 2];
        for (int m = 0; m <= minutes; m++) {
            quiet[m] = s.quietAt(due.plus(Duration.ofMinutes(m)));
            outsideBefore[m + 1] = outsideBefore[m] + (quiet[m] ? 0 : 1);
        }
        long catchUp = s.catchUp().toMinutes();
        Optional<QuietHours.Policy> policy = s.quiet().map(QuietHours::policy);

        int endMinute = minutes - 60;
        Random random = new Random(s.hashCode());
        List<Instant> sample = new ArrayList<>();
        // The window's last minute, at its first and last instants, and the minute after it.
        Instant windowEnd = due.plus(Duration.ofMinutes(endMinute));
        sample.addAll(List.of(due, windowEnd, windowEnd.plusSeconds(59), windowEnd.plus(LAST_MINUTE).minusNanos(1),
                windowEnd.plus(LAST_MINUTE), windowEnd.plus(LAST_MINUTE).plusSeconds(random.nextInt(60))));
        for (int i = 0; i < 60; i++) {
            Instant minute = due.plus(Duration.ofMinutes(random.nextInt(minutes + 1)));
            sample.add(i % 2 == 0 ? minute : minute.plusSeconds(1 + random.nextInt(59)));
        }
        for (Instant at : sample) {
            // Within a minute every rule but the window's end answers as at the minute's start.
            int m = (int) Duration.between(due, at).toMinutes();
            boolean allowed = at.isBefore(s.windowEnd().plus(LAST_MINUTE))
                    && (!s.preShow() || at.isBefore(s.startInstant()))
                    && !quiet[m]
                    && (policy.equals(Optional.of(QuietHours.Policy.DEFER)) ? outsideBefore[m] < catchUp : m < catchUp)
                    && (!policy.equals(Optional.of(QuietHours.Policy.SKIP)) || outsideBefore[m + 1] == m + 1);
            Decision decision = s.explain(at);
            assertThat(decision instanceof Decision.Send).as("sent at %s (due %s): %s", at, due, decision).isEqualTo(allowed);
            if (decision instanceof Decision.Send send) {
                assertThat(send.deadline()).as("the deadline lets it go now").isAfter(at);
                assertThat(send.deadline()).as("the deadline is at most the end of the window's last minute")
                        .isBeforeOrEqualTo(s.windowEnd().plus(LAST_MINUTE));
            }
        }
        assertThat(s.explain(s.windowEnd().plus(LAST_MINUTE))).as("a minute after the window's end")
                .isNotInstanceOf(Decision.Send.class);
    }

    @Property(tries = 500)
    @Label("a step due exactly on an edge of the window goes then; at the end, until a minute later, exclusive")
    void edgesAreInside(@ForAll("setups") Setup s) {
        Instant due = s.due();
        Assume.that(due.equals(s.windowEnd()) || due.equals(s.windowStart()));
        Assume.that(s.quiet().isEmpty() || !s.quietAt(due));
        assertThat(s.explain(due)).as("due %s", due).isInstanceOfSatisfying(Decision.Send.class, send -> {
            if (due.equals(s.windowEnd())) {
                assertThat(send.deadline()).isEqualTo(s.windowEnd().plus(LAST_MINUTE));
            }
        });
        assertThat(s.engine().plan(s.snapshot(), due).sends()).hasSize(1);
        if (due.equals(s.windowEnd())) {
            Instant lastSecond = due.plusSeconds(59);
            assertThat(s.explain(lastSecond)).as("at %s", lastSecond).isInstanceOf(Decision.Send.class);
            // A tick at an arbitrary second of the last minute, following one just before the due time, sends it.
            Instant tick = due.plusSeconds(new Random(s.hashCode()).nextInt(60));
            assertThat(s.engine().plan(s.snapshot(), tick.minus(LAST_MINUTE), tick).sends()).hasSize(1);
            assertThat(s.explain(s.afterWindow())).as("a minute after the window's end")
                    .isInstanceOfSatisfying(Decision.Skip.class,
                            skip -> assertThat(skip.reason()).isEqualTo(Reason.OUTSIDE_WINDOW));
        }
    }

    @Property(tries = 300)
    @Label("a step due after the window's end is skipped OUTSIDE_WINDOW, even inside its last minute and within its catch-up")
    void dueAfterTheWindow(@ForAll("setups") Setup setup, @ForAll("extraMinutes") int extra, @ForAll("seconds") int second) {
        // 1 day after the start, plus the running time, plus a little: past the window's end on most days.
        Duration beyond = setup.duration().plusMinutes(extra);
        Setup s = setup.withTiming(Timing.afterStart(1, (int) beyond.toHours(), beyond.toMinutesPart()));
        Instant due = s.due();
        Assume.that(due.isAfter(s.windowEnd()));
        for (Instant at : List.of(due, due.plusSeconds(second))) {
            assertThat(s.explain(at)).as("due %s, asked at %s", due, at).isInstanceOfSatisfying(Decision.Skip.class,
                    skip -> assertThat(skip.reason()).isEqualTo(Reason.OUTSIDE_WINDOW));
        }
        Plan plan = s.engine().plan(s.snapshot(), due.minus(LAST_MINUTE), due.plusSeconds(second));
        assertThat(plan.sends()).isEmpty();
        assertThat(plan.skips()).singleElement()
                .satisfies(c -> assertThat(((Decision.Skip) c.decision()).reason()).isEqualTo(Reason.OUTSIDE_WINDOW));
    }

    @Provide
    Arbitrary<Integer> extraMinutes() {
        return Arbitraries.integers().between(1, 120);
    }

    @Provide
    Arbitrary<Integer> seconds() {
        return Arbitraries.integers().between(0, 59);
    }

    @Provide
    Arbitrary<Instant> instants() {
        ZonedDateTime from = LocalDate.of(2026, 3, 6).atStartOfDay(ZoneId.of("UTC"));
        return Arbitraries.longs().between(0, Duration.ofDays(240).toMinutes())
                .map(m -> from.toInstant().plus(Duration.ofMinutes(m)));
    }

    @Provide
    Arbitrary<Optional<QuietHours>> quietHours() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            Setup s = setup(seed);
            return random.nextInt(8) == 0 ? Optional.empty() : s.quiet();
        });
    }

    @Property(tries = 500)
    @Label("SendTimeRules.quietHours: nothing goes inside quiet hours; under DEFER it waits for their end when that is"
            + " before the deadline, and is skipped with QUIET_HOURS otherwise; under SKIP it is skipped")
    void sendTimeQuietHours(@ForAll("quietHours") Optional<QuietHours> quiet, @ForAll("instants") Instant now,
                            @ForAll boolean london, @ForAll("deadlineMinutes") int deadlineMinutes) {
        ZoneId zone = london ? ZoneId.of("Europe/London") : ZoneId.of("America/New_York");
        boolean inside = quiet.isPresent() && inQuietHours(quiet.get(), now, zone);
        Instant end = now;
        while (quiet.isPresent() && inQuietHours(quiet.get(), end, zone)) {
            end = end.plus(Duration.ofMinutes(1));
        }
        Instant quietEnd = end;
        // A third of deadlines lie a minute either side of the end of quiet hours, or on it: the edge of waiting.
        Instant deadline = inside && deadlineMinutes % 3 == 0
                ? quietEnd.plus(Duration.ofMinutes(deadlineMinutes % 9 / 3 - 1))
                : now.plus(Duration.ofMinutes(deadlineMinutes));
        Optional<Decision> decision = SendTimeRules.quietHours(quiet, zone, now, deadline);
        assertThat(decision.isEmpty()).as("may go now").isEqualTo(!inside);
        if (!inside) {
            return;
        }
        if (quiet.get().policy() == QuietHours.Policy.DEFER && quietEnd.isBefore(deadline)) {
            assertThat(decision.get()).isInstanceOfSatisfying(Decision.Wait.class, w -> {
                assertThat(w.until()).isEqualTo(quietEnd);
                assertThat(w.reason()).contains(Reason.QUIET_HOURS);
            });
        } else {
            assertThat(decision.get()).isInstanceOfSatisfying(Decision.Skip.class, skip -> {
                assertThat(skip.reason()).isEqualTo(Reason.QUIET_HOURS);
                assertThat(skip.explanation()).contains(quietEnd.toString()).contains(deadline.toString());
            });
        }
    }

    @Provide
    Arbitrary<Integer> deadlineMinutes() {
        return Arbitraries.integers().between(1, 36 * 60);
    }
}
