package io.crowdengage.postgres;

import io.crowdengage.store.SendLedger;
import io.crowdengage.testkit.store.SendLedgerCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL send ledger passes the kit: a fresh schema per test, a second pool as the other instance. */
class PostgresSendLedgerCompatibilityTest extends SendLedgerCompatibilityKit {
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
    protected SendLedger createLedger() {
        postgres = database.freshSchema();
        return postgres.sendLedger();
    }

    @Override
    protected Optional<SendLedger> sameStore(SendLedger ledger) {
        return Optional.of(database.elsewhere(postgres).sendLedger());
    }
}
