package io.crowdengage.postgres;

import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.store.TickerLeaseCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL ticker lease passes the kit with the kit's clock as arbiter (the SQL is the same;
 * only where "now" comes from differs). {@link PostgresTickerLeaseTest} covers the database's clock.
 */
class PostgresTickerLeaseCompatibilityTest extends TickerLeaseCompatibilityKit {
    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropPools() {
        database.close();
    }

    @Override
    protected Holders createLease(MutableClock clock) {
        CrowdEngagePostgres postgres = database.freshSchema();
        return (holder, duration) -> postgres.tickerLease(holder, duration, clock);
    }
}
