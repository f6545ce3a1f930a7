package io.crowdengage.template.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for the built-in filters that take or make numbers: what their arguments may be, and the
 * range of numbers a template works with. One owner for both checks: validation applies them to the
 * arguments written in the template ({@code truncate: -5}), rendering to the values a recipient
 * brings ({@code truncate: customer.attributes.Length}), so a template that passes validation
 * cannot print garbage such as {@code ...} or an overflowed {@code -9223372036854775808} later.
 *
 * <ul>
 *   <li>Numbers are from {@code -999999999999999999} to {@code 999999999999999999} (18 digits),
 *       written or computed: Liqp's whole-number arithmetic would silently wrap past 64 bits.</li>
 *   <li>{@code plus}, {@code minus}, {@code times}, {@code divided_by}, {@code modulo},
 *       {@code at_least}, {@code at_most} take one number; {@code divided_by} and {@code modulo} not
 *       0. A value piped into them, and into {@code abs}, {@code ceil}, {@code floor} and
 *       {@code round}, must be a number or missing (missing counts as 0, as in Liquid).</li>
 *   <li>{@code round} takes 0 to 10 decimal places.</li>
 *   <li>{@code truncate} takes a whole-number length with room for at least one character besides
 *       its ellipsis ({@code ...} unless given), so at least 4 by default; {@code truncatewords} at
 *       least 1 word; {@code slice} a whole-number start and a length of at least 1.</li>
 * </ul>
 */
final class FilterArguments {
    /** The largest number a template works with; its negation is the smallest. */
    static final BigDecimal LIMIT = new BigDecimal("999999999999999999");
    /** The most decimal places {@code round} takes. */
    static final int MAX_ROUND_DIGITS = 10;
    /** Stands for an argument whose value is only known when rendering (a variable). */
    static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "(a variable)";
        }
    };

    private static final String RANGE = "outside the numbers templates work with (-" + LIMIT + " to " + LIMIT + ")";
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final String DEFAULT_ELLIPSIS = "...";
    /** No text or list is longer than this, so a larger length, count or position means the same. */
    private static final long MAX_POSITION = 1_000_000_000L;

    /** How many arguments each filter takes after the piped value, and what the first one is for. */
    private record Shape(int min, int max, String firstArgument) {
    }

    private static final Map<String, Shape> SHAPES = Map.ofEntries(
            Map.entry("plus", new Shape(1, 1, "the number to add")),
            Map.entry("minus", new Shape(1, 1, "the number to take away")),
            Map.entry("times", new Shape(1, 1, "the number to multiply by")),
            Map.entry("divided_by", new Shape(1, 1, "the number to divide by")),
            Map.entry("modulo", new Shape(1, 1, "the number to divide by")),
            Map.entry("at_least", new Shape(1, 1, "the smallest number to give")),
            Map.entry("at_most", new Shape(1, 1, "the largest number to give")),
            Map.entry("abs", new Shape(0, 0, "")),
            Map.entry("ceil", new Shape(0, 0, "")),
            Map.entry("floor", new Shape(0, 0, "")),
            Map.entry("round", new Shape(0, 1, "the number of decimal places")),
            Map.entry("truncate", new Shape(0, 2, "the length")),
            Map.entry("truncatewords", new Shape(0, 2, "the number of words")),
            Map.entry("slice", new Shape(1, 2, "where to start")));

    /**
     * A problem, and what it is about.
     *
     * @param argument the argument at fault, counting from 0 after the piped value; -1 for the piped
     *                 value or the call as a whole
     * @param message  what is wrong, naming the filter
     */
    record Problem(int argument, String message) {
    }

    private FilterArguments() {
    }

    /** Whether {@code filter} is one these rules are about. */
    static boolean governs(String filter) {
        return SHAPES.containsKey(filter);
    }

    /**
     * What is wrong with a number written in a template, if anything: only its size can be.
     *
     * @param literal the number as written, such as {@code -5} or {@code 2.50}
     */
    static Optional<String> literalProblem(String literal) {
        BigDecimal number = new BigDecimal(literal);
        return inRange(number) ? Optional.empty() : Optional.of("the number " + literal + " is " + RANGE);
    }

    /**
     * The first problem with {@code filter} applied to {@code value} with {@code params}; values that
     * are {@link #UNKNOWN} are not judged (at validation, variables are not known yet).
     */
    static Optional<Problem> problem(String filter, Object value, List<?> params) {
        Shape shape = SHAPES.get(filter);
        if (shape == null) {
            return Optional.empty();
        }
        if (params.size() < shape.min() || params.size() > shape.max()) {
            return Optional.of(new Problem(-1, "'" + filter + "' takes " + count(shape) + " but is given "
                    + params.size()));
        }
        return switch (filter) {
            case "plus", "minus", "times", "divided_by", "modulo", "at_least", "at_most" -> arithmetic(filter, value,
                    params.get(0));
            case "abs", "ceil", "floor" -> numericValue(filter, value);
            case "round" -> numericValue(filter, value).or(() -> params.isEmpty() ? Optional.empty()
                    : whole(filter, params.get(0), 0, shape.firstArgument(), 0, MAX_ROUND_DIGITS, ""));
            case "truncate" -> truncate(params);
            case "truncatewords" -> params.isEmpty() ? Optional.empty()
                    : whole(filter, params.get(0), 0, shape.firstArgument(), 1, null, "");
            case "slice" -> whole(filter, params.get(0), 0, shape.firstArgument(), null, null, "")
                    .or(() -> params.size() < 2 ? Optional.empty()
                            : whole(filter, params.get(1), 1, "the length", 1, null, ""));
            default -> Optional.empty();
        };
    }

    /**
     * A value or argument as Liqp's own filter is given it, once {@link #problem} found nothing.
     * Numbers written as text become exact numbers: Liqp reads {@code "-9007199254740993"} as a
     * {@code double} and loses its last digit. A whole-number length, count or position that Liqp
     * would narrow to an {@code int} (and so wrap) is clamped to the largest that means the same,
     * since no text or list is that long. The ellipsis of {@code truncate} stays text.
     */
    static Object forLiqp(String filter, Object argument, boolean isEllipsis) {
        if (isEllipsis || argument == null || argument == UNKNOWN) {
            return argument;
        }
        Optional<BigDecimal> number = number(argument);
        if (number.isEmpty()) {
            return argument;
        }
        BigDecimal n = number.get();
        if (filter.equals("truncate") || filter.equals("truncatewords") || filter.equals("slice")) {
            return Math.max(-MAX_POSITION, Math.min(MAX_POSITION, n.longValue()));
        }
        if (argument instanceof CharSequence) {
            return n.stripTrailingZeros().scale() <= 0 ? (Object) n.longValueExact() : n;
        }
        return argument;
    }

    /**
     * The result of {@code ceil}, {@code floor} or {@code round} on a number, computed exactly: Liqp
     * goes through a {@code double}, so {@code 999999999999999999 | floor} would print
     * {@code 1000000000000000000}. Empty for any other filter, or a value that is not a number (Liqp's
     * own filter handles those as Liquid does).
     */
    static Optional<Object> exactly(String filter, Object value, Object[] params) {
        if (!filter.equals("ceil") && !filter.equals("floor") && !filter.equals("round")) {
            return Optional.empty();
        }
        return number(value).map(n -> switch (filter) {
            case "ceil" -> n.setScale(0, RoundingMode.CEILING).longValueExact();
            case "floor" -> n.setScale(0, RoundingMode.FLOOR).longValueExact();
            default -> {
                int places = params.length == 0 ? 0 : number(params[0]).map(BigDecimal::intValue).orElse(0);
                BigDecimal rounded = n.setScale(places, RoundingMode.HALF_UP);
                yield places == 0 ? (Object) rounded.longValueExact() : rounded.toPlainString();
            }
        });
    }

    private static Optional<Problem> arithmetic(String filter, Object value, Object operand) {
        Optional<Problem> valueProblem = numericValue(filter, value);
        if (valueProblem.isPresent()) {
            return valueProblem;
        }
        if (operand == UNKNOWN) {
            return Optional.empty();
        }
        boolean divides = filter.equals("divided_by") || filter.equals("modulo");
        Optional<BigDecimal> right = number(operand);
        if (right.isEmpty() && !isMissing(operand)) {
            return Optional.of(new Problem(0, "'" + filter + "' needs a number but was given " + shown(operand)));
        }
        BigDecimal by = right.orElse(BigDecimal.ZERO);
        if (!inRange(by)) {
            return Optional.of(new Problem(0, "'" + filter + "' was given " + plain(by) + ", " + RANGE));
        }
        if (divides && by.signum() == 0) {
            return Optional.of(new Problem(0, "'" + filter + "' cannot divide by 0"
                    + (isMissing(operand) ? " (it was given nothing, which counts as 0)" : "")));
        }
        if (value == UNKNOWN) {
            return Optional.empty();
        }
        BigDecimal left = number(value).orElse(BigDecimal.ZERO);
        BigDecimal result = switch (filter) {
            case "plus" -> left.add(by);
            case "minus" -> left.subtract(by);
            case "times" -> left.multiply(by);
            case "divided_by" -> left.divide(by, MathContext.DECIMAL64);
            default -> BigDecimal.ZERO;
        };
        if (!inRange(result)) {
            return Optional.of(new Problem(-1, "'" + filter + "' of " + plain(left) + " and " + plain(by)
                    + " would give " + plain(result) + ", " + RANGE));
        }
        return Optional.empty();
    }

    /** The piped value of an arithmetic filter: a number in range, or missing. */
    private static Optional<Problem> numericValue(String filter, Object value) {
        if (value == UNKNOWN || isMissing(value)) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = number(value);
        if (number.isEmpty()) {
            return Optional.of(new Problem(-1, "'" + filter + "' needs a number but was given " + shown(value)));
        }
        if (!inRange(number.get())) {
            return Optional.of(new Problem(-1, "'" + filter + "' was given " + plain(number.get()) + ", " + RANGE));
        }
        return Optional.empty();
    }

    /** A length with room for one character besides the ellipsis: otherwise only the ellipsis would print. */
    private static Optional<Problem> truncate(List<?> params) {
        if (params.isEmpty()) {
            return Optional.empty();
        }
        Object ellipsis = params.size() > 1 ? params.get(1) : DEFAULT_ELLIPSIS;
        if (ellipsis == UNKNOWN) {
            return whole("truncate", params.get(0), 0, "the length", 1, null, "");
        }
        String text = ellipsis == null ? "" : ellipsis.toString();
        return whole("truncate", params.get(0), 0, "the length", text.length() + 1, null,
                text.isEmpty() ? "" : " (room for one character and '" + text + "')");
    }

    /**
     * A whole-number argument from {@code min} to {@code max} (null for no bound but the range);
     * {@code why} follows the bound in the message.
     */
    private static Optional<Problem> whole(String filter, Object argument, int index, String what, Integer min,
                                           Integer max, String why) {
        if (argument == UNKNOWN) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = number(argument);
        if (number.isEmpty() || number.get().stripTrailingZeros().scale() > 0) {
            String given = isMissing(argument) ? "nothing"
                    : number.map(FilterArguments::plain).orElseGet(() -> shown(argument));
            return Optional.of(new Problem(index, "'" + filter + "' needs a whole number for " + what
                    + " but was given " + given));
        }
        BigDecimal n = number.get();
        if (!inRange(n)) {
            return Optional.of(new Problem(index, "'" + filter + "' was given " + plain(n) + " for " + what + ", "
                    + RANGE));
        }
        boolean tooSmall = min != null && n.compareTo(BigDecimal.valueOf(min)) < 0;
        boolean tooLarge = max != null && n.compareTo(BigDecimal.valueOf(max)) > 0;
        if (tooSmall || tooLarge) {
            String bounds = max == null ? "at least " + min
                    : min == null ? "at most " + max : "from " + min + " to " + max;
            return Optional.of(new Problem(index, "'" + filter + "' needs " + what + " to be " + bounds + why
                    + " but was given " + plain(n)));
        }
        return Optional.empty();
    }

    /** A number, read as Liqp reads one: a Java number, or text that is a decimal number. */
    static Optional<BigDecimal> number(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? Optional.of(BigDecimal.valueOf(d)) : Optional.empty();
        }
        if (value instanceof BigDecimal decimal) {
            return Optional.of(decimal);
        }
        if (value instanceof BigInteger whole) {
            return Optional.of(new BigDecimal(whole));
        }
        if (value instanceof Number number) {
            return Optional.of(BigDecimal.valueOf(number.longValue()));
        }
        if (value instanceof CharSequence text) {
            String stripped = text.toString().strip();
            if (DECIMAL.matcher(stripped).matches() && stripped.length() <= 400) {
                return Optional.of(new BigDecimal(stripped));
            }
        }
        return Optional.empty();
    }

    private static boolean isMissing(Object value) {
        return value == null || value instanceof CharSequence text && text.toString().isBlank();
    }

    private static boolean inRange(BigDecimal number) {
        return number.abs().compareTo(LIMIT) <= 0;
    }

    private static String count(Shape shape) {
        String arguments = shape.min() == shape.max()
                ? shape.min() + (shape.min() == 1 ? " argument" : " arguments")
                : shape.min() + " to " + shape.max() + " arguments";
        return arguments + (shape.firstArgument().isEmpty() ? "" : " (" + shape.firstArgument()
                + (shape.max() > 1 ? ", ..." : "") + ")");
    }

    private static String plain(BigDecimal number) {
        String text = number.stripTrailingZeros().toPlainString();
        return text.length() <= 40 ? text : number.round(new MathContext(6)).toString();
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() <= 30 ? text : text.substring(0, 30) + "...") + "'";
    }
}
