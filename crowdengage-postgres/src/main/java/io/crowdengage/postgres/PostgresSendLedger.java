package io.crowdengage.postgres;

import io.crowdengage.engine.SendKey;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link SendLedger} in PostgreSQL, table {@code <schema>.send_record}. Every call is one
 * statement in auto-commit on a connection of its own, so it is durable once it returns and is seen
 * by every instance at once; nothing is cached.
 *
 * <ul>
 *   <li>A claim is {@code INSERT ... ON CONFLICT (step_id, performance_id, phone) DO NOTHING}: the
 *       primary key is the arbiter between threads and instances, exactly one wins.</li>
 *   <li>A status only moves forward, and what the claim fixed never changes: a trigger enforces
 *       {@link SendStatus#canMoveTo} in the database, against any writer.</li>
 *   <li>Provider ids go to {@code send_provider_message}, first holder wins.</li>
 *   <li>Nothing is purged unless {@link #purgeSettled(Duration, Instant)} is called.</li>
 * </ul>
 *
 * Obtain it from {@link CrowdEngagePostgres#sendLedger()}. When the database cannot be reached, calls
 * throw {@link StoreException} with reason UNAVAILABLE; nothing is half-written.
 */
public final class PostgresSendLedger implements SendLedger {

    /** The shortest retention {@link #purgeSettled} accepts: less could purge keys still in the runtime's window. */
    public static final Duration MINIMUM_RETENTION = Duration.ofDays(30);
    private static final int PURGE_BATCH = 5_000;
    private static final String COLUMNS = "step_id, performance_id, phone, reference, body, claimed_at, claimed_at_ns,"
            + " deadline, deadline_ns, status, attempts, next_attempt_at, next_attempt_at_ns, provider_message_id, detail,"
            + " updated_at, updated_at_ns";
    private static final String UNSETTLED = "('CLAIMED', 'RETRY_PENDING')";
    private static final String SETTLED = "('ACCEPTED', 'DELIVERED', 'FAILED', 'UNKNOWN')";

    private final Sql sql;
    private final String claim;
    private final String update;
    /** {@link #update} that also requires the stored status, attempts and update time of the expected record. */
    private final String updateIf;
    private final String byKey;
    private final String byReference;
    private final String byProviderId;
    private final String unsettled;
    private final String exists;
    private final String purge;

    PostgresSendLedger(Sql sql) {
        this.sql = sql;
        String records = sql.table("send_record");
        this.claim = "INSERT INTO " + records + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CLAIMED', ?, NULL,"
                + " NULL, NULL, ?, ?, ?) ON CONFLICT (step_id, performance_id, phone) DO NOTHING";
        // One statement: the record and the first-holder-wins provider id move together or not at all.
        this.update = "WITH updated AS (UPDATE " + records + " SET reference = ?, body = ?, claimed_at = ?,"
                + " claimed_at_ns = ?, deadline = ?, deadline_ns = ?, status = ?, attempts = ?, next_attempt_at = ?,"
                + " next_attempt_at_ns = ?, provider_message_id = ?, detail = ?, updated_at = ?, updated_at_ns = ?"
                + " WHERE step_id = ? AND performance_id = ? AND phone = ?"
                + " RETURNING step_id, performance_id, phone, provider_message_id),"
                + " mapped AS (INSERT INTO " + sql.table("send_provider_message")
                + " (provider_message_id, step_id, performance_id, phone)"
                + " SELECT provider_message_id, step_id, performance_id, phone FROM updated"
                + " WHERE provider_message_id IS NOT NULL ON CONFLICT (provider_message_id) DO NOTHING)"
                + " SELECT count(*) FROM updated";
        this.updateIf = update.replace(" WHERE step_id = ? AND performance_id = ? AND phone = ?",
                " WHERE step_id = ? AND performance_id = ? AND phone = ? AND status = ? AND attempts = ?"
                        + " AND updated_at = ? AND updated_at_ns = ?");
        String select = "SELECT " + COLUMNS + " FROM " + records;
        this.byKey = select + " WHERE step_id = ? AND performance_id = ? AND phone = ?";
        this.byReference = select + " WHERE reference = ?";
        this.byProviderId = "SELECT " + prefixed("r") + " FROM " + sql.table("send_provider_message") + " m JOIN "
                + records + " r USING (step_id, performance_id, phone) WHERE m.provider_message_id = ?";
        this.unsettled = select + " WHERE status IN " + UNSETTLED + " ORDER BY claimed_at, claimed_at_ns, reference";
        this.exists = "SELECT EXISTS (SELECT 1 FROM " + records + " WHERE step_id = ? AND performance_id = ? AND phone = ?)";
        this.purge = "DELETE FROM " + records + " WHERE ctid IN (SELECT ctid FROM " + records + " WHERE status IN "
                + SETTLED + " AND updated_at < ? AND deadline < ? LIMIT " + PURGE_BATCH + ")";
    }

    private static String prefixed(String alias) {
        StringBuilder out = new StringBuilder();
        for (String column : COLUMNS.split(",\\s*")) {
            out.append(out.length() == 0 ? "" : ", ").append(alias).append('.').append(column);
        }
        return out.toString();
    }

    @Override
    public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
        return insert(SendRecord.claimed(key, reference, body, at, deadline));
    }

    /** One statement: the claim's INSERT carries the first attempt. */
    @Override
    public Optional<SendRecord> claimAttempting(SendKey key, String reference, String body, Instant at,
                                                Instant deadline) {
        return insert(SendRecord.claimed(key, reference, body, at, deadline).attempted(at));
    }

    /** Inserts a new CLAIMED record ({@code ON CONFLICT DO NOTHING}): present if this call claimed the key. */
    private Optional<SendRecord> insert(SendRecord fresh) {
        checkText(fresh);
        try {
            return sql.run("the send ledger's claim", connection -> {
                try (PreparedStatement statement = sql.prepare(connection, claim)) {
                    setKey(statement, 1, fresh.key());
                    statement.setString(4, fresh.reference());
                    statement.setString(5, fresh.body());
                    Sql.setInstant(statement, 6, fresh.claimedAt(), "at");
                    Sql.setInstant(statement, 8, fresh.deadline(), "deadline");
                    statement.setInt(10, fresh.attempts());
                    statement.setString(11, fresh.detail());
                    Sql.setInstant(statement, 12, fresh.updatedAt(), "at");
                    return statement.executeUpdate() == 1 ? Optional.of(fresh) : Optional.<SendRecord>empty();
                }
            });
        } catch (StoreException e) {
            if (isReferenceClash(e)) {
                String holder = findByReference(fresh.reference()).map(record -> " by " + record.key()).orElse("");
                throw new IllegalStateException("message reference '" + fresh.reference() + "' is already used" + holder, e);
            }
            throw e;
        }
    }

    private static boolean isReferenceClash(StoreException e) {
        return e.getCause() instanceof SQLException && "23505".equals(Sql.state((SQLException) e.getCause()))
                && e.getMessage().contains("send_record_reference_key");
    }

    @Override
    public void update(SendRecord record) {
        if (write(record, Optional.empty()) == 0) {
            throw new IllegalStateException("cannot update " + record.key() + ": it was never claimed");
        }
    }

    /** One statement: the row moves only if it still has {@code expected}'s status, attempts and update time. */
    @Override
    public boolean updateIf(SendRecord expected, SendRecord next) {
        Checks.notNull(expected, "expected");
        return write(next, Optional.of(expected)) == 1;
    }

    private long write(SendRecord record, Optional<SendRecord> expected) {
        Checks.notNull(record, "record");
        checkText(record);
        long updated;
        try {
            updated = sql.run("the send ledger's update to " + record.status(), connection -> {
                try (PreparedStatement statement = sql.prepare(connection, expected.isPresent() ? updateIf : update)) {
                    statement.setString(1, record.reference());
                    statement.setString(2, record.body());
                    Sql.setInstant(statement, 3, record.claimedAt(), "claimedAt");
                    Sql.setInstant(statement, 5, record.deadline(), "deadline");
                    statement.setString(7, record.status().name());
                    statement.setInt(8, record.attempts());
                    Sql.setInstant(statement, 9, record.nextAttemptAt(), "nextAttemptAt");
                    statement.setString(11, record.providerMessageId().orElse(null));
                    statement.setString(12, record.detail());
                    Sql.setInstant(statement, 13, record.updatedAt(), "updatedAt");
                    setKey(statement, 15, record.key());
                    if (expected.isPresent()) {
                        statement.setString(18, expected.get().status().name());
                        statement.setInt(19, expected.get().attempts());
                        Sql.setInstant(statement, 20, expected.get().updatedAt(), "updatedAt");
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getLong(1);
                    }
                }
            });
        } catch (StoreException e) {
            String state = e.getCause() instanceof SQLException ? Sql.state((SQLException) e.getCause()) : "";
            if (state.equals("CEF01")) {
                SendStatus current = find(record.key()).map(SendRecord::status).orElse(SendStatus.CLAIMED);
                throw new IllegalStateException("cannot move " + record.key() + " from " + current + " "
                        + (current.settled() && !record.status().settled() ? "back " : "") + "to " + record.status()
                        + ": a status only moves forward", e);
            }
            if (state.equals("CEI01")) {
                throw new IllegalStateException("cannot update " + record.key() + ": its reference, body, claim time"
                        + " and deadline were fixed when it was claimed", e);
            }
            throw e;
        }
        return updated;
    }

    @Override
    public Optional<SendRecord> find(SendKey key) {
        Checks.notNull(key, "key");
        return sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, byKey)) {
                setKey(statement, 1, key);
                return one(statement);
            }
        });
    }

    @Override
    public Optional<SendRecord> findByReference(String reference) {
        Checks.notNull(reference, "reference");
        if (reference.indexOf('\u0000') >= 0) {
            return Optional.empty();
        }
        return sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, byReference)) {
                statement.setString(1, reference);
                return one(statement);
            }
        });
    }

    @Override
    public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
        Checks.notNull(providerMessageId, "providerMessageId");
        if (providerMessageId.indexOf('\u0000') >= 0) {
            return Optional.empty();
        }
        return sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, byProviderId)) {
                statement.setString(1, providerMessageId);
                return one(statement);
            }
        });
    }

    @Override
    public List<SendRecord> unsettled() {
        return sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, unsettled)) {
                return all(statement);
            }
        });
    }

    @Override
    public boolean claimed(SendKey key) {
        Checks.notNull(key, "key");
        return sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, exists)) {
                setKey(statement, 1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getBoolean(1);
                }
            }
        });
    }

    /**
     * Every record of the given performances, for loading the runtime's in-memory view of the
     * performances in its window with one query.
     */
    public List<SendRecord> recordsOf(Collection<String> performanceIds) {
        Checks.noNullElements(performanceIds, "performanceIds");
        if (performanceIds.isEmpty()) {
            return List.of();
        }
        return sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, "SELECT " + COLUMNS + " FROM "
                    + sql.table("send_record") + " WHERE performance_id = ANY (?) ORDER BY claimed_at, claimed_at_ns,"
                    + " reference")) {
                statement.setArray(1, connection.createArrayOf("text", performanceIds.toArray()));
                return all(statement);
            }
        });
    }

    /** One query for a tick's plan: the keys of these performances, without their bodies. */
    @Override
    public Optional<Set<SendKey>> claimedKeysOf(Collection<String> performanceIds) {
        Checks.noNullElements(performanceIds, "performanceIds");
        if (performanceIds.isEmpty()) {
            return Optional.of(Set.of());
        }
        return Optional.of(sql.run("reading the send ledger", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, "SELECT step_id, performance_id, phone FROM "
                    + sql.table("send_record") + " WHERE performance_id = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("text", performanceIds.toArray()));
                Set<SendKey> keys = new HashSet<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        keys.add(new SendKey(StepId.of(row.getString(1)), row.getString(2),
                                PhoneNumber.ofE164(row.getString(3))));
                    }
                }
                return keys;
            }
        }));
    }

    /**
     * Deletes the settled records (ACCEPTED, DELIVERED, FAILED, UNKNOWN) last updated, and past their
     * deadline, more than {@code retention} before {@code now}, in batches so that no lock is held for
     * long. Records in flight are never purged, and a purged key's deadline has passed, so it can never
     * be sent again however the runtime plans. Consent records are not touched: nothing purges them.
     *
     * @param retention how long settled records are kept, at least {@link #MINIMUM_RETENTION}; choose it
     *                  longer than the runtime's lookback, and as your data-retention policy says
     * @param now       the current time, from the application's clock
     * @return how many records were deleted
     */
    public long purgeSettled(Duration retention, Instant now) {
        Checks.notNull(retention, "retention");
        Checks.notNull(now, "now");
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "retention",
                    "must be at least " + MINIMUM_RETENTION.toDays() + " days but was " + retention
                            + ": a shorter one could purge sends of performances still in the runtime's window");
        }
        Instant cutoff = now.minus(retention);
        long deleted = 0;
        while (true) {
            int batch = sql.run("purging settled sends", connection -> {
                try (PreparedStatement statement = sql.prepare(connection, purge)) {
                    Sql.setMicros(statement, 1, Optional.of(cutoff));
                    Sql.setMicros(statement, 2, Optional.of(cutoff));
                    return statement.executeUpdate();
                }
            });
            deleted += batch;
            if (batch < PURGE_BATCH) {
                return deleted;
            }
        }
    }

    private static void checkText(SendRecord record) {
        Sql.text(record.key().step().value(), "step");
        Sql.text(record.key().performanceId(), "performanceId");
        Sql.text(record.reference(), "reference");
        Sql.text(record.body(), "body");
        Sql.text(record.detail(), "detail");
        record.providerMessageId().ifPresent(id -> Sql.text(id, "providerMessageId"));
    }

    private static void setKey(PreparedStatement statement, int index, SendKey key) throws SQLException {
        statement.setString(index, key.step().value());
        statement.setString(index + 1, key.performanceId());
        statement.setString(index + 2, key.to().e164());
    }

    private static Optional<SendRecord> one(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(record(rows)) : Optional.empty();
        }
    }

    private static List<SendRecord> all(PreparedStatement statement) throws SQLException {
        List<SendRecord> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(record(rows));
            }
        }
        return records;
    }

    private static SendRecord record(ResultSet row) throws SQLException {
        SendKey key = new SendKey(StepId.of(row.getString("step_id")), row.getString("performance_id"),
                PhoneNumber.ofE164(row.getString("phone")));
        return new SendRecord(key, row.getString("reference"), row.getString("body"),
                Sql.requiredInstant(row, "claimed_at"), Sql.requiredInstant(row, "deadline"),
                SendStatus.valueOf(row.getString("status")), row.getInt("attempts"), Sql.instant(row, "next_attempt_at"),
                Optional.ofNullable(row.getString("provider_message_id")), row.getString("detail"),
                Sql.requiredInstant(row, "updated_at"));
    }

    @Override
    public String toString() {
        return "PostgresSendLedger[" + sql.schema() + "]";
    }
}
