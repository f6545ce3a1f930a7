package io.crowdengage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.engine.SendKey;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.StepId;
import io.crowdengage.sms.PhoneNumber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The PostgreSQL schema")
class PostgresSchemaTest {
    private static final int CODE_VERSION = PostgresSchema.named("x").codeVersion();
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();

    private static List<Integer> history(String schema) {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM \"" + schema + "\"."
                     + PostgresSchema.HISTORY_TABLE + " ORDER BY version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return versions;
    }

    private static List<Integer> allVersions() {
        List<Integer> versions = new ArrayList<>();
        for (int v = 1; v <= CODE_VERSION; v++) {
            versions.add(v);
        }
        return versions;
    }

    @Nested
    @DisplayName("migrate()")
    class Migrate {

        @Test
        @DisplayName("brings an empty database to the code's version, and a second call applies nothing")
        void freshThenNothing() {
            PostgresSchema schema = PostgresSchema.named(database.newSchemaName());
            assertThat(schema.installedVersion(database.dataSource())).isEmpty();

            PostgresSchema.Migration first = schema.migrate(database.dataSource());
            PostgresSchema.Migration second = schema.migrate(database.dataSource());

            assertThat(first).isEqualTo(new PostgresSchema.Migration(0, CODE_VERSION));
            assertThat(first.applied()).isTrue();
            assertThat(second).isEqualTo(new PostgresSchema.Migration(CODE_VERSION, CODE_VERSION));
            assertThat(second.applied()).isFalse();
            assertThat(history(schema.name())).containsExactlyElementsOf(allVersions());
            assertThat(schema.installedVersion(database.dataSource())).isEqualTo(OptionalInt.of(CODE_VERSION));
        }

        @Test
        @DisplayName("is safe from 8 instances at once: each version is applied exactly once and all end current")
        void concurrent() throws Exception {
            PostgresSchema schema = PostgresSchema.named(database.newSchemaName());
            List<DataSource> pools = List.of(database.dataSource(), database.otherPool(), database.otherPool());
            int instances = 8;
            ExecutorService threads = Executors.newFixedThreadPool(instances);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<PostgresSchema.Migration>> results = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    DataSource pool = pools.get(i % pools.size());
                    results.add(threads.submit(() -> {
                        go.await();
                        return schema.migrate(pool);
                    }));
                }
                go.countDown();
                List<PostgresSchema.Migration> migrations = new ArrayList<>();
                for (Future<PostgresSchema.Migration> result : results) {
                    migrations.add(result.get(120, TimeUnit.SECONDS));
                }

                assertThat(migrations).filteredOn(PostgresSchema.Migration::applied)
                        .containsExactly(new PostgresSchema.Migration(0, CODE_VERSION));
                assertThat(migrations).filteredOn(m -> !m.applied()).hasSize(instances - 1)
                        .allSatisfy(m -> assertThat(m.toVersion()).isEqualTo(CODE_VERSION));
                assertThat(history(schema.name())).containsExactlyElementsOf(allVersions());
            } finally {
                threads.shutdownNow();
            }
        }

        @Test
        @DisplayName("upgrades a database at an older version, keeping its data")
        void upgradesOlder() {
            String name = database.newSchemaName();
            PostgresSchema schema = PostgresSchema.named(name);
            database.execute(schema.upgradeSql(0, 1));
            database.execute("INSERT INTO \"" + name + "\".consent_record (phone, kind, at, at_ns, detail)"
                    + " VALUES ('+447400123456', 'OPTED_IN', now(), 0, 'START')");
            assertThat(schema.installedVersion(database.dataSource())).isEqualTo(OptionalInt.of(1));

            PostgresSchema.Migration migration = schema.migrate(database.dataSource());

            assertThat(migration).isEqualTo(new PostgresSchema.Migration(1, CODE_VERSION));
            assertThat(history(name)).containsExactlyElementsOf(allVersions());
            CrowdEngagePostgres postgres = CrowdEngagePostgres.using(database.dataSource()).schema(name).verify();
            assertThat(postgres.consentLedger().history(PhoneNumber.ofE164("+447400123456")).records()).hasSize(1);
            assertThat(postgres.runtimeStateStore().reserveReferences(1).first()).isEqualTo(1);
        }

        @Test
        @DisplayName("refuses a database at a newer version than the code, saying what to do, and changes nothing")
        void refusesNewer() {
            CrowdEngagePostgres postgres = database.freshSchema();
            String name = postgres.schema().name();
            int newer = CODE_VERSION + 1;
            database.execute("INSERT INTO \"" + name + "\"." + PostgresSchema.HISTORY_TABLE
                    + " (version, description, script, checksum) VALUES (" + newer + ", 'from the future', 'V"
                    + newer + "__future.sql', 'abc')");

            assertThatThrownBy(() -> CrowdEngagePostgres.using(database.dataSource()).schema(name).migrate())
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.NEWER_THAN_CODE);
                        assertThat(e.code()).isEqualTo("POSTGRES_SCHEMA.NEWER_THAN_CODE");
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("is at version " + newer)
                    .hasMessageContaining("only knows versions up to " + CODE_VERSION)
                    .hasMessageContaining("newer release");
            assertThatThrownBy(() -> CrowdEngagePostgres.using(database.dataSource()).schema(name).verify())
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.NEWER_THAN_CODE));
            assertThat(history(name)).hasSize(CODE_VERSION + 1);
        }

        @Test
        @DisplayName("refuses a history whose script differs from the code's, naming the version")
        void refusesEditedScript() {
            CrowdEngagePostgres postgres = database.freshSchema();
            String name = postgres.schema().name();
            database.execute("UPDATE \"" + name + "\"." + PostgresSchema.HISTORY_TABLE
                    + " SET checksum = 'edited' WHERE version = 1");

            assertThatThrownBy(() -> PostgresSchema.named(name).migrate(database.dataSource()))
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.HISTORY_MISMATCH))
                    .hasMessageContaining("version 1 was applied from a different V1__");
        }

        @Test
        @DisplayName("refuses a history with a version missing")
        void refusesGap() {
            CrowdEngagePostgres postgres = database.freshSchema();
            String name = postgres.schema().name();
            database.execute("DELETE FROM \"" + name + "\"." + PostgresSchema.HISTORY_TABLE + " WHERE version = 1");

            assertThatThrownBy(() -> PostgresSchema.named(name).migrate(database.dataSource()))
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.HISTORY_MISMATCH))
                    .hasMessageContaining("version 1 (V1__send_and_consent_ledgers.sql) is missing");
        }

        @Test
        @DisplayName("applies nothing when a script fails: the schema stays at its version")
        void failedScriptAppliesNothing() {
            String name = database.newSchemaName();
            PostgresSchema schema = PostgresSchema.named(name);
            database.execute(schema.upgradeSql(0, 1));
            // A table in the way of version 2 makes its script fail half-way.
            database.execute("CREATE TABLE \"" + name + "\".ticker_lease (x int)");

            assertThatThrownBy(() -> schema.migrate(database.dataSource()))
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.MIGRATION_FAILED))
                    .hasMessageContaining("from version 1 to " + CODE_VERSION)
                    .hasMessageContaining("nothing was applied");
            assertThat(history(name)).containsExactly(1);
            assertThatThrownBy(() -> database.execute("SELECT * FROM \"" + name + "\".runtime_state"))
                    .hasMessageContaining("does not exist");
        }

        @Test
        @DisplayName("leaves the application's own migrations alone")
        void applicationMigrationsUntouched() {
            database.execute("CREATE TABLE IF NOT EXISTS public.flyway_schema_history (installed_rank int PRIMARY KEY,"
                    + " version text)");
            database.execute("INSERT INTO public.flyway_schema_history VALUES (1, '1') ON CONFLICT DO NOTHING");
            String name = database.newSchemaName();

            PostgresSchema.named(name).migrate(database.dataSource());

            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*), max(version) FROM public.flyway_schema_history")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getString(2)).isEqualTo("1");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            assertThat(history(name)).containsExactlyElementsOf(allVersions());
        }

        @Test
        @DisplayName("runs no DDL on a current schema, so an application user without DDL rights can start")
        void applicationUserWithoutDdl() throws SQLException {
            CrowdEngagePostgres owner = database.freshSchema();
            String name = owner.schema().name();
            String user = "app_" + database.name() + "_" + name;
            database.execute("CREATE ROLE " + user + " LOGIN");
            database.execute("GRANT USAGE ON SCHEMA \"" + name + "\" TO " + user);
            database.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"" + name + "\" TO " + user);
            org.postgresql.ds.PGSimpleDataSource app = new org.postgresql.ds.PGSimpleDataSource();
            app.setUrl(database.jdbcUrl());
            app.setUser(user);

            CrowdEngagePostgres postgres = CrowdEngagePostgres.using(app).schema(name).migrate();
            SendKey key = new SendKey(StepId.of("pre-show"), "P1", PhoneNumber.ofE164("+447400123456"));
            Instant now = Instant.parse("2025-06-14T17:00:00Z");
            assertThat(postgres.sendLedger().claim(key, "ref-1", "Hi", now, now.plusSeconds(60))).isPresent();

            String missing = database.newSchemaName();
            assertThatThrownBy(() -> CrowdEngagePostgres.using(app).schema(missing).migrate())
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.MIGRATION_FAILED))
                    .hasMessageContaining("42501")
                    .hasMessageContaining("have a DBA apply PostgresSchema.named(\"" + missing + "\").sql()");
        }

        @Test
        @DisplayName("says UNAVAILABLE, retryable, when the database cannot be reached")
        void unreachable() throws IOException {
            org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
            nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + Unreachable.port() + "/postgres?connectTimeout=2");

            assertThatThrownBy(() -> PostgresSchema.named("crowdengage").migrate(nowhere))
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e -> {
                        assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                    });
        }
    }

    @Nested
    @DisplayName("The printed SQL")
    class Printed {

        @Test
        @DisplayName("applied by hand gives a schema that verify() accepts and migrate() finds current")
        void appliedByHand() {
            String name = database.newSchemaName();
            PostgresSchema schema = PostgresSchema.named(name);

            database.execute(schema.sql());

            CrowdEngagePostgres postgres = CrowdEngagePostgres.using(database.dataSource()).schema(name).verify();
            assertThat(postgres.schema().migrate(database.dataSource()).applied()).isFalse();
            assertThat(history(name)).containsExactlyElementsOf(allVersions());
        }

        @Test
        @DisplayName("refuses to run on a database at another version than the one it starts from")
        void guarded() {
            CrowdEngagePostgres postgres = database.freshSchema();

            assertThatThrownBy(() -> database.execute(postgres.schema().sql()))
                    .hasMessageContaining("is at version " + CODE_VERSION + ", this script upgrades from version 0");
            assertThatThrownBy(() -> database.execute(postgres.schema().upgradeSql(1)))
                    .hasMessageContaining("this script upgrades from version 1");
        }

        @Test
        @DisplayName("names the schema, every version and its history row, between BEGIN and COMMIT")
        void readable() {
            String sql = PostgresSchema.named("royal_court").sql();

            assertThat(sql).startsWith("-- crowdengage-postgres: schema \"royal_court\" from version 0 to version "
                    + CODE_VERSION);
            assertThat(sql).contains("BEGIN;").endsWith("COMMIT;\n")
                    .contains("CREATE TABLE \"royal_court\".send_record")
                    .doesNotContain("${schema}");
            for (PostgresSchema.Script script : PostgresSchema.scripts()) {
                assertThat(sql).contains("-- Version " + script.version() + ": " + script.description())
                        .contains("VALUES (" + script.version() + ", '" + script.description() + "', '" + script.file()
                                + "', '" + script.checksum() + "')");
            }
        }

        @Test
        @DisplayName("is what main prints, for the schema named on the command line")
        void main() {
            PrintStream original = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                PostgresSchema.main(new String[] {"royal_court"});
            } finally {
                System.setOut(original);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(PostgresSchema.named("royal_court").sql());
        }

        @Test
        @DisplayName("ships every migration file on disk, numbered 1, 2, 3... with no gap")
        void everyFileListed() throws IOException {
            Path directory = Path.of("src/main/resources/io/crowdengage/postgres/migration");
            List<String> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            }

            assertThat(PostgresSchema.scripts()).extracting(PostgresSchema.Script::file).containsExactlyElementsOf(files);
            for (int i = 0; i < PostgresSchema.scripts().size(); i++) {
                PostgresSchema.Script script = PostgresSchema.scripts().get(i);
                assertThat(script.version()).isEqualTo(i + 1);
                assertThat(script.file()).startsWith("V" + (i + 1) + "__");
            }
        }
    }

    @Nested
    @DisplayName("The schema name")
    class Names {

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"crowdengage", "_x", "crowdengage_royal_court_2", "select", "user",
                "a23456789012345678901234567890123456789012345678901234567890123"})
        @DisplayName("is accepted, and works even when it is a reserved word:")
        void accepted(String name) {
            PostgresSchema schema = PostgresSchema.named(name);

            if (name.equals("select") || name.equals("user")) {
                schema.migrate(database.dataSource());
                assertThat(history(name)).containsExactlyElementsOf(allVersions());
            }
            assertThat(schema.name()).isEqualTo(name);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "Crowdengage", "1crowd", "crowd-engage", "crowd engage", "crowd\"; DROP TABLE x; --",
                "pg_crowd", "café", "a234567890123456789012345678901234567890123456789012345678901234"})
        @DisplayName("is refused, naming the field and the value, when it is not a plain lower-case identifier:")
        void refused(String name) {
            assertThatThrownBy(() -> PostgresSchema.named(name)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("schema")
                    .hasMessageContaining("is not a schema name crowdengage accepts");
            assertThatThrownBy(() -> CrowdEngagePostgres.using(database.dataSource()).schema(name))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Nested
    @DisplayName("verify()")
    class Verify {

        @Test
        @DisplayName("refuses a schema with no crowdengage tables, naming the script to apply")
        void missing() {
            String name = database.newSchemaName();

            assertThatThrownBy(() -> CrowdEngagePostgres.using(database.dataSource()).schema(name).verify())
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.NOT_MIGRATED))
                    .hasMessageContaining("PostgresSchema.named(\"" + name + "\").sql()");
        }

        @Test
        @DisplayName("refuses an older schema, naming the upgrade script, and changes nothing")
        void older() {
            String name = database.newSchemaName();
            database.execute(PostgresSchema.named(name).upgradeSql(0, 1));

            assertThatThrownBy(() -> CrowdEngagePostgres.using(database.dataSource()).schema(name).verify())
                    .isInstanceOfSatisfying(PostgresSchemaException.class, e ->
                            assertThat(e.reason()).isEqualTo(PostgresSchemaException.Reason.NOT_MIGRATED))
                    .hasMessageContaining("is at version 1 and this code needs version " + CODE_VERSION)
                    .hasMessageContaining(".upgradeSql(1)");
            assertThat(history(name)).containsExactly(1);
        }
    }
}
