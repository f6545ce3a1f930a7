package io.crowdengage.template.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables a template may read, for validation and for worst-case length estimates. It must
 * agree with {@link RenderVariables}, which fills them.
 */
final class VariableSchema {

    /** What a field holds, which decides what may follow it in a lookup. */
    enum Shape { TEXT, NUMBER, LIST, OPEN_MAP, DATE_TIME }

    /** A field and the longest text it is assumed to print, for worst-case lengths. */
    record Field(Shape shape, int maxLength) {
    }

    private static final Map<String, Map<String, Field>> ROOTS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of("instance", "performance", "order", "booking");
    /** Printing a date-time without the date function gives {@code yyyy-MM-dd HH:mm}. */
    static final int DATE_TIME_LENGTH = 16;
    /** Assumed for anything the schema cannot bound (raw values, attributes, assigned variables). */
    static final int UNKNOWN_MAX_LENGTH = 60;

    static {
        Map<String, Field> customer = new LinkedHashMap<>();
        customer.put("id", new Field(Shape.TEXT, 20));
        customer.put("first_name", new Field(Shape.TEXT, 30));
        customer.put("last_name", new Field(Shape.TEXT, 30));
        customer.put("tags", new Field(Shape.LIST, UNKNOWN_MAX_LENGTH));
        customer.put("attributes", new Field(Shape.OPEN_MAP, UNKNOWN_MAX_LENGTH));
        customer.put("contact_preferences", new Field(Shape.LIST, UNKNOWN_MAX_LENGTH));
        customer.put("memberships", new Field(Shape.LIST, UNKNOWN_MAX_LENGTH));
        customer.put("raw", new Field(Shape.OPEN_MAP, UNKNOWN_MAX_LENGTH));
        ROOTS.put("customer", customer);
        Map<String, Field> event = new LinkedHashMap<>();
        event.put("id", new Field(Shape.TEXT, 20));
        event.put("name", new Field(Shape.TEXT, 80));
        event.put("duration", new Field(Shape.NUMBER, 4));
        event.put("raw", new Field(Shape.OPEN_MAP, UNKNOWN_MAX_LENGTH));
        ROOTS.put("event", event);
        Map<String, Field> performance = new LinkedHashMap<>();
        performance.put("id", new Field(Shape.TEXT, 20));
        performance.put("start", new Field(Shape.DATE_TIME, DATE_TIME_LENGTH));
        performance.put("end", new Field(Shape.DATE_TIME, DATE_TIME_LENGTH));
        performance.put("raw", new Field(Shape.OPEN_MAP, UNKNOWN_MAX_LENGTH));
        ROOTS.put("performance", performance);
        Map<String, Field> booking = new LinkedHashMap<>();
        booking.put("id", new Field(Shape.TEXT, 20));
        booking.put("confirmed_at", new Field(Shape.DATE_TIME, DATE_TIME_LENGTH));
        ROOTS.put("booking", booking);
        Map<String, Field> venue = new LinkedHashMap<>();
        venue.put("id", new Field(Shape.TEXT, 20));
        venue.put("name", new Field(Shape.TEXT, 60));
        ROOTS.put("venue", venue);
    }

    private VariableSchema() {
    }

    static Set<String> roots() {
        Set<String> roots = new java.util.LinkedHashSet<>(ROOTS.keySet());
        roots.addAll(ALIASES.keySet());
        return roots;
    }

    /** The root an alias stands for ({@code instance} is {@code performance}); a root is its own. */
    static String canonical(String root) {
        return ALIASES.getOrDefault(root, root);
    }

    static boolean isRoot(String name) {
        return ROOTS.containsKey(name) || ALIASES.containsKey(name);
    }

    /**
     * Checks a lookup whose root is known; returns the problem text if a segment is unknown. Lists
     * and text also answer {@code size}, {@code first} and {@code last}.
     */
    static Optional<String> check(List<String> path) {
        Map<String, Field> fields = ROOTS.get(ALIASES.getOrDefault(path.get(0), path.get(0)));
        if (path.size() == 1) {
            return Optional.empty();
        }
        String fieldName = path.get(1);
        Field field = fields.get(fieldName);
        if (field == null) {
            if ("*".equals(fieldName)) {
                return Optional.empty();
            }
            return Optional.of("unknown variable '" + path.get(0) + "." + fieldName + "'"
                    + Suggestions.hint(fieldName, fields.keySet(), path.get(0) + "."));
        }
        if (path.size() == 2 || field.shape() == Shape.OPEN_MAP) {
            return Optional.empty();
        }
        String next = path.get(2);
        boolean allowed = switch (field.shape()) {
            case LIST -> next.equals("size") || next.equals("first") || next.equals("last") || next.equals("*");
            case TEXT -> next.equals("size");
            default -> false;
        };
        return allowed ? Optional.empty()
                : Optional.of("'" + path.get(0) + "." + fieldName + "' has no part '" + next + "'");
    }

    /** The longest text printing this lookup is assumed to give. */
    static int maxLength(List<String> path) {
        Map<String, Field> fields = ROOTS.get(ALIASES.getOrDefault(path.get(0), path.get(0)));
        if (fields == null || path.size() < 2) {
            return UNKNOWN_MAX_LENGTH;
        }
        Field field = fields.get(path.get(1));
        if (field == null) {
            return UNKNOWN_MAX_LENGTH;
        }
        return path.size() == 2 ? field.maxLength() : UNKNOWN_MAX_LENGTH;
    }
}
