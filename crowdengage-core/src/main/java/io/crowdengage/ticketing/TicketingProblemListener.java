package io.crowdengage.ticketing;

/**
 * Told about each {@link TicketingProblem} an adapter works around. Called on the thread that read
 * the record; must not block or throw.
 */
@FunctionalInterface
public interface TicketingProblemListener {

    /** A record was degraded, held back or left out. */
    void onProblem(TicketingProblem problem);

    /** A listener that does nothing (the adapter still logs). */
    static TicketingProblemListener ignoring() {
        return problem -> {
        };
    }
}
