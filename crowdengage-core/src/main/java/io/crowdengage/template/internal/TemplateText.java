package io.crowdengage.template.internal;

import io.crowdengage.internal.Checks;
import java.util.Optional;
import java.util.Set;

/**
 * The literal text of a template, found by the template scanner itself (so a tag written inside a
 * quoted string, {@code {{ "{% endif %}" }}}, is text, never a tag), for checks that must hold for
 * every recipient whatever their data.
 *
 * <ul>
 *   <li>{@link #fixed(String)}: what <em>every</em> rendering prints as written, in order. Each
 *       output ({@code {{ ... }}}), each {@code if}, {@code unless}, {@code case} and {@code for}
 *       block, and each {@code cycle} is one <em>hole</em>, since it may print anything or nothing;
 *       {@code assign}, {@code capture} and {@code comment} print nothing and leave none;
 *       {@code raw} bodies are text. Whitespace control ({@code {%-}, {@code -%}}) strips as Liquid
 *       does, and at a raw tag's edges too.</li>
 *   <li>{@link #everywhere()}: every literal text that any rendering may print, inside blocks and
 *       captures too, raw bodies included, comments not, with each tag and output read as a space.</li>
 * </ul>
 *
 * @param fixed      the fixed text with {@link #HOLE} for each hole
 * @param everywhere every literal text, tags and outputs as spaces
 */
public record TemplateText(String fixed, String everywhere) {
    /** Marks a hole in {@link #fixed()}: U+FFFC OBJECT REPLACEMENT CHARACTER. */
    public static final char HOLE = '\uFFFC';

    public TemplateText {
        Checks.notNull(fixed, "fixed");
        Checks.notNull(everywhere, "everywhere");
    }

    /**
     * The literal text of {@code template}, or empty when it cannot be scanned (a syntax error). The
     * template's functions are not checked here; validate it with the engine first.
     */
    public static Optional<TemplateText> of(String template) {
        Checks.notNull(template, "template");
        // Every name is taken to be a function of any arity: which ones exist is validation's business.
        Translator scanner = new Translator(name -> Optional.of(new FunctionInfo(name, -1, false, -1)), Set.of(),
                Integer.MAX_VALUE, false);
        Translator.Result result = scanner.translate(template, 0);
        return result.problems().hasErrors() ? Optional.empty() : Optional.of(result.text());
    }

    /** The fixed text with each hole replaced by {@code hole}. */
    public String fixed(String hole) {
        return fixed.replace(String.valueOf(HOLE), hole);
    }
}
