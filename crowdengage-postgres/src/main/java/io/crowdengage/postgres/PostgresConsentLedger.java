package io.crowdengage.postgres;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ConsentLedger} in PostgreSQL, table {@code <schema>.consent_record}: one row per record,
 * append-only (a trigger refuses updates), read back in append order (an identity column) with one
 * indexed query per number and no cache, so a STOP recorded by any instance is honoured by every
 * other at its next send check. crowdengage never deletes consent records; retention of consent is
 * the venue's decision (see docs/postgres.md).
 *
 * <p>Obtain it from {@link CrowdEngagePostgres#consentLedger()}. An {@link #append} that throws
 * {@link StoreException} did not record the record (it is one auto-commit statement), so the caller
 * must not acknowledge what it was recording: a webhook answers 5xx and the provider retries.
 */
public final class PostgresConsentLedger implements ConsentLedger {
    private static final String COLUMNS = "phone, kind, at, at_ns, opt_out_source, probable, detail, message_reference,"
            + " evidence_source, evidence_wording, evidence_name, evidence_email, evidence_postal_address,"
            + " evidence_form_reference, evidence_ip_address";

    /** How many numbers one bulk read asks for; more are read in several statements. */
    static final int BULK_READ = 1_000;

    private final Sql sql;
    private final String insert;
    private final String select;
    private final String selectMany;

    PostgresConsentLedger(Sql sql) {
        this.sql = sql;
        this.insert = "INSERT INTO " + sql.table("consent_record") + " (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.select = "SELECT " + COLUMNS + " FROM " + sql.table("consent_record") + " WHERE phone = ? ORDER BY seq";
        this.selectMany = "SELECT " + COLUMNS + " FROM " + sql.table("consent_record") + " WHERE phone = ANY (?)"
                + " ORDER BY phone, seq";
    }

    @Override
    public void append(ConsentRecord record) {
        Checks.notNull(record, "record");
        Row row = Row.of(record);
        sql.run("recording consent", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, insert)) {
                statement.setString(1, record.phone().e164());
                statement.setString(2, row.kind);
                Sql.setInstant(statement, 3, record.at(), "at");
                setText(statement, 5, row.optOutSource, "source");
                if (row.probable.isPresent()) {
                    statement.setBoolean(6, row.probable.get());
                } else {
                    statement.setNull(6, Types.BOOLEAN);
                }
                setText(statement, 7, row.detail, "detail");
                setText(statement, 8, row.messageReference, "messageReference");
                Optional<ConsentEvidence> evidence = row.evidence;
                setText(statement, 9, evidence.map(ConsentEvidence::source), "evidence.source");
                setText(statement, 10, evidence.map(ConsentEvidence::wording), "evidence.wording");
                setText(statement, 11, evidence.flatMap(ConsentEvidence::name), "evidence.name");
                setText(statement, 12, evidence.flatMap(ConsentEvidence::email), "evidence.email");
                setText(statement, 13, evidence.flatMap(ConsentEvidence::postalAddress), "evidence.postalAddress");
                setText(statement, 14, evidence.flatMap(ConsentEvidence::formReference), "evidence.formReference");
                setText(statement, 15, evidence.flatMap(ConsentEvidence::ipAddress), "evidence.ipAddress");
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public ConsentHistory history(PhoneNumber phone) {
        Checks.notNull(phone, "phone");
        List<ConsentRecord> records = sql.run("reading consent", connection -> {
            try (PreparedStatement statement = sql.prepare(connection, select)) {
                statement.setString(1, phone.e164());
                List<ConsentRecord> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(record(rows));
                    }
                }
                return found;
            }
        });
        return ConsentHistory.of(records);
    }

    /** One statement per {@value #BULK_READ} numbers: {@code WHERE phone = ANY (?)}, in record order per number. */
    @Override
    public Optional<Map<PhoneNumber, ConsentHistory>> historiesOf(Collection<PhoneNumber> phones) {
        Checks.noNullElements(phones, "phones");
        List<PhoneNumber> distinct = List.copyOf(new LinkedHashSet<>(phones));
        Map<PhoneNumber, List<ConsentRecord>> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += BULK_READ) {
            List<PhoneNumber> chunk = distinct.subList(from, Math.min(distinct.size(), from + BULK_READ));
            sql.run("reading consent", connection -> {
                try (PreparedStatement statement = sql.prepare(connection, selectMany)) {
                    statement.setArray(1, connection.createArrayOf("text",
                            chunk.stream().map(PhoneNumber::e164).toArray()));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            ConsentRecord record = record(rows);
                            found.computeIfAbsent(record.phone(), phone -> new ArrayList<>()).add(record);
                        }
                    }
                    return null;
                }
            });
        }
        Map<PhoneNumber, ConsentHistory> histories = new HashMap<>();
        for (PhoneNumber phone : distinct) {
            histories.put(phone, ConsentHistory.of(found.getOrDefault(phone, List.of())));
        }
        return Optional.of(histories);
    }

    private static void setText(PreparedStatement statement, int index, Optional<String> value, String field)
            throws SQLException {
        statement.setString(index, value.map(text -> Sql.text(text, field)).orElse(null));
    }

    private static ConsentRecord record(ResultSet row) throws SQLException {
        PhoneNumber phone = PhoneNumber.ofE164(row.getString("phone"));
        Instant at = Sql.requiredInstant(row, "at");
        String kind = row.getString("kind");
        switch (kind) {
            case "OPTED_OUT":
                return new ConsentRecord.OptedOut(phone, at, ConsentRecord.OptOutSource.valueOf(row.getString("opt_out_source")),
                        row.getBoolean("probable"), row.getString("detail"));
            case "OPTED_IN":
                return new ConsentRecord.OptedIn(phone, at, row.getString("detail"));
            case "EXPRESS_CONSENT":
                return new ConsentRecord.ExpressConsent(phone, at, new ConsentEvidence(row.getString("evidence_source"),
                        row.getString("evidence_wording"), optional(row, "evidence_name"), optional(row, "evidence_email"),
                        optional(row, "evidence_postal_address"), optional(row, "evidence_form_reference"),
                        optional(row, "evidence_ip_address")));
            case "SOFT_OPT_IN_NOTICE_SENT":
                return new ConsentRecord.SoftOptInNoticeSent(phone, at, row.getString("message_reference"));
            case "SOFT_OPT_IN_NOTICE_UNDELIVERED":
                return new ConsentRecord.SoftOptInNoticeUndelivered(phone, at, row.getString("message_reference"),
                        row.getString("detail"));
            case "CONVERSATION_OPENED":
                return new ConsentRecord.ConversationOpened(phone, at);
            default:
                // The table's check constraint makes this unreachable; a newer schema would have been refused at start.
                throw new SQLException("consent record of unknown kind '" + kind + "'");
        }
    }

    private static Optional<String> optional(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getString(column));
    }

    /** The columns one record fills besides phone and time. */
    private static final class Row {
        final String kind;
        Optional<String> optOutSource = Optional.empty();
        Optional<Boolean> probable = Optional.empty();
        Optional<String> detail = Optional.empty();
        Optional<String> messageReference = Optional.empty();
        Optional<ConsentEvidence> evidence = Optional.empty();

        private Row(String kind) {
            this.kind = kind;
        }

        static Row of(ConsentRecord record) {
            if (record instanceof ConsentRecord.OptedOut) {
                ConsentRecord.OptedOut out = (ConsentRecord.OptedOut) record;
                Row row = new Row("OPTED_OUT");
                row.optOutSource = Optional.of(out.source().name());
                row.probable = Optional.of(out.probable());
                row.detail = Optional.of(out.detail());
                return row;
            }
            if (record instanceof ConsentRecord.OptedIn) {
                Row row = new Row("OPTED_IN");
                row.detail = Optional.of(((ConsentRecord.OptedIn) record).detail());
                return row;
            }
            if (record instanceof ConsentRecord.ExpressConsent) {
                Row row = new Row("EXPRESS_CONSENT");
                row.evidence = Optional.of(((ConsentRecord.ExpressConsent) record).evidence());
                return row;
            }
            if (record instanceof ConsentRecord.SoftOptInNoticeSent) {
                Row row = new Row("SOFT_OPT_IN_NOTICE_SENT");
                row.messageReference = Optional.of(((ConsentRecord.SoftOptInNoticeSent) record).messageReference());
                return row;
            }
            if (record instanceof ConsentRecord.SoftOptInNoticeUndelivered) {
                ConsentRecord.SoftOptInNoticeUndelivered undelivered = (ConsentRecord.SoftOptInNoticeUndelivered) record;
                Row row = new Row("SOFT_OPT_IN_NOTICE_UNDELIVERED");
                row.messageReference = Optional.of(undelivered.messageReference());
                row.detail = Optional.of(undelivered.detail());
                return row;
            }
            return new Row("CONVERSATION_OPENED");
        }
    }

    @Override
    public String toString() {
        return "PostgresConsentLedger[" + sql.schema() + "]";
    }
}
