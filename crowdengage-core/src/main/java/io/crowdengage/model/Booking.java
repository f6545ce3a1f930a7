package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A confirmed booking (a Spektrix order's tickets for one instance) by a customer for a
 * performance. Customer and performance are referenced by id so that a booking stays true when
 * the performance is rescheduled or the customer's details change.
 *
 * @param id            the ticketing system's id
 * @param customerId    who booked
 * @param performanceId for which performance
 * @param confirmedAt   when the booking was confirmed, from 1900 to 2199 ({@link SupportedDates})
 * @param cancelledAt   when it was cancelled, if it was; in the same range
 */
public record Booking(String id, String customerId, String performanceId, Instant confirmedAt,
                      Optional<Instant> cancelledAt) {
    public Booking {
        Checks.notBlank(id, "booking.id");
        Checks.notBlank(customerId, "booking.customerId");
        Checks.notBlank(performanceId, "booking.performanceId");
        Checks.notNull(confirmedAt, "booking.confirmedAt");
        SupportedDates.check(confirmedAt, "booking.confirmedAt");
        Checks.notNull(cancelledAt, "booking.cancelledAt");
        cancelledAt.ifPresent(at -> SupportedDates.check(at, "booking.cancelledAt"));
        cancelledAt.ifPresent(at -> Checks.require(!at.isBefore(confirmedAt), "booking.cancelledAt",
                "must not be before confirmedAt (" + confirmedAt + ") but was " + at));
    }

    /** A live booking. */
    public static Booking of(String id, String customerId, String performanceId, Instant confirmedAt) {
        return new Booking(id, customerId, performanceId, confirmedAt, Optional.empty());
    }

    /** Whether the booking stands at {@code at}: confirmed by then and not cancelled by then. */
    public boolean liveAt(Instant at) {
        return !confirmedAt.isAfter(at) && cancelledAt.map(c -> c.isAfter(at)).orElse(true);
    }

    /** Whether the booking has been cancelled (at any time). */
    public boolean cancelled() {
        return cancelledAt.isPresent();
    }

    /** This booking, cancelled at {@code at}. */
    public Booking cancelledAt(Instant at) {
        return new Booking(id, customerId, performanceId, confirmedAt, Optional.of(at));
    }
}
