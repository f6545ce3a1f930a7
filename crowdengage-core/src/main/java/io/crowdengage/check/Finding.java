package io.crowdengage.check;

import io.crowdengage.internal.Checks;

/**
 * One line of a live check: something an adapter needs from the system it reads, what it found
 * there, and what it will do about anything missing. Never carries personal data or a secret.
 *
 * @param area        what was read, for example {@code orders/sync} or {@code customers/{id}}
 * @param item        what is needed, for example {@code tickets[].instance.id}
 * @param status      whether it was found
 * @param found       what was found, in words ({@code "present on 100 of 100 orders"})
 * @param consequence what the adapter does with what it found ({@code ""} when nothing needs saying)
 */
public record Finding(String area, String item, Status status, String found, String consequence) {
    public Finding {
        Checks.notBlank(area, "area");
        Checks.notBlank(item, "item");
        Checks.notNull(status, "status");
        Checks.notNull(found, "found");
        Checks.notNull(consequence, "consequence");
    }

    /** How much a finding matters, from fine to fatal; ordered, so the worst is the greatest. */
    public enum Status {
        /** Found as the adapter needs it. */
        OK,
        /** Missing or different, and the adapter works around it: it works, with less. */
        DEGRADED,
        /** Missing or refused so that the adapter cannot do its job. */
        BLOCKING
    }

    /** A finding that is as needed. */
    public static Finding ok(String area, String item, String found) {
        return new Finding(area, item, Status.OK, found, "");
    }

    /** A finding that is as needed, with a word on what the adapter assumes or does. */
    public static Finding ok(String area, String item, String found, String consequence) {
        return new Finding(area, item, Status.OK, found, consequence);
    }

    /** A finding the adapter works around, saying how. */
    public static Finding degraded(String area, String item, String found, String consequence) {
        return new Finding(area, item, Status.DEGRADED, found, consequence);
    }

    /** A finding that stops the adapter, saying what to fix. */
    public static Finding blocking(String area, String item, String found, String consequence) {
        return new Finding(area, item, Status.BLOCKING, found, consequence);
    }
}
