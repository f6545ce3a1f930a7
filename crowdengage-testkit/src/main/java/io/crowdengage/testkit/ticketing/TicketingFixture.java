package io.crowdengage.testkit.ticketing;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * How the {@link TicketingSystemCompatibilityKit} puts data into the system under test. The
 * {@link TicketingSystem} SPI only reads, so each adapter supplies a fixture that writes through
 * whatever its test double offers: the mutators of the in-memory system, or the scripting API of a
 * loopback fake server for an HTTP adapter.
 *
 * <p>Ids are the fixture's to choose: every {@code given...} method returns the record as the
 * system under test will report it, and the kit refers to records only through those returns.
 * Each fixture serves one test; {@link #close()} runs after it.
 */
public interface TicketingFixture extends AutoCloseable {

    /** The system under test, reading what this fixture wrote. */
    TicketingSystem system();

    /** The venue zone the system under test reads performance starts in. */
    ZoneId zone();

    /**
     * The ISO 3166 region in which the system under test reads mobiles typed without a country
     * code. Tests of national numbers run only when it is {@code GB}.
     */
    default String defaultRegion() {
        return "GB";
    }

    /**
     * The most changed bookings one page of {@link TicketingSystem#bookingsChangedSince} returns.
     * The paging tests create a little over two pages' worth, so keep it small in tests.
     */
    int changeFeedPageSize();

    /**
     * Creates an event.
     *
     * @param name        the title
     * @param runningTime how long a performance lasts
     * @param raw         the ticketing system's own fields, to be kept verbatim
     * @return the event as the system under test reports it
     */
    Event givenEvent(String name, Duration runningTime, RawAttributes raw);

    /**
     * Creates a live performance of {@code event}.
     *
     * @param event      an event this fixture created
     * @param localStart the wall-clock start at the venue
     * @return the performance as the system under test reports it
     */
    Performance givenPerformance(Event event, LocalDateTime localStart);

    /**
     * Creates a customer, handing the mobile to the system under test exactly as typed.
     *
     * @param customer the fields to store
     * @return the customer as the system under test reports it
     */
    Customer givenCustomer(CustomerSpec customer);

    /**
     * Creates a live booking; it must appear in the change feed as a change made now, by the kit's clock.
     *
     * @param customer    a customer this fixture created
     * @param performance a performance this fixture created
     * @param confirmedAt when the booking was confirmed
     * @return the booking as the system under test reports it
     */
    Booking givenBooking(Customer customer, Performance performance, Instant confirmedAt);

    /**
     * Cancels a booking; the cancellation must appear in the change feed as a change made now.
     *
     * @param booking a booking this fixture created
     * @param at      when it was cancelled
     * @return the cancelled booking as the system under test reports it
     */
    Booking cancelBooking(Booking booking, Instant at);

    /**
     * Moves a performance to a new wall-clock start.
     *
     * @param performance   a performance this fixture created
     * @param newLocalStart the new start at the venue
     * @return the performance as the system under test reports it
     */
    Performance reschedule(Performance performance, LocalDateTime newLocalStart);

    /**
     * Cancels a performance.
     *
     * @param performance a performance this fixture created
     * @return the performance as the system under test reports it
     */
    Performance cancelPerformance(Performance performance);

    /** Releases what the fixture holds (a fake server's port, say). Does nothing by default. */
    @Override
    default void close() {
    }
}
