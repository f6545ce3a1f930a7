package io.crowdengage.flow;

import io.crowdengage.internal.Checks;
import java.util.regex.Pattern;

/**
 * The stable id of a flow step. It is part of every send key, so renaming a step's id makes the
 * engine treat it as a new step: keep ids stable once a flow is live.
 *
 * @param value letters, digits, {@code -}, {@code _} and {@code .}; 1 to 64 characters
 */
public record StepId(String value) implements Comparable<StepId> {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public StepId {
        Checks.notNull(value, "step.id");
        Checks.require(SHAPE.matcher(value).matches(), "step.id",
                "must be 1 to 64 letters, digits, '-', '_' or '.' but was '" + value + "'");
    }

    /** Shorthand for the constructor. */
    public static StepId of(String value) {
        return new StepId(value);
    }

    @Override
    public int compareTo(StepId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
