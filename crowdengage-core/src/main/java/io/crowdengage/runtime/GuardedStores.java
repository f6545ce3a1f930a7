package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.SendKey;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.StoreException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The user's stores as the runtime sees them: whatever a store throws becomes a
 * {@link StoreException} naming the operation, the store and the exception classes, so the runtime
 * can tell a storage failure from its own bugs and report it per message ({@code STORE_UNAVAILABLE})
 * instead of failing the tick. Its message is safe to log and to report: none of the store's own
 * words are in it, nor in its cause chain (see {@link StoreException#describing}).
 */
final class GuardedStores {
    private GuardedStores() {
    }

    static SendLedger guard(SendLedger ledger) {
        return ledger instanceof GuardedSendLedger ? ledger : new GuardedSendLedger(ledger);
    }

    static ConsentLedger guard(ConsentLedger ledger) {
        return ledger instanceof GuardedConsentLedger ? ledger : new GuardedConsentLedger(ledger);
    }

    /**
     * Runs {@code operation} of {@code store}; whatever it throws becomes a {@link StoreException}
     * whose message names the operation, the store and the exception classes only (see
     * {@link StoreException#describing}): the runtime puts that message in decisions and logs, and a
     * store's own words may quote a customer's row.
     */
    private static <T> T call(String operation, Object store, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw StoreException.describing(reasonFor(e), operation, nameOf(store), e);
        }
    }

    private static StoreException.Reason reasonFor(RuntimeException e) {
        if (e instanceof StoreException store) {
            return store.reason();
        }
        return e instanceof IllegalStateException || e instanceof IllegalArgumentException
                ? StoreException.Reason.REFUSED : StoreException.Reason.UNAVAILABLE;
    }

    /** A store's class name for a message: the simple name, or the full one for an anonymous class. */
    static String nameOf(Object store) {
        Class<?> type = store.getClass();
        return type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
    }

    private record GuardedSendLedger(SendLedger ledger) implements SendLedger {
        @Override
        public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
            return call("the send ledger's claim", ledger, () -> ledger.claim(key, reference, body, at, deadline));
        }

        @Override
        public Optional<SendRecord> claimAttempting(SendKey key, String reference, String body, Instant at,
                                                    Instant deadline) {
            return call("the send ledger's claim", ledger,
                    () -> ledger.claimAttempting(key, reference, body, at, deadline));
        }

        @Override
        public void update(SendRecord record) {
            call("the send ledger's update to " + record.status(), ledger, () -> {
                ledger.update(record);
                return null;
            });
        }

        @Override
        public Optional<SendRecord> find(SendKey key) {
            return call("reading the send ledger", ledger, () -> ledger.find(key));
        }

        @Override
        public Optional<SendRecord> findByReference(String reference) {
            return call("reading the send ledger", ledger, () -> ledger.findByReference(reference));
        }

        @Override
        public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
            return call("reading the send ledger", ledger, () -> ledger.findByProviderMessageId(providerMessageId));
        }

        @Override
        public List<SendRecord> unsettled() {
            return call("reading the send ledger", ledger, ledger::unsettled);
        }

        @Override
        public boolean claimed(SendKey key) {
            return call("reading the send ledger", ledger, () -> ledger.claimed(key));
        }

        @Override
        public boolean updateIf(SendRecord expected, SendRecord next) {
            return call("the send ledger's update to " + next.status(), ledger, () -> ledger.updateIf(expected, next));
        }

        @Override
        public Optional<Set<SendKey>> claimedKeysOf(Collection<String> performanceIds) {
            return call("reading the send ledger", ledger, () -> ledger.claimedKeysOf(performanceIds));
        }
    }

    private record GuardedConsentLedger(ConsentLedger ledger) implements ConsentLedger {
        @Override
        public void append(ConsentRecord record) {
            call("recording consent", ledger, () -> {
                ledger.append(record);
                return null;
            });
        }

        @Override
        public ConsentHistory history(PhoneNumber phone) {
            return call("reading consent", ledger, () -> ledger.history(phone));
        }

        @Override
        public Optional<Map<PhoneNumber, ConsentHistory>> historiesOf(Collection<PhoneNumber> phones) {
            return call("reading consent", ledger, () -> ledger.historiesOf(phones));
        }
    }
}
