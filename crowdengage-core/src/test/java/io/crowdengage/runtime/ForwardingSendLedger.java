package io.crowdengage.runtime;

import io.crowdengage.engine.SendKey;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A send ledger passing every call to another; tests override what they make fail, slow or hook. */
abstract class ForwardingSendLedger implements SendLedger {
    final SendLedger delegate;

    ForwardingSendLedger(SendLedger delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
        return delegate.claim(key, reference, body, at, deadline);
    }

    @Override
    public void update(SendRecord record) {
        delegate.update(record);
    }

    @Override
    public Optional<SendRecord> find(SendKey key) {
        return delegate.find(key);
    }

    @Override
    public Optional<SendRecord> findByReference(String reference) {
        return delegate.findByReference(reference);
    }

    @Override
    public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
        return delegate.findByProviderMessageId(providerMessageId);
    }

    @Override
    public List<SendRecord> unsettled() {
        return delegate.unsettled();
    }
}
