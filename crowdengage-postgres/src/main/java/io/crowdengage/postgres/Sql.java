package io.crowdengage.postgres;

import io.crowdengage.internal.Redaction;
import io.crowdengage.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * How the stores talk to the database: one pooled connection per operation, in auto-commit (each
 * store operation is one statement, so it is atomic on its own and commits before the call returns),
 * instants split into a microsecond timestamp and the nanoseconds below it, and SQL errors turned
 * into {@link StoreException}s whose messages carry no personal data.
 */
final class Sql {
    /** The range of instants stored: what every PostgreSQL timestamp and every JDBC driver handles alike. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final DataSource dataSource;
    private final String schema;
    private final int statementTimeoutSeconds;

    Sql(DataSource dataSource, String schema, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.statementTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, statementTimeout.toSeconds()));
    }

    /** A table of this schema, quoted. */
    String table(String name) {
        return PostgresSchema.quoted(schema) + "." + name;
    }

    String schema() {
        return schema;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of its own in auto-commit, and maps what the driver throws.
     *
     * @param operation what is being done, for the exception's message ("the send ledger's claim")
     */
    <T> T run(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                return work.run(connection);
            } finally {
                if (!autoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(statementTimeoutSeconds);
        return statement;
    }

    /** The StoreException for a driver failure: UNAVAILABLE when trying again later may work, REFUSED otherwise. */
    static StoreException failure(String operation, SQLException e) {
        StoreException.Reason reason = mayPassLater(e) ? StoreException.Reason.UNAVAILABLE : StoreException.Reason.REFUSED;
        SanitizedSqlException cause = SanitizedSqlException.of(e);
        return new StoreException(reason, operation + " failed: " + cause.getMessage(), cause);
    }

    private static boolean mayPassLater(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException || e instanceof SQLTimeoutException) {
            return true;
        }
        String state = Optional.ofNullable(e.getSQLState()).orElse("");
        return state.startsWith("08")          // connection exceptions
                || state.startsWith("53")      // insufficient resources (too many connections, disk full)
                || state.startsWith("57P")     // the server is shutting down or restarting
                || state.startsWith("40")      // serialization failure, deadlock: the transaction may be retried
                || state.equals("55P03")       // lock not available
                || state.equals("57014");      // statement timeout or cancelled
    }

    /** The SQLSTATE of a server error, or "" when there is none. */
    static String state(SQLException e) {
        return Optional.ofNullable(e.getSQLState()).orElse("");
    }

    /** The name of the constraint a server error is about, or "". */
    static String constraint(SQLException e) {
        if (e instanceof PSQLException) {
            ServerErrorMessage message = ((PSQLException) e).getServerErrorMessage();
            if (message != null && message.getConstraint() != null) {
                return message.getConstraint();
            }
        }
        return "";
    }

    /** Refuses text PostgreSQL cannot hold (a NUL character), naming the field; returns it unchanged. */
    static String text(String value, String field) {
        if (value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(field + " contains a NUL character (U+0000), which PostgreSQL text cannot hold");
        }
        return value;
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant, String field) throws SQLException {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(field + " " + instant + " is outside the years 1 to 9999 that the store keeps");
        }
        statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        statement.setShort(index + 1, (short) (instant.getNano() % 1_000));
    }

    static void setInstant(PreparedStatement statement, int index, Optional<Instant> instant, String field)
            throws SQLException {
        if (instant.isPresent()) {
            setInstant(statement, index, instant.get(), field);
        } else {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(index + 1, Types.SMALLINT);
        }
    }

    /** An instant to the microsecond, or SQL null, for the lease's arbiter time. */
    static void setMicros(PreparedStatement statement, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant.get().truncatedTo(ChronoUnit.MICROS),
                    ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime micros = row.getObject(column, OffsetDateTime.class);
        if (micros == null) {
            return Optional.empty();
        }
        return Optional.of(micros.toInstant().plusNanos(row.getShort(column + "_ns")));
    }

    static Instant requiredInstant(ResultSet row, String column) throws SQLException {
        return instant(row, column).orElseThrow(() -> new SQLException(column + " is null in a row where it may not be"));
    }

    static Instant micros(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    /**
     * The driver's exception with only what carries no personal data: the SQLSTATE, the server's primary
     * message (PostgreSQL puts row values in the detail, never here) with numbers and emails masked all
     * the same, and the original stack trace. The original is not kept: its message holds the detail.
     */
    static final class SanitizedSqlException extends SQLException {
        private static final long serialVersionUID = 1L;

        private SanitizedSqlException(String message, String state, int code) {
            super(message, state, code);
        }

        static SanitizedSqlException of(SQLException original) {
            String primary;
            if (original instanceof PSQLException && ((PSQLException) original).getServerErrorMessage() != null) {
                primary = Optional.ofNullable(((PSQLException) original).getServerErrorMessage().getMessage()).orElse("");
            } else {
                primary = Optional.ofNullable(original.getMessage()).orElse("");
                int detail = primary.indexOf("\n");
                primary = detail >= 0 ? primary.substring(0, detail) : primary;
            }
            String state = state(original);
            SanitizedSqlException sanitized = new SanitizedSqlException(
                    (state.isEmpty() ? "" : "SQLSTATE " + state + ": ") + Redaction.personalData(primary)
                            + " (" + original.getClass().getSimpleName() + ")",
                    original.getSQLState(), original.getErrorCode());
            sanitized.setStackTrace(original.getStackTrace());
            return sanitized;
        }
    }
}
