package io.crowdengage.ticketing;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The SPI a ticketing system adapter implements: what crowdengage reads from a box office.
 *
 * <p>All reads. Implementations know their venue's time zone and turn the instants asked for into
 * whatever their API wants. They may cache what rarely changes (events, performances) but must
 * answer {@link #bookingsChangedSince} from the source, since it drives what gets sent.
 *
 * <p>Failures are reported as {@link TicketingException} with a reason and a retryable flag; a
 * single bad record (a customer with an unparseable mobile, say) is not a failure: the customer
 * is returned without a mobile.
 *
 * <p>Every implementation should pass {@code TicketingSystemCompatibilityKit} from
 * {@code crowdengage-testkit}.
 */
public interface TicketingSystem {

    /**
     * Performances starting in {@code [from, to)}, cancelled ones included (with their flag set), in
     * start order.
     */
    List<Performance> performancesStartingBetween(Instant from, Instant to);

    /** One performance by id, cancelled or not. */
    Optional<Performance> performance(String performanceId);

    /** Every booking of a performance, cancelled ones included, ordered by confirmation time then id. */
    List<Booking> bookingsOf(String performanceId);

    /**
     * One page of bookings created or changed (cancelled, moved) since {@code cursor}, oldest change
     * first. Call again with {@link BookingChanges#next()} while {@link BookingChanges#hasMore()}.
     * The same booking may appear more than once across pages; the latest wins. Shaped so a
     * high-water-mark feed such as Spektrix's {@code orders/sync?since=} fits.
     */
    BookingChanges bookingsChangedSince(ChangeCursor cursor);

    /** One customer by id. */
    Optional<Customer> customer(String customerId);
}
