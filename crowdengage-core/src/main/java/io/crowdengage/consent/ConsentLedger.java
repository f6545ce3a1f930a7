package io.crowdengage.consent;

import io.crowdengage.sms.PhoneNumber;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The store of every number's consent history: append-only, keyed by E.164 number. The in-memory
 * {@link InMemoryConsentLedger} is the default; a durable store implements this interface and
 * passes the testkit's {@code ConsentLedgerCompatibilityKit}.
 *
 * <p>Implementations must:
 * <ul>
 *   <li>be thread-safe, and keep every record appended, however many threads or instances append at
 *       once (a record appended twice is kept twice);</li>
 *   <li>give a number's records back in the order they were appended, whatever their times: a record
 *       that arrives late, with an earlier time than records already held, goes at the end, and
 *       {@link ConsentHistory} places it by its time when it derives the state;</li>
 *   <li>never drop, rewrite or purge a record of their own accord;</li>
 *   <li>give back every field exactly as appended, instants to the nanosecond;</li>
 *   <li>be read-your-writes with no cache: once {@link #append} returns, every later
 *       {@link #history} call, on any instance sharing the store, includes the record (a STOP taken by
 *       one instance is honoured by every other at its next send check).</li>
 * </ul>
 * A store that cannot be reached throws {@code StoreException} with reason {@code UNAVAILABLE}; an
 * {@link #append} that throws has not recorded the record, or must be safe to repeat.
 */
public interface ConsentLedger {

    /** Appends one record to its number's history. */
    void append(ConsentRecord record);

    /** The history of {@code phone}; empty when nothing was recorded. */
    ConsentHistory history(PhoneNumber phone);

    /**
     * The histories of these numbers in one read, for a store where asking number by number costs a
     * round trip each (a database): the runtime then plans a wave from a few queries instead of one
     * per recipient. What it gives must be what {@link #history} would give for each number at that
     * moment. The send-time check still reads each number on its own.
     *
     * @param phones the numbers, at most a few thousand at a time
     * @return a history for every number asked for (empty for a number with no records), or empty
     *         when the store does not read in bulk (the default: an in-memory store answers
     *         {@link #history} as cheaply)
     */
    default Optional<Map<PhoneNumber, ConsentHistory>> historiesOf(Collection<PhoneNumber> phones) {
        return Optional.empty();
    }
}
