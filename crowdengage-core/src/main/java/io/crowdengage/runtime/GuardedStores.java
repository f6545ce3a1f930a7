package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.SendKey;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The user's stores as the runtime sees them: whatever a store throws becomes a
 * {@link StoreException} naming the operation, so the runtime can tell a storage failure from its
 * own bugs and report it per message ({@code STORE_UNAVAILABLE}) instead of failing the tick.
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

    private static <T> T call(String what, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            // The message is the store's own text: it may quote a number or a row, so it is masked.
            throw new StoreException(e instanceof IllegalStateException || e instanceof IllegalArgumentException
                    ? StoreException.Reason.REFUSED : StoreException.Reason.UNAVAILABLE,
                    what + " failed: " + e.getClass().getSimpleName()
                            + Optional.ofNullable(e.getMessage()).map(m -> " (" + Redaction.personalData(m) + ")").orElse(""),
                    e);
        }
    }

    private record GuardedSendLedger(SendLedger ledger) implements SendLedger {
        @Override
        public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
            return call("the send ledger's claim", () -> ledger.claim(key, reference, body, at, deadline));
        }

        @Override
        public void update(SendRecord record) {
            call("the send ledger's update to " + record.status(), () -> {
                ledger.update(record);
                return null;
            });
        }

        @Override
        public Optional<SendRecord> find(SendKey key) {
            return call("reading the send ledger", () -> ledger.find(key));
        }

        @Override
        public Optional<SendRecord> findByReference(String reference) {
            return call("reading the send ledger", () -> ledger.findByReference(reference));
        }

        @Override
        public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
            return call("reading the send ledger", () -> ledger.findByProviderMessageId(providerMessageId));
        }

        @Override
        public List<SendRecord> unsettled() {
            return call("reading the send ledger", ledger::unsettled);
        }

        @Override
        public boolean claimed(SendKey key) {
            return call("reading the send ledger", () -> ledger.claimed(key));
        }
    }

    private record GuardedConsentLedger(ConsentLedger ledger) implements ConsentLedger {
        @Override
        public void append(ConsentRecord record) {
            call("recording consent", () -> {
                ledger.append(record);
                return null;
            });
        }

        @Override
        public ConsentHistory history(PhoneNumber phone) {
            return call("reading consent", () -> ledger.history(phone));
        }
    }
}
