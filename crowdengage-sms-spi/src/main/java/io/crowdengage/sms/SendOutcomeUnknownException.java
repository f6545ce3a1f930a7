package io.crowdengage.sms;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.internal.Checks;

/**
 * Thrown by {@link SmsProvider#send} when the request may have reached the provider but no answer
 * came back: the request timed out or the connection broke after it was written, or the provider
 * answered something that cannot be read. The message may have been sent, so it must not be sent
 * again blindly: no provider offers an idempotency key, and a retry could text the person twice.
 *
 * <p>Deliberately not an {@link SmsProviderException}, which means the send was never attempted:
 * the runtime records this send as {@code UNKNOWN}, never resends it, and still moves it on when a
 * delivery report for its reference arrives. {@link #retryable()} is false.
 */
public final class SendOutcomeUnknownException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** Why the outcome is unknown. */
    public enum Reason {
        /** The request was sent and no answer came within the timeout. */
        TIMED_OUT,
        /** The connection broke after the request was written (a reset, a closed stream). */
        CONNECTION_LOST,
        /** The provider answered, but the answer could not be read (success without a message id, a gateway timeout). */
        UNREADABLE_ANSWER,
        /** The sending thread was interrupted while waiting for the answer. */
        INTERRUPTED
    }

    private final Reason reason;

    /**
     * @param reason  why the outcome is unknown
     * @param message what happened, naming the message's reference, never a full phone number or a secret
     * @param cause   the underlying failure, or null
     */
    public SendOutcomeUnknownException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Checks.notNull(reason, "reason");
    }

    /** Why the outcome is unknown. */
    @Override
    public Reason reason() {
        return reason;
    }

    /** Always false: the message may have gone out, so sending it again could send it twice. */
    @Override
    public boolean retryable() {
        return false;
    }

    @Override
    protected String area() {
        return "SMS_PROVIDER";
    }
}
