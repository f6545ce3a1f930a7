package io.crowdengage.showscore;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The link chosen for each send, so that rendering the same send again gives the same link. Kept
 * for {@link #RETENTION}: longer than a send can wait between its first render and its claim (a
 * step's window closes a day after the performance ends). Callers for the same slot wait for each
 * other; callers for other slots do not.
 */
final class LinkMemo {
    static final Duration RETENTION = Duration.ofDays(3);

    private final ConcurrentHashMap<SendSlot, Entry> entries = new ConcurrentHashMap<>();

    /** The link for {@code slot}: the one chosen before, or a new one from {@code next}, which may throw. */
    String linkFor(SendSlot slot, Instant now, Supplier<String> next) {
        Entry entry = entries.compute(slot, (key, old) -> old == null || old.expired(now) ? new Entry(now) : old);
        synchronized (entry) {
            if (entry.link == null) {
                entry.link = next.get();
            }
            return entry.link;
        }
    }

    /** Whether a link was chosen for {@code slot} and is still remembered. */
    boolean holds(SendSlot slot, Instant now) {
        Entry entry = entries.get(slot);
        if (entry == null || entry.expired(now)) {
            return false;
        }
        synchronized (entry) {
            return entry.link != null;
        }
    }

    /** Forgets entries past retention, and slots whose link could not be made. */
    void prune(Instant now) {
        entries.values().removeIf(entry -> entry.expired(now));
    }

    int size() {
        return entries.size();
    }

    private static final class Entry {
        private final Instant created;
        private String link;

        Entry(Instant created) {
            this.created = created;
        }

        boolean expired(Instant now) {
            return created.plus(RETENTION).isBefore(now);
        }
    }
}
