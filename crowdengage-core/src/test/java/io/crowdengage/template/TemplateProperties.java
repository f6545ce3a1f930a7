package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.MessageKind;
import io.crowdengage.engine.Reason;
import io.crowdengage.flow.AudienceSubject;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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

    @Property(tries = 500)
    void arithmeticNeverWrapsAround(@ForAll long a, @ForAll long b, @ForAll("arithmetic") String filter) {
        AudienceSubject recipient = Fixtures.customerWith(java.util.Set.of(),
                Map.of("A", Long.toString(a), "B", Long.toString(b)));
        RenderResult result = ENGINE.render(MessageSpec.of("{{ customer.attributes.A | " + filter
                + ": customer.attributes.B }}", MessageKind.TRANSACTIONAL), recipient);

        BigInteger exact = switch (filter) {
            case "plus" -> BigInteger.valueOf(a).add(BigInteger.valueOf(b));
            case "minus" -> BigInteger.valueOf(a).subtract(BigInteger.valueOf(b));
            default -> BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        };
        BigInteger limit = new BigInteger("999999999999999999");
        boolean inRange = Stream.of(BigInteger.valueOf(a), BigInteger.valueOf(b), exact)
                .allMatch(n -> n.abs().compareTo(limit) <= 0);
        if (inRange) {
            assertThat(result).isInstanceOfSatisfying(RenderResult.Message.class,
                    m -> assertThat(m.body()).isEqualTo(exact.toString()));
        } else {
            assertThat(result).isInstanceOfSatisfying(RenderResult.Skip.class, skip -> {
                assertThat(skip.reason()).isEqualTo(Reason.TEMPLATE_ERROR);
                assertThat(skip.explanation()).contains("outside the numbers templates work with");
            });
        }
    }

    @Provide
    Arbitrary<String> arithmetic() {
        return Arbitraries.of("plus", "minus", "times");
    }

    @Property(tries = 300)
    void truncateNeverPrintsOnlyItsEllipsis(@ForAll @IntRange(min = -20, max = 40) int length,
                                            @ForAll("words") String text) {
        AudienceSubject recipient = Fixtures.customerWith(java.util.Set.of(),
                Map.of("Text", text, "N", Integer.toString(length)));
        RenderResult result = ENGINE.render(MessageSpec.of("{{ customer.attributes.Text | truncate: customer.attributes.N }}",
                MessageKind.TRANSACTIONAL), recipient);

        if (length < 4) {
            assertThat(result).isEqualTo(new RenderResult.Skip(Reason.TEMPLATE_ERROR, "'truncate' needs the length to be"
                    + " at least 4 (room for one character and '...') but was given " + length));
        } else {
            assertThat(result).isInstanceOfSatisfying(RenderResult.Message.class, m -> {
                assertThat(m.body()).hasSizeLessThanOrEqualTo(Math.max(length, text.length()));
                assertThat(m.body()).isEqualTo(text.length() <= length ? text
                        : text.substring(0, length - 3) + "...");
            });
        }
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(30);
    }
}
