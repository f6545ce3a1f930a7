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
     * for a notice) or, when {@code lateAtMinute} is present, made during it.
     */
    record BookingSpec(int customer, int show, int confirmedHoursBefore, Optional<Integer> lateAtMinute) {
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
     * Something that happens at a minute and second of the season. {@code target} picks a number, show,
     * booking or message; {@code detail} is how late a text was stamped (seconds), how far consent was
     * backdated (minutes), where a show moves, or how many failures are scripted. When {@code duringASend}
     * (only for kinds that {@linkplain Kind#canArriveMidTick() can}), it comes at the first send after its
     * time, while the runtime waits for its throttle: between the plan and the provider call.
     */
    record Happening(int minute, int second, Kind kind, int target, int detail, boolean duringASend) {
        /** A millisecond past the whole second, so nothing between ticks coincides with a tick or a send. */
        Instant at() {
            return START.plus(Duration.ofMinutes(minute)).plusSeconds(second).plusMillis(1);
        }
    }

    static Arbitrary<RuntimeSeason> seasons() {
        Arbitrary<Knobs> knobs = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(false, true),
                // Shrinks towards the sparsest cadence: fewer ticks make each try, and so shrinking, cheaper.
                Arbitraries.integers().between(1, 15).shrinkTowards(15), Arbitraries.of(false, true),
                Arbitraries.integers().between(0, 40),
                Arbitraries.of(0, 10, 30), Arbitraries.longs()).as(Knobs::new);
        Arbitrary<StepSpec> step = Combinators.combine(Arbitraries.of(false, true),
                Arbitraries.of(Timing.Direction.class), Arbitraries.of(Timing.Anchor.class),
                Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 24)).as(StepSpec::new);
        Arbitrary<ShowSpec> show = Combinators.combine(Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 48), Arbitraries.integers().between(4, 12)).as(ShowSpec::new);
        Arbitrary<Integer> customerNumber = Arbitraries.integers().between(-1, NUMBERS.size() - 1);
        Arbitrary<BookingSpec> booking = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 72),
                Arbitraries.integers().between(0, DAYS * 24 * 60 - 1).optional(0.3)).as(BookingSpec::new);
        // Weighted towards what matters most: opt-outs, consent, and changes to shows and bookings.
        Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(3, Kind.STOP), Tuple.of(1, Kind.PROBABLE_STOP),
                Tuple.of(2, Kind.START), Tuple.of(1, Kind.CHAT), Tuple.of(3, Kind.EXPRESS_CONSENT),
                Tuple.of(1, Kind.CANCEL_SHOW), Tuple.of(2, Kind.RESCHEDULE_SHOW), Tuple.of(2, Kind.CANCEL_BOOKING),
                Tuple.of(2, Kind.FAIL_TRANSIENT), Tuple.of(1, Kind.FAIL_PERMANENT), Tuple.of(1, Kind.OPTED_OUT_AT_PROVIDER),
                Tuple.of(1, Kind.DELIVERY_REPORT));
        Arbitrary<Happening> happening = Combinators.combine(Arbitraries.integers().between(0, DAYS * 24 * 60 - 1),
                Arbitraries.integers().between(0, 59), kind, Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 600), Arbitraries.of(false, true)).as(Happening::new);
        return Combinators.combine(knobs, step.list().ofMinSize(1).ofMaxSize(4), show.list().ofMinSize(1).ofMaxSize(3),
                        customerNumber.list().ofMinSize(1).ofMaxSize(6), booking.list().ofMinSize(1).ofMaxSize(10),
                        happening.list().ofMaxSize(24))
                .as(RuntimeSeason::new);
    }
}
