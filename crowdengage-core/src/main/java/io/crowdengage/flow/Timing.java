package io.crowdengage.flow;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.Performance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a step is due, relative to a performance: so many days, hours and minutes before or after
 * its start or its end (the end being the start plus the event's running time).
 *
 * <p>Days are calendar days in the venue's zone; hours and minutes are elapsed time. So "1 day 0
 * hours after the start" of a Saturday 19:30 show is Sunday 19:30 local, on a clock-change weekend
 * too, when that is 23 or 25 hours later. Days are applied first, then hours and minutes.
 *
 * @param days      calendar days, 0 or more
 * @param hours     elapsed hours, 0 or more
 * @param minutes   elapsed minutes, 0 or more
 * @param direction before or after the anchor
 * @param anchor    the performance's start or end
 */
public record Timing(int days, int hours, int minutes, Direction direction, Anchor anchor) {

    /** Before or after the anchor. */
    public enum Direction {
        BEFORE,
        AFTER
    }

    /** What the offset is measured from. */
    public enum Anchor {
        /** The performance's start. */
        START,
        /** The performance's end: its start plus the event's running time. */
        END
    }

    public Timing {
        Checks.notNegative(days, "timing.days");
        Checks.notNegative(hours, "timing.hours");
        Checks.notNegative(minutes, "timing.minutes");
        Checks.require(days <= 366, "timing.days", "must be at most 366 but was " + days);
        Checks.require(hours <= 10_000, "timing.hours", "must be at most 10000 but was " + hours);
        Checks.require(minutes <= 600_000, "timing.minutes", "must be at most 600000 but was " + minutes);
        Checks.notNull(direction, "timing.direction");
        Checks.notNull(anchor, "timing.anchor");
    }

    /** {@code days}, {@code hours}, {@code minutes} after the start. */
    public static Timing afterStart(int days, int hours, int minutes) {
        return new Timing(days, hours, minutes, Direction.AFTER, Anchor.START);
    }

    /** {@code days}, {@code hours}, {@code minutes} before the start. */
    public static Timing beforeStart(int days, int hours, int minutes) {
        return new Timing(days, hours, minutes, Direction.BEFORE, Anchor.START);
    }

    /** {@code days}, {@code hours}, {@code minutes} after the end. */
    public static Timing afterEnd(int days, int hours, int minutes) {
        return new Timing(days, hours, minutes, Direction.AFTER, Anchor.END);
    }

    /** {@code days}, {@code hours}, {@code minutes} before the end. */
    public static Timing beforeEnd(int days, int hours, int minutes) {
        return new Timing(days, hours, minutes, Direction.BEFORE, Anchor.END);
    }

    /** The hours and minutes part, as elapsed time. */
    public Duration elapsed() {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    /** When the step is due for {@code performance} at a venue in {@code zone}. */
    public ZonedDateTime dueAt(Performance performance, ZoneId zone) {
        ZonedDateTime anchorTime = anchor == Anchor.START ? performance.start(zone) : performance.end(zone);
        return direction == Direction.AFTER
                ? anchorTime.plusDays(days).plus(elapsed())
                : anchorTime.minusDays(days).minus(elapsed());
    }

    /** {@link #dueAt(Performance, ZoneId)} as an instant. */
    public Instant dueInstant(Performance performance, ZoneId zone) {
        return dueAt(performance, zone).toInstant();
    }

    /**
     * Whether a step with this timing can ever be due inside the messaging window, which runs from the
     * same wall-clock time one calendar day before the start to one calendar day after the end, both
     * ends included. A timing more than a calendar day before the start never can, nor one more than a
     * calendar day after the end. Exactly a calendar day before the start is the window's start, and
     * exactly a calendar day after the end ("1 day 0 hours after the end") is the window's end: both are
     * inside it (the engine then lets the message go until the end of the window's last minute, see
     * {@code SchedulingEngine.WINDOW_END_MINUTE}). One after the start or before the end can, for a long
     * enough show.
     */
    public boolean canFallInsideMessagingWindow() {
        boolean beforeStart = anchor == Anchor.START && direction == Direction.BEFORE;
        boolean afterEnd = anchor == Anchor.END && direction == Direction.AFTER;
        if (!beforeStart && !afterEnd) {
            return true;
        }
        if (days >= 2) {
            return false;
        }
        if (days == 1) {
            // Exactly on the window's edge, which is inside it; any more is past it.
            return hours == 0 && minutes == 0;
        }
        // One calendar day is at most 25 elapsed hours (a clock going back), and the edge is inside.
        return elapsed().compareTo(Duration.ofHours(25)) <= 0;
    }

    /** For people: "0 days 3 hours 0 minutes after the start". */
    public String describe() {
        return days + (days == 1 ? " day " : " days ") + hours + (hours == 1 ? " hour " : " hours ")
                + minutes + (minutes == 1 ? " minute " : " minutes ")
                + direction.name().toLowerCase(java.util.Locale.ROOT) + " the "
                + anchor.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return describe();
    }
}
