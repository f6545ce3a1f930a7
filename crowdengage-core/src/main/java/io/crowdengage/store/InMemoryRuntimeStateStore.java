package io.crowdengage.store;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import java.util.Optional;

/**
 * A thread-safe {@link RuntimeStateStore} in memory: what a runtime without a durable store uses, and
 * what tests and the simulator use. A new instance knows nothing, as a restarted process would.
 */
public final class InMemoryRuntimeStateStore implements RuntimeStateStore {
    private RuntimeState state = RuntimeState.initial();
    private long nextReference = 1;

    private InMemoryRuntimeStateStore() {
    }

    /** A store with nothing saved. */
    public static InMemoryRuntimeStateStore create() {
        return new InMemoryRuntimeStateStore();
    }

    @Override
    public synchronized RuntimeState load() {
        return state;
    }

    @Override
    public synchronized Optional<RuntimeState> save(RuntimeState next) {
        Checks.notNull(next, "next");
        if (next.revision() != state.revision()) {
            return Optional.empty();
        }
        state = next.atRevision(state.revision() + 1);
        return Optional.of(state);
    }

    @Override
    public synchronized ReferenceBlock reserveReferences(int count) {
        if (count < 1) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "count",
                    "must be 1 or more but was " + count);
        }
        ReferenceBlock block = new ReferenceBlock(nextReference, count);
        nextReference = block.last() + 1;
        return block;
    }
}
