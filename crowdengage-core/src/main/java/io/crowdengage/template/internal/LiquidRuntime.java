package io.crowdengage.template.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.crowdengage.engine.Reason;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateLimits;
import io.crowdengage.template.TemplateProblem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.Template;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.exceptions.ExceededMaxIterationsException;
import liqp.exceptions.LiquidException;
import liqp.filters.Filter;
import liqp.nodes.LNode;
import liqp.parser.Flavor;
import liqp.spi.BasicTypesSupport;
import liqp.tags.Tag;

/**
 * The one place that talks to Liqp: a shared, immutable {@link TemplateParser} configured for
 * safety, caches of checked templates keyed by their source, and rendering with every failure
 * turned into a reason.
 */
public final class LiquidRuntime {
    private static final String AUDIENCE_PREFIX = "{% if ";
    private static final String AUDIENCE_SUFFIX = " %}Y{% endif %}";
    private static final Pattern QUOTED = Pattern.compile("\"(.*)\"");

    private final TemplateFunctions functions;
    private final TemplateLimits limits;
    private final TemplateParser parser;
    private final Translator templates;
    private final Translator conditions;
    private final Cache<String, CompiledTemplate> compiledTemplates;
    private final Cache<String, CompiledTemplate> compiledConditions;

    /** A runtime for the given functions, limits and date locale. */
    public LiquidRuntime(TemplateFunctions functions, TemplateLimits limits, Locale locale) {
        this.functions = functions;
        this.limits = limits;
        TemplateParser.Builder builder = new TemplateParser.Builder()
                .withFlavor(Flavor.LIQP)
                .withErrorMode(TemplateParser.ErrorMode.STRICT)
                .withStrictVariables(false)
                .withMaxIterations(limits.maxLoopIterations())
                .withMaxSizeRenderedString(limits.maxRenderedCharacters())
                .withLocale(locale)
                // include reads local files by default; validation refuses it and this makes sure.
                .withNameResolver(name -> {
                    throw new IOException("including other files is disabled");
                })
                .withTag(new Refused("include"))
                .withTag(new Refused("include_relative"));
        for (Filter filter : BuiltInFilters.create(limits.maxRenderedCharacters(), locale)) {
            builder.withFilter(filter);
        }
        for (TemplateFunction function : functions.all()) {
            builder.withFilter(new FunctionFilter(function, false));
            builder.withFilter(new FunctionFilter(function, true));
        }
        this.parser = builder.build();
        Set<String> names = new TreeSet<>(BuiltInFilters.names());
        functions.all().forEach(f -> names.add(f.name()));
        this.templates = new Translator(this::function, names, limits.maxNestingDepth(), false);
        this.conditions = new Translator(this::function, names, limits.maxNestingDepth(), true);
        // Upkeep (recording reads, evicting) runs on the calling thread: every render reads a cache, and
        // handing that upkeep to the common pool wakes a pool thread every few reads.
        this.compiledTemplates = Caffeine.newBuilder().maximumSize(limits.cachedTemplates())
                .executor(Runnable::run).build();
        this.compiledConditions = Caffeine.newBuilder().maximumSize(limits.cachedTemplates())
                .executor(Runnable::run).build();
    }

    private Optional<FunctionInfo> function(String name) {
        if (BuiltInFilters.names().contains(name)) {
            return Optional.of(BuiltInFilters.info(name));
        }
        return functions.find(name).map(f -> new FunctionInfo(f.name(), f.arity(), f.mayDoIo(),
                f.returns().maxLength()));
    }

    /** The checked form of a message template, from the cache when this source was seen before. */
    public CompiledTemplate template(String source) {
        // getIfPresent first: the hit, nearly every call, then allocates no mapping function.
        CompiledTemplate cached = compiledTemplates.getIfPresent(source);
        return cached != null ? cached : compiledTemplates.get(source, s -> compile(s, templates, s, 0));
    }

    /** The checked form of an audience condition; problems point into the condition as written. */
    public CompiledTemplate condition(String condition) {
        return compiledConditions.get(condition, c -> {
            Problems lexing = new Problems(new LineIndex(c), 0);
            Lexer.tokenize(c, 0, c.length(), lexing);
            if (c.isBlank()) {
                lexing.errorForWholeTemplate("the condition is empty");
            }
            if (lexing.hasErrors()) {
                return new CompiledTemplate(c, null, lexing.errors(), parser, 1, null);
            }
            return compile(c, conditions, AUDIENCE_PREFIX + c + AUDIENCE_SUFFIX, AUDIENCE_PREFIX.length());
        });
    }

    private CompiledTemplate compile(String original, Translator translator, String source, int shift) {
        if (original.length() > limits.maxTemplateCharacters()) {
            return new CompiledTemplate(original, null, List.of(TemplateProblem.general("the template is "
                    + original.length() + " characters long; the limit is " + limits.maxTemplateCharacters())),
                    parser, 1, null);
        }
        Translator.Result translation = translator.translate(source, shift);
        List<TemplateProblem> errors = new ArrayList<>(translation.problems().errors());
        Template parsed = null;
        if (errors.isEmpty()) {
            try {
                parsed = parser.parse(translation.map().text());
            } catch (LiquidException e) {
                int offset = translation.map().originalOffset(Math.max(1, e.line), e.charPositionInLine);
                Problems problems = new Problems(new LineIndex(source), shift);
                problems.error(offset, plain(e.getMessage()));
                errors.addAll(problems.errors());
            } catch (RuntimeException | StackOverflowError e) {
                errors.add(TemplateProblem.general("the template cannot be read: " + e.getMessage()));
            }
        }
        int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
        return new CompiledTemplate(original, translation, errors, parser, poolSize, parsed);
    }

    /** Liqp's ANTLR wording, turned into something a box-office user can act on. */
    private static String plain(String message) {
        Matcher quoted = QUOTED.matcher(String.valueOf(message));
        String inner = quoted.find() ? quoted.group(1) : String.valueOf(message);
        if (inner.contains("<EOF>")) {
            return "the template ends before a tag or block is finished";
        }
        return "this cannot be read as a template (" + inner + ")";
    }

    /**
     * Whether any variable the template reads is missing for this recipient: an audience condition
     * that reads a value the customer does not have leaves them out, since Liqp would otherwise
     * compare the missing value as if it were 0 or empty (so {@code missing < 5} would hold).
     */
    public boolean readsMissingVariable(CompiledTemplate compiled, AudienceSubject recipient) {
        Map<String, Object> variables = RenderVariables.of(recipient, compiled.needs());
        for (List<String> path : compiled.referencedVariables()) {
            if (RenderVariables.isMissing(variables, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Renders a valid template for one recipient.
     *
     * @param skipIfVariableMissing fail with {@code MISSING_VARIABLE} when a printed variable is missing
     */
    public RawRender render(CompiledTemplate compiled, AudienceSubject recipient, FunctionContext context,
                            boolean skipIfVariableMissing) {
        Map<String, Object> variables = RenderVariables.of(recipient, compiled.needs());
        if (skipIfVariableMissing) {
            List<String> missing = new ArrayList<>();
            for (List<String> path : compiled.printedVariables()) {
                if (RenderVariables.isMissing(variables, path)) {
                    missing.add(String.join(".", path));
                }
            }
            if (!missing.isEmpty()) {
                return RawRender.failed(Reason.MISSING_VARIABLE, "the step skips recipients with missing values, and "
                        + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " missing");
            }
        }
        RenderState state = new RenderState(context);
        variables.put(RenderState.KEY, state);
        LNode tree = null;
        boolean reusable = false;
        try {
            tree = compiled.borrow();
            String text = renderTree(compiled.parser(), tree, variables);
            reusable = true;
            return RawRender.ok(text);
        } catch (RuntimeException e) {
            if (state.failed()) {
                return RawRender.failed(state.failure(), state.explanation());
            }
            return RawRender.failed(Reason.TEMPLATE_ERROR, explain(e));
        } catch (StackOverflowError e) {
            return RawRender.failed(Reason.TEMPLATE_ERROR, "the template nests too deeply to render");
        } finally {
            // A template that failed half-way is dropped rather than trusted again.
            if (reusable) {
                compiled.giveBack(tree);
            }
        }
    }

    /**
     * What {@code Template.renderUnguarded(Map)} does, minus rebuilding the node tree: a fresh root
     * context over the variables (Liqp copies them), the tree rendered in it, and the parser's render
     * transformer, which enforces the rendered-size cap, making the result.
     */
    private static String renderTree(TemplateParser parser, LNode tree, Map<String, Object> variables) {
        BasicTypesSupport.clearReferences();
        TemplateContext context = new TemplateContext(parser, parser.evaluate(parser.mapper, variables));
        if (parser.getEnvironmentMapConfigurator() != null) {
            parser.getEnvironmentMapConfigurator().accept(context.getEnvironmentMap());
        }
        Object rendered = tree.render(context);
        return parser.getRenderTransformer().transformObject(context, rendered).toString();
    }

    private String explain(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ExceededMaxIterationsException) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof ExceededMaxIterationsException) {
            return "a loop ran more than " + limits.maxLoopIterations() + " times";
        }
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("rendered string exceeds")) {
            return "the rendered text grew past " + limits.maxRenderedCharacters() + " characters";
        }
        return "the template could not be rendered: " + message;
    }

    /** Stands in for Liqp's include tags: rendering one fails. */
    private static final class Refused extends Tag {
        Refused(String name) {
            super(name);
        }

        @Override
        public Object render(TemplateContext context, LNode... nodes) {
            throw new IllegalStateException("'" + name + "' is disabled: templates cannot read files");
        }
    }

    /**
     * The raw outcome of a render: the text, or why there is none.
     *
     * @param text        the rendered text; empty when failed
     * @param failure     the reason, or null when the render succeeded
     * @param explanation a plain sentence; empty when the render succeeded
     */
    public record RawRender(String text, Reason failure, String explanation) {
        static RawRender ok(String text) {
            return new RawRender(text, null, "");
        }

        static RawRender failed(Reason reason, String explanation) {
            return new RawRender("", reason, explanation);
        }

        /** Whether the render produced text. */
        public boolean succeeded() {
            return failure == null;
        }
    }
}
