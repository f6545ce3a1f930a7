package io.crowdengage.template.internal;

import io.crowdengage.template.TemplateProblem;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import liqp.Template;
import liqp.TemplateParser;

/**
 * A checked template: its Liquid translation, every problem found, and a small pool of parsed Liqp
 * {@link Template}s. A parsed Liqp template keeps per-render state in a field, so one must never
 * render on two threads at once; each render borrows one from the pool (parsing a new one when
 * the pool is empty) and gives it back afterwards.
 */
public final class CompiledTemplate {
    private final String source;
    private final Translator.Result translation;
    private final List<TemplateProblem> errors;
    private final TemplateParser parser;
    private final ArrayBlockingQueue<Template> pool;

    CompiledTemplate(String source, Translator.Result translation, List<TemplateProblem> errors,
                     TemplateParser parser, int poolSize, Template first) {
        this.source = source;
        this.translation = translation;
        this.errors = List.copyOf(errors);
        this.parser = parser;
        this.pool = new ArrayBlockingQueue<>(poolSize);
        if (first != null) {
            pool.offer(first);
        }
    }

    /** The template as the author wrote it. */
    public String source() {
        return source;
    }

    /** Problems that stop the template from being used; empty when it is valid. */
    public List<TemplateProblem> errors() {
        return errors;
    }

    /** Things worth telling the author that do not stop the template. */
    public List<TemplateProblem> warnings() {
        return translation == null ? List.of() : translation.problems().warnings();
    }

    /** Whether the template can be rendered. */
    public boolean valid() {
        return errors.isEmpty();
    }

    /** The Liquid text given to Liqp (for diagnostics and benchmarks); empty text for an invalid template. */
    public String liquid() {
        return translation == null ? "" : translation.map().text();
    }

    /** The template text with every output replaced by {@code x} at its longest assumed length. */
    public String worstCaseSkeleton() {
        return translation == null ? "" : translation.skeleton();
    }

    /** Whether the template loops, which makes its longest length unbounded. */
    public boolean hasLoops() {
        return translation != null && translation.hasLoops();
    }

    /** Paths of the variables whose values are printed (or passed to functions). */
    public List<List<String>> printedVariables() {
        return translation == null ? List.of() : translation.printedVariables();
    }

    /** Paths of every variable the template reads, in output, conditions or function arguments. */
    public List<List<String>> referencedVariables() {
        return translation == null ? List.of() : translation.referencedVariables();
    }

    Template borrow() {
        Template template = pool.poll();
        return template != null ? template : parser.parse(translation.map().text());
    }

    void giveBack(Template template) {
        pool.offer(template);
    }
}
