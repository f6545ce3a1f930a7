package io.crowdengage.store;

import io.crowdengage.error.CrowdEngageException;

/**
 * A send ledger or consent ledger could not do what was asked. Durable stores throw it (with
 * {@link Reason#UNAVAILABLE} when the database cannot be reached); the runtime also wraps anything
 * else a store throws in it, so a storage problem is reported per message as
 * {@code STORE_UNAVAILABLE} and never stops the other sends of a tick.
 */
public final class StoreException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** Why the store failed. */
    public enum Reason {
        /** The store cannot be reached or timed out: a later attempt may succeed. */
        UNAVAILABLE(true),
        /** The store refused the operation (a broken invariant, a clash): the same call will fail again. */
        REFUSED(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    protected String area() {
        return "STORE";
    }

    @Override
    public boolean retryable() {
        return reason.retryable;
    }
}
