package io.crowdengage.postgres;

import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.store.TickerLeaseCompatibilityKit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL ticker lease passes the kit with the kit's clock as arbiter (the SQL is the same;
 * only where "now" comes from differs). {@link PostgresTickerLeaseTest} covers the database's clock.
 */
class PostgresTickerLeaseCompatibilityTest extends TickerLeaseCompatibilityKit {
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();

    @Override
    protected Holders createLease(MutableClock clock) {
        CrowdEngagePostgres postgres = database.freshSchema();
        return (holder, duration) -> postgres.tickerLease(holder, duration, clock);
    }
}
