package io.crowdengage.postgres;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Durable state for crowdengage on PostgreSQL, wired from the application's own {@link DataSource}
 * (a pool such as HikariCP; crowdengage bundles none). One schema holds one venue's state:
 *
 * <pre>{@code
 * CrowdEngagePostgres postgres = CrowdEngagePostgres.using(dataSource)
 *         .schema("crowdengage")
 *         .migrate();
 * SendLedger sends = postgres.sendLedger();
 * ConsentLedger consent = postgres.consentLedger();
 * RuntimeStateStore state = postgres.runtimeStateStore();
 * TickerLease lease = postgres.tickerLease("box-office-1", Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>{@link Builder#migrate()} brings the schema up to date at start-up (safe from several instances
 * at once); {@link Builder#verify()} only checks it, for a schema a DBA applies by hand from
 * {@link PostgresSchema#sql()}. Either refuses a database at a newer version than this code. The
 * stores are thread-safe, hold no cache, and each call borrows one connection for one statement.
 *
 * <p>Give it a plain pool, not a transaction-aware proxy (Spring's, say): a claim must commit on its
 * own before the provider is called, never roll back with the caller's transaction.
 */
public final class CrowdEngagePostgres {
    /** How long one statement may run before it is cancelled and the call fails as UNAVAILABLE. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final PostgresSchema schema;
    private final Sql sql;
    private final PostgresSendLedger sendLedger;
    private final PostgresConsentLedger consentLedger;
    private final PostgresRuntimeStateStore runtimeStateStore;

    private CrowdEngagePostgres(DataSource dataSource, PostgresSchema schema, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.sql = new Sql(dataSource, schema.name(), statementTimeout);
        this.sendLedger = new PostgresSendLedger(sql);
        this.consentLedger = new PostgresConsentLedger(sql);
        this.runtimeStateStore = new PostgresRuntimeStateStore(sql);
    }

    /** Starts the wiring on the application's data source. */
    public static Builder using(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The send ledger: pass it to {@code CrowdEngage.builder().sendLedger(...)}. */
    public PostgresSendLedger sendLedger() {
        return sendLedger;
    }

    /** The consent ledger: pass it to {@code CrowdEngage.builder().consentLedger(...)}. */
    public PostgresConsentLedger consentLedger() {
        return consentLedger;
    }

    /** The runtime's own state: change cursor, last tick, reference numbers. */
    public PostgresRuntimeStateStore runtimeStateStore() {
        return runtimeStateStore;
    }

    /**
     * A handle on the venue's ticker lease for {@code holder}, whose grants last {@code duration};
     * the database's clock is the arbiter.
     *
     * @param holder   a name for reports and logs, such as the host name and process id
     * @param duration how long a grant lasts without renewal; renew at a third of it, and a standby takes
     *                 over within about one duration of the holder dying
     */
    public PostgresTickerLease tickerLease(String holder, Duration duration) {
        return new PostgresTickerLease(sql, Checks.notBlank(holder, "holder"), positive(duration), Optional.empty());
    }

    /**
     * Like {@link #tickerLease(String, Duration)}, but with {@code arbiter} as the clock instead of the
     * database's: for tests and simulations that move time by hand. Every handle on the lease must
     * use the same clock; never use it across processes.
     */
    public PostgresTickerLease tickerLease(String holder, Duration duration, Clock arbiter) {
        return new PostgresTickerLease(sql, Checks.notBlank(holder, "holder"), positive(duration),
                Optional.of(Checks.notNull(arbiter, "arbiter")));
    }

    /** The schema the stores use. */
    public PostgresSchema schema() {
        return schema;
    }

    /** The data source the stores borrow connections from. */
    public DataSource dataSource() {
        return dataSource;
    }

    private static Duration positive(Duration duration) {
        Checks.notNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "duration",
                    "must be positive but was " + duration);
        }
        return duration;
    }

    @Override
    public String toString() {
        return "CrowdEngagePostgres[" + schema.name() + "]";
    }

    /** The settings, then {@link #migrate()} or {@link #verify()}. */
    public static final class Builder {
        private final DataSource dataSource;
        private PostgresSchema schema = PostgresSchema.named(PostgresSchema.DEFAULT_NAME);
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * The schema to keep the tables in, default {@value PostgresSchema#DEFAULT_NAME}; one schema per
         * venue. See {@link PostgresSchema#named(String)} for the names accepted.
         */
        public Builder schema(String name) {
            this.schema = PostgresSchema.named(name);
            return this;
        }

        /**
         * How long one statement may run, default {@link #DEFAULT_STATEMENT_TIMEOUT}; whole seconds, at
         * least one. Past it the statement is cancelled and the call fails as UNAVAILABLE.
         */
        public Builder statementTimeout(Duration timeout) {
            Checks.notNull(timeout, "statementTimeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "statementTimeout",
                        "must be at least one second but was " + timeout);
            }
            this.statementTimeout = timeout;
            return this;
        }

        /**
         * Brings the schema to the code's version ({@link PostgresSchema#migrate}) and hands out the stores.
         *
         * @throws PostgresSchemaException when the schema is newer than the code, disagrees with it, or
         *                                 could not be migrated
         */
        public CrowdEngagePostgres migrate() {
            schema.migrate(dataSource);
            return new CrowdEngagePostgres(dataSource, schema, statementTimeout);
        }

        /**
         * Checks that the schema is at exactly the code's version ({@link PostgresSchema#verify}), changing
         * nothing, and hands out the stores: for a schema a DBA applies.
         *
         * @throws PostgresSchemaException when it is not
         */
        public CrowdEngagePostgres verify() {
            schema.verify(dataSource);
            return new CrowdEngagePostgres(dataSource, schema, statementTimeout);
        }
    }
}
