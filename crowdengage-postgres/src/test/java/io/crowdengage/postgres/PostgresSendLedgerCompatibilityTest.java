package io.crowdengage.postgres;

import io.crowdengage.store.SendLedger;
import io.crowdengage.testkit.store.SendLedgerCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL send ledger passes the kit: a fresh schema per test, a second pool as the other instance. */
class PostgresSendLedgerCompatibilityTest extends SendLedgerCompatibilityKit {
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();
    private CrowdEngagePostgres postgres;

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
