package io.crowdengage.postgres;

import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.testkit.store.RuntimeStateStoreCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL runtime state store passes the kit: a fresh schema per test, a second pool as the other instance. */
class PostgresRuntimeStateStoreCompatibilityTest extends RuntimeStateStoreCompatibilityKit {
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();
    private CrowdEngagePostgres postgres;

    @Override
    protected RuntimeStateStore createStore() {
        postgres = database.freshSchema();
        return postgres.runtimeStateStore();
    }

    @Override
    protected Optional<RuntimeStateStore> sameStore(RuntimeStateStore store) {
        return Optional.of(database.elsewhere(postgres).runtimeStateStore());
    }
}
