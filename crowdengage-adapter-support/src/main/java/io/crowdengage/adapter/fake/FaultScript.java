package io.crowdengage.adapter.fake;

import io.crowdengage.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The faults a test scripted on a fake, taken one per request: each entry applies to the requests its
 * predicate accepts, {@code times} times, and a request takes the first entry, in the order scripted,
 * that still applies to it. So {@code add(1, a); add(2, b)} makes the next request fail with {@code a}
 * and the two after it with {@code b}. Thread-safe.
 *
 * @param <R> what a request is matched by (an API path, an endpoint, the request itself)
 * @param <F> the fake's own fault type
 */
public final class FaultScript<R, F> {
    private final List<Entry<R, F>> entries = new ArrayList<>();

    /** Scripts {@code fault} for the next {@code times} requests, whatever they are. */
    public void add(int times, F fault) {
        add(times, request -> true, fault);
    }

    /** Scripts {@code fault} for the next {@code times} requests that {@code appliesTo} accepts. */
    public void add(int times, Predicate<? super R> appliesTo, F fault) {
        Checks.require(times >= 1, "times", () -> "must be at least 1 but was " + times);
        Checks.notNull(appliesTo, "appliesTo");
        Checks.notNull(fault, "fault");
        synchronized (entries) {
            entries.add(new Entry<>(appliesTo, fault, times));
        }
    }

    /** The fault for {@code request}, if one is scripted for it, counted as used; empty otherwise. */
    public Optional<F> take(R request) {
        synchronized (entries) {
            for (int i = 0; i < entries.size(); i++) {
                Entry<R, F> entry = entries.get(i);
                if (entry.appliesTo.test(request)) {
                    entry.remaining--;
                    if (entry.remaining == 0) {
                        entries.remove(i);
                    }
                    return Optional.of(entry.fault);
                }
            }
            return Optional.empty();
        }
    }

    /** How many faults are still to be taken, over every entry. */
    public int pending() {
        synchronized (entries) {
            return entries.stream().mapToInt(entry -> entry.remaining).sum();
        }
    }

    /** Forgets every fault not yet taken. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    private static final class Entry<R, F> {
        final Predicate<? super R> appliesTo;
        final F fault;
        int remaining;

        Entry(Predicate<? super R> appliesTo, F fault, int remaining) {
            this.appliesTo = appliesTo;
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
