package io.crowdengage.spektrix;

import io.crowdengage.spektrix.testing.OrderShape;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.ticketing.TicketingFixture;
import io.crowdengage.testkit.ticketing.TicketingSystemCompatibilityKit;
import java.time.Duration;

/** The kit against a Spektrix naming the order's times and ticket instances otherwise ({@link OrderShape#OTHER_NAMES}). */
class SpektrixOtherNamesCompatibilityTest extends TicketingSystemCompatibilityKit {
    @Override
    protected TicketingFixture createFixture(MutableClock clock) {
        return new SpektrixTicketingFixture(clock, Duration.ZERO, server -> server.orderShape(OrderShape.OTHER_NAMES),
                config -> config);
    }
}
