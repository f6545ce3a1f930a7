package io.crowdengage.template.internal;

import io.crowdengage.template.TemplateProblem;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import liqp.Template;
import liqp.TemplateParser;
import liqp.nodes.LNode;
import liqp.parser.v4.NodeVisitor;

/**
 * A checked template: its Liquid translation, every problem found, its Liqp parse, and a small
 * pool of Liqp node trees built from that parse.
 *
 * <p>Liqp's own {@link Template#render} rebuilds the node tree from the parse tree on every call,
 * which costs more than the render itself; the tree is built once here and reused. A node tree
 * must not render on two threads at once (a bracket lookup such as {@code raw[key]} keeps the key it
 * last evaluated in a field), so each render borrows one from the pool, building a new one from the
 * shared, read-only parse when the pool is empty, and gives it back afterwards.
 */
public final class CompiledTemplate {
    private final String source;
    private final Translator.Result translation;
    private final List<TemplateProblem> errors;
    private final TemplateParser parser;
    private final Template parsed;
    private final ArrayBlockingQueue<LNode> pool;
    private final RenderVariables.Needs needs;

    CompiledTemplate(String source, Translator.Result translation, List<TemplateProblem> errors,
                     TemplateParser parser, int poolSize, Template parsed) {
        this.source = source;
        this.translation = translation;
        this.errors = List.copyOf(errors);
        this.parser = parser;
        this.parsed = parsed;
        this.pool = new ArrayBlockingQueue<>(poolSize);
        this.needs = RenderVariables.Needs.of(referencedVariables());
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

    /** The parser the template was parsed with; its settings (limits, filters) apply to every render. */
    TemplateParser parser() {
        return parser;
    }

    /** Which variables a render must provide: those the template reads, nothing else. */
    RenderVariables.Needs needs() {
        return needs;
    }

    /**
     * A node tree for one render on this thread; give it back with {@link #giveBack} when the render
     * succeeded. Building one may throw as rendering may, so it is called inside the render's guard.
     */
    LNode borrow() {
        LNode tree = pool.poll();
        return tree != null ? tree : buildTree();
    }

    void giveBack(LNode tree) {
        pool.offer(tree);
    }

    private LNode buildTree() {
        if (parsed == null) {
            throw new IllegalStateException("an invalid template cannot be rendered");
        }
        // What Template.renderToObjectUnguarded does before each render, done once per pooled tree.
        return new NodeVisitor(parser.insertions, parser.filters, parser.liquidStyleInclude).visit(parsed.getParseTree());
    }
}
