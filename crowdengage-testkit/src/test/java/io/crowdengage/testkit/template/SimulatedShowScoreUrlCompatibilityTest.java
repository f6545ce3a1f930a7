package io.crowdengage.testkit.template;

import io.crowdengage.simulation.ScenarioFunctions;
import io.crowdengage.template.TemplateFunction;
import java.util.List;

/** The simulator's stand-in for {@code show_score_url} passes the kit first, as the in-memory fakes do for theirs. */
class SimulatedShowScoreUrlCompatibilityTest extends TemplateFunctionCompatibilityKit {
    @Override
    protected TemplateFunction function() {
        return ScenarioFunctions.simulated().find("show_score_url").orElseThrow();
    }

    @Override
    protected List<Object> arguments() {
        return List.of("12345");
    }

    @Override
    protected boolean oneValuePerRecipient() {
        return true;
    }
}
