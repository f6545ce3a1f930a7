package io.crowdengage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.Reason;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.MessagePurpose;
import io.crowdengage.runtime.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator")
class SimulationTest {

    static Scenario docsExample() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "scenario-format.md"));
        int start = doc.indexOf("```json", doc.indexOf("## A complete example")) + "```json".length();
        return ScenarioReader.read(doc.substring(start, doc.indexOf("```", start))).scenario();
    }

    static List<String> lines(Simulation.Report report) {
        return report.decisions().stream().map(DecisionJson::line).toList();
    }

    @Test
    @DisplayName("the documented example does what the documentation says")
    void documentedExample() throws IOException {
        List<DecisionEvent> events = new ArrayList<>();
        Simulation.Report report = Simulation.of(docsExample()).run(events::add);
        assertThat(events).filteredOn(e -> e.outcome() == Outcome.SENT && "C1".equals(e.customer().orElse("")))
                .extracting(e -> e.step().map(Object::toString).orElse(e.purpose().name()))
                .contains("drinks", "review");
        assertThat(events).filteredOn(e -> "C2".equals(e.customer().orElse("")) && e.outcome() == Outcome.SENT)
                .extracting(DecisionEvent::purpose).containsExactly(MessagePurpose.SOFT_OPT_IN_NOTICE);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.customer()).contains("C2");
            assertThat(e.reason()).contains(Reason.OPTED_OUT);
        });
        assertThat(report.count(Outcome.SENT)).isEqualTo(report.decisions().stream()
                .filter(e -> e.outcome() == Outcome.SENT).count());
    }

    @Test
    @DisplayName("is deterministic: the same scenario gives the same lines")
    void deterministic() throws IOException {
        Scenario scenario = docsExample();
        assertThat(lines(Simulation.of(scenario).run(e -> { })))
                .isEqualTo(lines(Simulation.of(scenario).run(e -> { })));
    }
}
