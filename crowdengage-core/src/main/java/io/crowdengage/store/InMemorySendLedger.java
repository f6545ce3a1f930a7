package io.crowdengage.store;

import io.crowdengage.engine.SendKey;
import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link SendLedger} in memory: the default, and what tests and the simulator use. */
public final class InMemorySendLedger implements SendLedger {
    private static final Comparator<SendRecord> OLDEST_CLAIM_FIRST =
            Comparator.comparing(SendRecord::claimedAt).thenComparing(SendRecord::reference);
    private final Map<SendKey, SendRecord> byKey = new ConcurrentHashMap<>();
    private final Map<String, SendKey> byReference = new ConcurrentHashMap<>();
    private final Map<String, SendKey> byProviderMessageId = new ConcurrentHashMap<>();
    /**
     * The keys whose record may be unsettled, so that {@link #unsettled()}, called every tick, costs what is
     * in flight rather than the whole history. A superset: a key is added before its claim and removed once
     * its record is settled, and a settled record never becomes unsettled again, so no unsettled record is
     * ever missing from it.
     */
    private final Set<SendKey> maybeUnsettled = ConcurrentHashMap.newKeySet();

    private InMemorySendLedger() {
    }

    /** An empty ledger. */
    public static InMemorySendLedger create() {
        return new InMemorySendLedger();
    }

    @Override
    public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
        SendRecord fresh = SendRecord.claimed(key, reference, body, at, deadline);
        // Added before the record exists, so that unsettled() can never see the claim without its key.
        maybeUnsettled.add(key);
        SendRecord existing = byKey.putIfAbsent(key, fresh);
        if (existing != null) {
            if (existing.status().settled()) {
                maybeUnsettled.remove(key);
            }
            return Optional.empty();
        }
        SendKey clash = byReference.putIfAbsent(reference, key);
        if (clash != null) {
            // The key stays in maybeUnsettled: another claim of it may be under way, and unsettled() skips it.
            byKey.remove(key, fresh);
            throw new IllegalStateException("message reference '" + reference + "' is already used by " + clash);
        }
        return Optional.of(fresh);
    }

    @Override
    public boolean updateIf(SendRecord expected, SendRecord next) {
        Checks.notNull(expected, "expected");
        Checks.notNull(next, "next");
        boolean[] recorded = {false};
        // One compute: the comparison and the move are atomic with every other update of the key.
        byKey.compute(next.key(), (key, current) -> {
            if (current == null || !current.equals(expected)) {
                return current;
            }
            SendRecord moved = checkedMove(key, current, next);
            recorded[0] = true;
            return moved;
        });
        if (recorded[0]) {
            next.providerMessageId().ifPresent(id -> byProviderMessageId.putIfAbsent(id, next.key()));
        }
        return recorded[0];
    }

    @Override
    public void update(SendRecord record) {
        Checks.notNull(record, "record");
        byKey.compute(record.key(), (key, current) -> {
            if (current == null) {
                throw new IllegalStateException("cannot update " + key + ": it was never claimed");
            }
            return checkedMove(key, current, record);
        });
        record.providerMessageId().ifPresent(id -> byProviderMessageId.putIfAbsent(id, record.key()));
    }

    /** The checks every update makes, run inside the key's compute; the record to store. */
    private SendRecord checkedMove(SendKey key, SendRecord current, SendRecord record) {
        if (!current.status().canMoveTo(record.status())) {
            throw new IllegalStateException("cannot move " + key + " from " + current.status() + " "
                    + (current.status().settled() && !record.status().settled() ? "back " : "") + "to "
                    + record.status() + ": a status only moves forward");
        }
        String changed = changedClaimField(current, record);
        if (!changed.isEmpty()) {
            throw new IllegalStateException("cannot update " + key + ": its " + changed
                    + " was fixed when it was claimed");
        }
        // Inside compute, so that concurrent updates of one key keep the index in their order.
        if (record.status().settled()) {
            maybeUnsettled.remove(key);
        } else {
            maybeUnsettled.add(key);
        }
        return record;
    }

    /** The first field the claim fixed that {@code next} changes, or "" when none. */
    private static String changedClaimField(SendRecord current, SendRecord next) {
        if (!current.reference().equals(next.reference())) {
            return "reference";
        }
        if (!current.body().equals(next.body())) {
            return "body";
        }
        if (!current.claimedAt().equals(next.claimedAt())) {
            return "claim time";
        }
        if (!current.deadline().equals(next.deadline())) {
            return "deadline";
        }
        return "";
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
        List<SendRecord> found = new ArrayList<>();
        for (SendKey key : maybeUnsettled) {
            SendRecord record = byKey.get(key);
            if (record == null) {
                // A claim in progress (its key is added first) or one undone after a reference clash.
                continue;
            }
            if (record.status().settled()) {
                maybeUnsettled.remove(key);
            } else {
                found.add(record);
            }
        }
        found.sort(OLDEST_CLAIM_FIRST);
        return found;
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
