package io.crowdengage.error;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Bad input: a value, a configuration, a flow or a scenario that breaks a rule. It carries every
 * problem found, not just the first, so that a person can fix them all in one go.
 */
public final class ValidationException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** What kind of input was refused. */
    public enum Reason {
        /** A single value (a record field) broke its rule. */
        INVALID_VALUE,
        /** A builder or settings object was incomplete or inconsistent. */
        INVALID_CONFIGURATION,
        /** A flow or one of its steps broke a rule. */
        INVALID_FLOW,
        /** A scenario file could not be accepted. */
        INVALID_SCENARIO
    }

    /**
     * One problem: where it is (a field path such as {@code steps[2].timing}) and what is wrong.
     *
     * @param path    the field or element at fault
     * @param message what rule it broke, in plain language
     */
    public record Problem(String path, String message) {
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    private final Reason reason;
    private final List<Problem> problems;

    public ValidationException(Reason reason, List<Problem> problems) {
        super(render(reason, problems));
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /** A single problem with one field. */
    public static ValidationException of(Reason reason, String path, String message) {
        return new ValidationException(reason, List.of(new Problem(path, message)));
    }

    /** Every problem found, in the order found. Never empty. */
    public List<Problem> problems() {
        return problems;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    protected String area() {
        return "VALIDATION";
    }

    private static String render(Reason reason, List<Problem> problems) {
        Objects.requireNonNull(reason, "reason");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " problems:" + problems.stream()
                .map(p -> "\n  - " + p)
                .collect(Collectors.joining());
    }
}
