package io.crowdengage.testkit.ticketing;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TicketingFixture} that writes through the mutators of an {@link InMemoryTicketingSystem}.
 * Ids are {@code kit-E1}, {@code kit-P1}, {@code kit-C1}, {@code kit-B1} and so on, so they cannot
 * clash with a test's own. Typed mobiles are parsed the way an adapter would, with
 * {@link PhoneNumber#tryParse}: an invalid one leaves the customer without a mobile.
 */
public final class InMemoryTicketingFixture implements TicketingFixture {

    private final InMemoryTicketingSystem system;
    private final String defaultRegion;
    private final AtomicInteger nextId = new AtomicInteger(1);

    private InMemoryTicketingFixture(InMemoryTicketingSystem system, String defaultRegion) {
        this.system = Checks.notNull(system, "system");
        this.defaultRegion = Checks.notBlank(defaultRegion, "defaultRegion");
    }

    /**
     * A fixture over {@code system}, reading national mobiles as British.
     *
     * @param system an empty in-memory system, typically built on the kit's clock
     * @return the fixture
     */
    public static InMemoryTicketingFixture of(InMemoryTicketingSystem system) {
        return of(system, "GB");
    }

    /**
     * A fixture over {@code system}, reading national mobiles in {@code defaultRegion}.
     *
     * @param system        an empty in-memory system, typically built on the kit's clock
     * @param defaultRegion ISO 3166 region code, for example {@code GB}
     * @return the fixture
     */
    public static InMemoryTicketingFixture of(InMemoryTicketingSystem system, String defaultRegion) {
        return new InMemoryTicketingFixture(system, defaultRegion);
    }

    @Override
    public InMemoryTicketingSystem system() {
        return system;
    }

    @Override
    public ZoneId zone() {
        return system.zone();
    }

    @Override
    public String defaultRegion() {
        return defaultRegion;
    }

    @Override
    public int changeFeedPageSize() {
        return system.pageSize();
    }

    @Override
    public Event givenEvent(String name, Duration runningTime, RawAttributes raw) {
        return system.addEvent(new Event(newId("E"), name, runningTime, raw));
    }

    @Override
    public Performance givenPerformance(Event event, LocalDateTime localStart) {
        return system.addPerformance(Performance.of(newId("P"), event, localStart));
    }

    @Override
    public Customer givenCustomer(CustomerSpec customer) {
        return system.addCustomer(Customer.builder(newId("C"))
                .name(customer.firstName(), customer.lastName())
                .mobile(customer.mobileAsTyped().flatMap(typed -> PhoneNumber.tryParse(typed, defaultRegion)))
                .raw(customer.raw())
                .build());
    }

    @Override
    public Booking givenBooking(Customer customer, Performance performance, Instant confirmedAt) {
        return system.addBooking(Booking.of(newId("B"), customer.id(), performance.id(), confirmedAt));
    }

    @Override
    public Booking cancelBooking(Booking booking, Instant at) {
        return system.cancelBooking(booking.id(), at);
    }

    @Override
    public Performance reschedule(Performance performance, LocalDateTime newLocalStart) {
        return system.reschedule(performance.id(), newLocalStart);
    }

    @Override
    public Performance cancelPerformance(Performance performance) {
        return system.cancelPerformance(performance.id());
    }

    private String newId(String kind) {
        return "kit-" + kind + nextId.getAndIncrement();
    }
}
