package io.crowdengage.error;

import java.util.Objects;

/**
 * The one unchecked root of every exception crowdengage throws.
 *
 * <p>Each area of the SDK has its own subclass (phone numbers, SMS providers, configuration,
 * ticketing, templates...) and each subclass narrows {@link #reason()} to its own enum, so
 * callers can switch on a machine-readable reason rather than parse a message. Messages name
 * the field, the offending value (phone numbers masked) and the rule that was broken.
 *
 * <p>A "no" from the eligibility engine is never an exception: it is a value. Exceptions are
 * for misuse, bad input and failures of the systems around us.
 */
public abstract class CrowdEngageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CrowdEngageException(String message) {
        super(Objects.requireNonNull(message, "message"));
    }

    protected CrowdEngageException(String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }

    /** The machine-readable reason; each subclass returns its own enum type. */
    public abstract Enum<?> reason();

    /**
     * A stable code for logs and dashboards: the area and the reason, for example
     * {@code PHONE_NUMBER.NOT_MOBILE}.
     */
    public String code() {
        return area() + "." + reason().name();
    }

    /** The area of the SDK this exception belongs to, upper snake case. */
    protected abstract String area();

    /** Whether trying the same operation again later may succeed. False unless a subclass knows better. */
    public boolean retryable() {
        return false;
    }
}
