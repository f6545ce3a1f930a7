package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The append-only consent history of one number, in the order the records were appended, and the
 * rules that derive its state.
 *
 * <p>The rules, applied to the records at or before an instant, in the order of their time (not of
 * their appending: an import of an old web-form consent appended after a newer STOP must not lift it):
 * <ul>
 *   <li>an opt-out cancels every basis before it; only a later opt-in (START) or express consent
 *       lifts it;</li>
 *   <li>an opt-in (START) is express consent given by SMS;</li>
 *   <li>the soft opt-in holds from a notice sent <em>strictly before</em> the instant, until an opt-out;</li>
 *   <li>texting in opens a conversation (implied consent to replies only).</li>
 * </ul>
 * Records with the same timestamp are applied in the order they were appended.
 */
public final class ConsentHistory {
    private static final ConsentHistory EMPTY = new ConsentHistory(List.of());

    private static final Comparator<ConsentRecord> BY_TIME = Comparator.comparing(ConsentRecord::at);

    private final List<ConsentRecord> records;
    /** The same records in time order; the sort is stable, so equal times keep their append order. */
    private final List<ConsentRecord> byTime;

    private ConsentHistory(List<ConsentRecord> records) {
        this.records = records;
        this.byTime = inTimeOrder(records) ? records : sortedByTime(records);
    }

    private static boolean inTimeOrder(List<ConsentRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).at().isBefore(records.get(i - 1).at())) {
                return false;
            }
        }
        return true;
    }

    private static List<ConsentRecord> sortedByTime(List<ConsentRecord> records) {
        List<ConsentRecord> sorted = new ArrayList<>(records);
        sorted.sort(BY_TIME);
        return List.copyOf(sorted);
    }

    /** A number with no history. */
    public static ConsentHistory empty() {
        return EMPTY;
    }

    /**
     * A history of the given records, which must all be for one number and are kept in the given
     * (append) order.
     */
    public static ConsentHistory of(List<? extends ConsentRecord> records) {
        Checks.noNullElements(records, "records");
        if (records.isEmpty()) {
            return EMPTY;
        }
        PhoneNumber phone = records.get(0).phone();
        for (ConsentRecord record : records) {
            Checks.require(record.phone().equals(phone), "records",
                    "must all be for one number, found " + phone.masked() + " and " + record.phone().masked());
        }
        return new ConsentHistory(List.copyOf(records));
    }

    /** This history with one more record at the end. */
    public ConsentHistory append(ConsentRecord record) {
        Checks.notNull(record, "record");
        if (!records.isEmpty()) {
            Checks.require(record.phone().equals(records.get(0).phone()), "record",
                    "is for " + record.phone().masked() + " but this history is for " + records.get(0).phone().masked());
        }
        List<ConsentRecord> copy = new ArrayList<>(records.size() + 1);
        copy.addAll(records);
        copy.add(record);
        return new ConsentHistory(List.copyOf(copy));
    }

    /** Every record, in append order. */
    public List<ConsentRecord> records() {
        return records;
    }

    /** Whether nothing has been recorded. */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** The state in force at {@code at}, from the records whose time is at or before it. */
    public ConsentState stateAt(Instant at) {
        Checks.notNull(at, "at");
        Optional<Instant> optedOutAt = Optional.empty();
        boolean probable = false;
        Optional<Instant> soft = Optional.empty();
        Optional<Instant> express = Optional.empty();
        Optional<Instant> conversation = Optional.empty();
        for (ConsentRecord record : byTime) {
            if (record.at().isAfter(at)) {
                break;
            }
            if (record instanceof ConsentRecord.OptedOut) {
                optedOutAt = Optional.of(record.at());
                probable = ((ConsentRecord.OptedOut) record).probable();
                soft = Optional.empty();
                express = Optional.empty();
                conversation = Optional.empty();
            } else if (record instanceof ConsentRecord.OptedIn || record instanceof ConsentRecord.ExpressConsent) {
                optedOutAt = Optional.empty();
                probable = false;
                if (express.isEmpty()) {
                    express = Optional.of(record.at());
                }
            } else if (record instanceof ConsentRecord.SoftOptInNoticeSent) {
                // Sent at the same instant as the marketing message is not "earlier": the person has had no chance to say STOP.
                if (optedOutAt.isEmpty() && record.at().isBefore(at) && soft.isEmpty()) {
                    soft = Optional.of(record.at());
                }
            } else if (record instanceof ConsentRecord.SoftOptInNoticeUndelivered) {
                // A notice that never arrived offered no chance to refuse: it is no basis from the report on.
                soft = Optional.empty();
            } else if (record instanceof ConsentRecord.ConversationOpened) {
                if (optedOutAt.isEmpty()) {
                    conversation = Optional.of(record.at());
                }
            }
        }
        return new ConsentState(optedOutAt, probable, soft, express, conversation);
    }

    /** Whether the soft opt-in notice was ever sent to this number (whatever happened after). */
    public boolean softOptInNoticeEverSent() {
        return records.stream().anyMatch(r -> r instanceof ConsentRecord.SoftOptInNoticeSent);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsentHistory && ((ConsentHistory) other).records.equals(records);
    }

    @Override
    public int hashCode() {
        return records.hashCode();
    }

    @Override
    public String toString() {
        return "ConsentHistory" + records;
    }
}
