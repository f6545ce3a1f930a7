package io.crowdengage.flow;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;

/**
 * Who an audience rule is asked about: the customer whose booking would be messaged, with the
 * booking, its performance and the venue for rules that look further than the customer.
 *
 * @param customer    the customer personalised in the message
 * @param booking     their earliest-confirmed live booking for the performance
 * @param performance the performance the message is about
 * @param venue       the venue
 */
public record AudienceSubject(Customer customer, Booking booking, Performance performance, Venue venue) {
    public AudienceSubject {
        Checks.notNull(customer, "customer");
        Checks.notNull(booking, "booking");
        Checks.notNull(performance, "performance");
        Checks.notNull(venue, "venue");
    }
}
