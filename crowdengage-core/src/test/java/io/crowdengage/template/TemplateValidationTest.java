package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.flow.MessageKind;
import io.crowdengage.sms.SmsEncoding.Encoding;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Validation on save reports every problem with its line and column")
class TemplateValidationTest {
    private final TemplateEngine engine = Fixtures.engine();

    private List<String> errors(String template) {
        return engine.validate(template).errors().stream().map(TemplateProblem::toString).toList();
    }

    @Test
    @DisplayName("an unknown function, with a suggestion")
    void unknownFunction() {
        assertThat(errors("Hello {{ customer.first_name }},\n\nYour link {{ show_scor_url(event.raw.attribute_ShowScoreID) }}"))
                .containsExactly("line 3, column 14: unknown function 'show_scor_url'; did you mean 'show_score_url'?");
    }

    @Test
    @DisplayName("an unknown function in Liquid filter form")
    void unknownFilter() {
        assertThat(errors("{{ customer.first_name | upcasee }}"))
                .containsExactly("line 1, column 26: unknown function 'upcasee'; did you mean 'upcase'?");
    }

    @Test
    @DisplayName("unknown variables: a misspelt root and a misspelt field")
    void unknownVariables() {
        assertThat(errors("Hi {{ custmer.first_name }}\n{{ customer.frist_name }} {{ evnt }}")).containsExactly(
                "line 1, column 7: unknown variable 'custmer'; did you mean 'customer'?",
                "line 2, column 4: unknown variable 'customer.frist_name'; did you mean 'customer.first_name'?",
                "line 2, column 30: unknown variable 'evnt'; did you mean 'event'?");
    }

    @Test
    @DisplayName("raw and attribute keys are free; assigned and loop variables are known")
    void openMapsAndLocals() {
        assertThat(errors("{{ event.raw.anything }}{{ customer.attributes.FirstVisit }}{% assign greeting = 'Hi' %}"
                + "{{ greeting }}{% for tag in customer.tags %}{{ tag }}{{ forloop.index }}{% endfor %}"
                + "{{ instance.start }}{{ order.id }}{{ venue.name }}")).isEmpty();
    }

    @Test
    @DisplayName("all problems at once, in order")
    void allAtOnce() {
        List<String> errors = errors("{{ nme }}\n{% iff x %}\n{{ show_score_url(event.raw.a, 2) }}");
        assertThat(errors).containsExactly(
                "line 2, column 4: unknown tag 'iff'; did you mean 'if'?",
                "line 1, column 4: unknown variable 'nme'",
                "line 3, column 4: 'show_score_url' takes 1 argument but is given 2");
    }

    @Test
    @DisplayName("blocks that are never closed, closed twice or closed by the wrong end tag")
    void blockStructure() {
        assertThat(errors("{% if customer.first_name %}\nHi")).containsExactly(
                "line 1, column 1: '{% if %}' is never closed; add '{% endif %}'");
        assertThat(errors("Hi\n  {% endif %}")).containsExactly(
                "line 2, column 3: '{% endif %}' has no matching '{% if %}'");
        assertThat(errors("{% for t in customer.tags %}\n{% endif %}")).containsExactly(
                "line 2, column 1: '{% endif %}' found where '{% endfor %}' was expected, to close the "
                        + "'{% for %}' at line 1, column 1",
                "line 1, column 1: '{% for %}' is never closed; add '{% endfor %}'");
        assertThat(errors("{% else %}")).containsExactly("line 1, column 1: '{% else %}' is only allowed once inside "
                + "'{% if %}', '{% unless %}', '{% for %}' or '{% case %}'");
        assertThat(errors("{% elsif customer.first_name %}")).containsExactly(
                "line 1, column 1: '{% elsif %}' is only allowed inside '{% if %}', before '{% else %}'");
    }

    @Test
    @DisplayName("unclosed delimiters and quotes")
    void unclosed() {
        assertThat(errors("Hi {{ customer.first_name ")).containsExactly(
                "line 1, column 4: '{{' is never closed with '}}'");
        assertThat(errors("A\nB {% if x ")).containsExactly("line 2, column 3: '{%' is never closed with '%}'");
        assertThat(errors("{{ customer.first_name | append: \"!  }}\n")).containsExactly(
                "line 1, column 34: this quoted text is not closed on the same line; add \" at its end");
        assertThat(errors("{{ customer.first_name ~ '!' }}")).containsExactly(
                "line 1, column 24: unexpected character '~' here");
    }

    @Test
    @DisplayName("include is refused: a template cannot read files")
    void includeRefused() {
        assertThat(errors("Hi\n{% include '/etc/passwd' %}")).containsExactly(
                "line 2, column 4: '{% include %}' is not allowed: a message template cannot read other files");
        assertThat(errors("{% include_relative 'x' %}")).hasSize(1);
        assertThat(errors("{% render 'x' %}")).hasSize(1);
    }

    @Test
    @DisplayName("calls the translator cannot translate are refused, not guessed")
    void untranslatableCalls() {
        assertThat(errors("{{ show_score_url(event.raw.a, show_score_url(event.raw.b)) }}")).containsExactly(
                "line 1, column 32: a function call can only be the first argument of 'show_score_url'; assign it "
                        + "to a variable first with {% assign %}");
        assertThat(errors("{{ customer.first_name | append: show_score_url(event.raw.a) }}")).containsExactly(
                "line 1, column 34: a function call cannot be an argument of 'append'; assign it to a variable "
                        + "first with {% assign %}");
        assertThat(errors("{% for x in split(customer.first_name, ',') %}{% endfor %}")).containsExactly(
                "line 1, column 13: a function call cannot be translated in '{% for %}'; assign its result to a "
                        + "variable first with {% assign %}");
        assertThat(errors("{{ 'a' show_score_url(event.raw.a) }}")).containsExactly(
                "line 1, column 8: a function call must stand on its own here, as in '{{ show_score_url(...) }}'; "
                        + "this one cannot be translated");
        assertThat(errors("{% if not customer.first_name == 'x' %}{% endif %}")).containsExactly(
                "line 1, column 7: 'not' before a comparison cannot be translated; write the opposite comparison, "
                        + "for example 'a != b'");
        assertThat(errors("{{ show_score_url(event.raw.a | upcase) }}")).containsExactly(
                "line 1, column 19: an argument of 'show_score_url' must be a variable, a quoted text or a number; "
                        + "this one cannot be translated");
    }

    @Test
    @DisplayName("a syntax error Liqp finds is mapped back to the line and column as written")
    void liqpErrorMapped() {
        List<String> errors = errors("{% if event.raw.a %}\n{{ show_score_url(event.raw.a) }}\n"
                + "{% endif %}\nThanks {{ customer.first_name customer.last_name }}");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("line 4, column ").contains("this cannot be read as a template");
    }

    @Test
    @DisplayName("a bad date pattern is caught on save")
    void datePattern() {
        assertThat(errors("{{ performance.start | date: 'EEEE d MMMM qqqqqq' }}")).singleElement()
                .asString().startsWith("line 1, column 30: 'EEEE d MMMM qqqqqq' is not a date pattern");
        assertThat(errors("{{ date(performance.start, 'HH:mm') }}")).isEmpty();
    }

    @Test
    @DisplayName("reserved names and replacing built-in variables are refused")
    void reservedNames() {
        assertThat(errors("{{ __ce_state }}")).containsExactly(
                "line 1, column 4: names starting with '__ce' are reserved");
        assertThat(errors("{% assign customer = 'x' %}")).containsExactly(
                "line 1, column 11: 'customer' is a built-in variable and cannot be replaced");
    }

    @Test
    @DisplayName("a template over the size cap is refused as a whole")
    void tooLarge() {
        TemplateEngine small = TemplateEngine.builder().limits(new TemplateLimits(100, 1_000, 10, 5, 10)).build();
        assertThat(small.validate("x".repeat(101)).errors()).containsExactly(
                TemplateProblem.general("the template is 101 characters long; the limit is 100"));
    }

    @Test
    @DisplayName("nesting deeper than the cap is refused before Liqp could overflow its stack")
    void nesting() {
        String deep = "{% if customer.first_name %}".repeat(21) + "x" + "{% endif %}".repeat(21);
        assertThat(errors(deep)).containsExactly("line 1, column 561: blocks are nested more than 20 deep");
    }

    @Test
    @DisplayName("a line after a rewritten multi-line tag keeps its number")
    void multiLineTagsKeepLines() {
        assertThat(errors("{{ show_score_url(\n  event.raw.a\n) }}\n{{ nope }}")).containsExactly(
                "line 4, column 4: unknown variable 'nope'");
        assertThat(errors("{% if\n event.raw.a %}x{% elsif show_score_url(event.raw.b) %}{% endif %}\n{{ nope }}"))
                .containsExactly("line 3, column 4: unknown variable 'nope'");
    }

    @Test
    @DisplayName("orThrow raises a TemplateException carrying the positioned problems")
    void orThrow() {
        assertThatThrownBy(() -> engine.validate("{{ nope }}").orThrow())
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TemplateException.Reason.INVALID_TEMPLATE);
                    assertThat(e.code()).isEqualTo("TEMPLATE.INVALID_TEMPLATE");
                    assertThat(e.problems()).containsExactly(TemplateProblem.at(1, 4, "unknown variable 'nope'"));
                    assertThat(e.getMessage()).isEqualTo("the template cannot be used: line 1, column 4: unknown "
                            + "variable 'nope'");
                });
    }

    @Test
    @DisplayName("a character outside GSM-7 is warned about, with where it is")
    void ucs2Warning() {
        TemplateValidation validation = engine.validate("Hi {{ customer.first_name }},\nit\u2019s showtime");
        assertThat(validation.valid()).isTrue();
        assertThat(validation.warnings()).contains(TemplateProblem.at(2, 3, "'\u2019' (U+2019) is not in the GSM "
                + "alphabet, so the message would be sent as UCS-2: 70 characters per segment instead of 160"));
        assertThat(validation.typical().orElseThrow().encoding()).isEqualTo(Encoding.UCS_2);
    }

    @Test
    @DisplayName("the worst case counts every value at its longest and the footer, and warns over budget")
    void worstCase() {
        String template = "{{ event.name }} " + "y".repeat(300);
        MessageSpec spec = new MessageSpec(Optional.empty(), template, MessageKind.MARKETING, 2, false);
        TemplateValidation validation = engine.validate(spec, TemplateEngine.sampleRecipient());
        // 80 (event name at its longest) + 1 + 300 + newline + 21 (footer) = 403 GSM-7 characters: 3 segments.
        assertThat(validation.worstCase().orElseThrow().characters()).isEqualTo(403);
        assertThat(validation.worstCase().orElseThrow().segments()).isEqualTo(3);
        assertThat(validation.typical().orElseThrow().characters()).isEqualTo(8 + 1 + 300 + 1 + 21);
        assertThat(validation.warnings()).contains(TemplateProblem.general("at its longest (every value at its "
                + "longest) the message takes 3 segments, over the budget of 2; such messages are skipped, never "
                + "cut short"));
        assertThat(validation.preview().orElseThrow()).endsWith("\nReply STOP to opt out");
    }

    @Test
    @DisplayName("a preview that renders nothing is a warning, not an error")
    void blankPreview() {
        TemplateValidation validation = engine.validate("{% if event.raw.nothing %}Hi{% endif %}");
        assertThat(validation.valid()).isTrue();
        assertThat(validation.preview()).isEmpty();
        assertThat(validation.warnings()).contains(TemplateProblem.general("with the sample data the template "
                + "renders nothing, so the sample recipient would get no message"));
    }

    @Test
    @DisplayName("previews do not call functions that may do I/O")
    void previewDoesNoIo() {
        TemplateFunction exploding = new Fixtures.FakeShowScoreUrl() {
            @Override
            public Object call(FunctionContext context, List<Object> arguments) {
                throw new AssertionError("I/O during preview");
            }
        };
        TemplateEngine engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(exploding).build()).build();
        assertThat(engine.validate(Fixtures.REVIEW_REQUEST).preview().orElseThrow()).endsWith("x".repeat(45));
    }

    @Test
    @DisplayName("function registrations are checked: names, clashes with built-ins, duplicates")
    void registrations() {
        TemplateFunction clash = new Fixtures.FakeShowScoreUrl() {
            @Override
            public String name() {
                return "upcase";
            }
        };
        assertThatThrownBy(() -> TemplateFunctions.builder().register(new Fixtures.FakeShowScoreUrl())
                .register(new Fixtures.FakeShowScoreUrl()).register(clash).build())
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).containsExactly(
                        TemplateProblem.general("function name 'show_score_url' is registered twice"),
                        TemplateProblem.general("function name 'upcase' is a built-in function")));
    }

    @Test
    @DisplayName("numbers written into filters are checked on save: lengths, counts, decimal places, divisors, range")
    void numericFilterArguments() {
        String range = "outside the numbers templates work with (-999999999999999999 to 999999999999999999)";
        assertThat(errors("{{ event.name | truncate: -5 }}")).containsExactly("line 1, column 27: 'truncate' needs the"
                + " length to be at least 4 (room for one character and '...') but was given -5");
        assertThat(errors("{{ event.name | truncate: 3 }}{{ event.name | truncate: 1, '' }}")).containsExactly(
                "line 1, column 27: 'truncate' needs the length to be at least 4 (room for one character and '...')"
                        + " but was given 3");
        assertThat(errors("{{ event.name | truncate: 5, ' (more)' }}")).containsExactly("line 1, column 27:"
                + " 'truncate' needs the length to be at least 8 (room for one character and ' (more)') but was given 5");
        assertThat(errors("{{ event.name | truncate: 2.5 }}{{ event.name | truncate: 'ten' }}")).containsExactly(
                "line 1, column 27: 'truncate' needs a whole number for the length but was given 2.5",
                "line 1, column 59: 'truncate' needs a whole number for the length but was given 'ten'");
        assertThat(errors("{{ event.name | truncate: 99999999999999999999 }}")).containsExactly(
                "line 1, column 27: the number 99999999999999999999 is " + range);
        assertThat(errors("{{ event.name | truncatewords: 0 }}")).containsExactly("line 1, column 32:"
                + " 'truncatewords' needs the number of words to be at least 1 but was given 0");
        assertThat(errors("{{ event.name | slice: 1, -2 }}")).containsExactly(
                "line 1, column 27: 'slice' needs the length to be at least 1 but was given -2");
        assertThat(errors("{{ 3.14159 | round: 99999999999 }}")).containsExactly("line 1, column 21: 'round' needs"
                + " the number of decimal places to be from 0 to 10 but was given 99999999999");
        assertThat(errors("{{ event.duration | divided_by: 0 }}{{ event.duration | plus }}")).containsExactly(
                "line 1, column 33: 'divided_by' cannot divide by 0",
                "line 1, column 57: 'plus' takes 1 argument (the number to add) but is given 0");
        assertThat(errors("{{ 999999999999999999 | plus: 1 }}")).containsExactly("line 1, column 25: 'plus' of"
                + " 999999999999999999 and 1 would give 1000000000000000000, " + range);
        assertThat(errors("{{ times(9223372036854775807, 2) }}")).containsExactly(
                "line 1, column 10: the number 9223372036854775807 is " + range);
        assertThat(errors("{% if customer.attributes.Visits > 99999999999999999999 %}x{% endif %}")).containsExactly(
                "line 1, column 36: the number 99999999999999999999 is " + range);
        // Variables are known only when rendering: not judged here, judged then by the same rules.
        assertThat(errors("{{ event.name | truncate: customer.attributes.Length }}{{ event.name | truncate: 4 }}"))
                .isEmpty();
    }
}
