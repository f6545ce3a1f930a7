package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One performance (a Spektrix "instance") of an event.
 *
 * <p>The start is the wall-clock time at the venue, as box offices and Spektrix's {@code start}
 * field give it; the venue's zone turns it into an instant. A start that falls in a daylight-saving
 * gap is moved forward by the gap's length, the usual {@link ZonedDateTime} rule.
 *
 * @param id         the ticketing system's id
 * @param event      the show
 * @param localStart venue-local start, no offset, from 1900 to 2199 ({@link SupportedDates})
 * @param cancelled  whether the performance is cancelled; nothing is sent for a cancelled performance
 * @param raw        the ticketing system's own fields, verbatim
 */
public record Performance(String id, Event event, LocalDateTime localStart, boolean cancelled, RawAttributes raw) {
    public Performance {
        Checks.notBlank(id, "performance.id");
        Checks.notNull(event, "performance.event");
        Checks.notNull(localStart, "performance.localStart");
        SupportedDates.check(localStart, "performance.localStart");
        Checks.notNull(raw, "performance.raw");
    }

    /** A live performance with no raw attributes. */
    public static Performance of(String id, Event event, LocalDateTime localStart) {
        return new Performance(id, event, localStart, false, RawAttributes.empty());
    }

    /** The start as a zoned date-time in {@code zone}. */
    public ZonedDateTime start(ZoneId zone) {
        return localStart.atZone(zone);
    }

    /** The instant the performance starts. */
    public Instant startInstant(ZoneId zone) {
        return start(zone).toInstant();
    }

    /** The end: the start plus the event's running time, as elapsed time. */
    public ZonedDateTime end(ZoneId zone) {
        return start(zone).plus(event.duration());
    }

    /** This performance moved to a new venue-local start. */
    public Performance rescheduledTo(LocalDateTime newLocalStart) {
        return new Performance(id, event, newLocalStart, cancelled, raw);
    }

    /** This performance, cancelled. */
    public Performance asCancelled() {
        return new Performance(id, event, localStart, true, raw);
    }
}
