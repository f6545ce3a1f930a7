package io.crowdengage.spektrix;

import io.crowdengage.model.Booking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order from {@code orders/sync}, in its current state.
 *
 * <p>A crowdengage booking is one order's tickets for one instance, with id
 * {@code {orderId}:{instanceId}}: stable across changes to the order, unique, and readable back to
 * Spektrix. It is cancelled when every ticket of the order for that instance is, at the latest of
 * their cancellation times (the order's modification time when a ticket does not say).
 */
record OrderRecord(String id, Optional<String> customerId, Instant confirmed, Instant lastModified,
                   List<Ticket> tickets) {
    OrderRecord {
        tickets = List.copyOf(tickets);
    }

    /** A ticket's instance and whether it was cancelled (returned). */
    record Ticket(String instanceId, boolean cancelled, Optional<Instant> cancelledAt) {
    }

    /** The booking id for this order's tickets for {@code instanceId}. */
    static String bookingId(String orderId, String instanceId) {
        return orderId + ":" + instanceId;
    }

    /**
     * One booking per instance the order has tickets for, in the order the instances first appear;
     * none for an order with no customer (an anonymous sale cannot be messaged).
     */
    List<Booking> bookings() {
        if (customerId.isEmpty()) {
            return List.of();
        }
        Map<String, List<Ticket>> byInstance = new LinkedHashMap<>();
        for (Ticket ticket : tickets) {
            byInstance.computeIfAbsent(ticket.instanceId(), k -> new ArrayList<>()).add(ticket);
        }
        List<Booking> bookings = new ArrayList<>();
        byInstance.forEach((instanceId, forInstance) -> {
            Optional<Instant> cancelledAt = Optional.empty();
            if (forInstance.stream().allMatch(Ticket::cancelled)) {
                cancelledAt = forInstance.stream().map(t -> t.cancelledAt().orElse(lastModified)).max(Instant::compareTo);
            }
            if (cancelledAt.isPresent() && cancelledAt.get().isBefore(confirmed)) {
                throw SpektrixJson.bad("order '" + id + "' has tickets for instance '" + instanceId
                        + "' cancelled at " + cancelledAt.get() + ", before the order was confirmed at " + confirmed);
            }
            bookings.add(new Booking(bookingId(id, instanceId), customerId.get(), instanceId, confirmed, cancelledAt));
        });
        return bookings;
    }

    /** Whether this order has tickets for {@code instanceId}. */
    boolean hasInstance(String instanceId) {
        return tickets.stream().anyMatch(t -> t.instanceId().equals(instanceId));
    }
}
