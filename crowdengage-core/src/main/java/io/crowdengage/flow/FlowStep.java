package io.crowdengage.flow;

import io.crowdengage.internal.Checks;
import java.time.Duration;

/**
 * One message of a flow: what to send (a template), to whom (an audience), for which performances,
 * when (a timing) and how late it may still go (the catch-up).
 *
 * <p>Build with {@link #builder(String)}; the defaults are all customers, all live performances, a
 * transactional message, a 2-hour catch-up and at most 3 SMS segments.
 *
 * @param id                    stable id; part of every send key
 * @param name                  for people, for example "Show-Score review request (3 hours post-show)"
 * @param template              the message template source (Liquid)
 * @param kind                  transactional or marketing
 * @param audience              who receives it
 * @param performances          which performances it applies to
 * @param timing                when it is due
 * @param catchUp               how long after the due time it may still be sent (late bookers, downtime), positive;
 *                              the message may go from the due time until just before due + catch-up;
 *                              a step due before the start only goes before the start whatever this says
 * @param maxSegments           the most SMS segments a rendered message may take, footer included; longer renders are skipped, never truncated
 * @param skipIfVariableMissing whether to skip a recipient when any variable the template uses is missing,
 *                              instead of rendering it empty
 */
public record FlowStep(StepId id, String name, String template, MessageKind kind, Audience audience,
                       PerformanceFilter performances, Timing timing, Duration catchUp, int maxSegments,
                       boolean skipIfVariableMissing) {

    /** The catch-up when none is set. */
    public static final Duration DEFAULT_CATCH_UP = Duration.ofHours(2);
    /** The segment budget when none is set. */
    public static final int DEFAULT_MAX_SEGMENTS = 3;

    public FlowStep {
        Checks.notNull(id, "step.id");
        Checks.notNull(name, "step.name");
        Checks.notNull(template, "step.template");
        Checks.notNull(kind, "step.kind");
        Checks.notNull(audience, "step.audience");
        Checks.notNull(performances, "step.performances");
        Checks.notNull(timing, "step.timing");
        Checks.notNull(catchUp, "step.catchUp");
        Checks.require(!catchUp.isNegative() && !catchUp.isZero(), "step.catchUp",
                "must be positive (a message may go from its due time until the catch-up runs out) but was " + catchUp);
        Checks.require(maxSegments >= 1 && maxSegments <= 10, "step.maxSegments",
                "must be between 1 and 10 but was " + maxSegments);
    }

    /** Starts a step with the given id. */
    public static Builder builder(String id) {
        return new Builder(StepId.of(id));
    }

    /** A builder holding this step's values, to change a few. */
    public Builder toBuilder() {
        return new Builder(id).name(name).template(template).kind(kind).audience(audience)
                .performances(performances).timing(timing).catchUp(catchUp).maxSegments(maxSegments)
                .skipIfVariableMissing(skipIfVariableMissing);
    }

    /** Builds a {@link FlowStep}. Name, template and timing are required. */
    public static final class Builder {
        private final StepId id;
        private String name;
        private String template;
        private MessageKind kind = MessageKind.TRANSACTIONAL;
        private Audience audience = Audience.all();
        private PerformanceFilter performances = PerformanceFilter.allLive();
        private Timing timing;
        private Duration catchUp = DEFAULT_CATCH_UP;
        private int maxSegments = DEFAULT_MAX_SEGMENTS;
        private boolean skipIfVariableMissing;

        private Builder(StepId id) {
            this.id = id;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder template(String template) {
            this.template = template;
            return this;
        }

        public Builder kind(MessageKind kind) {
            this.kind = kind;
            return this;
        }

        /** Shorthand for {@code kind(MessageKind.MARKETING)}. */
        public Builder marketing() {
            return kind(MessageKind.MARKETING);
        }

        public Builder audience(Audience audience) {
            this.audience = audience;
            return this;
        }

        public Builder performances(PerformanceFilter performances) {
            this.performances = performances;
            return this;
        }

        public Builder timing(Timing timing) {
            this.timing = timing;
            return this;
        }

        public Builder catchUp(Duration catchUp) {
            this.catchUp = catchUp;
            return this;
        }

        public Builder maxSegments(int maxSegments) {
            this.maxSegments = maxSegments;
            return this;
        }

        public Builder skipIfVariableMissing(boolean skip) {
            this.skipIfVariableMissing = skip;
            return this;
        }

        public FlowStep build() {
            return new FlowStep(id, name, template, kind, audience, performances, timing, catchUp, maxSegments,
                    skipIfVariableMissing);
        }
    }
}
