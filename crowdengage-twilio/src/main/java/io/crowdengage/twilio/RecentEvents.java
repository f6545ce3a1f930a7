package io.crowdengage.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook events seen recently, oldest forgotten first: how a callback Twilio delivers twice
 * changes nothing the second time. An event is claimed before it is processed, so two copies arriving
 * at once are processed once, and released if processing failed, so Twilio's retry is processed.
 */
final class RecentEvents {
    private final int capacity;
    private final Map<String, Boolean> seen;

    RecentEvents(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentEvents.this.capacity;
            }
        };
    }

    /** True if {@code key} was not seen (and is now); false if it was: a redelivery. */
    synchronized boolean claim(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Forgets {@code key}, whose processing failed. */
    synchronized void release(String key) {
        seen.remove(key);
    }

    synchronized int size() {
        return seen.size();
    }
}
