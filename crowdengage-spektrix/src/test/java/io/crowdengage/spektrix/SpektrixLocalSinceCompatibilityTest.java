package io.crowdengage.spektrix;

import io.crowdengage.spektrix.testing.OrderShape;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.ticketing.TicketingFixture;
import io.crowdengage.testkit.ticketing.TicketingSystemCompatibilityKit;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The kit against a Spektrix whose orders carry no modification time and whose {@code since} is
 * venue-local time, with the adapter told so ({@code syncSinceZone}).
 */
class SpektrixLocalSinceCompatibilityTest extends TicketingSystemCompatibilityKit {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Override
    protected TicketingFixture createFixture(MutableClock clock) {
        return new SpektrixTicketingFixture(clock, Duration.ZERO,
                server -> server.orderShape(OrderShape.NO_MODIFICATION_TIME).sinceZone(LONDON),
                config -> config.syncSinceZone(LONDON));
    }
}
