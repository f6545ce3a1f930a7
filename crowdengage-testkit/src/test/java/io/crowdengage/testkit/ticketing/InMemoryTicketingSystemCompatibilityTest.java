package io.crowdengage.testkit.ticketing;

import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.ZoneId;

/** The in-memory ticketing system passes the kit; a small page size makes the paging tests page. */
class InMemoryTicketingSystemCompatibilityTest extends TicketingSystemCompatibilityKit {
    @Override
    protected TicketingFixture createFixture(MutableClock clock) {
        return InMemoryTicketingFixture.of(InMemoryTicketingSystem.builder()
                .zone(ZoneId.of("Europe/London"))
                .clock(clock)
                .pageSize(4)
                .build());
    }
}
