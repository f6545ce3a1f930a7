package io.crowdengage.runtime;

import io.crowdengage.sms.PhoneNumber;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per phone number, held from the last consent check before a provider call until the
 * call returns, and by an opt-out while it is recorded: so once {@code onInboundSms(STOP)} has
 * returned, no provider call to that number can start, and a STOP waits for at most the one call to
 * that same number already under way (never for a tick, nor for calls to other numbers). Entries
 * exist only while someone holds or waits for them.
 */
final class NumberLocks {
    private final ConcurrentHashMap<PhoneNumber, Entry> locks = new ConcurrentHashMap<>();

    /** Runs {@code action} holding the lock of {@code number}; reentrant. */
    <T> T with(PhoneNumber number, Supplier<T> action) {
        Entry entry = locks.compute(number, (n, current) -> {
            Entry e = current == null ? new Entry() : current;
            e.users++;
            return e;
        });
        entry.lock.lock();
        try {
            return action.get();
        } finally {
            entry.lock.unlock();
            locks.computeIfPresent(number, (n, e) -> --e.users == 0 ? null : e);
        }
    }

    /** Like {@link #with(PhoneNumber, Supplier)}, for an action with no result. */
    void run(PhoneNumber number, Runnable action) {
        with(number, () -> {
            action.run();
            return null;
        });
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        /** Changed only inside the map's compute functions, which are atomic per key. */
        int users;
    }
}
