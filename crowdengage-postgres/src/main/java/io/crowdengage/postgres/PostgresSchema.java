package io.crowdengage.postgres;

import io.crowdengage.error.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The tables crowdengage keeps in PostgreSQL, in one schema of their own, as versioned SQL scripts on
 * the class path ({@code /io/crowdengage/postgres/migration/V<n>__<what>.sql}), and the two ways to
 * apply them:
 *
 * <ul>
 *   <li>{@link #migrate(DataSource)} at start-up: brings the schema to {@link #codeVersion()} in one
 *       transaction under a PostgreSQL advisory lock, so instances starting at once apply each script
 *       exactly once and the others wait, then find nothing to do. It keeps its own history table,
 *       {@code <schema>.crowdengage_schema_history}, so it never touches the application's own
 *       migrations (Flyway's or Liquibase's tables live elsewhere and are left alone).</li>
 *   <li>{@link #sql()} (or {@link #upgradeSql(int)}) printed for a DBA who applies it by hand; the
 *       application then starts with {@link #verify(DataSource)}, which needs no DDL rights. The
 *       printed script is exactly what {@code migrate} runs, history rows included.</li>
 * </ul>
 *
 * A database at a newer version than this code, or whose history disagrees with the code's scripts,
 * is refused with a {@link PostgresSchemaException} that says what to do. From the command line:
 * {@code java -cp <the crowdengage jars> io.crowdengage.postgres.PostgresSchema crowdengage > schema.sql}.
 */
public final class PostgresSchema {

    /** The schema name used when none is given. */
    public static final String DEFAULT_NAME = "crowdengage";
    /** The history table, inside the schema. */
    public static final String HISTORY_TABLE = "crowdengage_schema_history";

    /** The first key of the advisory lock ("CEPG"); the second is the schema name's hash. */
    private static final int LOCK_CLASS = 0x43455047;
    /** How long a starting instance waits for another's migration before giving up (and retrying later). */
    private static final String LOCK_TIMEOUT = "5min";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String RESOURCE_DIRECTORY = "/io/crowdengage/postgres/migration/";
    private static final List<Script> SCRIPTS = List.of(
            new Script(1, "send and consent ledgers", "V1__send_and_consent_ledgers.sql"),
            new Script(2, "runtime state and ticker lease", "V2__runtime_state_and_ticker_lease.sql"),
            new Script(3, "owed soft opt-in notices", "V3__owed_soft_opt_in_notices.sql"));

    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    /**
     * The schema called {@code name}.
     *
     * @param name a lower-case PostgreSQL identifier: a letter or underscore, then letters, digits or
     *             underscores, 63 characters at most, not starting with {@code pg_}
     * @throws ValidationException naming the field and the value when the name is not such an identifier
     */
    public static PostgresSchema named(String name) {
        Objects.requireNonNull(name, "schema");
        if (!NAME.matcher(name).matches() || name.startsWith("pg_")) {
            throw ValidationException.of(ValidationException.Reason.INVALID_CONFIGURATION, "schema",
                    "'" + (name.length() > 70 ? name.substring(0, 70) + "..." : name) + "' is not a schema name"
                            + " crowdengage accepts: use lower-case letters, digits and underscores, starting with a"
                            + " letter or underscore, at most 63 characters, not starting with pg_ (for example"
                            + " crowdengage or crowdengage_royal_court)");
        }
        return new PostgresSchema(name);
    }

    /** The schema's name. */
    public String name() {
        return name;
    }

    /** The newest schema version this code knows and writes. */
    public int codeVersion() {
        return SCRIPTS.get(SCRIPTS.size() - 1).version();
    }

    /**
     * The whole schema, from an empty database to {@link #codeVersion()}, as one SQL script for a DBA:
     * it creates the schema and history table, checks that nothing is installed yet, applies every
     * version and records it, between {@code BEGIN} and {@code COMMIT}. Run it with {@code psql -f}.
     */
    public String sql() {
        return upgradeSql(0);
    }

    /**
     * The script that takes this schema from {@code fromVersion} to {@link #codeVersion()}, refusing
     * (with nothing applied) to run on a database at any other version.
     *
     * @param fromVersion the version installed, 0 for none
     */
    public String upgradeSql(int fromVersion) {
        return upgradeSql(fromVersion, codeVersion());
    }

    /** The script from {@code fromVersion} to {@code toVersion}: tests build older databases with it. */
    String upgradeSql(int fromVersion, int toVersion) {
        if (fromVersion < 0 || fromVersion > codeVersion()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "fromVersion",
                    "must be between 0 and " + codeVersion() + " but was " + fromVersion);
        }
        if (toVersion < fromVersion || toVersion > codeVersion()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "toVersion",
                    "must be between " + fromVersion + " and " + codeVersion() + " but was " + toVersion);
        }
        StringBuilder out = new StringBuilder();
        out.append("-- crowdengage-postgres: schema ").append(quoted(name)).append(" from version ").append(fromVersion)
                .append(" to version ").append(toVersion).append(".\n")
                .append("-- Generated by PostgresSchema.upgradeSql; it is what PostgresSchema.migrate runs. Apply it")
                .append(" whole (psql -v ON_ERROR_STOP=1 -f),\n")
                .append("-- then start the application with CrowdEngagePostgres.using(dataSource).schema(\"")
                .append(name).append("\").verify().\n\n")
                .append("BEGIN;\n\n")
                .append(preamble(true))
                .append('\n')
                .append(pending(fromVersion, toVersion))
                .append("COMMIT;\n");
        return out.toString();
    }

    /**
     * Brings the schema to {@link #codeVersion()}: safe to call from every instance at every start.
     * Takes a transaction-scoped advisory lock (so concurrent callers run one after the other), creates
     * the schema and its history table if they are missing, refuses a database that is newer or whose
     * history disagrees with the code, and applies the missing versions, all in one transaction: either
     * the schema reaches the code's version or nothing changes. When the schema is already current it
     * runs no DDL, so an application user without DDL rights can call it too.
     *
     * @return the versions before and after
     * @throws PostgresSchemaException when the schema cannot be used or brought up to date
     */
    public Migration migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Migration migration = migrate(connection);
                connection.commit();
                return migration;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure("migrating schema " + quoted(name), e);
        }
    }

    private Migration migrate(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_CLASS);
            lock.setString(2, name);
            lock.execute();
        }
        // Created only when missing: CREATE ... IF NOT EXISTS checks the privilege even when there is nothing to do.
        if (!exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", name)) {
            execute(connection, "CREATE SCHEMA " + quoted(name));
        }
        if (!exists(connection, "SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = '" + HISTORY_TABLE + "'",
                name)) {
            execute(connection, historyTable(false));
        }
        int installed = checkHistory(readHistory(connection));
        if (installed < codeVersion()) {
            try {
                execute(connection, pending(installed, codeVersion()));
            } catch (SQLException e) {
                throw new PostgresSchemaException(PostgresSchemaException.Reason.MIGRATION_FAILED,
                        "migrating schema " + quoted(name) + " from version " + installed + " to " + codeVersion()
                                + " failed, and nothing was applied: " + Sql.SanitizedSqlException.of(e).getMessage(),
                        Sql.SanitizedSqlException.of(e));
            }
        }
        return new Migration(installed, codeVersion());
    }

    /**
     * Checks, without changing anything, that the schema is at exactly {@link #codeVersion()} with the
     * code's scripts: for a schema a DBA applies by hand.
     *
     * @throws PostgresSchemaException NOT_MIGRATED (saying which script to apply), NEWER_THAN_CODE or
     *                                 HISTORY_MISMATCH
     */
    public void verify(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, "SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = '" + HISTORY_TABLE
                    + "'", name)) {
                throw new PostgresSchemaException(PostgresSchemaException.Reason.NOT_MIGRATED, "schema " + quoted(name)
                        + " has no crowdengage tables: apply PostgresSchema.named(\"" + name + "\").sql() or start with"
                        + " migrate() instead of verify()");
            }
            int installed = checkHistory(readHistory(connection));
            if (installed < codeVersion()) {
                throw new PostgresSchemaException(PostgresSchemaException.Reason.NOT_MIGRATED, "schema " + quoted(name)
                        + " is at version " + installed + " and this code needs version " + codeVersion()
                        + ": apply PostgresSchema.named(\"" + name + "\").upgradeSql(" + installed
                        + ") or start with migrate() instead of verify()");
            }
        } catch (SQLException e) {
            throw failure("verifying schema " + quoted(name), e);
        }
    }

    /** The version installed in the database, empty when the schema or its history table does not exist. */
    public OptionalInt installedVersion(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, "SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = '" + HISTORY_TABLE
                    + "'", name)) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(readHistory(connection).keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        } catch (SQLException e) {
            throw failure("reading the version of schema " + quoted(name), e);
        }
    }

    /** Prints {@link #sql()} for the schema named by the first argument (default {@value #DEFAULT_NAME}). */
    public static void main(String[] args) {
        System.out.print(named(args.length > 0 ? args[0] : DEFAULT_NAME).sql());
    }

    /**
     * What a migration did.
     *
     * @param fromVersion the version found, 0 for a database without crowdengage's tables
     * @param toVersion   the version the schema is at now
     */
    public record Migration(int fromVersion, int toVersion) {
        /** Whether any script was applied. */
        public boolean applied() {
            return toVersion != fromVersion;
        }
    }

    /** One versioned script. */
    record Script(int version, String description, String file) {
        String text() {
            try (InputStream in = PostgresSchema.class.getResourceAsStream(RESOURCE_DIRECTORY + file)) {
                if (in == null) {
                    throw new IllegalStateException("migration script " + file + " is missing from the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("reading migration script " + file, e);
            }
        }

        /** SHA-256 of the script as shipped, before the schema name is put in: the same for every schema. */
        String checksum() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }

    static List<Script> scripts() {
        return SCRIPTS;
    }

    /** A schema name, quoted (names are validated, so quoting only guards against reserved words). */
    static String quoted(String schema) {
        return "\"" + schema + "\"";
    }

    private String preamble(boolean forPeople) {
        return "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "';\n"
                + "SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext('" + name + "'));\n"
                + "CREATE SCHEMA IF NOT EXISTS " + quoted(name) + ";\n"
                + historyTable(forPeople) + ";\n";
    }

    private String historyTable(boolean ifNotExists) {
        return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + history() + " (\n"
                + "    version     integer     NOT NULL PRIMARY KEY,\n"
                + "    description text        NOT NULL,\n"
                + "    script      text        NOT NULL,\n"
                + "    checksum    text        NOT NULL,\n"
                + "    applied_at  timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
                + "    applied_by  text        NOT NULL DEFAULT current_user\n"
                + ")";
    }

    /** The guard and the scripts after {@code installed} up to {@code target}, each followed by its history row. */
    private String pending(int installed, int target) {
        StringBuilder out = new StringBuilder();
        out.append("DO $guard$\nBEGIN\n")
                .append("    IF (SELECT coalesce(max(version), 0) FROM ").append(history()).append(") <> ").append(installed)
                .append(" THEN\n")
                .append("        RAISE EXCEPTION 'schema ").append(name).append(" is at version %, this script upgrades")
                .append(" from version ").append(installed).append("', (SELECT coalesce(max(version), 0) FROM ")
                .append(history()).append(");\n")
                .append("    END IF;\nEND\n$guard$;\n\n");
        for (Script script : SCRIPTS) {
            if (script.version() <= installed || script.version() > target) {
                continue;
            }
            out.append("-- Version ").append(script.version()).append(": ").append(script.description()).append(" (")
                    .append(script.file()).append(")\n\n")
                    .append(script.text().replace("${schema}", quoted(name)).strip()).append("\n\n")
                    .append("INSERT INTO ").append(history()).append(" (version, description, script, checksum) VALUES (")
                    .append(script.version()).append(", '").append(script.description()).append("', '")
                    .append(script.file()).append("', '").append(script.checksum()).append("');\n\n");
        }
        return out.toString();
    }

    private String history() {
        return quoted(name) + "." + HISTORY_TABLE;
    }

    private Map<Integer, String> readHistory(Connection connection) throws SQLException {
        Map<Integer, String> applied = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM " + history() + " ORDER BY version")) {
            while (rows.next()) {
                applied.put(rows.getInt("version"), rows.getString("checksum"));
            }
        }
        return applied;
    }

    /** The version installed, after checking that the history is one this code can build on. */
    private int checkHistory(Map<Integer, String> applied) {
        int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > codeVersion()) {
            throw new PostgresSchemaException(PostgresSchemaException.Reason.NEWER_THAN_CODE, "schema " + quoted(name)
                    + " is at version " + newest + " but this crowdengage-postgres only knows versions up to "
                    + codeVersion() + ": a newer release of the application has upgraded the database. Run that"
                    + " release, or restore the backup taken before the upgrade; this one will not write to a schema"
                    + " it does not understand");
        }
        List<String> problems = new ArrayList<>();
        for (Script script : SCRIPTS) {
            if (script.version() > newest) {
                break;
            }
            String checksum = applied.get(script.version());
            if (checksum == null) {
                problems.add("version " + script.version() + " (" + script.file() + ") is missing from the history");
            } else if (!checksum.equals(script.checksum())) {
                problems.add("version " + script.version() + " was applied from a different " + script.file()
                        + " (checksum " + checksum + ", this code's is " + script.checksum() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new PostgresSchemaException(PostgresSchemaException.Reason.HISTORY_MISMATCH, "schema " + quoted(name)
                    + "'s history (" + history() + ") disagrees with this code: " + String.join("; ", problems)
                    + ". Compare the schema with PostgresSchema.sql() before going on");
        }
        return newest;
    }

    private static boolean exists(Connection connection, String query, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(Sql.SanitizedSqlException.of(e));
        }
    }

    private PostgresSchemaException failure(String what, SQLException e) {
        Sql.SanitizedSqlException sanitized = Sql.SanitizedSqlException.of(e);
        boolean later = Sql.failure(what, e).retryable();
        if (later) {
            return new PostgresSchemaException(PostgresSchemaException.Reason.UNAVAILABLE, what + " failed (try again"
                    + " later: another instance may still hold the migration lock, or the database is unreachable): "
                    + sanitized.getMessage(), sanitized);
        }
        return new PostgresSchemaException(PostgresSchemaException.Reason.MIGRATION_FAILED, what + " failed: "
                + sanitized.getMessage() + (Sql.state(e).equals("42501") ? "; the database user may not create the"
                + " schema: have a DBA apply PostgresSchema.named(\"" + name + "\").sql() and start with verify()" : ""),
                sanitized);
    }
}
