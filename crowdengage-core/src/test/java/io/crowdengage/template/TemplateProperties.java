package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.MessageKind;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TemplateProperties {
    private static final TemplateEngine ENGINE = Fixtures.engine();

    @Provide
    Arbitrary<String> hostileNames() {
        // Printable ASCII is rich in template syntax ({ } % | ' " ( )); no whitespace, which trimming would touch.
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40);
    }

    @Property(tries = 300)
    void customerNamesAreNeverEvaluated(@ForAll("hostileNames") String name) {
        RenderResult result = ENGINE.render(MessageSpec.of("Hi {{ customer.first_name }}, see you at {{ venue.name }}.",
                MessageKind.TRANSACTIONAL), Fixtures.recipient(name, Map.of("attribute_ShowScoreID", "1")));
        assertThat(result).isEqualTo(new RenderResult.Message("Hi " + name + ", see you at Victoria Palace Theatre.",
                ((RenderResult.Message) result).length()));
    }

    @Property(tries = 300)
    void rawAttributesNeverChangeTheTemplateStructure(@ForAll("hostileNames") String id) {
        RenderResult result = ENGINE.render(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL),
                Fixtures.recipient("Ann", Map.of("attribute_ShowScoreID", id)));
        assertThat(result).isInstanceOfSatisfying(RenderResult.Message.class, m -> assertThat(m.body()).isEqualTo(
                "Ann, please help the theatre community by leaving your review of Hamilton on Show-Score:\n"
                        + "https://show-score.test/r/" + id + "/b42"));
    }

    @Provide
    Arbitrary<String> templateLikeText() {
        Arbitrary<String> pieces = Arbitraries.of("{{", "}}", "{%", "%}", " if ", " endif ", "customer.first_name",
                "show_score_url(", ")", "(", ",", "'", "\"", "|", " upcase", "\n", "x", " elsif ", " for ", " in ",
                "event.raw.a", " == ", " not ", " and ", "-", ":");
        return pieces.list().ofMaxSize(30).map(list -> String.join("", list));
    }

    @Property(tries = 1000)
    void validationNeverThrowsAndEveryErrorHasAPositionInsideTheTemplate(@ForAll("templateLikeText") String template) {
        TemplateValidation validation = ENGINE.validate(template);
        long lines = template.chars().filter(c -> c == '\n').count() + 1;
        for (TemplateProblem problem : validation.errors()) {
            assertThat(problem.line()).isBetween(1, (int) lines);
            assertThat(problem.column()).isPositive();
        }
        // Rendering an arbitrary template answers with a value, never an exception.
        assertThat(ENGINE.render(MessageSpec.of(template, MessageKind.TRANSACTIONAL),
                TemplateEngine.sampleRecipient())).isNotNull();
    }
}
