package io.crowdengage.runtime;

import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.Timing;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * A random season to drive the real runtime through: shows, customers (some without a mobile, some
 * sharing one), bookings (some made late), flow steps of both kinds on every side of the show, and a
 * timeline of things that happen to it (cancellations, reschedules, STOP, START and chatter by text,
 * consent imported from elsewhere, provider faults, delivery reports).
 *
 * <p>Everything is built from jqwik arbitraries rather than one seed, so that a failure shrinks to
 * few steps, shows, bookings and happenings. References between parts are indexes taken modulo the
 * size of what they point into, so any shrunk list still makes a valid season.
 *
 * <p>The season lies in June in London: no clock change within it, so one calendar day is 24 hours
 * and the properties can do their own time arithmetic on instants.
 */
record RuntimeSeason(Knobs knobs, List<StepSpec> steps, List<ShowSpec> shows, List<Integer> customerNumbers,
                     List<BookingSpec> bookings, List<Happening> happenings) {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 6, 15);
    static final Instant START = FIRST_DAY.atStartOfDay(LONDON).toInstant();
    static final int DAYS = 4;
    static final Instant END = START.plus(Duration.ofDays(DAYS));
    /** Few numbers for many customers, so numbers are shared and STOPs hit someone who booked. */
    static final List<PhoneNumber> NUMBERS = List.of(
            PhoneNumber.parse("07400 100001", "GB"), PhoneNumber.parse("07400 100002", "GB"),
            PhoneNumber.parse("07400 100003", "GB"), PhoneNumber.parse("07400 100004", "GB"));

    /**
     * How the run is wired and paced.
     *
     * @param softOptIn         whether the soft opt-in notice is sent
     * @param quietHours        whether the venue keeps quiet hours
     * @param tickMinutes       the longest gap between ticks
     * @param irregularTicks    whether gaps vary (from a minute up to {@code tickMinutes})
     * @param throttleSeconds   the most the clock moves while the runtime waits for its throttle before a send;
     *                          with more than zero, ticks take time and texts can arrive in the middle of one
     * @param failurePercentage the provider's share of random transient failures
     * @param seed              for the tick gaps, throttle waits, retry jitter and random failures
     */
    record Knobs(boolean softOptIn, boolean quietHours, int tickMinutes, boolean irregularTicks, int throttleSeconds,
                 int failurePercentage, long seed) {
    }

    /** A flow step: kind, timing ({@code hours} and {@code quarters} of an hour off its anchor) and catch-up. */
    record StepSpec(boolean marketing, Timing.Direction direction, Timing.Anchor anchor, int hours, int quarters,
                    int catchUpQuarters) {
        FlowStep toStep(int index) {
            String id = "s" + index;
            // The body names the step and the show, so each accepted message can be traced to its key.
            return FlowStep.builder(id).name("Step " + id)
                    .template(id + " for {{ event.name }}: hello {{ customer.first_name }}")
                    .kind(marketing ? MessageKind.MARKETING : MessageKind.TRANSACTIONAL)
                    .timing(new Timing(0, hours, 15 * quarters, direction, anchor))
                    .catchUp(Duration.ofMinutes(15L * catchUpQuarters))
                    .build();
        }

        Duration offset() {
            return Duration.ofHours(hours).plusMinutes(15L * quarters);
        }
    }

    /** A show on day 1 or 2 of the season, starting between 10:00 and 22:00. */
    record ShowSpec(int day, int startQuarter, int durationQuarters) {
        LocalDateTime localStart() {
            return startAt(day, startQuarter);
        }

        Duration duration() {
            return Duration.ofMinutes(15L * durationQuarters);
        }
    }

    static LocalDateTime startAt(int day, int quarter) {
        return FIRST_DAY.plusDays(day).atTime(10, 0).plusMinutes(15L * quarter);
    }

    /**
     * A booking: made before the season ({@code confirmedHoursBefore} its start, so some are fresh enough
     * for a notice) or, when {@code lateMinutes} is present, made during it, that many minutes (maybe
     * negative) after an edge of step {@code nearStep}'s time for the show: late bookers around a step's
     * window are where the timing rules and the notice's "strictly earlier" are tested hardest.
     */
    record BookingSpec(int customer, int show, int confirmedHoursBefore, Optional<Integer> lateMinutes, int nearStep,
                       Edge edge) {
    }

    /** The instants a step's messages for a show are bounded by. */
    enum Edge {
        /** When the step falls due. */
        DUE,
        /** When the show starts: a step due before it may go only before it. */
        START,
        /** When the step's catch-up runs out. */
        CATCH_UP_END,
        /** A day after the show ends, when the messaging window closes. */
        WINDOW_END;

        Instant of(StepSpec step, Instant start, Duration duration) {
            Instant due = due(step, start, duration);
            return switch (this) {
                case DUE -> due;
                case START -> start;
                case CATCH_UP_END -> due.plus(Duration.ofMinutes(15L * step.catchUpQuarters()));
                case WINDOW_END -> start.plus(duration).plus(Duration.ofHours(24));
            };
        }
    }

    /** When a step falls due for a show starting at {@code start}: its offset before or after the start or end. */
    static Instant due(StepSpec step, Instant start, Duration duration) {
        Instant anchor = step.anchor() == Timing.Anchor.START ? start : start.plus(duration);
        return step.direction() == Timing.Direction.AFTER ? anchor.plus(step.offset()) : anchor.minus(step.offset());
    }

    /** What can happen during the season. */
    enum Kind {
        STOP, PROBABLE_STOP, START, CHAT, EXPRESS_CONSENT, CANCEL_SHOW, RESCHEDULE_SHOW, CANCEL_BOOKING,
        FAIL_TRANSIENT, FAIL_PERMANENT, OPTED_OUT_AT_PROVIDER, DELIVERY_REPORT;

        /** Texts, consent and provider faults may come at any moment, also in the middle of a tick. */
        boolean canArriveMidTick() {
            return this != CANCEL_SHOW && this != RESCHEDULE_SHOW && this != CANCEL_BOOKING && this != DELIVERY_REPORT;
        }
    }

    /**
     * Something that happens during the season (see {@link #at(Happening)}). {@code target} picks a number,
     * show, booking or message; {@code detail} is how long before it reaches us a text was stamped (in units of
     * 3 seconds), how far consent was backdated (minutes), how far a show moves, or how many failures are
     * scripted. When {@code duringASend}
     * (only for kinds that {@linkplain Kind#canArriveMidTick() can}), it comes at the first send after its
     * time, while the runtime waits for its throttle: between the plan and the provider call.
     */
    record Happening(int minute, int second, Kind kind, int target, int detail, boolean duringASend) {
    }

    /**
     * When a happening comes: {@code minute} minutes (maybe negative) after some step falls due for some
     * show (both picked by its target), so that happenings cluster where messages are being sent. A
     * millisecond past the whole second, so nothing between ticks coincides with a tick or a send.
     */
    Instant at(Happening happening) {
        ShowSpec show = shows.get(happening.target() % shows.size());
        Instant due = due(steps.get(happening.target() % steps.size()),
                show.localStart().atZone(LONDON).toInstant(), show.duration());
        Instant at = due.plus(Duration.ofMinutes(happening.minute())).plusSeconds(happening.second());
        return (at.isBefore(START) ? START : at).plusMillis(1);
    }

    /** Seasons of every sort, and as often the sharper ones of {@link #lateBookersAtTheEdges()}. */
    static Arbitrary<RuntimeSeason> seasons() {
        return Arbitraries.oneOf(everything(), lateBookersAtTheEdges());
    }

    /** Anything can happen: texts, consent, faults, changes to shows and bookings, at any pace. */
    static Arbitrary<RuntimeSeason> everything() {
        // Often no wait at all: then a notice and a message in the same tick share an instant.
        Arbitrary<Integer> throttle = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 40)));
        // Mostly within a few hours of the anchor, where a step's window meets the show's start; some close
        // to a day off it, where the window closes.
        Arbitrary<Integer> hours = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 3)),
                Tuple.of(1, Arbitraries.integers().between(0, 23)), Tuple.of(1, Arbitraries.integers().between(20, 23)));
        // Weighted towards what matters most: opt-outs, consent, and changes to shows and bookings.
        Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(3, Kind.STOP), Tuple.of(1, Kind.PROBABLE_STOP),
                Tuple.of(2, Kind.START), Tuple.of(1, Kind.CHAT), Tuple.of(3, Kind.EXPRESS_CONSENT),
                Tuple.of(1, Kind.CANCEL_SHOW), Tuple.of(2, Kind.RESCHEDULE_SHOW), Tuple.of(2, Kind.CANCEL_BOOKING),
                Tuple.of(2, Kind.FAIL_TRANSIENT), Tuple.of(1, Kind.FAIL_PERMANENT), Tuple.of(1, Kind.OPTED_OUT_AT_PROVIDER),
                Tuple.of(1, Kind.DELIVERY_REPORT));
        return Combinators.combine(knobs(Arbitraries.of(true, false), Arbitraries.of(false, true), throttle,
                                Arbitraries.of(0, 10, 30)),
                        someSteps(hours, 4), someShows(), someCustomers(),
                        someBookings(Arbitraries.integers().between(-120, 360).optional(0.5), Arbitraries.just(Edge.DUE)),
                        someHappenings(kind, 24))
                .as(RuntimeSeason::new);
    }

    /**
     * Late bookers within half an hour of an edge of a step's time: its due instant, the show's start (a
     * pre-show step may go only before it), the end of its catch-up, the window's close a day after the
     * show; with steps due close to the show or close to a day off it. The soft opt-in is on and
     * the throttle does not move the clock, so a notice and a marketing message in one tick share an
     * instant; no consent happens, so nothing but the notice can give marketing a basis.
     */
    static Arbitrary<RuntimeSeason> lateBookersAtTheEdges() {
        Arbitrary<Kind> kind = Arbitraries.of(Kind.CANCEL_SHOW, Kind.RESCHEDULE_SHOW, Kind.CANCEL_BOOKING,
                Kind.FAIL_TRANSIENT, Kind.FAIL_PERMANENT, Kind.DELIVERY_REPORT);
        return Combinators.combine(knobs(Arbitraries.just(true), Arbitraries.just(false), Arbitraries.just(0),
                                Arbitraries.of(0, 30)),
                        someSteps(Arbitraries.of(0, 1, 2, 21, 22, 23), 2), someShows(), someCustomers(),
                        someBookings(Arbitraries.integers().between(-30, 30).map(Optional::of), Arbitraries.of(Edge.class)),
                        someHappenings(kind, 6))
                .as(RuntimeSeason::new);
    }

    private static Arbitrary<Knobs> knobs(Arbitrary<Boolean> softOptIn, Arbitrary<Boolean> quietHours,
                                          Arbitrary<Integer> throttleSeconds, Arbitrary<Integer> failurePercentage) {
        // Mostly sparse cadences, and shrinking towards the sparsest: fewer ticks make each try cheaper.
        Arbitrary<Integer> tickMinutes = Arbitraries.integers().between(1, 15).shrinkTowards(15)
                .withDistribution(RandomDistribution.biased());
        return Combinators.combine(softOptIn, quietHours, tickMinutes,
                Arbitraries.of(false, true), throttleSeconds, failurePercentage, Arbitraries.longs()).as(Knobs::new);
    }

    private static Arbitrary<List<StepSpec>> someSteps(Arbitrary<Integer> hours, int most) {
        return Combinators.combine(Arbitraries.of(false, true), Arbitraries.of(Timing.Direction.class),
                        Arbitraries.of(Timing.Anchor.class), hours, Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(1, 24)).as(StepSpec::new)
                .list().ofMinSize(1).ofMaxSize(most);
    }

    private static Arbitrary<List<ShowSpec>> someShows() {
        return Combinators.combine(Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, 48),
                Arbitraries.integers().between(4, 12)).as(ShowSpec::new).list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<List<Integer>> someCustomers() {
        return Arbitraries.integers().between(-1, NUMBERS.size() - 1).list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<List<BookingSpec>> someBookings(Arbitrary<Optional<Integer>> lateMinutes,
                                                             Arbitrary<Edge> edge) {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 72), lateMinutes, Arbitraries.integers().between(0, 3), edge)
                .as(BookingSpec::new).list().ofMinSize(1).ofMaxSize(10);
    }

    private static Arbitrary<List<Happening>> someHappenings(Arbitrary<Kind> kind, int most) {
        // Many close after a step falls due, while its messages (and their retries) are going out.
        Arbitrary<Integer> minute = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(-10, 20)),
                Tuple.of(1, Arbitraries.integers().between(-180, 360)));
        return Combinators.combine(minute, Arbitraries.integers().between(0, 59), kind,
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 600), Arbitraries.of(false, true))
                .as(Happening::new).list().ofMaxSize(most);
    }
}
