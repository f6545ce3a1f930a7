package io.crowdengage.runtime;

import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.Reason;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.PhoneNumber;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where decisions go: the log (numbers masked) and the {@link DecisionListener}, one event at a time
 * whichever thread decided it, so a listener need not be thread-safe. It also keeps the "report once"
 * bookkeeping: the engine offers the same skip or wait every tick, and only the first is news.
 */
final class DecisionLog {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);

    /** Whom a step's decision is about: their number, or the customer when they have none. */
    private record Recipient(StepId step, String who) {
        static Recipient of(Candidate candidate) {
            return new Recipient(candidate.step().id(),
                    candidate.to().map(PhoneNumber::e164).orElse("customer:" + candidate.customer().id()));
        }
    }

    private record Report(Recipient recipient, Reason reason) {
    }

    /** What was reported for one performance, forgotten once nothing more can be decided for it. */
    private static final class Reported {
        final Set<Recipient> skipped = new HashSet<>();
        final Set<Report> skips = new HashSet<>();
        final Set<Report> waits = new HashSet<>();
    }

    private final DecisionListener listener;
    private final Object emitting = new Object();
    private final Map<String, Reported> byPerformance = new HashMap<>();

    DecisionLog(DecisionListener listener) {
        this.listener = listener;
    }

    /** Logs the event and tells the listener; a listener that throws is logged, never fails a send. */
    DecisionEvent emit(DecisionEvent event) {
        synchronized (emitting) {
            // A partner function that cannot answer logs the cause once itself; a warning per recipient would bury it.
            boolean waitingForFunction = event.reason().filter(r -> r == Reason.FUNCTION_UNAVAILABLE).isPresent();
            // The line is only built when it will be written: in a wave, building it cost more than the provider call.
            if (event.outcome() == Outcome.SENT || event.outcome() == Outcome.SKIPPED || waitingForFunction) {
                if (LOG.isInfoEnabled()) {
                    LOG.info("{}", event.toLogLine());
                }
            } else if (LOG.isWarnEnabled()) {
                LOG.warn("{}", event.toLogLine());
            }
            try {
                listener.onDecision(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // Logged, never let through: a listener's failure must not stop the send it was told about, nor the
                // dispatcher thread it ran on. Errors of the JVM itself (out of memory) still go through.
                LOG.error("decision listener failed on {}: {}", event.toLogLine(), Redaction.throwable(e));
            }
            return event;
        }
    }

    /**
     * Whether this skip is news: each key and reason is reported once, not every tick; and once a key
     * has been reported skipped for any reason, timing alone (quiet hours, the deadline or the window
     * passing) is not news either. A wait reported earlier does not count: a message that waited for
     * quiet hours and then missed its deadline must be reported as missed.
     */
    synchronized boolean firstSkip(Candidate candidate, Reason reason) {
        Recipient recipient = Recipient.of(candidate);
        Reported reported = reported(candidate);
        boolean closing = reason == Reason.TOO_LATE || reason == Reason.OUTSIDE_WINDOW || reason == Reason.QUIET_HOURS;
        if (closing && reported.skipped.contains(recipient)) {
            return false;
        }
        reported.skipped.add(recipient);
        return reported.skips.add(new Report(recipient, reason));
    }

    /**
     * Whether this wait is news: each key's wait for a reason (quiet hours, a partner function that
     * cannot answer yet, a store) is reported once, without marking the key as reported, so that
     * running out of time afterwards ({@code TOO_LATE}) is still reported: the wait ended without a
     * message. A key already reported skipped (a blank render, say) that waits is no news either.
     */
    synchronized boolean firstWait(Candidate candidate, Reason reason) {
        Recipient recipient = Recipient.of(candidate);
        Reported reported = reported(candidate);
        return !reported.skipped.contains(recipient) && reported.waits.add(new Report(recipient, reason));
    }

    /** Forgets what was reported for performances nothing more can be decided for. */
    synchronized void forget(Predicate<String> finishedPerformance) {
        byPerformance.keySet().removeIf(finishedPerformance);
    }

    private Reported reported(Candidate candidate) {
        return byPerformance.computeIfAbsent(candidate.performance().id(), id -> new Reported());
    }
}
