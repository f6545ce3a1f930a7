package io.crowdengage.store;

import io.crowdengage.engine.SendKey;
import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A thread-safe {@link SendLedger} in memory: the default, and what tests and the simulator use. */
public final class InMemorySendLedger implements SendLedger {
    private final Map<SendKey, SendRecord> byKey = new ConcurrentHashMap<>();
    private final Map<String, SendKey> byReference = new ConcurrentHashMap<>();
    private final Map<String, SendKey> byProviderMessageId = new ConcurrentHashMap<>();

    private InMemorySendLedger() {
    }

    /** An empty ledger. */
    public static InMemorySendLedger create() {
        return new InMemorySendLedger();
    }

    @Override
    public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
        SendRecord fresh = SendRecord.claimed(key, reference, body, at, deadline);
        SendRecord existing = byKey.putIfAbsent(key, fresh);
        if (existing != null) {
            return Optional.empty();
        }
        SendKey clash = byReference.putIfAbsent(reference, key);
        if (clash != null) {
            byKey.remove(key, fresh);
            throw new IllegalStateException("message reference '" + reference + "' is already used by " + clash);
        }
        return Optional.of(fresh);
    }

    @Override
    public void update(SendRecord record) {
        Checks.notNull(record, "record");
        byKey.compute(record.key(), (key, current) -> {
            if (current == null) {
                throw new IllegalStateException("cannot update " + key + ": it was never claimed");
            }
            // A late delivery report, or the provider's answer arriving after a recovery marked the claim
            // UNKNOWN, may still tell what became of an UNKNOWN send.
            boolean unknownResolved = current.status() == SendStatus.UNKNOWN
                    && (record.status() == SendStatus.DELIVERED || record.status() == SendStatus.FAILED
                    || record.status() == SendStatus.ACCEPTED);
            if (current.status().settled() && current.status() != SendStatus.ACCEPTED && !unknownResolved) {
                if (record.status() != current.status()) {
                    throw new IllegalStateException("cannot move " + key + " from " + current.status() + " to "
                            + record.status() + ": the outcome is settled");
                }
            }
            if (current.status() == SendStatus.ACCEPTED && !record.status().settled()) {
                throw new IllegalStateException("cannot move " + key + " from ACCEPTED back to " + record.status());
            }
            return record;
        });
        record.providerMessageId().ifPresent(id -> byProviderMessageId.putIfAbsent(id, record.key()));
    }

    @Override
    public Optional<SendRecord> find(SendKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public Optional<SendRecord> findByReference(String reference) {
        return Optional.ofNullable(byReference.get(reference)).map(byKey::get);
    }

    @Override
    public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
        return Optional.ofNullable(byProviderMessageId.get(providerMessageId)).map(byKey::get);
    }

    @Override
    public List<SendRecord> unsettled() {
        return byKey.values().stream().filter(r -> !r.status().settled())
                .sorted(Comparator.comparing(SendRecord::claimedAt).thenComparing(SendRecord::reference))
                .collect(Collectors.toList());
    }

    @Override
    public boolean claimed(SendKey key) {
        return byKey.containsKey(key);
    }

    /** Every record, for tests and exports. */
    public List<SendRecord> all() {
        return List.copyOf(byKey.values());
    }
}
