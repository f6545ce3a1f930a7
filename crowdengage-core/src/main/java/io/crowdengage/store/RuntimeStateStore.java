package io.crowdengage.store;

import java.util.Optional;

/**
 * Where the runtime keeps what a restart needs ({@link RuntimeState}) and the sequence its message
 * references are numbered from. {@link InMemoryRuntimeStateStore} is the default (a restart starts
 * afresh); a durable store implements this interface and passes the testkit's
 * {@code RuntimeStateStoreCompatibilityKit}.
 *
 * <p>Implementations must be thread-safe and read-your-writes across every instance sharing the
 * store, and must give back what was saved exactly (instants to the nanosecond).
 */
public interface RuntimeStateStore {

    /** The state last saved, or {@link RuntimeState#initial()} when nothing was ever saved. */
    RuntimeState load();

    /**
     * Saves {@code next} if the stored state is still at {@code next.revision()}, the revision it was
     * derived from, and returns what is now stored (the same cursor and tick, revision one higher).
     * Empty when another writer saved in between: nothing is written, and the caller should
     * {@link #load()} again and ask itself why another instance is ticking (a lost lease, say).
     *
     * <p>This compare-and-set is what keeps a stale instance (one that paused past its lease) from
     * moving the cursor back under the instance that took over.
     */
    Optional<RuntimeState> save(RuntimeState next);

    /**
     * Reserves {@code count} consecutive reference numbers that were never handed out before and will
     * never be again, whichever instance asks and however often the application restarts. Numbers a
     * caller reserved but never used are simply skipped.
     *
     * @param count how many, 1 or more
     */
    ReferenceBlock reserveReferences(int count);
}
