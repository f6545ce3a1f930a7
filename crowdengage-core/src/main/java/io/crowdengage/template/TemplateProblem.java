package io.crowdengage.template;

import io.crowdengage.internal.Checks;

/**
 * One thing wrong with (or worth knowing about) a template, where it is and what to do about it,
 * in words a box-office user understands: {@code line 3, column 14: unknown function
 * 'show_scor_url'; did you mean 'show_score_url'?}.
 *
 * @param line    1-based line in the template as written, or 0 when the problem concerns the whole template
 * @param column  1-based column (characters from the start of the line), or 0 with line 0
 * @param message what is wrong, in plain language
 */
public record TemplateProblem(int line, int column, String message) {
    public TemplateProblem {
        Checks.notBlank(message, "problem.message");
        Checks.require(line >= 0 && column >= 0 && (line == 0) == (column == 0), "problem.position",
                "line and column must both be positive, or both 0 for the whole template, but were "
                        + line + ", " + column);
    }

    /** A problem at a 1-based line and column. */
    public static TemplateProblem at(int line, int column, String message) {
        return new TemplateProblem(line, column, message);
    }

    /** A problem about the template as a whole (its size, its length as a message). */
    public static TemplateProblem general(String message) {
        return new TemplateProblem(0, 0, message);
    }

    /** Whether the problem points at a place in the template. */
    public boolean hasPosition() {
        return line > 0;
    }

    /** {@code line L, column C: message}, or just the message for the whole template. */
    @Override
    public String toString() {
        return hasPosition() ? "line " + line + ", column " + column + ": " + message : message;
    }
}
