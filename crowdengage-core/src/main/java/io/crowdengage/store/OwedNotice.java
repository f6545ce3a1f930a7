package io.crowdengage.store;

import io.crowdengage.internal.Checks;

/**
 * A booking still owed its soft opt-in notice decision when a tick ended (a store failed while it was
 * being decided), kept in the {@link RuntimeState} so that a restart decides it instead of losing it.
 *
 * @param bookingId     the booking's id in the ticketing system, not blank
 * @param performanceId its performance's id, not blank: a restarted runtime loads that performance
 *                      (with its bookings) to find the booking again
 * @param customerId    its customer's id, not blank: named in the report if the booking is gone
 */
public record OwedNotice(String bookingId, String performanceId, String customerId) {
    public OwedNotice {
        Checks.notBlank(bookingId, "bookingId");
        Checks.notBlank(performanceId, "performanceId");
        Checks.notBlank(customerId, "customerId");
    }
}
