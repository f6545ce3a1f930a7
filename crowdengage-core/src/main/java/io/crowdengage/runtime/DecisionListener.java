package io.crowdengage.runtime;

/**
 * Receives every decision the runtime makes, in decision order per thread; keep it quick. Tick
 * decisions arrive on the ticking thread; STOP and START confirmations on the thread that called
 * {@link CrowdEngage#onInboundSms}, which does not wait for a tick: an implementation must be
 * thread-safe. An exception thrown by a listener is logged and does not stop the runtime.
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
