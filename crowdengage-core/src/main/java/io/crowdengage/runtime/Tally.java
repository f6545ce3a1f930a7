package io.crowdengage.runtime;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** One tick's outcomes, counted by whichever thread sent or decided each message. */
final class Tally {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger deferred = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger unknown = new AtomicInteger();

    /** Counts an event by its outcome. */
    DecisionEvent count(DecisionEvent event) {
        switch (event.outcome()) {
            case SENT -> sent.incrementAndGet();
            case SKIPPED -> skipped.incrementAndGet();
            case DEFERRED -> deferred.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case UNKNOWN -> unknown.incrementAndGet();
            default -> throw new IllegalArgumentException("no count for " + event.outcome());
        }
        return event;
    }

    TickReport report(Instant at) {
        return new TickReport(at, sent.get(), skipped.get(), deferred.get(), failed.get(), unknown.get());
    }
}
