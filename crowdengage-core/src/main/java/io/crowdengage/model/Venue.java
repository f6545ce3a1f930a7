package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import java.time.ZoneId;

/**
 * A venue: where performances happen, and the time zone in which their start times, calendar days
 * and quiet hours are read.
 *
 * @param id   the ticketing system's id, or any stable name
 * @param name shown to customers, for example in templates as {@code venue.name}
 * @param zone the venue's time zone, for example {@code Europe/London}
 */
public record Venue(String id, String name, ZoneId zone) {
    public Venue {
        Checks.notBlank(id, "venue.id");
        Checks.notBlank(name, "venue.name");
        Checks.notNull(zone, "venue.zone");
    }
}
