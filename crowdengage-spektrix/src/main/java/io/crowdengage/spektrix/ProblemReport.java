package io.crowdengage.spektrix;

import io.crowdengage.ticketing.TicketingProblem;
import io.crowdengage.ticketing.TicketingProblemListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the adapter says what it worked around: each problem is logged at WARN and given to the
 * listener once per kind, record and field, so a record read every tick is not reported every tick.
 */
final class ProblemReport {
    private static final Logger LOG = LoggerFactory.getLogger(SpektrixTicketingSystem.class);
    /** Past this many distinct problems, the memory of what was said is cleared rather than grown. */
    private static final int MAX_REMEMBERED = 10_000;

    private final TicketingProblemListener listener;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    ProblemReport(TicketingProblemListener listener) {
        this.listener = listener;
    }

    void degraded(String record, String field, String explanation) {
        report(new TicketingProblem(TicketingProblem.Kind.DEGRADED, record, field, explanation));
    }

    void heldBack(String record, String field, String explanation) {
        report(new TicketingProblem(TicketingProblem.Kind.HELD_BACK, record, field, explanation));
    }

    void leftOut(String record, String field, String explanation) {
        report(new TicketingProblem(TicketingProblem.Kind.LEFT_OUT, record, field, explanation));
    }

    void report(TicketingProblem problem) {
        if (reported.size() >= MAX_REMEMBERED) {
            reported.clear();
        }
        if (!reported.add(problem.kind() + "|" + problem.record() + "|" + problem.field())) {
            return;
        }
        LOG.warn("Spektrix: {}", problem);
        try {
            listener.onProblem(problem);
        } catch (RuntimeException e) {
            LOG.warn("the ticketing problem listener failed ({}); the problem is logged above", e.getClass().getSimpleName());
        }
    }
}
