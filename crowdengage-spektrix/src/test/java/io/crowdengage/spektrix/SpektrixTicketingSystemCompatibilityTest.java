package io.crowdengage.spektrix;

import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.ticketing.TicketingFixture;
import io.crowdengage.testkit.ticketing.TicketingSystemCompatibilityKit;
import java.time.Duration;

/**
 * The adapter passes the kit against {@link io.crowdengage.spektrix.testing.FakeSpektrixServer},
 * with Spektrix's real page size of 100. The kit expects a reschedule or cancellation to show at
 * once, so caching is off here; {@link SpektrixTicketingSystemTest} covers the caches.
 */
class SpektrixTicketingSystemCompatibilityTest extends TicketingSystemCompatibilityKit {
    @Override
    protected TicketingFixture createFixture(MutableClock clock) {
        return new SpektrixTicketingFixture(clock, Duration.ZERO);
    }
}
