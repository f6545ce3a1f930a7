package io.crowdengage.consent;

import io.crowdengage.sms.PhoneNumber;

/**
 * The store of every number's consent history: append-only, keyed by E.164 number. The in-memory
 * {@link InMemoryConsentLedger} is the default; a durable store implements this interface.
 *
 * <p>Implementations must be thread-safe, must keep records in append order per number, and must
 * never drop or rewrite a record.
 */
public interface ConsentLedger {

    /** Appends one record to its number's history. */
    void append(ConsentRecord record);

    /** The history of {@code phone}; empty when nothing was recorded. */
    ConsentHistory history(PhoneNumber phone);
}
