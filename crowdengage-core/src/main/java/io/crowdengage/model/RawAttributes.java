package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a ticketing system returned for a record, kept verbatim, so that a template can read
 * {@code event.raw.attribute_ShowScoreID} and a new ticketing attribute needs no code change.
 *
 * <p>Values are JSON-like: strings, numbers, booleans, lists and maps of the same. The copy is deep
 * and immutable; JSON {@code null} values are dropped (a template sees an absent key and a null
 * key alike). Key order is kept.
 */
public record RawAttributes(Map<String, Object> values) {
    private static final RawAttributes EMPTY = new RawAttributes(Map.of());

    public RawAttributes {
        Checks.notNull(values, "raw");
        values = deepCopy(values, "raw");
    }

    /** The keys only: values may be personal data (a mobile number as typed, an email address). */
    @Override
    public String toString() {
        return "RawAttributes" + values.keySet();
    }

    /** No attributes. */
    public static RawAttributes empty() {
        return EMPTY;
    }

    /** A deep immutable copy of {@code values}. */
    public static RawAttributes of(Map<String, ?> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = (Map<String, Object>) values;
        return new RawAttributes(cast);
    }

    /** The value under {@code key}, if present. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value under {@code key} as text, if present and a scalar; blank strings count as absent. */
    public Optional<String> text(String key) {
        Object value = values.get(key);
        if (value == null || value instanceof Map || value instanceof List) {
            return Optional.empty();
        }
        String text = value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** Whether a non-blank value is present under {@code key}. */
    public boolean has(String key) {
        Object value = values.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof String) {
            return !((String) value).isBlank();
        }
        return true;
    }

    private static Map<String, Object> deepCopy(Map<?, ?> source, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            Checks.require(entry.getKey() instanceof String, path, "keys must be strings but found " + entry.getKey());
            String key = (String) entry.getKey();
            Object value = copyValue(entry.getValue(), path + "." + key);
            if (value != null) {
                copy.put(key, value);
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof Map) {
            return deepCopy((Map<?, ?>) value, path);
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            int index = 0;
            for (Object element : (List<?>) value) {
                Object copied = copyValue(element, path + "[" + index++ + "]");
                if (copied != null) {
                    list.add(copied);
                }
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        throw io.crowdengage.error.ValidationException.of(io.crowdengage.error.ValidationException.Reason.INVALID_VALUE,
                path, "must be a string, number, boolean, list or map but was a " + value.getClass().getSimpleName());
    }
}
