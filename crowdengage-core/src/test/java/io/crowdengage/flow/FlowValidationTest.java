package io.crowdengage.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Flow validation")
class FlowValidationTest {

    static FlowStep.Builder step(String id) {
        return FlowStep.builder(id).name("Step " + id).template("Hello {{ customer.first_name }}")
                .timing(Timing.afterStart(0, 3, 0));
    }

    @Test
    @DisplayName("reports every problem at once, each naming the step and the rule")
    void everyProblemAtOnce() {
        List<FlowStep> steps = List.of(
                step("review").build(),
                step("review").build(),
                step("blank").name(" ").template("  ").build(),
                step("early").timing(Timing.beforeStart(2, 0, 0)).build());
        assertThatThrownBy(() -> Flow.of(" ", steps))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_FLOW);
                    assertThat(e.problems()).extracting(ValidationException.Problem::toString).containsExactly(
                            "flow.name: must not be blank",
                            "steps[1] 'review'.id: duplicate step id 'review': step ids must be unique within a flow",
                            "steps[2] 'blank'.name: must not be blank",
                            "steps[2] 'blank'.template: must not be blank",
                            "steps[3] 'early'.timing: '2 days 0 hours 0 minutes before the start' can never fall inside"
                                    + " the messaging window, which runs from one calendar day before the start to one"
                                    + " calendar day after the end of the performance");
                    assertThat(e.getMessage()).startsWith("5 problems:");
                });
    }

    @Test
    @DisplayName("accepts the seeds' steps: 3 hours and 1 day after the start")
    void seedSteps() {
        Flow flow = Flow.of("Default Flow", List.of(step("review").build(),
                step("reminder").timing(Timing.afterStart(1, 0, 0)).build()));
        assertThat(flow.steps()).hasSize(2);
        assertThat(flow.step(StepId.of("reminder"))).isPresent();
    }

    @Test
    @DisplayName("accepts a step 1 day 0 hours after the end, due on the window's end, and refuses one a minute later")
    void dayAfterTheEnd() {
        Flow flow = Flow.of("F", List.of(step("late").timing(Timing.afterEnd(1, 0, 0)).build()));
        assertThat(flow.steps()).hasSize(1);
        assertThatThrownBy(() -> Flow.of("F", List.of(step("later").timing(Timing.afterEnd(1, 0, 1)).build())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(ValidationException.Problem::toString).containsExactly(
                                "steps[0] 'later'.timing: '1 day 0 hours 1 minute after the end' can never fall"
                                        + " inside the messaging window, which runs from one calendar day before the"
                                        + " start to one calendar day after the end of the performance"));
    }

    @Test
    @DisplayName("knows which timings can never fall inside the window")
    void windowReach() {
        assertThat(Timing.beforeStart(1, 0, 0).canFallInsideMessagingWindow()).isTrue();
        assertThat(Timing.beforeStart(1, 0, 1).canFallInsideMessagingWindow()).isFalse();
        assertThat(Timing.beforeStart(0, 25, 0).canFallInsideMessagingWindow()).isTrue();
        assertThat(Timing.beforeStart(0, 25, 1).canFallInsideMessagingWindow()).isFalse();
        // Exactly a calendar day after the end is the window's end, which is inside it; a minute later is not.
        assertThat(Timing.afterEnd(1, 0, 0).canFallInsideMessagingWindow()).isTrue();
        assertThat(Timing.afterEnd(1, 0, 1).canFallInsideMessagingWindow()).isFalse();
        assertThat(Timing.afterEnd(1, 1, 0).canFallInsideMessagingWindow()).isFalse();
        assertThat(Timing.afterEnd(0, 24, 59).canFallInsideMessagingWindow()).isTrue();
        // 25 elapsed hours is the window's end on the night the clocks go back.
        assertThat(Timing.afterEnd(0, 25, 0).canFallInsideMessagingWindow()).isTrue();
        assertThat(Timing.afterEnd(0, 25, 1).canFallInsideMessagingWindow()).isFalse();
        assertThat(Timing.afterEnd(2, 0, 0).canFallInsideMessagingWindow()).isFalse();
        // After the start or before the end, a long enough show always brings it inside.
        assertThat(Timing.afterStart(5, 0, 0).canFallInsideMessagingWindow()).isTrue();
        assertThat(Timing.beforeEnd(5, 0, 0).canFallInsideMessagingWindow()).isTrue();
    }

    @Test
    @DisplayName("rejects bad step values with the field named")
    void badStepValues() {
        assertThatThrownBy(() -> step("x").catchUp(Duration.ZERO).build())
                .hasMessageContaining("step.catchUp").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> step("x").maxSegments(0).build()).hasMessageContaining("step.maxSegments");
        assertThatThrownBy(() -> FlowStep.builder("bad id!")).hasMessageContaining("step.id")
                .hasMessageContaining("'bad id!'");
        assertThatThrownBy(() -> step("x").timing(null).build()).hasMessageContaining("step.timing");
        assertThatThrownBy(() -> Timing.afterStart(-1, 0, 0)).hasMessageContaining("timing.days");
    }

    @Test
    @DisplayName("describes timings the way the flow editor shows them")
    void describe() {
        assertThat(Timing.afterStart(0, 3, 0).describe()).isEqualTo("0 days 3 hours 0 minutes after the start");
        assertThat(Timing.beforeEnd(1, 1, 1).describe()).isEqualTo("1 day 1 hour 1 minute before the end");
    }
}
