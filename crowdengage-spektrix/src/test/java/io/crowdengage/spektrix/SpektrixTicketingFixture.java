package io.crowdengage.spektrix;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.ticketing.CustomerSpec;
import io.crowdengage.testkit.ticketing.TicketingFixture;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Seeds a {@link FakeSpektrixServer} for the compatibility kit and reads back through a
 * {@link SpektrixTicketingSystem}. Every record returned is read through the adapter, so the kit
 * compares the adapter's view with itself and with what it asked for.
 */
final class SpektrixTicketingFixture implements TicketingFixture {
    private static final ZoneId ZONE = ZoneId.of("Europe/London");

    private final FakeSpektrixServer spektrix;
    private final SpektrixTicketingSystem system;

    SpektrixTicketingFixture(MutableClock clock, Duration cacheExpiry) {
        this(clock, cacheExpiry, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * A fixture on a fake answering in one of Spektrix's possible shapes.
     *
     * @param server what to set on the fake's builder (an order shape, a since zone, ...)
     * @param config what to set on the adapter's configuration to match
     */
    SpektrixTicketingFixture(MutableClock clock, Duration cacheExpiry, UnaryOperator<FakeSpektrixServer.Builder> server,
                             UnaryOperator<SpektrixConfig.Builder> config) {
        this.spektrix = server.apply(FakeSpektrixServer.builder().clock(clock).venueZone(ZONE)).start();
        this.system = SpektrixTicketingSystem.create(config.apply(spektrix.configBuilder()
                .cacheExpiry(cacheExpiry)
                .retryPolicy(RetryPolicy.none()))
                .build(), clock);
    }

    FakeSpektrixServer server() {
        return spektrix;
    }

    @Override
    public TicketingSystem system() {
        return system;
    }

    @Override
    public ZoneId zone() {
        return ZONE;
    }

    @Override
    public int changeFeedPageSize() {
        return spektrix.syncPageSize();
    }

    @Override
    public Event givenEvent(String name, Duration runningTime, RawAttributes raw) {
        String id = spektrix.addEvent(name, runningTime, raw.values());
        // An event is read through one of its performances; a bare event is what Spektrix lists.
        return new Event(id, name, runningTime, raw);
    }

    @Override
    public Performance givenPerformance(Event event, LocalDateTime localStart) {
        String id = spektrix.addInstance(event.id(), localStart);
        system.invalidateCaches();
        return system.performance(id).orElseThrow();
    }

    @Override
    public Customer givenCustomer(CustomerSpec spec) {
        FakeCustomer customer = FakeCustomer.named(spec.firstName(), spec.lastName());
        if (spec.mobileAsTyped().isPresent()) {
            customer = customer.withMobile(spec.mobileAsTyped().get());
        }
        for (Map.Entry<String, Object> field : spec.raw().values().entrySet()) {
            String name = field.getKey().startsWith("attribute_") ? field.getKey().substring("attribute_".length())
                    : field.getKey();
            customer = customer.withAttribute(name, field.getValue());
        }
        return system.customer(spektrix.addCustomer(customer)).orElseThrow();
    }

    @Override
    public Booking givenBooking(Customer customer, Performance performance, Instant confirmedAt) {
        String orderId = spektrix.addOrder(customer.id(), confirmedAt, performance.id());
        return booking(orderId, performance.id());
    }

    @Override
    public Booking cancelBooking(Booking booking, Instant at) {
        String orderId = booking.id().substring(0, booking.id().indexOf(':'));
        spektrix.cancelTickets(orderId, booking.performanceId(), at);
        return booking(orderId, booking.performanceId());
    }

    @Override
    public Performance reschedule(Performance performance, LocalDateTime newLocalStart) {
        spektrix.rescheduleInstance(performance.id(), newLocalStart);
        return performance.rescheduledTo(newLocalStart);
    }

    @Override
    public Performance cancelPerformance(Performance performance) {
        spektrix.cancelInstance(performance.id());
        return performance.asCancelled();
    }

    @Override
    public void close() {
        spektrix.close();
    }

    private Booking booking(String orderId, String instanceId) {
        String id = OrderRecord.bookingId(orderId, instanceId);
        return system.bookingsOf(instanceId).stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }
}
