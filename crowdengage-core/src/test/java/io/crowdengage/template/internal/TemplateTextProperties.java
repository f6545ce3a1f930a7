package io.crowdengage.template.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The text every rendering of a template carries, found by the template's own scanner: over random
 * sequences of literal text, values and blocks, with tags written inside quoted strings and raw bodies
 * to mislead a scan that does not know them.
 */
class TemplateTextProperties {
    private static final Pattern OUT = Pattern.compile("OUT\\d+");
    private static final Pattern IN = Pattern.compile("\\bIN\\b");

    /**
     * One piece of a template: whether its OUT words are in the fixed text, whether it is a hole, and
     * whether it has IN as literal text (inside a block), which only the text of every version lacks.
     */
    record Piece(String source, boolean literal, boolean hole, boolean textInside) {
        Piece(String source, boolean literal, boolean hole) {
            this(source, literal, hole, !literal && hole && source.startsWith("{%"));
        }
    }

    /** Pieces that print nothing every rendering is sure to carry; IN marks text any rendering may print. */
    static final List<Piece> OPAQUE = List.of(
            new Piece("{{ \"IN {% endif %}\" }}", false, true),
            new Piece("{{ customer.first_name | append: ' IN {% if x %}' }}", false, true),
            new Piece("{% if customer.first_name == '{% endif %}' %} IN {{ \"{% endif %}\" }} IN {% else %} IN {% endif %}",
                    false, true),
            new Piece("{% unless customer.tags contains '{% endunless %}' %} IN {% endunless %}", false, true),
            new Piece("{% for t in customer.tags %} IN {{ t }}{% endfor %}", false, true),
            new Piece("{% case customer.first_name %}{% when 'IN' %} IN {% else %} IN {% endcase %}", false, true),
            new Piece("{% if event.name %}{% if customer.first_name %} IN {% endif %} IN {% endif %}", false, true),
            new Piece("{% capture c %} IN {{ \"{% if x %}\" }}{% endcapture %}", false, false, true),
            new Piece("{% assign a = 'IN {% endif %}' %}", false, false),
            new Piece("{% comment %} HIDDEN {% if x %} {% endcomment %}", false, false));

    @Provide
    Arbitrary<List<Piece>> pieces() {
        Arbitrary<Piece> literal = Arbitraries.integers().between(0, 999)
                .map(n -> new Piece(" OUT" + n + " ", true, false));
        Arbitrary<Piece> raw = Arbitraries.integers().between(0, 999)
                .map(n -> new Piece("{% raw %} OUT" + n + " {% if x %} {% endraw %}", true, false));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, literal), net.jqwik.api.Tuple.of(1, raw),
                        net.jqwik.api.Tuple.of(4, Arbitraries.of(OPAQUE)))
                .list().ofMaxSize(12);
    }

    @Property
    void theFixedTextIsWhatStandsOutsideEveryBlockAndValue(@ForAll("pieces") List<Piece> pieces) {
        String template = String.join("", pieces.stream().map(Piece::source).toList());
        TemplateText text = TemplateText.of(template).orElseThrow();

        List<String> expected = new ArrayList<>();
        for (Piece piece : pieces) {
            if (piece.literal()) {
                Matcher out = OUT.matcher(piece.source());
                while (out.find()) {
                    expected.add(out.group());
                }
            }
        }
        List<String> found = new ArrayList<>();
        Matcher out = OUT.matcher(text.fixed());
        while (out.find()) {
            found.add(out.group());
        }
        assertThat(found).as(template).isEqualTo(expected);
        assertThat(IN.matcher(text.fixed()).find()).as(template).isFalse();
        assertThat(text.fixed().chars().filter(c -> c == TemplateText.HOLE).count()).as(template)
                .isEqualTo(pieces.stream().filter(Piece::hole).count());
        assertThat(text.fixed()).doesNotContain("HIDDEN");
        // Literal text any rendering may print is in the other text (not quoted strings, which are values); comments are not.
        assertThat(text.everywhere()).doesNotContain("HIDDEN");
        boolean anyInside = pieces.stream().anyMatch(Piece::textInside);
        assertThat(IN.matcher(text.everywhere()).find()).as(template).isEqualTo(anyInside);
    }

    @Example
    void aTagInsideAQuotedStringClosesNothing() {
        TemplateText text = TemplateText.of("Thanks.{% if customer.first_name %}{{ \"{% endif %}\" }} Reply STOP{% endif %}")
                .orElseThrow();
        assertThat(text.fixed("#")).isEqualTo("Thanks.#");
        assertThat(text.everywhere()).contains(" Reply STOP");
    }

    @Example
    void whitespaceControlStripsAsLiquidDoes() {
        assertThat(TemplateText.of("Reply {%- assign a = 1 -%}  STOP").orElseThrow().fixed()).isEqualTo("ReplySTOP");
        assertThat(TemplateText.of("Reply {{- customer.first_name }} STOP").orElseThrow().fixed("#"))
                .isEqualTo("Reply# STOP");
        assertThat(TemplateText.of("Reply {% if event.name -%} x {%- endif %} STOP").orElseThrow().fixed("#"))
                .isEqualTo("Reply # STOP");
        assertThat(TemplateText.of("Reply {% if event.name %} x {% endif -%}  STOP").orElseThrow().fixed("#"))
                .isEqualTo("Reply #STOP");
        assertThat(TemplateText.of("Reply {%- raw -%}  STOP  {%- endraw -%} now").orElseThrow().fixed())
                .isEqualTo("ReplySTOPnow");
    }

    @Example
    void aTemplateThatDoesNotScanHasNoText() {
        assertThat(TemplateText.of("Thanks {% if customer.first_name %}")).isEmpty();
    }
}
