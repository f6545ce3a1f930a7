package io.crowdengage.spektrix;

import io.crowdengage.spektrix.testing.CustomerCollections;
import io.crowdengage.spektrix.testing.OrderShape;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.ticketing.TicketingFixture;
import io.crowdengage.testkit.ticketing.TicketingSystemCompatibilityKit;
import java.time.Duration;

/**
 * The kit against a Spektrix that answers only what it documents: {@code orders/sync} elements with
 * ids and nothing else (tickets from {@code orders/{id}}), customers without their collections.
 */
class SpektrixDocumentedShapeCompatibilityTest extends TicketingSystemCompatibilityKit {
    @Override
    protected TicketingFixture createFixture(MutableClock clock) {
        return new SpektrixTicketingFixture(clock, Duration.ZERO, server -> server.orderShape(OrderShape.DOCUMENTED_ONLY)
                .customerCollections(CustomerCollections.EXPAND_OR_SUB_RESOURCE), config -> config);
    }
}
