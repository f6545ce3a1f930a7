package io.crowdengage.engine;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A consistent, read-only view of the ticketing data the engine decides from. {@link
 * SeasonSnapshot} is the immutable implementation; a runtime may supply its own, as long as the
 * view does not change while the engine reads it.
 */
public interface SeasonView {

    /** The venue's zone, in which performance starts are read. */
    ZoneId zone();

    /** A performance by id. */
    Optional<Performance> performance(String performanceId);

    /** Performances whose start instant is in {@code [from, to]}, in start order. */
    List<Performance> performancesStartingBetween(Instant from, Instant to);

    /** The bookings of a performance, cancelled ones included, ordered by confirmation time then id. */
    List<Booking> bookingsOf(String performanceId);

    /** A customer by id. */
    Optional<Customer> customer(String customerId);

    /** The longest running time of any event in the view, for searching by end time. */
    Duration longestEventDuration();
}
