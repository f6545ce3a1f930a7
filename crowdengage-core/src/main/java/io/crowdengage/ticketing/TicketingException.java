package io.crowdengage.ticketing;

import io.crowdengage.error.CrowdEngageException;

/** A ticketing system could not answer. {@link #retryable()} says whether a later tick may succeed. */
public final class TicketingException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** Why the ticketing system could not answer. */
    public enum Reason {
        /** Down, timing out or answering 5xx: try again later. */
        UNAVAILABLE(true),
        /** Too many requests: try again later, more slowly. */
        RATE_LIMITED(true),
        /** Credentials refused: a person must fix the configuration (or the clock). */
        AUTHENTICATION(false),
        /** The answer could not be understood (not JSON, a required field missing). */
        BAD_RESPONSE(false),
        /** The caller broke the SPI's contract (an unknown id where one must exist, a cursor from elsewhere). */
        MISUSE(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;

    public TicketingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public TicketingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    protected String area() {
        return "TICKETING";
    }

    @Override
    public boolean retryable() {
        return reason.retryable;
    }
}
