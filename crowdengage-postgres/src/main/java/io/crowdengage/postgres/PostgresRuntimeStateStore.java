package io.crowdengage.postgres;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import io.crowdengage.store.OwedNotice;
import io.crowdengage.store.ReferenceBlock;
import io.crowdengage.store.RuntimeState;
import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.ticketing.ChangeCursor;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link RuntimeStateStore} in PostgreSQL: one row of {@code <schema>.runtime_state} (the owed
 * notices as three {@code text[]} columns of the same length). A save is
 * an {@code UPDATE ... WHERE revision = ?}, so of two instances saving from the same revision one
 * wins and the other is told; reference numbers come from the same row with
 * {@code UPDATE ... RETURNING}, so no two callers anywhere get the same number.
 *
 * <p>Obtain it from {@link CrowdEngagePostgres#runtimeStateStore()}.
 */
public final class PostgresRuntimeStateStore implements RuntimeStateStore {
    private static final String ROW = "runtime";

    private final Sql sql;
    private final String load;
    private final String save;
    private final String reserve;

    PostgresRuntimeStateStore(Sql sql) {
        this.sql = sql;
        String table = sql.table("runtime_state");
        this.load = "SELECT revision, change_cursor, last_tick_at, last_tick_at_ns, owed_booking_ids,"
                + " owed_performance_ids, owed_customer_ids FROM " + table + " WHERE name = '" + ROW + "'";
        this.save = "UPDATE " + table + " SET revision = revision + 1, change_cursor = ?, last_tick_at = ?,"
                + " last_tick_at_ns = ?, owed_booking_ids = ?, owed_performance_ids = ?, owed_customer_ids = ?,"
                + " saved_at = clock_timestamp() WHERE name = '" + ROW + "' AND revision = ? RETURNING revision";
        this.reserve = "UPDATE " + table + " SET next_reference = next_reference + ? WHERE name = '" + ROW + "'"
                + " RETURNING next_reference - ?";
    }

    @Override
    public RuntimeState load() {
        return sql.run("loading the runtime state", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, load);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("the runtime_state row is missing; was it deleted by hand?");
                }
                return new RuntimeState(rows.getLong("revision"),
                        Optional.ofNullable(rows.getString("change_cursor")).map(ChangeCursor::new),
                        Sql.instant(rows, "last_tick_at"), owedNotices(rows));
            }
        });
    }

    @Override
    public Optional<RuntimeState> save(RuntimeState next) {
        Checks.notNull(next, "next");
        next.changeCursor().ifPresent(cursor -> Sql.text(cursor.token(), "changeCursor"));
        for (OwedNotice notice : next.owedNotices()) {
            Sql.text(notice.bookingId(), "owedNotices.bookingId");
            Sql.text(notice.performanceId(), "owedNotices.performanceId");
            Sql.text(notice.customerId(), "owedNotices.customerId");
        }
        return sql.run("saving the runtime state", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, save)) {
                statement.setString(1, next.changeCursor().map(ChangeCursor::token).orElse(null));
                Sql.setInstant(statement, 2, next.lastTickAt(), "lastTickAt");
                statement.setArray(4, textArray(connection, next.owedNotices(), OwedNotice::bookingId));
                statement.setArray(5, textArray(connection, next.owedNotices(), OwedNotice::performanceId));
                statement.setArray(6, textArray(connection, next.owedNotices(), OwedNotice::customerId));
                statement.setLong(7, next.revision());
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<RuntimeState>empty();
                    }
                    return Optional.of(next.atRevision(rows.getLong(1)));
                }
            }
        });
    }

    private static Array textArray(Connection connection, List<OwedNotice> notices,
                                   Function<OwedNotice, String> field) throws SQLException {
        return connection.createArrayOf("text", notices.stream().map(field).toArray());
    }

    private static List<OwedNotice> owedNotices(ResultSet rows) throws SQLException {
        String[] bookings = (String[]) rows.getArray("owed_booking_ids").getArray();
        String[] performances = (String[]) rows.getArray("owed_performance_ids").getArray();
        String[] customers = (String[]) rows.getArray("owed_customer_ids").getArray();
        List<OwedNotice> notices = new ArrayList<>(bookings.length);
        for (int i = 0; i < bookings.length; i++) {
            notices.add(new OwedNotice(bookings[i], performances[i], customers[i]));
        }
        return notices;
    }

    @Override
    public ReferenceBlock reserveReferences(int count) {
        if (count < 1) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "count",
                    "must be 1 or more but was " + count);
        }
        long first = sql.run("reserving message references", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, reserve)) {
                statement.setLong(1, count);
                statement.setLong(2, count);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        throw new SQLException("the runtime_state row is missing; was it deleted by hand?");
                    }
                    return rows.getLong(1);
                }
            }
        });
        return new ReferenceBlock(first, count);
    }

    @Override
    public String toString() {
        return "PostgresRuntimeStateStore[" + sql.schema() + "]";
    }
}
