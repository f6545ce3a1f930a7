package io.crowdengage.runtime;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A ticketing system passing every call to another; tests override the call they fail, slow or hook. */
class ForwardingTicketingSystem implements TicketingSystem {
    final TicketingSystem delegate;

    ForwardingTicketingSystem(TicketingSystem delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<Performance> performancesStartingBetween(Instant from, Instant to) {
        return delegate.performancesStartingBetween(from, to);
    }

    @Override
    public Optional<Performance> performance(String performanceId) {
        return delegate.performance(performanceId);
    }

    @Override
    public List<Booking> bookingsOf(String performanceId) {
        return delegate.bookingsOf(performanceId);
    }

    @Override
    public BookingChanges bookingsChangedSince(ChangeCursor cursor) {
        return delegate.bookingsChangedSince(cursor);
    }

    @Override
    public Optional<Customer> customer(String customerId) {
        return delegate.customer(customerId);
    }
}
