package io.crowdengage.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one JSON object of a scenario, recording a path-named problem for each field
 * that is missing, of the wrong type or unparseable, and, on {@link #finish()}, for each field it
 * was never asked about: a misspelt field silently ignored would change the simulation without a
 * word, so unknown fields are errors.
 *
 * <p>Every getter answers empty when the value is absent or bad, having recorded why, so the caller
 * carries on and the reader reports every problem in one go.
 *
 * <p>JSON {@code null} is not a value: a field is either given or left out. {@code "firstName": null}
 * is refused ("must be a string but was null; leave the field out to use its default"), because an
 * explicit null usually comes from an export that lost a value, and reading it as "not given" would
 * quietly replace it with the default. (Attribute maps are the exception, see {@link #scalarMap}.)
 */
final class JsonFields {
    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> asked = new LinkedHashSet<>();

    private JsonFields(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** The fields of {@code node}, or empty (with a problem) when it is not an object. */
    static Optional<JsonFields> of(JsonNode node, String path, Problems problems) {
        if (!node.isObject()) {
            problems.error(path, "must be an object but was " + describe(node));
            return Optional.empty();
        }
        return Optional.of(new JsonFields(node, path, problems));
    }

    String path() {
        return path;
    }

    String path(String field) {
        return Problems.join(path, field);
    }

    /** Whether the field is given, even as null (which its getter then refuses); counts as asking about it. */
    boolean has(String field) {
        asked.add(field);
        return node.has(field);
    }

    /**
     * The raw value, if given; a null is recorded as "must be {@code expected} but was null" and
     * answers empty.
     */
    Optional<JsonNode> value(String field, String expected) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            problems.error(path(field), "must be " + expected + " but was null; leave the field out to use its"
                    + " default");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** The raw value, recording "is required" when absent and "is required but was null" when null. */
    Optional<JsonNode> required(String field) {
        if (!has(field) || node.get(field).isNull()) {
            problems.error(path(field), has(field) ? "is required but was null" : "is required");
            return Optional.empty();
        }
        return Optional.of(node.get(field));
    }

    /** A non-blank string that must be present. */
    Optional<String> requiredText(String field) {
        return required(field).flatMap(v -> text(v, path(field), false));
    }

    /** A string, if present; blank allowed only when {@code allowBlank}. */
    Optional<String> optionalText(String field, boolean allowBlank) {
        return value(field, "a string").flatMap(v -> text(v, path(field), allowBlank));
    }

    /** A required string turned into a value by {@code parser}; a parser exception becomes the problem "must be {@code expected} but was '...'". */
    <T> Optional<T> requiredParsed(String field, Function<String, T> parser, String expected) {
        return requiredText(field).flatMap(text -> parse(text, path(field), parser, expected));
    }

    /** Like {@link #requiredParsed} for an optional field. */
    <T> Optional<T> optionalParsed(String field, Function<String, T> parser, String expected) {
        return value(field, expected).flatMap(v -> text(v, path(field), false))
                .flatMap(text -> parse(text, path(field), parser, expected));
    }

    /** A whole number from {@code min} to {@code max}, if present. */
    Optional<Integer> optionalInt(String field, int min, int max) {
        return value(field, "a whole number from " + min + " to " + max)
                .flatMap(v -> wholeNumber(v, path(field), min, max));
    }

    /** A whole number from {@code min} to {@code max} that must be present. */
    Optional<Integer> requiredInt(String field, int min, int max) {
        return required(field).flatMap(v -> wholeNumber(v, path(field), min, max));
    }

    /** Any whole number, if present. */
    Optional<Long> optionalLong(String field) {
        return value(field, "a whole number").flatMap(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                problems.error(path(field), "must be a whole number but was " + describe(v));
                return Optional.empty();
            }
            return Optional.of(v.longValue());
        });
    }

    /** A number from {@code min} to {@code max}, if present. */
    Optional<Double> optionalNumber(String field, double min, double max) {
        return value(field, "a number from " + plain(min) + " to " + plain(max)).flatMap(v -> {
            if (!v.isNumber()) {
                problems.error(path(field), "must be a number but was " + describe(v));
                return Optional.empty();
            }
            double number = v.doubleValue();
            if (number < min || number > max) {
                problems.error(path(field), "must be from " + plain(min) + " to " + plain(max) + " but was " + v.asText());
                return Optional.empty();
            }
            return Optional.of(number);
        });
    }

    /** Any number, if present; its range is for the caller to check. */
    Optional<Double> optionalNumber(String field, String expected) {
        return value(field, expected).flatMap(v -> {
            if (!v.isNumber() || Double.isInfinite(v.doubleValue())) {
                problems.error(path(field), "must be " + expected + " but was " + describe(v));
                return Optional.empty();
            }
            return Optional.of(v.doubleValue());
        });
    }

    /** A boolean, if present. */
    Optional<Boolean> optionalBoolean(String field) {
        return value(field, "true or false").flatMap(v -> {
            if (!v.isBoolean()) {
                problems.error(path(field), "must be true or false but was " + describe(v));
                return Optional.empty();
            }
            return Optional.of(v.booleanValue());
        });
    }

    /** The fields of a nested object, if present. */
    Optional<JsonFields> optionalObject(String field) {
        return value(field, "an object").flatMap(v -> of(v, path(field), problems));
    }

    /** The fields of a nested object that must be present. */
    Optional<JsonFields> requiredObject(String field) {
        return required(field).flatMap(v -> of(v, path(field), problems));
    }

    /** The elements of an array, each with its path; empty when absent or not an array. */
    List<Element> array(String field) {
        Optional<JsonNode> value = value(field, "an array");
        if (value.isEmpty()) {
            return List.of();
        }
        if (!value.get().isArray()) {
            problems.error(path(field), "must be an array but was " + describe(value.get()));
            return List.of();
        }
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < value.get().size(); i++) {
            elements.add(new Element(value.get().get(i), Problems.index(path(field), i), i));
        }
        return elements;
    }

    /** The objects of an array, each with its path; elements that are not objects are reported and left out. */
    List<JsonFields> objects(String field) {
        List<JsonFields> objects = new ArrayList<>();
        for (Element element : array(field)) {
            of(element.node(), element.path(), problems).ifPresent(objects::add);
        }
        return objects;
    }

    /** An array of non-blank strings, duplicates dropped, order kept. */
    Set<String> stringSet(String field) {
        Set<String> strings = new LinkedHashSet<>();
        for (Element element : array(field)) {
            text(element.node(), element.path(), false).ifPresent(strings::add);
        }
        return strings;
    }

    /**
     * An object of scalar values (strings, numbers, booleans), each kept as text, order kept. A null
     * value here means the attribute has no value, as ticketing systems return it, and is left out.
     */
    Map<String, String> scalarMap(String field) {
        Map<String, String> map = new LinkedHashMap<>();
        optionalObject(field).ifPresent(fields -> {
            for (Map.Entry<String, JsonNode> entry : fields.node.properties()) {
                JsonNode value = entry.getValue();
                String at = Problems.join(fields.path, entry.getKey());
                if (entry.getKey().isBlank()) {
                    problems.error(at, "attribute names must not be blank");
                } else if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                    map.put(entry.getKey(), value.asText());
                } else if (!value.isNull()) {
                    problems.error(at, "must be a string, number or boolean but was " + describe(value));
                }
            }
        });
        return map;
    }

    /** Records a problem for every field nobody asked about. Call once every field has been read. */
    void finish() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!asked.contains(name)) {
                problems.error(path(name), "unknown field '" + name + "'; " + suggestion(name));
            }
        }
    }

    private String suggestion(String name) {
        Optional<String> closest = asked.stream()
                .filter(known -> distance(known.toLowerCase(java.util.Locale.ROOT), name.toLowerCase(java.util.Locale.ROOT)) <= 2)
                .min((a, b) -> Integer.compare(distance(a, name), distance(b, name)));
        return closest.map(c -> "did you mean '" + c + "'?")
                .orElseGet(() -> "expected one of: " + String.join(", ", asked));
    }

    /** One element of an array. */
    record Element(JsonNode node, String path, int index) {
    }

    Optional<String> text(JsonNode value, String at, boolean allowBlank) {
        if (!value.isTextual()) {
            problems.error(at, "must be a string but was " + describe(value));
            return Optional.empty();
        }
        if (!allowBlank && value.textValue().isBlank()) {
            problems.error(at, "must not be blank");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private <T> Optional<T> parse(String text, String at, Function<String, T> parser, String expected) {
        try {
            return Optional.of(parser.apply(text));
        } catch (RuntimeException e) {
            problems.error(at, "must be " + expected + " but was '" + text + "'");
            return Optional.empty();
        }
    }

    private Optional<Integer> wholeNumber(JsonNode value, String at, int min, int max) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            problems.error(at, "must be a whole number but was " + describe(value));
            return Optional.empty();
        }
        int number = value.intValue();
        if (number < min || number > max) {
            problems.error(at, "must be from " + min + " to " + max + " but was " + number);
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /** How a JSON value reads in a message: "a number (3)", "an array", "the string 'x'". */
    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string '" + value.textValue() + "'";
            case NUMBER -> "the number " + value.asText();
            case BOOLEAN -> value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
