package io.crowdengage.store;

import io.crowdengage.engine.SendHistoryView;
import io.crowdengage.engine.SendKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store that makes "nothing twice" hold: a key is claimed before the provider is called, and
 * the outcome is recorded after. A claim is never released, so a crash between the provider
 * accepting a message and the outcome being recorded leaves a claim that is reported as
 * {@link SendStatus#UNKNOWN}, not a message sent twice.
 *
 * <p>Implementations must make {@link #claim} atomic (two runtimes sharing a store must not both
 * win), must never drop a record, and must only move a status forward. {@link InMemorySendLedger}
 * is the default; a durable store implements this interface.
 */
public interface SendLedger extends SendHistoryView {

    /**
     * Claims {@code key} with the body that will be sent and the deadline of its attempts, if nobody
     * has claimed it before.
     *
     * @return the new record, or empty when the key was already claimed
     */
    Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline);

    /**
     * Replaces the record of {@code record.key()} with {@code record}.
     *
     * @throws IllegalStateException if the key was never claimed or the status would move backwards
     */
    void update(SendRecord record);

    /** The record of a key. */
    Optional<SendRecord> find(SendKey key);

    /** The record with our message reference, for matching delivery reports. */
    Optional<SendRecord> findByReference(String reference);

    /**
     * The record the provider accepted under this id, for delivery reports that carry only the
     * provider's id (some providers' status callbacks do not echo our reference).
     */
    Optional<SendRecord> findByProviderMessageId(String providerMessageId);

    /** Records whose status is not settled (claimed or waiting to retry), oldest claim first. */
    List<SendRecord> unsettled();

    @Override
    default boolean claimed(SendKey key) {
        return find(key).isPresent();
    }
}
