package io.crowdengage.postgres;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.testkit.store.ConsentLedgerCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL consent ledger passes the kit: a fresh schema per test, a second pool as the other instance. */
class PostgresConsentLedgerCompatibilityTest extends ConsentLedgerCompatibilityKit {
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();
    private CrowdEngagePostgres postgres;

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
