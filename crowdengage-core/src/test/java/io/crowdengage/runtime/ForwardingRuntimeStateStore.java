package io.crowdengage.runtime;

import io.crowdengage.store.ReferenceBlock;
import io.crowdengage.store.RuntimeState;
import io.crowdengage.store.RuntimeStateStore;
import java.util.Optional;

/**
 * A runtime state store passing every call to another; tests override what they make fail. Wrapping
 * the in-memory store, it also stands for a durable one: the runtime numbers references from it.
 */
class ForwardingRuntimeStateStore implements RuntimeStateStore {
    final RuntimeStateStore delegate;

    ForwardingRuntimeStateStore(RuntimeStateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public RuntimeState load() {
        return delegate.load();
    }

    @Override
    public Optional<RuntimeState> save(RuntimeState next) {
        return delegate.save(next);
    }

    @Override
    public ReferenceBlock reserveReferences(int count) {
        return delegate.reserveReferences(count);
    }
}
