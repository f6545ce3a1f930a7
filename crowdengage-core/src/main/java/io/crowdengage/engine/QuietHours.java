package io.crowdengage.engine;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A daily period, in venue-local time, in which no flow message is sent: one due inside it waits
 * to its end, or is skipped with {@link Reason#QUIET_HOURS} when waiting would be too late. The
 * period may cross midnight (21:30 to 09:00). {@code from} is inclusive, {@code to} exclusive.
 *
 * @param from local time quiet hours begin
 * @param to   local time they end
 */
public record QuietHours(LocalTime from, LocalTime to) {
    public QuietHours {
        Checks.notNull(from, "quietHours.from");
        Checks.notNull(to, "quietHours.to");
        Checks.require(!from.equals(to), "quietHours", "from and to must differ but both were " + from);
    }

    /** Shorthand: {@code QuietHours.between("21:30", "09:00")}. */
    public static QuietHours between(String from, String to) {
        return new QuietHours(LocalTime.parse(from), LocalTime.parse(to));
    }

    /** Whether {@code instant} falls inside quiet hours at a venue in {@code zone}. */
    public boolean contains(Instant instant, ZoneId zone) {
        LocalTime local = instant.atZone(zone).toLocalTime();
        return crossesMidnight()
                ? !local.isBefore(from) || local.isBefore(to)
                : !local.isBefore(from) && local.isBefore(to);
    }

    /**
     * When the quiet period containing {@code instant} ends: the first instant after it whose local
     * time is {@code to}. Only meaningful when {@link #contains} is true.
     */
    public Instant endOfPeriodContaining(Instant instant, ZoneId zone) {
        ZonedDateTime at = instant.atZone(zone);
        LocalDate date = at.toLocalDate();
        if (crossesMidnight() && !at.toLocalTime().isBefore(from)) {
            date = date.plusDays(1);
        }
        // A 'to' inside a clock-change gap resolves to just after the gap, which is what a person expects.
        return ZonedDateTime.of(date, to, zone).toInstant();
    }

    private boolean crossesMidnight() {
        return to.isBefore(from);
    }
}
