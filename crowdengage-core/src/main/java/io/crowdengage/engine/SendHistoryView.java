package io.crowdengage.engine;

/** Read access to the send ledger, as the engine needs it. */
@FunctionalInterface
public interface SendHistoryView {
    /**
     * Whether the key was ever claimed for sending, whatever came of it (sent, failed, unknown after
     * a crash): a claimed key is never planned again.
     */
    boolean claimed(SendKey key);
}
