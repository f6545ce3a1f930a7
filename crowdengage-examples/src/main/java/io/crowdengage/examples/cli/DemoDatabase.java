package io.crowdengage.examples.cli;

import io.crowdengage.postgres.CrowdEngagePostgres;
import io.crowdengage.simulation.Simulation;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The demo's database: an embedded PostgreSQL server, started for one run of {@code demo
 * --restart-at} in a temporary directory and removed afterwards, with crowdengage's schema migrated.
 * Each {@link #open()} wires new stores on it, as a restarted process would.
 */
final class DemoDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final HikariDataSource dataSource;

    private DemoDatabase(EmbeddedPostgres server) {
        this.server = server;
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(server.getPostgresDatabase());
        pool.setMaximumPoolSize(4);
        pool.setPoolName("crowdengage-demo");
        this.dataSource = new HikariDataSource(pool);
    }

    static DemoDatabase start() {
        try {
            // A throwaway database: durability against a power cut is not what the demo shows, and without
            // these settings every tick of the simulated weekend waits for the disk.
            DemoDatabase database = new DemoDatabase(EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start());
            CrowdEngagePostgres.using(database.dataSource).migrate();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not start (its binaries are for"
                    + " linux-amd64 only)", e);
        }
    }

    /** New stores on the database, as a freshly started application would wire them. */
    Simulation.Stores open() {
        CrowdEngagePostgres postgres = CrowdEngagePostgres.using(dataSource).verify();
        return new Simulation.Stores(postgres.sendLedger(), postgres.consentLedger(), postgres.runtimeStateStore());
    }

    String describe() {
        return "PostgreSQL on port " + server.getPort() + ", removed when the demo ends";
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        server.close();
    }
}
