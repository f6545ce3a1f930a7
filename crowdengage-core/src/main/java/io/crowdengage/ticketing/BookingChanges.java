package io.crowdengage.ticketing;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import java.util.List;

/**
 * A page of changed bookings.
 *
 * @param bookings the bookings as they are now, oldest change first
 * @param next     the cursor to ask for the following page (or, when {@code hasMore} is false, for later changes)
 * @param hasMore  whether another page is waiting right now
 */
public record BookingChanges(List<Booking> bookings, ChangeCursor next, boolean hasMore) {
    public BookingChanges {
        bookings = List.copyOf(Checks.noNullElements(bookings, "bookings"));
        Checks.notNull(next, "next");
    }
}
