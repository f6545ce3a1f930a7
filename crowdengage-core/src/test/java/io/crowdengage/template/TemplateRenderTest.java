package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.Reason;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.model.Customer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Rendering rules")
class TemplateRenderTest {
    private final TemplateEngine engine = Fixtures.engine();
    private final AudienceSubject ann = Fixtures.recipient("Ann", Map.of("attribute_ShowScoreID", "12345"));

    private RenderResult render(String template, AudienceSubject recipient) {
        return engine.render(MessageSpec.of(template, MessageKind.TRANSACTIONAL), recipient);
    }

    private String body(String template, AudienceSubject recipient) {
        RenderResult result = render(template, recipient);
        assertThat(result).as("render of %s", template).isInstanceOf(RenderResult.Message.class);
        return ((RenderResult.Message) result).body();
    }

    private RenderResult.Skip skip(RenderResult result) {
        assertThat(result).isInstanceOf(RenderResult.Skip.class);
        return (RenderResult.Skip) result;
    }

    @Test
    @DisplayName("customer data is inserted as text, never evaluated as template code")
    void injection() {
        for (String name : List.of("{{ 7*7 }}", "{% include '/etc/passwd' %}", "{{ customer.last_name }}",
                "{% if true %}x{% endif %}", "show_score_url(event.raw.attribute_ShowScoreID)", "{{", "%}")) {
            AudienceSubject recipient = Fixtures.recipient(name, Map.of("attribute_ShowScoreID", "1"));
            assertThat(body("Hi {{ customer.first_name }}!", recipient)).isEqualTo("Hi " + name + "!");
        }
    }

    @Test
    @DisplayName("surrounding blank lines and trailing spaces are trimmed; inner blank lines stay")
    void trimming() {
        assertThat(body("\n\n  \nHi {{ customer.first_name }}   \n\n\tSee you soon \t\n \n", ann))
                .isEqualTo("Hi Ann\n\n\tSee you soon");
    }

    @Test
    @DisplayName("whitespace only, or invisible characters only, is BLANK_MESSAGE")
    void blank() {
        assertThat(skip(render("  \n{{ customer.raw.nothing }} \n\u200B\u00A0\n", ann)))
                .isEqualTo(new RenderResult.Skip(Reason.BLANK_MESSAGE,
                        "the template rendered nothing to send for this recipient"));
    }

    @Test
    @DisplayName("a missing variable prints nothing by default")
    void missingPrintsEmpty() {
        assertThat(body("Hi {{ customer.raw.nickname }}!", ann)).isEqualTo("Hi !");
    }

    @Test
    @DisplayName("a step can skip the recipient when a printed variable is missing")
    void skipIfMissing() {
        MessageSpec spec = new MessageSpec(Optional.empty(), "Hi {{ customer.first_name }}, {{ event.raw.Door }}",
                MessageKind.TRANSACTIONAL, 3, true);
        assertThat(engine.render(spec, Fixtures.recipient("", Map.of()))).isEqualTo(new RenderResult.Skip(
                Reason.MISSING_VARIABLE, "the step skips recipients with missing values, and customer.first_name, "
                + "event.raw.Door are missing"));
        assertThat(engine.render(spec, Fixtures.recipient("Ann", Map.of("Door", "B")))).isInstanceOf(
                RenderResult.Message.class);
    }

    @Test
    @DisplayName("a function given a missing value is never called: MISSING_VARIABLE, not a hole in the text")
    void functionMissingArgument() {
        assertThat(skip(render("Review: {{ show_score_url(event.raw.attribute_ShowScoreID) }}",
                Fixtures.recipient("Ann", Map.of()))).reason()).isEqualTo(Reason.MISSING_VARIABLE);
    }

    @Test
    @DisplayName("a failing function makes a TEMPLATE_ERROR skip naming it")
    void functionFailure() {
        TemplateFunction failing = new Fixtures.FakeShowScoreUrl() {
            @Override
            public Object call(FunctionContext context, List<Object> arguments) throws Exception {
                throw new java.io.IOException("partner is down");
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(failing).build()).build();
        assertThat(engine.render(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL), ann))
                .isEqualTo(new RenderResult.Skip(Reason.TEMPLATE_ERROR, "'show_score_url' failed: partner is down"));
    }

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource({"RETRY_LATER, FUNCTION_UNAVAILABLE", "MISCONFIGURED, FUNCTION_UNAVAILABLE",
            "NO_VALUE_FOR_ARGUMENT, FUNCTION_NO_VALUE"})
    @DisplayName("a function that says why it has no value gets that reason, not TEMPLATE_ERROR")
    void functionSaysWhy(TemplateFunctionException.Reason why, Reason expected) {
        TemplateFunction refusing = new Fixtures.FakeShowScoreUrl() {
            @Override
            public Object call(FunctionContext context, List<Object> arguments) {
                throw new TemplateFunctionException(why, "Show-Score said no for " + arguments.get(0), null);
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(refusing).build()).build();
        assertThat(engine.render(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL), ann))
                .isEqualTo(new RenderResult.Skip(expected, "'show_score_url': Show-Score said no for 12345"));
    }

    @Test
    @DisplayName("TemplateFunctionException: reason, code, retryable, and a message is required")
    void functionExceptionValues() {
        TemplateFunctionException later = TemplateFunctionException.retryLater("rate limited until 22:31");
        assertThat(later.reason()).isEqualTo(TemplateFunctionException.Reason.RETRY_LATER);
        assertThat(later.code()).isEqualTo("TEMPLATE_FUNCTION.RETRY_LATER");
        assertThat(later.retryable()).isTrue();
        assertThat(TemplateFunctionException.noValueForArgument("unknown show").retryable()).isFalse();
        assertThat(TemplateFunctionException.misconfigured("fix showscore.apiKey").retryable()).isFalse();
        assertThat(TemplateFunctionException.misconfigured("fix showscore.apiKey").getMessage())
                .isEqualTo("fix showscore.apiKey");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TemplateFunctionException.retryLater(" "))
                .isInstanceOf(io.crowdengage.error.ValidationException.class);
    }

    @Test
    @DisplayName("an invalid template is a TEMPLATE_ERROR skip when sent, never an exception")
    void invalidTemplate() {
        assertThat(skip(render("Hi {{ nope }}", ann))).isEqualTo(new RenderResult.Skip(Reason.TEMPLATE_ERROR,
                "the template has 1 error and cannot be sent; the first: line 1, column 7: unknown variable 'nope'"));
    }

    @Test
    @DisplayName("loops are capped")
    void loopCap() {
        assertThat(skip(render("{% for i in (1..5000) %}x{% endfor %}", ann))).isEqualTo(
                new RenderResult.Skip(Reason.TEMPLATE_ERROR, "a loop ran more than 1000 times"));
    }

    @Test
    @DisplayName("text built up with assign is capped too")
    void sizeCap() {
        RenderResult.Skip skip = skip(render("{% assign s = 'xxxxxxxxxx' %}{% for i in (1..20) %}"
                + "{% assign s = s | append: s %}{% endfor %}{{ s | size }}", ann));
        assertThat(skip.reason()).isEqualTo(Reason.TEMPLATE_ERROR);
        assertThat(skip.explanation()).startsWith("'append' produced a value of 10240 characters");
    }

    @Test
    @DisplayName("dates print in the venue's zone, plain or with a Java pattern")
    void dates() {
        assertThat(body("{{ performance.start }} | {{ instance.start | date: \"EEEE d MMMM 'at' h:mma\" }} | "
                + "{{ date(order.confirmed_at, 'HH:mm') }} | {{ event.duration }} min", ann))
                .isEqualTo("2026-07-04 19:30 | Saturday 4 July at 7:30pm | 10:00 | 165 min");
    }

    @Test
    @DisplayName("conditions follow Python truth: blank, zero and empty are false")
    void truthiness() {
        AudienceSubject subject = Fixtures.recipient(Customer.builder("c").name("Ann", "").build(),
                Map.of("zero", 0, "blank", " ", "list", List.of(), "yes", "y", "flag", false));
        assertThat(body("{% if event.raw.zero %}A{% endif %}{% if event.raw.blank %}B{% endif %}"
                + "{% if event.raw.list %}C{% endif %}{% if event.raw.flag %}D{% endif %}"
                + "{% if customer.tags %}E{% endif %}{% if event.raw.yes %}F{% endif %}"
                + "{% unless customer.last_name %}G{% endunless %}{% if not event.raw.zero %}H{% endif %}"
                + "{% if event.raw.yes and event.raw.blank %}I{% endif %}{% if event.raw.yes or event.raw.blank %}J{% endif %}",
                subject)).isEqualTo("FGHJ");
    }

    @Test
    @DisplayName("calls in if, elsif and comparisons are hoisted; a missing argument there is just false")
    void callsInConditions() {
        String template = "{% if event.raw.first %}first{% elsif show_score_url(event.raw.second) %}second "
                + "{{ show_score_url(event.raw.second) }}{% elsif show_score_url(event.raw.id) contains 'r/9' %}third"
                + "{% else %}none{% endif %}";
        assertThat(body(template, Fixtures.recipient("A", Map.of("first", "y")))).isEqualTo("first");
        assertThat(body(template, Fixtures.recipient("A", Map.of("second", "7"))))
                .isEqualTo("second https://show-score.test/r/7/b42");
        assertThat(body(template, Fixtures.recipient("A", Map.of("id", "9")))).isEqualTo("third");
        assertThat(body(template, Fixtures.recipient("A", Map.of()))).isEqualTo("none");
    }

    @Test
    @DisplayName("Liquid filter form, Jinja filter-call form and nested first arguments all work")
    void callForms() {
        assertThat(body("{{ event.raw.attribute_ShowScoreID | show_score_url }}|"
                + "{{ customer.first_name | append('!') | upcase }}|{{ upcase(append(customer.first_name, '?')) }}|"
                + "{{ customer.first_name | replace: 'A', 'E' }}", ann))
                .isEqualTo("https://show-score.test/r/12345/b42|ANN!|ANN?|Enn");
    }

    @Test
    @DisplayName("a function without arguments is called as name()")
    void zeroArity() {
        TemplateFunction greeting = new TemplateFunction() {
            @Override
            public String name() {
                return "greeting";
            }

            @Override
            public int arity() {
                return 0;
            }

            @Override
            public Returns returns() {
                return Returns.text(13, 20);
            }

            @Override
            public boolean mayDoIo() {
                return false;
            }

            @Override
            public Object call(FunctionContext context, List<Object> arguments) {
                return "Hello " + context.customer().firstName() + " (" + arguments.size() + ")";
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(greeting).build()).build();
        assertThat(engine.render(MessageSpec.of("{{ greeting() }}", MessageKind.TRANSACTIONAL), ann))
                .isInstanceOfSatisfying(RenderResult.Message.class, m -> assertThat(m.body()).isEqualTo("Hello Ann (0)"));
    }

    @Test
    @DisplayName("lists print in a stable order; contains and loops work on them")
    void lists() {
        AudienceSubject subject = Fixtures.customerWith(Set.of("Member", "Donor", "Access"), Map.of());
        assertThat(body("{{ customer.tags | join: ', ' }}{% if customer.tags contains 'Donor' %} D{% endif %}"
                + "{% for t in customer.tags %} {{ forloop.index }}{{ t | slice: 0 }}{% endfor %}", subject))
                .isEqualTo("Access, Donor, Member D 1A 2D 3M");
    }

    @Test
    @DisplayName("a function result longer than it declares fails the render")
    void declaredMaximumEnforced() {
        TemplateFunction chatty = new Fixtures.FakeShowScoreUrl() {
            @Override
            public Object call(FunctionContext context, List<Object> arguments) {
                return "y".repeat(81);
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(chatty).build()).build();
        assertThat(engine.render(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL), ann))
                .isEqualTo(new RenderResult.Skip(Reason.TEMPLATE_ERROR,
                        "'show_score_url' returned 81 characters, more than the 80 it declares"));
    }

    @Test
    @DisplayName("functions see the step and the recipient")
    void functionContext() {
        java.util.concurrent.atomic.AtomicReference<FunctionContext> seen = new java.util.concurrent.atomic.AtomicReference<>();
        TemplateFunction spy = new Fixtures.FakeShowScoreUrl() {
            @Override
            public Object call(FunctionContext context, List<Object> arguments) {
                seen.set(context);
                return "ok";
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(spy).build()).build();
        io.crowdengage.flow.StepId step = io.crowdengage.flow.StepId.of("review");
        engine.render(new MessageSpec(Optional.of(step), Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL, 3, false),
                ann);
        assertThat(seen.get().step()).contains(step);
        assertThat(seen.get().booking().id()).isEqualTo("b42");
        assertThat(seen.get().preview()).isFalse();
    }

    static Stream<Arguments> badNumericValues() {
        return Stream.of(
                Arguments.of("{{ event.name | truncate: customer.attributes.N }}", "-5",
                        "'truncate' needs the length to be at least 4 (room for one character and '...') but was given -5"),
                Arguments.of("{{ event.name | truncate: customer.attributes.N }}", "99999999999999999999",
                        "'truncate' was given 99999999999999999999 for the length, outside the numbers templates work with (-999999999999999999 to 999999999999999999)"),
                Arguments.of("{{ event.name | truncate: customer.attributes.N }}", "three",
                        "'truncate' needs a whole number for the length but was given 'three'"),
                Arguments.of("{{ event.name | truncate: customer.attributes.Missing }}", "5",
                        "'truncate' needs a whole number for the length but was given nothing"),
                Arguments.of("{{ customer.attributes.N | plus: 1 }}", "999999999999999999",
                        "'plus' of 999999999999999999 and 1 would give 1000000000000000000, outside the numbers templates work with (-999999999999999999 to 999999999999999999)"),
                Arguments.of("{{ customer.attributes.N | times: 2 }}", "9223372036854775807",
                        "'times' was given 9223372036854775807, outside the numbers templates work with (-999999999999999999 to 999999999999999999)"),
                Arguments.of("{{ customer.attributes.N | plus: 1 }}", "many",
                        "'plus' needs a number but was given 'many'"),
                Arguments.of("{{ 10 | divided_by: customer.attributes.N }}", "0",
                        "'divided_by' cannot divide by 0"),
                Arguments.of("{{ 10 | modulo: customer.attributes.Missing }}", "1",
                        "'modulo' cannot divide by 0 (it was given nothing, which counts as 0)"),
                Arguments.of("{{ 3.14159 | round: customer.attributes.N }}", "99999999999",
                        "'round' needs the number of decimal places to be from 0 to 10 but was given 99999999999"),
                Arguments.of("{{ event.name | slice: 0, customer.attributes.N }}", "-1",
                        "'slice' needs the length to be at least 1 but was given -1"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("badNumericValues")
    @DisplayName("a recipient's value that would make a filter print garbage skips them, saying why")
    void numericFilterValues(String template, String value, String explanation) {
        AudienceSubject recipient = Fixtures.customerWith(Set.of(), Map.of("N", value));
        assertThat(render(template, recipient)).isEqualTo(new RenderResult.Skip(Reason.TEMPLATE_ERROR, explanation));
    }

    @Test
    @DisplayName("numeric filters given sound values print what Liquid prints")
    void numericFiltersStillWork() {
        AudienceSubject recipient = Fixtures.customerWith(Set.of(), Map.of("N", "7", "Big", "999999999999999998"));
        assertThat(body("{{ event.name | truncate: customer.attributes.N }}", recipient)).isEqualTo("Hami...");
        assertThat(body("{{ event.name | truncate: 4 }}|{{ event.name | truncate: 99 }}|{{ event.name | slice: 1, 3 }}"
                + "|{{ event.name | slice: -3 }}|{{ 'a b c' | truncatewords: 2 }}|{{ event.name | slice: 2, 999999999999 }}",
                recipient)).isEqualTo("H...|Hamilton|ami|t|a b...|milton");
        assertThat(body("{{ customer.attributes.Big | plus: 1 }} {{ 7 | divided_by: 2 }} {{ 7.0 | divided_by: 2 }}"
                + " {{ 3.14159 | round: 2 }} {{ -3 | abs }} {{ 2147483647 | plus: 1 }} {{ customer.raw.none | plus: 1 }}"
                + " {{ customer.attributes.Big | floor }} {{ 2.675 | round: 2 }} {{ 4.5 | ceil }} {{ -4.5 | floor }}",
                recipient)).isEqualTo("999999999999999999 3 3.5 3.14 3 2147483648 1 999999999999999998 2.68 5 -5");
    }
}
