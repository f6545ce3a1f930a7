package io.crowdengage.template;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.internal.Checks;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A template, an audience condition or a function registration was refused. It carries every
 * problem found, each with its line and column, so that all of them can be fixed in one go.
 * Rendering never throws this: a message that cannot be rendered is a
 * {@link RenderResult.Skip}.
 */
public final class TemplateException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** What was refused. */
    public enum Reason {
        /** A message template has syntax errors, unknown functions or variables, or breaks a limit. */
        INVALID_TEMPLATE,
        /** An audience condition has the same kinds of problem. */
        INVALID_AUDIENCE_CONDITION,
        /** A template function cannot be registered (bad or duplicate name, bad arity). */
        INVALID_FUNCTION
    }

    private final Reason reason;
    private final transient List<TemplateProblem> problems;

    /**
     * @param reason   what was refused
     * @param problems every problem found; at least one
     */
    public TemplateException(Reason reason, List<TemplateProblem> problems) {
        super(describe(reason, problems));
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order they appear in the template. Never empty. */
    public List<TemplateProblem> problems() {
        return problems;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    protected String area() {
        return "TEMPLATE";
    }

    private static String describe(Reason reason, List<TemplateProblem> problems) {
        Checks.notNull(reason, "reason");
        Checks.require(problems != null && !problems.isEmpty(), "problems", "must list at least one problem");
        String what = switch (reason) {
            case INVALID_TEMPLATE -> "the template";
            case INVALID_AUDIENCE_CONDITION -> "the audience condition";
            case INVALID_FUNCTION -> "the template function";
        };
        if (problems.size() == 1) {
            return what + " cannot be used: " + problems.get(0);
        }
        return what + " cannot be used (" + problems.size() + " problems):"
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
