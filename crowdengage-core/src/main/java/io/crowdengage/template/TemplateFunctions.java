package io.crowdengage.template;

import io.crowdengage.internal.Checks;
import io.crowdengage.template.internal.BuiltInFilters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The functions templates may call, by name. Immutable; build with {@link #builder()}.
 *
 * <p>Besides the functions registered here every engine offers {@code date(value, pattern)} and a
 * fixed set of Liquid text filters (listed in {@code docs/templates.md}); a registered function may
 * not take one of those names.
 */
public final class TemplateFunctions {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final TemplateFunctions NONE = new TemplateFunctions(Map.of());

    private final Map<String, TemplateFunction> byName;

    private TemplateFunctions(Map<String, TemplateFunction> byName) {
        this.byName = byName;
    }

    /** No functions besides the built-ins. */
    public static TemplateFunctions none() {
        return NONE;
    }

    /** Starts a registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The function registered under {@code name}, if any. */
    public Optional<TemplateFunction> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every registered function, in registration order. */
    public Collection<TemplateFunction> all() {
        return byName.values();
    }

    /** Collects functions; {@link #build()} refuses bad or duplicate names, listing every problem. */
    public static final class Builder {
        private final List<TemplateFunction> functions = new ArrayList<>();

        private Builder() {
        }

        /** Adds a function. */
        public Builder register(TemplateFunction function) {
            functions.add(Checks.notNull(function, "function"));
            return this;
        }

        /**
         * The registry.
         *
         * @throws TemplateException with reason {@code INVALID_FUNCTION} naming every bad registration
         */
        public TemplateFunctions build() {
            Map<String, TemplateFunction> byName = new LinkedHashMap<>();
            List<TemplateProblem> problems = new ArrayList<>();
            for (TemplateFunction function : functions) {
                String name = function.name();
                if (name == null || !NAME.matcher(name).matches()) {
                    problems.add(TemplateProblem.general("function name '" + name
                            + "' must be lower case letters, digits and underscores, starting with a letter"));
                } else if (BuiltInFilters.isBuiltIn(name)) {
                    problems.add(TemplateProblem.general("function name '" + name + "' is a built-in function"));
                } else if (byName.containsKey(name)) {
                    problems.add(TemplateProblem.general("function name '" + name + "' is registered twice"));
                } else if (function.arity() < 0 || function.arity() > 8) {
                    problems.add(TemplateProblem.general("function '" + name + "' must take 0 to 8 arguments but says "
                            + function.arity()));
                } else if (function.returns() == null) {
                    problems.add(TemplateProblem.general("function '" + name + "' must say what it returns"));
                } else {
                    byName.put(name, function);
                }
            }
            if (!problems.isEmpty()) {
                throw new TemplateException(TemplateException.Reason.INVALID_FUNCTION, problems);
            }
            return new TemplateFunctions(java.util.Collections.unmodifiableMap(byName));
        }
    }
}
