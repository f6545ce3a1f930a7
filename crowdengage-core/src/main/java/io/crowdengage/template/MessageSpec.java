package io.crowdengage.template;

import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import java.util.Optional;

/**
 * What the template layer needs from a flow step to render it.
 *
 * @param step                  the step, if rendering for one; functions see it in their context
 * @param template              the template source
 * @param kind                  marketing messages get the opt-out footer
 * @param maxSegments           the segment budget, footer included (1 to 10)
 * @param skipIfVariableMissing skip the recipient when a printed variable is missing, instead of printing nothing
 */
public record MessageSpec(Optional<StepId> step, String template, MessageKind kind, int maxSegments,
                          boolean skipIfVariableMissing) {
    public MessageSpec {
        Checks.notNull(step, "spec.step");
        Checks.notNull(template, "spec.template");
        Checks.notNull(kind, "spec.kind");
        Checks.require(maxSegments >= 1 && maxSegments <= 10, "spec.maxSegments",
                () -> "must be between 1 and 10 but was " + maxSegments);
    }

    /** The spec of a flow step. */
    public static MessageSpec of(FlowStep step) {
        return new MessageSpec(Optional.of(step.id()), step.template(), step.kind(), step.maxSegments(),
                step.skipIfVariableMissing());
    }

    /** A bare template with the step defaults: transactional, 3 segments, missing values print nothing. */
    public static MessageSpec of(String template, MessageKind kind) {
        return new MessageSpec(Optional.empty(), template, kind, FlowStep.DEFAULT_MAX_SEGMENTS, false);
    }
}
