package io.crowdengage.simulation;

import io.crowdengage.error.ValidationException.Problem;
import java.util.ArrayList;
import java.util.List;

/** The errors and warnings found while reading one scenario, in the order found. */
final class Problems {
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    void error(String path, String message) {
        errors.add(new Problem(path, message));
    }

    void warn(String path, String message) {
        warnings.add(new Problem(path, message));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** How many errors so far; lets a check tell whether it found something new. */
    int errorCount() {
        return errors.size();
    }

    List<Problem> errors() {
        return List.copyOf(errors);
    }

    List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    /** {@code parent.child}, or {@code child} at the root. */
    static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /** {@code parent[index]}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
