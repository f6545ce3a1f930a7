package io.crowdengage.store;

import io.crowdengage.engine.SendHistoryView;
import io.crowdengage.engine.SendKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The store that makes "nothing twice" hold: a key is claimed before the provider is called, and
 * the outcome is recorded after. A claim is never released, so a crash between the provider
 * accepting a message and the outcome being recorded leaves a claim that is reported as
 * {@link SendStatus#UNKNOWN}, not a message sent twice.
 *
 * <p>Implementations must:
 * <ul>
 *   <li>make {@link #claim} atomic: of any number of threads or runtimes sharing a store that claim one
 *       key at once, exactly one wins;</li>
 *   <li>keep every message reference unique across all keys;</li>
 *   <li>never drop a record (a durable store may purge settled records past a retention period the
 *       application chose, and says so);</li>
 *   <li>only move a status forward, as {@link SendStatus#canMoveTo} says;</li>
 *   <li>keep what the claim fixed: key, reference, body, claim time and deadline never change;</li>
 *   <li>give back instants exactly as they were given, to the nanosecond (the runtime's clock has
 *       nanoseconds, and a rounded time can reorder two events);</li>
 *   <li>be read-your-writes: a claim or update is seen by every later call, on any instance.</li>
 * </ul>
 * A store that cannot be reached throws {@link StoreException} with
 * {@link StoreException.Reason#UNAVAILABLE}. {@link InMemorySendLedger} is the default; a durable
 * store implements this interface and passes the testkit's {@code SendLedgerCompatibilityKit}.
 */
public interface SendLedger extends SendHistoryView {

    /**
     * Claims {@code key} with the body that will be sent and the deadline of its attempts, if nobody
     * has claimed it before.
     *
     * @return the new record, or empty when the key was already claimed (the existing record is unchanged)
     * @throws IllegalStateException if another key already holds {@code reference}; the key stays unclaimed
     */
    Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline);

    /**
     * Replaces the record of {@code record.key()} with {@code record}.
     *
     * @throws IllegalStateException if the key was never claimed, if the status would move backwards
     *                               ({@link SendStatus#canMoveTo}), or if the record changes what the claim
     *                               fixed (reference, body, claim time, deadline); the stored record is then
     *                               unchanged
     */
    void update(SendRecord record);

    /**
     * Claims {@code key} and takes its first attempt in one step, for a send that calls the provider
     * right after: the record is stored as {@link SendRecord#claimed} followed by
     * {@link SendRecord#attempted attempted(at)} would leave it. A runtime that dies after this and
     * before recording the provider's answer leaves an attempted claim, which is reported UNKNOWN and
     * never sent again.
     *
     * <p>The default claims, then records the attempt: two writes. A store where each write is a
     * round trip (a database) overrides it with one. Should the second write fail, the claim stands
     * with no attempt, and the exception is thrown: nothing was sent.
     *
     * @return the new record, attempt 1 in progress, or empty when the key was already claimed
     * @throws IllegalStateException as {@link #claim} does
     */
    default Optional<SendRecord> claimAttempting(SendKey key, String reference, String body, Instant at,
                                                 Instant deadline) {
        Optional<SendRecord> claimed = claim(key, reference, body, at, deadline);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        SendRecord attempting = claimed.get().attempted(at);
        update(attempting);
        return Optional.of(attempting);
    }

    /**
     * {@link #update} only if the stored record is still {@code expected}: how a send that is about to
     * call the provider (a retry, above all) takes the attempt for itself, so that two runtimes on one
     * ledger, one of them past its lease, can never both send it.
     *
     * <p>The default compares and updates under this object's monitor: atomic for callers in one JVM
     * only. A store several processes share must override it with a compare-and-set of its own (the
     * PostgreSQL ledger updates {@code WHERE} the status, attempts and update time are still those of
     * {@code expected}).
     *
     * @return whether {@code next} was recorded; false, with nothing written, when the stored record is
     *         no longer {@code expected}
     * @throws IllegalStateException as {@link #update} does
     */
    default boolean updateIf(SendRecord expected, SendRecord next) {
        synchronized (this) {
            if (!find(expected.key()).filter(expected::equals).isPresent()) {
                return false;
            }
            update(next);
            return true;
        }
    }

    /** The record of a key. */
    Optional<SendRecord> find(SendKey key);

    /** The record with our message reference, for matching delivery reports; empty if none. */
    Optional<SendRecord> findByReference(String reference);

    /**
     * The record the provider accepted under this id, for delivery reports that carry only the
     * provider's id (some providers' status callbacks do not echo our reference). Should two records
     * carry the same provider id, the one that got it first is found.
     */
    Optional<SendRecord> findByProviderMessageId(String providerMessageId);

    /**
     * Every key claimed for these performances, in one read, for a store where asking key by key
     * costs a round trip each (a database): the runtime then plans a tick from one query instead of
     * one per booking. The claim itself stays the arbiter; this is only what the plan reads.
     *
     * @return the claimed keys, or empty when the store does not list them (the default: an in-memory
     *         store answers {@link #claimed} as cheaply)
     */
    default Optional<Set<SendKey>> claimedKeysOf(Collection<String> performanceIds) {
        return Optional.empty();
    }

    /** Records whose status is not settled (claimed or waiting to retry), oldest claim first. */
    List<SendRecord> unsettled();

    @Override
    default boolean claimed(SendKey key) {
        return find(key).isPresent();
    }
}
