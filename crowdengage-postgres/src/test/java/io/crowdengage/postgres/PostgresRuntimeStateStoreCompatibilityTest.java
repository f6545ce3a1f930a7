package io.crowdengage.postgres;

import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.testkit.store.RuntimeStateStoreCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL runtime state store passes the kit: a fresh schema per test, a second pool as the other instance. */
class PostgresRuntimeStateStoreCompatibilityTest extends RuntimeStateStoreCompatibilityKit {
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
    protected RuntimeStateStore createStore() {
        postgres = database.freshSchema();
        return postgres.runtimeStateStore();
    }

    @Override
    protected Optional<RuntimeStateStore> sameStore(RuntimeStateStore store) {
        return Optional.of(database.elsewhere(postgres).runtimeStateStore());
    }
}
