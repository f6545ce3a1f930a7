package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import io.crowdengage.error.ValidationException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A venue: where performances happen, and the time zone in which their start times, calendar days
 * and quiet hours are read.
 *
 * <p>The zone must be a region such as {@code Europe/London}, never a fixed offset such as
 * {@code +01:00}, {@code UTC} or {@code Etc/GMT-1}: a fixed offset does not follow the clocks when
 * they change, so for half the year every start time, quiet hour and "the day before" would be an
 * hour out. The scenario reader applies the same rule by calling {@link #regionZone}.
 *
 * @param id   the ticketing system's id, or any stable name
 * @param name shown to customers, for example in templates as {@code venue.name}
 * @param zone the venue's time zone, a region such as {@code Europe/London}
 */
public record Venue(String id, String name, ZoneId zone) {
    public Venue {
        Checks.notBlank(id, "venue.id");
        Checks.notBlank(name, "venue.name");
        Checks.notNull(zone, "venue.zone");
        regionZone(zone);
    }

    /**
     * {@code zone}, if it follows clock changes: a region, not a fixed offset.
     *
     * @throws ValidationException INVALID_VALUE at {@code venue.zone} for a fixed offset
     */
    public static ZoneId regionZone(ZoneId zone) {
        Checks.notNull(zone, "venue.zone");
        if (zone instanceof ZoneOffset || zone.getRules().isFixedOffset()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "venue.zone", "'" + zone.getId()
                    + "' is a fixed offset; use a region id such as Europe/London so that clock changes are followed");
        }
        return zone;
    }
}
