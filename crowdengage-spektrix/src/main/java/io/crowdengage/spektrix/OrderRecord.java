package io.crowdengage.spektrix;

import io.crowdengage.model.Booking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order from {@code orders/sync}, in its current state, as far as Spektrix's answer told it.
 * Only {@code orderId} and {@code customerId} are documented; everything else may be missing.
 *
 * <p>A crowdengage booking is one order's tickets for one instance, with id
 * {@code {orderId}:{instanceId}}: stable across changes to the order, unique, and readable back to
 * Spektrix. It is cancelled when every ticket of the order for that instance is, at the latest of
 * their cancellation times (the order's modification time when a ticket does not say).
 *
 * @param id           the order id
 * @param customerId   who bought it; empty for an anonymous sale, which cannot be messaged
 * @param confirmed    when it was confirmed, if the answer said
 * @param lastModified when it was last changed, if the answer said
 * @param tickets      its tickets; empty when the answer carried no ticket list at all
 * @param fingerprint  {@code orderId~hash} of everything read about it, to tell a repeat from a change
 */
record OrderRecord(String id, Optional<String> customerId, Optional<Instant> confirmed, Optional<Instant> lastModified,
                   Optional<List<Ticket>> tickets, String fingerprint) {
    OrderRecord {
        tickets = tickets.map(List::copyOf);
    }

    /** A ticket's instance, if the answer named it, and whether it was cancelled (returned). */
    record Ticket(Optional<String> instanceId, boolean cancelled, Optional<Instant> cancelledAt) {
    }

    /** The booking id for this order's tickets for {@code instanceId}. */
    static String bookingId(String orderId, String instanceId) {
        return orderId + ":" + instanceId;
    }

    /** When the order was confirmed, or the best stand-in: its modification time, else {@code firstSeen}. */
    Instant confirmedOr(Instant firstSeen) {
        return confirmed.or(() -> lastModified).orElse(firstSeen);
    }

    /**
     * One booking per instance the order has tickets for, in the order the instances first appear;
     * none for an order with no customer (an anonymous sale cannot be messaged). Tickets without an
     * instance are left out (the reader reports them).
     *
     * @param firstSeen when the adapter first read the order, the confirmation time of last resort
     */
    List<Booking> bookings(Instant firstSeen) {
        if (customerId.isEmpty() || tickets.isEmpty()) {
            return List.of();
        }
        Instant confirmedAt = confirmedOr(firstSeen);
        Map<String, List<Ticket>> byInstance = new LinkedHashMap<>();
        for (Ticket ticket : tickets.get()) {
            ticket.instanceId().ifPresent(instance -> byInstance.computeIfAbsent(instance, k -> new ArrayList<>()).add(ticket));
        }
        List<Booking> bookings = new ArrayList<>();
        byInstance.forEach((instanceId, forInstance) -> {
            Optional<Instant> cancelledAt = Optional.empty();
            if (forInstance.stream().allMatch(Ticket::cancelled)) {
                Instant latest = forInstance.stream().map(t -> t.cancelledAt().or(() -> lastModified).orElse(confirmedAt))
                        .max(Instant::compareTo).orElseThrow();
                // A cancellation stamped before the (possibly stand-in) confirmation still cancels; the reader reports it.
                cancelledAt = Optional.of(latest.isBefore(confirmedAt) ? confirmedAt : latest);
            }
            bookings.add(new Booking(bookingId(id, instanceId), customerId.get(), instanceId, confirmedAt, cancelledAt));
        });
        return bookings;
    }

    /** Whether this order has tickets for {@code instanceId}. */
    boolean hasInstance(String instanceId) {
        return tickets.map(all -> all.stream().anyMatch(t -> t.instanceId().filter(instanceId::equals).isPresent()))
                .orElse(false);
    }
}
