package io.crowdengage.model;

import io.crowdengage.error.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The dates crowdengage works with: 1 January 1900 to 31 December 2199. A performance or a booking
 * outside that range is a typing mistake (a five-digit year, a year of 202) or a placeholder a system
 * writes for "no date", never a real show, and taking one would schedule messages for it without a
 * word. {@link Performance} and {@link Booking} refuse such dates; the scenario reader applies the
 * same rule to every date in a file, by calling {@link #problem}.
 */
public final class SupportedDates {
    /** The earliest date. */
    public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    /** The latest date. */
    public static final LocalDate LATEST = LocalDate.of(2199, 12, 31);

    private static final Instant EARLIEST_INSTANT = EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant END_INSTANT = LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private SupportedDates() {
    }

    /** Whether {@code date} is in range. */
    public static boolean contains(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }

    /** Whether {@code instant} falls on a date in range (in UTC). */
    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST_INSTANT) && instant.isBefore(END_INSTANT);
    }

    /** What is wrong with {@code value}, if it is out of range: "must be from 1900-01-01 to 2199-12-31 but was ...". */
    public static Optional<String> problem(LocalDateTime value) {
        return contains(value.toLocalDate()) ? Optional.empty() : Optional.of(message(value.toString()));
    }

    /** Like {@link #problem(LocalDateTime)} for an instant. */
    public static Optional<String> problem(Instant value) {
        return contains(value) ? Optional.empty() : Optional.of(message(value.toString()));
    }

    /**
     * Checks {@code value} for {@code field}.
     *
     * @throws ValidationException INVALID_VALUE naming {@code field} when it is out of range
     */
    public static LocalDateTime check(LocalDateTime value, String field) {
        if (!contains(value.toLocalDate())) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, message(value.toString()));
        }
        return value;
    }

    /** Like {@link #check(LocalDateTime, String)} for an instant. */
    public static Instant check(Instant value, String field) {
        if (!contains(value)) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, message(value.toString()));
        }
        return value;
    }

    private static String message(String value) {
        return "must be from " + EARLIEST + " to " + LATEST + " but was " + value + "; a date that far away is a"
                + " typing mistake or a placeholder, not a performance";
    }
}
