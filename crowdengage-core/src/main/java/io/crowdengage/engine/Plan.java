package io.crowdengage.engine;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the engine found at one instant: every unclaimed recipient of every step that is due,
 * with what to do about them.
 *
 * @param at         the instant planned for
 * @param candidates the recipients and decisions, grouped by step and performance, recipients in booking order
 */
public record Plan(Instant at, List<Candidate> candidates) {
    public Plan {
        Checks.notNull(at, "at");
        candidates = List.copyOf(Checks.noNullElements(candidates, "candidates"));
    }

    /** The candidates to send to now. */
    public List<Candidate> sends() {
        return candidates.stream().filter(c -> c.decision() instanceof Decision.Send).collect(Collectors.toList());
    }

    /** The candidates skipped, each with its reason. */
    public List<Candidate> skips() {
        return candidates.stream().filter(c -> c.decision() instanceof Decision.Skip).collect(Collectors.toList());
    }

    /** The candidates told to wait (quiet hours). */
    public List<Candidate> waits() {
        return candidates.stream().filter(c -> c.decision() instanceof Decision.Wait).collect(Collectors.toList());
    }
}
