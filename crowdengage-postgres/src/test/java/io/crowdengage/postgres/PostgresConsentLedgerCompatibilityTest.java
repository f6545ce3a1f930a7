package io.crowdengage.postgres;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.testkit.store.ConsentLedgerCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL consent ledger passes the kit: a fresh schema per test, a second pool as the other instance. */
class PostgresConsentLedgerCompatibilityTest extends ConsentLedgerCompatibilityKit {
    private static TestDatabase database;
    private CrowdEngagePostgres postgres;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropPools() {
        database.close();
    }

    @Override
    protected ConsentLedger createLedger() {
        postgres = database.freshSchema();
        return postgres.consentLedger();
    }

    @Override
    protected Optional<ConsentLedger> sameStore(ConsentLedger ledger) {
        return Optional.of(database.elsewhere(postgres).consentLedger());
    }
}
