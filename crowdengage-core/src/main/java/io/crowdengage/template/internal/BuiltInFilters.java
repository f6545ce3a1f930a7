package io.crowdengage.template.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.crowdengage.engine.Reason;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import liqp.TemplateContext;
import liqp.filters.Filter;
import liqp.parser.Flavor;

/**
 * The functions every engine has: a curated set of Liquid's own text and number filters, each
 * wrapped so that no result can grow past the rendered-size cap (Liqp's own cap does not see text
 * built up by {@code assign}), plus {@code date} and the truthiness helpers the translator uses.
 */
public final class BuiltInFilters {
    /** Formats a date-time with a Java {@link DateTimeFormatter} pattern. */
    public static final String DATE = "date";

    /** Liquid filters that only reshape text, numbers and lists; nothing that reads files or builds HTML. */
    static final Set<String> LIQUID_FILTERS = Set.of("append", "prepend", "capitalize", "downcase", "upcase",
            "default", "strip", "lstrip", "rstrip", "strip_newlines", "replace", "replace_first", "remove",
            "remove_first", "truncate", "truncatewords", "size", "first", "last", "join", "split", "slice",
            "plus", "minus", "times", "divided_by", "modulo", "round", "ceil", "floor", "abs", "at_least",
            "at_most", "url_encode", "sort", "sort_natural", "uniq", "reverse", "compact", "map");

    private BuiltInFilters() {
    }

    /** Whether {@code name} is taken by a built-in function (or reserved). */
    public static boolean isBuiltIn(String name) {
        return DATE.equals(name) || LIQUID_FILTERS.contains(name) || name.startsWith(Translator.RESERVED_PREFIX);
    }

    /** The built-in names templates may call, sorted. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>(LIQUID_FILTERS);
        names.add(DATE);
        return names;
    }

    /** What validation knows about a built-in. */
    static FunctionInfo info(String name) {
        if (DATE.equals(name)) {
            return new FunctionInfo(DATE, 2, false, 40);
        }
        return new FunctionInfo(name, -1, false, -1);
    }

    /** The Liqp filters implementing the built-ins, with results capped at {@code maxCharacters}. */
    static List<Filter> create(int maxCharacters, Locale locale) {
        List<Filter> filters = new ArrayList<>();
        Map<String, Filter> liquid = Flavor.LIQP.getFilters().getMap();
        for (String name : LIQUID_FILTERS) {
            Filter original = liquid.get(name);
            if (original == null) {
                throw new IllegalStateException("Liqp has no filter named " + name);
            }
            filters.add(FilterArguments.governs(name) ? new Guarded(original, maxCharacters)
                    : new Capped(original, maxCharacters));
        }
        filters.add(new DateFilter(locale));
        filters.add(new Truth(Translator.TRUTHY, true));
        filters.add(new Truth(Translator.FALSY, false));
        return filters;
    }

    /** Fails the render when a result is larger than the cap. */
    static Object capped(Object result, int maxCharacters, String name, TemplateContext context) {
        int size = result instanceof CharSequence text ? text.length()
                : result instanceof Collection<?> collection ? collection.size()
                : result instanceof Object[] array ? array.length : 0;
        if (size > maxCharacters) {
            throw RenderState.of(context).fail(Reason.TEMPLATE_ERROR, "'" + name + "' produced a value of " + size
                    + " characters or items, more than the limit of " + maxCharacters);
        }
        return result;
    }

    private static final class Capped extends Filter {
        private final Filter original;
        private final int maxCharacters;

        Capped(Filter original, int maxCharacters) {
            super(original.name);
            this.original = original;
            this.maxCharacters = maxCharacters;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return capped(original.apply(value, context, params), maxCharacters, name, context);
        }
    }

    /**
     * A filter that takes or makes numbers: its arguments and result are checked by
     * {@link FilterArguments} before Liqp's own filter runs, so that a recipient's value cannot make it
     * print garbage ({@code ...}, a wrapped-around number) or fail with a Java message; then capped.
     */
    private static final class Guarded extends Filter {
        private final Filter original;
        private final int maxCharacters;

        Guarded(Filter original, int maxCharacters) {
            super(original.name);
            this.original = original;
            this.maxCharacters = maxCharacters;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            Object[] given = params == null ? new Object[0] : params;
            Optional<FilterArguments.Problem> problem = FilterArguments.problem(name, value, Arrays.asList(given));
            if (problem.isPresent()) {
                throw RenderState.of(context).fail(Reason.TEMPLATE_ERROR, problem.get().message());
            }
            Optional<Object> exact = FilterArguments.exactly(name, value, given);
            if (exact.isPresent()) {
                return exact.get();
            }
            Object[] forLiqp = new Object[given.length];
            boolean truncates = name.equals("truncate") || name.equals("truncatewords");
            for (int i = 0; i < given.length; i++) {
                forLiqp[i] = FilterArguments.forLiqp(name, given[i], truncates && i == 1);
            }
            return capped(original.apply(FilterArguments.forLiqp(name, value, false), context, forLiqp), maxCharacters,
                    name, context);
        }
    }

    /** {@code value | date: "EEEE d MMMM"}; the value keeps the venue's zone. */
    private static final class DateFilter extends Filter {
        private final Locale locale;
        private final Cache<String, DateTimeFormatter> formatters = Caffeine.newBuilder().maximumSize(512).build();

        DateFilter(Locale locale) {
            super(DATE);
            this.locale = locale;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            RenderState state = RenderState.of(context);
            TemporalAccessor temporal = value instanceof VenueDateTime venue ? venue.value()
                    : value instanceof TemporalAccessor accessor ? accessor : null;
            if (temporal == null) {
                throw state.fail(value == null || value.toString().isBlank() ? Reason.MISSING_VARIABLE
                        : Reason.TEMPLATE_ERROR, "'date' was given " + (value == null ? "no value"
                        : "'" + value + "', which is not a date and time"));
            }
            if (params.length != 1 || !(params[0] instanceof CharSequence)) {
                throw state.fail(Reason.TEMPLATE_ERROR, "'date' needs one pattern, as in date: \"EEEE d MMMM\"");
            }
            String pattern = params[0].toString();
            try {
                DateTimeFormatter formatter = formatters.get(pattern, p -> DateTimeFormatter.ofPattern(p, locale));
                return formatter.format(temporal);
            } catch (RuntimeException e) {
                throw state.fail(Reason.TEMPLATE_ERROR, "'date' could not format with pattern '" + pattern + "': "
                        + e.getMessage());
            }
        }
    }

    /**
     * Python-style truth for conditions: nothing, false, blank text, zero and empty lists or maps are
     * false. A ShowScoreID of {@code ""} or {@code "  "} must not pass an {@code if}.
     */
    private static final class Truth extends Filter {
        private final boolean truthWhen;

        Truth(String name, boolean truthWhen) {
            super(name);
            this.truthWhen = truthWhen;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return isTruthy(value) == truthWhen;
        }

        static boolean isTruthy(Object value) {
            if (value == null) {
                return false;
            }
            if (value instanceof Boolean bool) {
                return bool;
            }
            if (value instanceof CharSequence text) {
                return !text.toString().isBlank();
            }
            if (value instanceof Number number) {
                return number.doubleValue() != 0;
            }
            if (value instanceof Collection<?> collection) {
                return !collection.isEmpty();
            }
            if (value instanceof Map<?, ?> map) {
                return !map.isEmpty();
            }
            if (value instanceof Object[] array) {
                return array.length > 0;
            }
            return true;
        }
    }
}
