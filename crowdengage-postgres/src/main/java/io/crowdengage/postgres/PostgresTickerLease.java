package io.crowdengage.postgres;

import io.crowdengage.store.LeaseGrant;
import io.crowdengage.store.TickerLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link TickerLease} in PostgreSQL: one row of {@code <schema>.ticker_lease}. Acquiring is one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} (the row lock makes it atomic: of any number of
 * instances asking at once, one gets it); renewing and releasing are conditional updates on this
 * handle's holder name and generation.
 *
 * <p><b>The arbiter clock is the database's</b> ({@code clock_timestamp()}): every instance compares
 * expiry with the same clock, so instances whose own clocks disagree still agree on who holds the
 * lease. Grants are kept to the microsecond. Obtain it from
 * {@link CrowdEngagePostgres#tickerLease(String, Duration)}; the variant taking a {@link Clock} is for
 * tests and simulations that move time by hand.
 */
public final class PostgresTickerLease implements TickerLease {
    /** The lease's row: one ticker per schema, and a schema per venue. */
    private static final String NAME = "ticker";

    private final Sql sql;
    private final String holder;
    private final Duration duration;
    private final Optional<Clock> arbiter;
    private final String acquire;
    private final String renew;
    private final String release;
    private final String current;
    /** The generation this handle was granted, 0 when it holds none. Guarded by this. */
    private long generation;

    PostgresTickerLease(Sql sql, String holder, Duration duration, Optional<Clock> arbiter) {
        this.sql = sql;
        this.holder = Sql.text(holder, "holder");
        this.duration = duration;
        this.arbiter = arbiter;
        String table = sql.table("ticker_lease");
        String now = "(SELECT coalesce(CAST(? AS timestamptz), clock_timestamp()) AS t)";
        String returning = " RETURNING holder, generation, acquired_at, expires_at";
        // Ours: same holder and generation, not released. Free: released, or lapsed by the arbiter's clock.
        this.acquire = "INSERT INTO " + table + " AS l (name, holder, generation, acquired_at, renewed_at, expires_at,"
                + " released) SELECT '" + NAME + "', ?, 1, now.t, now.t, now.t + ? * interval '1 microsecond', false"
                + " FROM " + now + " now"
                + " ON CONFLICT (name) DO UPDATE SET"
                + " generation = CASE WHEN l.holder = excluded.holder AND l.generation = ? AND NOT l.released"
                + " THEN l.generation ELSE l.generation + 1 END,"
                + " acquired_at = CASE WHEN l.holder = excluded.holder AND l.generation = ? AND NOT l.released"
                + " THEN l.acquired_at ELSE excluded.acquired_at END,"
                + " holder = excluded.holder, renewed_at = excluded.renewed_at,"
                + " expires_at = GREATEST(excluded.expires_at, CASE WHEN l.holder = excluded.holder AND l.generation = ?"
                + " AND NOT l.released THEN l.acquired_at ELSE excluded.acquired_at END), released = false"
                + " WHERE (l.holder = excluded.holder AND l.generation = ? AND NOT l.released)"
                + " OR l.released OR l.expires_at <= excluded.acquired_at"
                + returning;
        this.renew = "UPDATE " + table + " l SET renewed_at = now.t,"
                + " expires_at = GREATEST(now.t + ? * interval '1 microsecond', l.acquired_at)"
                + " FROM " + now + " now WHERE l.name = '" + NAME + "' AND l.holder = ? AND l.generation = ?"
                + " AND NOT l.released" + returning;
        this.release = "UPDATE " + table + " SET released = true WHERE name = '" + NAME + "' AND holder = ?"
                + " AND generation = ? AND NOT released";
        this.current = "SELECT holder, generation, acquired_at, expires_at FROM " + table + " l, " + now + " now"
                + " WHERE l.name = '" + NAME + "' AND NOT l.released AND l.expires_at > now.t";
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public Duration duration() {
        return duration;
    }

    @Override
    public synchronized Optional<LeaseGrant> tryAcquire() {
        Optional<LeaseGrant> grant = sql.run("acquiring the ticker lease", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, acquire)) {
                statement.setString(1, holder);
                statement.setLong(2, micros());
                Sql.setMicros(statement, 3, arbiter.map(Clock::instant));
                for (int i = 4; i <= 7; i++) {
                    statement.setLong(i, generation);
                }
                return grant(statement);
            }
        });
        generation = grant.map(LeaseGrant::generation).orElse(0L);
        return grant;
    }

    @Override
    public synchronized Optional<LeaseGrant> renew() {
        if (generation == 0) {
            return Optional.empty();
        }
        Optional<LeaseGrant> grant = sql.run("renewing the ticker lease", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, renew)) {
                statement.setLong(1, micros());
                Sql.setMicros(statement, 2, arbiter.map(Clock::instant));
                statement.setString(3, holder);
                statement.setLong(4, generation);
                return grant(statement);
            }
        });
        if (grant.isEmpty()) {
            generation = 0;
        }
        return grant;
    }

    @Override
    public synchronized void release() {
        if (generation == 0) {
            return;
        }
        long released = generation;
        sql.run("releasing the ticker lease", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, release)) {
                statement.setString(1, holder);
                statement.setLong(2, released);
                return statement.executeUpdate();
            }
        });
        generation = 0;
    }

    @Override
    public Optional<LeaseGrant> current() {
        return sql.run("reading the ticker lease", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, current)) {
                Sql.setMicros(statement, 1, arbiter.map(Clock::instant));
                return grant(statement);
            }
        });
    }

    private long micros() {
        return Math.max(1, duration.toNanos() / 1_000);
    }

    private static Optional<LeaseGrant> grant(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new LeaseGrant(rows.getString("holder"), rows.getLong("generation"),
                    Sql.micros(rows, "acquired_at"), Sql.micros(rows, "expires_at")));
        }
    }

    @Override
    public String toString() {
        return "PostgresTickerLease[" + sql.schema() + ", " + holder + "]";
    }
}
