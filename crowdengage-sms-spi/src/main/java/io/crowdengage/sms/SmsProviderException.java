package io.crowdengage.sms;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.internal.Checks;
import java.util.Optional;

/**
 * Thrown by an {@link SmsProvider} when it cannot even attempt a send: the message asks for
 * something the provider does not support or allow (a body over its maximum, a Unicode body
 * without {@link Capability#UNICODE}), or something unexpected broke in the adapter. A refusal
 * that the provider itself gave is a {@link SendResult}, not an exception.
 */
public final class SmsProviderException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    private final FailureReason reason;
    private final boolean retryable;
    private final String providerCode;

    /**
     * @param reason       the machine-readable reason
     * @param retryable    whether the same send may succeed later
     * @param providerCode the provider's own code, or empty
     * @param message      what went wrong, naming the field and value (phone numbers masked)
     */
    public SmsProviderException(FailureReason reason, boolean retryable, Optional<String> providerCode, String message) {
        this(reason, retryable, providerCode, message, null);
    }

    /**
     * @param reason       the machine-readable reason
     * @param retryable    whether the same send may succeed later
     * @param providerCode the provider's own code, or empty
     * @param message      what went wrong, naming the field and value (phone numbers masked)
     * @param cause        the underlying failure, or null
     */
    public SmsProviderException(FailureReason reason, boolean retryable, Optional<String> providerCode, String message,
                                Throwable cause) {
        super(message, cause);
        this.reason = Checks.notNull(reason, "reason");
        this.retryable = retryable;
        this.providerCode = Checks.notNull(providerCode, "providerCode").orElse(null);
    }

    /** A misuse that will never succeed as it is: not retryable, no provider code. */
    public static SmsProviderException refused(FailureReason reason, String message) {
        return new SmsProviderException(reason, false, Optional.empty(), message);
    }

    /** The machine-readable reason. */
    @Override
    public FailureReason reason() {
        return reason;
    }

    /** Whether the same send may succeed later. */
    @Override
    public boolean retryable() {
        return retryable;
    }

    /** The provider's own code, if the provider gave one. */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }

    @Override
    protected String area() {
        return "SMS_PROVIDER";
    }
}
