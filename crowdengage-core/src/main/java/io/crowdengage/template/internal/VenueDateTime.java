package io.crowdengage.template.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A date-time in the venue's zone as templates see it. Printed on its own it reads
 * {@code 2026-03-01 19:30} (venue-local, no offset), which is what a box office means; the
 * {@code date} function formats it with any pattern.
 *
 * @param value the venue-local date-time
 */
record VenueDateTime(ZonedDateTime value) {
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Override
    public String toString() {
        return PLAIN.format(value);
    }
}
