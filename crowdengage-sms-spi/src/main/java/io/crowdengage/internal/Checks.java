package io.crowdengage.internal;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Argument checks shared by the value records of every module. Not API: the package is internal
 * and may change without notice.
 */
public final class Checks {
    private Checks() {
    }

    /** Non-null; the exception names the field. */
    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, "is required but was null");
        }
        return value;
    }

    /** Non-null and not blank; returns the value unchanged. */
    public static String notBlank(String value, String field) {
        notNull(value, field);
        if (value.isBlank()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, "must not be blank");
        }
        return value;
    }

    /** Zero or positive. */
    public static Duration notNegative(Duration value, String field) {
        notNull(value, field);
        if (value.isNegative()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field,
                    "must not be negative but was " + value);
        }
        return value;
    }

    /** Zero or positive. */
    public static int notNegative(int value, String field) {
        if (value < 0) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field,
                    "must not be negative but was " + value);
        }
        return value;
    }

    /** No null elements. */
    public static <C extends Collection<?>> C noNullElements(C values, String field) {
        notNull(values, field);
        for (Object value : values) {
            if (value == null) {
                throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, "must not contain null");
            }
        }
        return values;
    }

    /** No null keys or values. */
    public static <M extends Map<?, ?>> M noNullEntries(M values, String field) {
        notNull(values, field);
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field,
                        "must not contain null keys or values (key " + entry.getKey() + ")");
            }
        }
        return values;
    }

    /** A rule that must hold; the message says what it is. */
    public static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, message);
        }
    }

    /**
     * A rule that must hold, for values made on hot paths (one per render or per message): the message
     * is built only when the rule fails.
     */
    public static void require(boolean condition, String field, Supplier<String> message) {
        if (!condition) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, field, message.get());
        }
    }
}
