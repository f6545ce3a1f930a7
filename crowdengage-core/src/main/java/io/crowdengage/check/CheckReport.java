package io.crowdengage.check;

import io.crowdengage.internal.Checks;
import java.util.Comparator;
import java.util.List;

/**
 * What a live check of one external system found, as {@link Finding}s in the order they were
 * made, plus free-text notes (what was read, how many requests it took).
 *
 * @param system   the system checked, for example {@code Spektrix (yourvenue)}
 * @param findings every finding
 * @param notes    lines worth printing that are not findings
 */
public record CheckReport(String system, List<Finding> findings, List<String> notes) {
    /** Exit code when everything was found. */
    public static final int ALL_FOUND = 0;
    /** Exit code when something is missing but the adapter works around it. */
    public static final int DEGRADED = 1;
    /** Exit code when the adapter cannot work. */
    public static final int CANNOT_WORK = 2;

    public CheckReport {
        Checks.notBlank(system, "system");
        findings = List.copyOf(Checks.noNullElements(findings, "findings"));
        notes = List.copyOf(Checks.noNullElements(notes, "notes"));
    }

    /** The worst status among the findings; {@code OK} when there are none. */
    public Finding.Status worst() {
        return findings.stream().map(Finding::status).max(Comparator.naturalOrder()).orElse(Finding.Status.OK);
    }

    /** 0 when all was found, 1 when degraded, 2 when the adapter cannot work. */
    public int exitCode() {
        return exitCode(worst());
    }

    /** The exit code for a status. */
    public static int exitCode(Finding.Status status) {
        return switch (status) {
            case OK -> ALL_FOUND;
            case DEGRADED -> DEGRADED;
            case BLOCKING -> CANNOT_WORK;
        };
    }
}
