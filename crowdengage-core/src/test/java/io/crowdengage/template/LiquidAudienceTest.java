package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.flow.Audience;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Audiences written as Liquid conditions")
class LiquidAudienceTest {
    private final TemplateEngine engine = Fixtures.engine();

    @Test
    @DisplayName("tags, attributes and combinations")
    void conditions() {
        Audience members = engine.audience("customer.tags contains \"Member\"");
        Audience firstVisit = engine.audience("customer.attributes.FirstVisit == \"true\"");
        Audience both = engine.audience("customer.tags contains 'Member' and customer.attributes.FirstVisit");

        var member = Fixtures.customerWith(Set.of("Member"), Map.of("FirstVisit", "true"));
        var newcomer = Fixtures.customerWith(Set.of(), Map.of("FirstVisit", "true"));
        var regular = Fixtures.customerWith(Set.of("Member"), Map.of("FirstVisit", ""));

        assertThat(members.includes(member)).isTrue();
        assertThat(members.includes(newcomer)).isFalse();
        assertThat(firstVisit.includes(newcomer)).isTrue();
        assertThat(firstVisit.includes(regular)).isFalse();
        assertThat(both.includes(member)).isTrue();
        assertThat(both.includes(regular)).isFalse();
        assertThat(members.describe()).isEqualTo("customers for whom customer.tags contains \"Member\" holds");
    }

    @Test
    @DisplayName("a condition reading a value the customer lacks leaves them out, whatever the comparison")
    void missingValuesFailClosed() {
        var withVisits = Fixtures.customerWith(Set.of(), Map.of("Visits", "3", "Language", "en"));
        var without = Fixtures.customerWith(Set.of(), Map.of());
        Audience fewVisits = engine.audience("customer.attributes.Visits < 5");
        Audience notWelsh = engine.audience("customer.attributes.Language != \"cy\"");
        assertThat(fewVisits.includes(withVisits)).isTrue();
        // Liqp alone compares a missing value as if it were nothing, so this would hold without the guard.
        assertThat(fewVisits.includes(without)).isFalse();
        assertThat(notWelsh.includes(withVisits)).isTrue();
        assertThat(notWelsh.includes(without)).isFalse();
        assertThat(engine.audience("customer.tags contains 'Member'").includes(without))
                .as("an empty tag list is present, not missing").isFalse();
    }

    @Test
    @DisplayName("plugs into a flow step and combines with the built-in rules")
    void plugsIntoFlowStep() {
        Audience audience = engine.audience("customer.tags contains 'Member'").and(Audience.hasTag("Donor"));
        FlowStep step = FlowStep.builder("offer").name("Offer").template("Hi").audience(audience)
                .timing(Timing.beforeStart(0, 2, 0)).build();
        assertThat(step.audience().includes(Fixtures.customerWith(Set.of("Member", "Donor"), Map.of()))).isTrue();
        assertThat(step.audience().includes(Fixtures.customerWith(Set.of("Member"), Map.of()))).isFalse();
    }

    @Test
    @DisplayName("problems are reported against the condition as written")
    void validated() {
        assertThat(engine.checkAudience("customer.tagz contains 'Member'")).containsExactly(TemplateProblem.at(1, 1,
                "unknown variable 'customer.tagz'; did you mean 'customer.tags'?"));
        assertThat(engine.checkAudience("customer.tags contains 'M' %}{% include 'x'")).containsExactly(
                TemplateProblem.at(1, 28, "unexpected character '%' here"));
        assertThat(engine.checkAudience("show_score_url(event.raw.id)")).containsExactly(TemplateProblem.at(1, 1,
                "'show_score_url' may contact another system, so it cannot be used in an audience condition"));
        assertThatThrownBy(() -> engine.audience("  ")).isInstanceOfSatisfying(TemplateException.class,
                e -> assertThat(e.reason()).isEqualTo(TemplateException.Reason.INVALID_AUDIENCE_CONDITION));
    }

    @Test
    @DisplayName("an error while evaluating answers false, never throws")
    void errorsAnswerFalse() {
        // Comparing with nil works in Liqp; a loop over too many items fails, and must answer false.
        TemplateEngine tight = TemplateEngine.builder().limits(new TemplateLimits(1_000, 1_000, 1, 5, 10)).build();
        Audience audience = tight.audience("customer.tags contains 'Member'");
        assertThat(audience.includes(Fixtures.customerWith(Set.of("Member"), Map.of()))).isTrue();
        TemplateFunction failing = new Fixtures.FakeShowScoreUrl() {
            @Override
            public boolean mayDoIo() {
                return false;
            }

            @Override
            public Object call(FunctionContext context, java.util.List<Object> arguments) {
                throw new IllegalStateException("boom");
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(failing).build()).build();
        Audience throwing = engine.audience("show_score_url(customer.first_name)");
        assertThat(throwing.includes(Fixtures.customerWith(Set.of(), Map.of()))).isFalse();
    }
}
