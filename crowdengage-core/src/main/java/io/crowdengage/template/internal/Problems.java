package io.crowdengage.template.internal;

import io.crowdengage.template.TemplateProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects problems against offsets in the original source and turns them into lines and columns. */
public final class Problems {
    private final LineIndex lines;
    private final int columnShiftOnFirstLine;
    private final List<TemplateProblem> errors = new ArrayList<>();
    private final List<TemplateProblem> warnings = new ArrayList<>();

    /**
     * @param lines                  the original source's lines
     * @param columnShiftOnFirstLine characters of generated prefix on line 1 to subtract from columns
     *                               (an audience condition is checked inside a wrapper tag)
     */
    Problems(LineIndex lines, int columnShiftOnFirstLine) {
        this.lines = lines;
        this.columnShiftOnFirstLine = columnShiftOnFirstLine;
    }

    void error(int offset, String message) {
        errors.add(at(offset, message));
    }

    void warning(int offset, String message) {
        warnings.add(at(offset, message));
    }

    void warningForWholeTemplate(String message) {
        warnings.add(TemplateProblem.general(message));
    }

    void errorForWholeTemplate(String message) {
        errors.add(TemplateProblem.general(message));
    }

    private TemplateProblem at(int offset, String message) {
        int line = lines.line(offset);
        int column = lines.column(offset);
        if (line == 1) {
            column = Math.max(1, column - columnShiftOnFirstLine);
        }
        return TemplateProblem.at(line, column, message);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<TemplateProblem> errors() {
        return List.copyOf(errors);
    }

    List<TemplateProblem> warnings() {
        return List.copyOf(warnings);
    }
}
