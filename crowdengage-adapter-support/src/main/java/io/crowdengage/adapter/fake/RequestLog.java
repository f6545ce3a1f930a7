package io.crowdengage.adapter.fake;

import io.crowdengage.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a fake received, oldest first, for a test's assertions. Thread-safe.
 *
 * @param <R> the fake's record of one request
 */
public final class RequestLog<R> {
    private final List<R> requests = new ArrayList<>();

    /** Records one request. */
    public void add(R request) {
        Checks.notNull(request, "request");
        synchronized (requests) {
            requests.add(request);
        }
    }

    /** Every request so far, oldest first, as an unmodifiable copy. */
    public List<R> all() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many requests so far. */
    public int count() {
        synchronized (requests) {
            return requests.size();
        }
    }

    /** How many requests so far that {@code which} accepts. */
    public int count(Predicate<? super R> which) {
        Checks.notNull(which, "which");
        synchronized (requests) {
            return (int) requests.stream().filter(which).count();
        }
    }

    /** Forgets every request recorded so far. */
    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }
}
