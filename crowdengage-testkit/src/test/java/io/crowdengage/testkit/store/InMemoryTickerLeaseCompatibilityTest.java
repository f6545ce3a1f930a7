package io.crowdengage.testkit.store;

import io.crowdengage.store.InMemoryTickerLeases;
import io.crowdengage.testkit.MutableClock;

class InMemoryTickerLeaseCompatibilityTest extends TickerLeaseCompatibilityKit {
    @Override
    protected Holders createLease(MutableClock clock) {
        return InMemoryTickerLeases.create(clock)::forHolder;
    }
}
