package io.crowdengage.flow;

import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A named, ordered list of steps, such as a venue's "Default Flow".
 *
 * <p>A flow is validated when it is made, and every problem is reported at once in one
 * {@link ValidationException} (reason {@code INVALID_FLOW}): a blank flow or step name, a blank
 * template, a duplicate step id, a step whose timing can never fall inside the messaging window.
 * Each problem names the step and the rule.
 *
 * @param name  the flow's name
 * @param steps its steps, in order
 */
public record Flow(String name, List<FlowStep> steps) {

    public Flow {
        List<Problem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new Problem("flow.name", "must not be blank"));
        }
        if (steps == null) {
            problems.add(new Problem("flow.steps", "is required but was null"));
        } else {
            Set<StepId> seen = new HashSet<>();
            for (int i = 0; i < steps.size(); i++) {
                FlowStep step = steps.get(i);
                if (step == null) {
                    problems.add(new Problem("steps[" + i + "]", "must not be null"));
                    continue;
                }
                String where = "steps[" + i + "] '" + step.id() + "'";
                if (!seen.add(step.id())) {
                    problems.add(new Problem(where + ".id", "duplicate step id '" + step.id()
                            + "': step ids must be unique within a flow"));
                }
                if (step.name().isBlank()) {
                    problems.add(new Problem(where + ".name", "must not be blank"));
                }
                if (step.template().isBlank()) {
                    problems.add(new Problem(where + ".template", "must not be blank"));
                }
                if (!step.timing().canFallInsideMessagingWindow()) {
                    problems.add(new Problem(where + ".timing", "'" + step.timing().describe()
                            + "' can never fall inside the messaging window, which runs from one calendar day before"
                            + " the start to one calendar day after the end of the performance"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_FLOW, problems);
        }
        steps = List.copyOf(steps);
    }

    /** Shorthand for the constructor. */
    public static Flow of(String name, List<FlowStep> steps) {
        return new Flow(name, steps);
    }

    /** The step with this id, if the flow has one. */
    public Optional<FlowStep> step(StepId id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
