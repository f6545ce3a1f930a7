package io.crowdengage.template;

import io.crowdengage.internal.Checks;

/**
 * What a {@link TemplateFunction} gives back, and how long its text usually is and can be at most,
 * so that validation can estimate a message's typical and worst-case length before it is sent.
 *
 * @param type          the kind of value
 * @param typicalLength characters in a usual result
 * @param maxLength     characters in the longest result; a longer one fails the render
 */
public record Returns(ValueType type, int typicalLength, int maxLength) {

    /** Kinds of value a function returns. */
    public enum ValueType {
        /** Text to print. */
        TEXT,
        /** A link; printed as text. */
        URL,
        /** A number. */
        NUMBER,
        /** True or false, for conditions. */
        BOOLEAN
    }

    public Returns {
        Checks.notNull(type, "returns.type");
        Checks.notNegative(typicalLength, "returns.typicalLength");
        Checks.require(maxLength >= typicalLength, "returns.maxLength",
                () -> "must be at least typicalLength (" + typicalLength + ") but was " + maxLength);
    }

    /** Text of about {@code typicalLength} and at most {@code maxLength} characters. */
    public static Returns text(int typicalLength, int maxLength) {
        return new Returns(ValueType.TEXT, typicalLength, maxLength);
    }

    /** A link of about {@code typicalLength} and at most {@code maxLength} characters. */
    public static Returns url(int typicalLength, int maxLength) {
        return new Returns(ValueType.URL, typicalLength, maxLength);
    }
}
