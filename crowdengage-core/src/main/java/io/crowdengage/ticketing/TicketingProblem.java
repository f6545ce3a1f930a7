package io.crowdengage.ticketing;

import io.crowdengage.internal.Checks;

/**
 * One record a ticketing system answered with something missing or unreadable, which the adapter
 * worked around for that record alone instead of failing everything it was reading. An adapter
 * reports each to its {@link TicketingProblemListener}, once per record, field and kind.
 *
 * <p>Never carries personal data: records are named by their ids, fields by their JSON path.
 *
 * @param kind        what the adapter did about it
 * @param record      which record, for example {@code order '1759AQ'} or {@code instance '8801A'}
 * @param field       the JSON path of the field ({@code values[3].tickets[0].instance.id}), or {@code ""}
 *                    when the whole record is meant
 * @param explanation what was wrong and what happens now, for an operator
 */
public record TicketingProblem(Kind kind, String record, String field, String explanation) {
    public TicketingProblem {
        Checks.notNull(kind, "kind");
        Checks.notBlank(record, "record");
        Checks.notNull(field, "field");
        Checks.notBlank(explanation, "explanation");
    }

    /** What the adapter did with the record. */
    public enum Kind {
        /** Delivered, with a stand-in for what was missing (a confirmation time, say). */
        DEGRADED,
        /** Not delivered yet; asked for again on later reads until it can be, or until it is given up. */
        HELD_BACK,
        /** Not delivered, and not asked for again (given up, or it can never be used). */
        LEFT_OUT
    }

    /** One line for a log or a report: {@code HELD_BACK order 'X' (tickets[0].instance.id): ...}. */
    @Override
    public String toString() {
        return kind + " " + record + (field.isEmpty() ? "" : " (" + field + ")") + ": " + explanation;
    }
}
