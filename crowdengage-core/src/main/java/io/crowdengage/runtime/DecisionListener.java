package io.crowdengage.runtime;

/**
 * Receives every decision the runtime makes. Called on the runtime's thread, in decision order;
 * keep it quick. An exception thrown by a listener is logged and does not stop the runtime.
 */
@FunctionalInterface
public interface DecisionListener {
    /** One decision. */
    void onDecision(DecisionEvent event);

    /** A listener that ignores everything. */
    static DecisionListener none() {
        return event -> {
        };
    }
}
