package io.crowdengage.engine;

import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.TreeSet;

/**
 * A daily period, in venue-local time, in which no flow message is sent. The period may cross
 * midnight (21:30 to 09:00). {@code from} is inclusive, {@code to} exclusive: an instant is inside
 * quiet hours when its local time of day is in {@code [from, to)}.
 *
 * <p>What happens to a message whose time to go falls inside them is the {@link Policy}:
 * {@link Policy#DEFER} (the default) holds it until they end and sends it then, as long as that is
 * still inside the messaging window (before the end of its last minute, see
 * {@link SchedulingEngine#WINDOW_END_MINUTE}) and, for a step due before the start, before the start; the
 * step's catch-up counts only time outside quiet hours, since waiting for them is deliberate, not
 * lateness. {@link Policy#SKIP} never waits for them: such a message is skipped with
 * {@link Reason#QUIET_HOURS}.
 *
 * <p>On clock-change nights the period follows the local clock: it ends at the first instant whose
 * local time is not before {@code to} (when the clocks jump past {@code to}, the instant they jump),
 * and when the clocks go back into it, it begins again, as the local clock says.
 *
 * @param from   local time quiet hours begin (inclusive)
 * @param to     local time they end (exclusive)
 * @param policy defer messages to the end of quiet hours, or skip them
 */
public record QuietHours(LocalTime from, LocalTime to, Policy policy) {

    /** What happens to a message whose time to go falls inside quiet hours. */
    public enum Policy {
        /** Hold it until quiet hours end, then send it, if that is inside the window (and before the start for a pre-show step). */
        DEFER,
        /** Skip it with {@link Reason#QUIET_HOURS}; never wait for quiet hours to end. */
        SKIP
    }

    /** A clock-change night's boundaries all lie within this many days of the instant asked about. */
    private static final int DAYS_SEARCHED = 4;

    public QuietHours {
        Checks.notNull(from, "quietHours.from");
        Checks.notNull(to, "quietHours.to");
        Checks.notNull(policy, "quietHours.policy");
        Checks.require(!from.equals(to), "quietHours", "from and to must differ but both were " + from);
    }

    /** Quiet hours that defer messages to their end ({@link Policy#DEFER}). */
    public QuietHours(LocalTime from, LocalTime to) {
        this(from, to, Policy.DEFER);
    }

    /** Shorthand for deferring quiet hours: {@code QuietHours.between("21:30", "09:00")}. */
    public static QuietHours between(String from, String to) {
        return new QuietHours(LocalTime.parse(from), LocalTime.parse(to));
    }

    /** These quiet hours, skipping messages rather than deferring them ({@link Policy#SKIP}). */
    public QuietHours skipping() {
        return new QuietHours(from, to, Policy.SKIP);
    }

    /** Whether {@code instant} falls inside quiet hours at a venue in {@code zone}. */
    public boolean contains(Instant instant, ZoneId zone) {
        LocalTime local = instant.atZone(zone).toLocalTime();
        return crossesMidnight()
                ? !local.isBefore(from) || local.isBefore(to)
                : !local.isBefore(from) && local.isBefore(to);
    }

    /**
     * The first instant at or after {@code instant} that is outside quiet hours: the end of the quiet
     * period containing it, or {@code instant} itself when it is not inside one.
     */
    public Instant endOfPeriodContaining(Instant instant, ZoneId zone) {
        return firstAtOrAfter(instant, zone, false);
    }

    /**
     * The first instant at or after {@code instant} that is inside quiet hours: the start of the next
     * quiet period, or {@code instant} itself when it is inside one.
     */
    Instant startOfPeriodFrom(Instant instant, ZoneId zone) {
        return firstAtOrAfter(instant, zone, true);
    }

    /**
     * The instant at which {@code length} of time outside quiet hours has passed since {@code from}
     * (time inside them does not count), or {@code cap} if that comes first. The cap keeps the walk
     * short when quiet hours leave little time outside them.
     */
    Instant afterTimeOutside(Instant from, Duration length, ZoneId zone, Instant cap) {
        Instant at = from;
        Duration left = length;
        while (at.isBefore(cap)) {
            at = endOfPeriodContaining(at, zone);
            if (!at.isBefore(cap)) {
                break;
            }
            Instant nextQuiet = startOfPeriodFrom(at, zone);
            Duration open = Duration.between(at, nextQuiet);
            if (open.compareTo(left) >= 0) {
                Instant end = at.plus(left);
                return end.isBefore(cap) ? end : cap;
            }
            left = left.minus(open);
            at = nextQuiet;
        }
        return cap;
    }

    /** For people: "21:30-09:00", with " (skip)" when the policy is {@link Policy#SKIP}. */
    public String describe() {
        return from + "-" + to + (policy == Policy.SKIP ? " (skip)" : "");
    }

    private Instant firstAtOrAfter(Instant instant, ZoneId zone, boolean inside) {
        Checks.notNull(instant, "instant");
        Checks.notNull(zone, "zone");
        if (contains(instant, zone) == inside) {
            return instant;
        }
        // Inside-ness changes only where the local clock reads 'from' or 'to', or where it jumps.
        for (Instant boundary : boundariesAfter(instant, zone)) {
            if (contains(boundary, zone) == inside) {
                return boundary;
            }
        }
        throw new IllegalStateException("quiet hours " + describe() + " in " + zone + " did not "
                + (inside ? "begin" : "end") + " within " + DAYS_SEARCHED + " days of " + instant);
    }

    /** Every instant after {@code instant}, within a few days, at which {@link #contains} may change, in order. */
    private List<Instant> boundariesAfter(Instant instant, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        TreeSet<Instant> boundaries = new TreeSet<>();
        LocalDate day = instant.atZone(zone).toLocalDate();
        for (int d = -1; d <= DAYS_SEARCHED; d++) {
            for (LocalTime time : List.of(from, to)) {
                LocalDateTime local = day.plusDays(d).atTime(time);
                // None in a gap (the jump itself, added below, is the boundary); two in an overlap.
                for (ZoneOffset offset : rules.getValidOffsets(local)) {
                    boundaries.add(local.toInstant(offset));
                }
            }
        }
        Instant horizon = instant.plus(Duration.ofDays(DAYS_SEARCHED + 1L));
        for (ZoneOffsetTransition t = rules.nextTransition(instant); t != null && t.getInstant().isBefore(horizon);
             t = rules.nextTransition(t.getInstant())) {
            boundaries.add(t.getInstant());
        }
        return List.copyOf(boundaries.tailSet(instant, false));
    }

    private boolean crossesMidnight() {
        return to.isBefore(from);
    }
}
