package io.crowdengage.sms;

import java.util.Set;

/**
 * An SMS provider: the one thing crowdengage needs from Twilio, Vonage, Firetext and the rest.
 *
 * <p>{@link #send} sends one message and answers what the provider said as a {@link SendResult}:
 * accepted (with the provider's message id), a transient failure (try again later) or a permanent
 * one (never again). It throws {@link SmsProviderException} only when it cannot attempt the send
 * at all: a body over {@link #maxBodyLength()}, a Unicode body without {@link Capability#UNICODE},
 * an alphanumeric sender without {@link Capability#ALPHANUMERIC_SENDER}. A null message is refused
 * with a {@link io.crowdengage.error.ValidationException}.
 *
 * <p>When the request may have reached the provider but no answer came back (a timeout or a broken
 * connection after the request was written, an answer that cannot be read), it throws
 * {@link SendOutcomeUnknownException}: the message may have gone out and must not be sent again.
 * An adapter never retries a send itself.
 *
 * <p>Implementations must be safe to call from several threads, must pass
 * {@link OutboundSms#reference()} to the provider wherever it has a field for one, and should
 * pass every adapter through {@code SmsProviderCompatibilityKit} from {@code crowdengage-testkit}.
 * Providers offer no idempotency key, so a send that timed out may still have been delivered:
 * crowdengage keeps at-most-once state itself.
 */
public interface SmsProvider {

    /** The longest body most providers accept (Twilio, AWS): 1600 characters. */
    int DEFAULT_MAX_BODY_LENGTH = 1600;

    /** A short, stable, non-blank name for logs and configuration, such as {@code twilio}. */
    String id();

    /** What this provider supports; an unmodifiable set, the same on every call. */
    Set<Capability> capabilities();

    /** Messages per second the provider lets this account send; positive and finite. */
    double throughputPerSecond();

    /** The longest body, in UTF-16 code units, that {@link #send} accepts; {@value #DEFAULT_MAX_BODY_LENGTH} unless overridden. */
    default int maxBodyLength() {
        return DEFAULT_MAX_BODY_LENGTH;
    }

    /**
     * Sends one message.
     *
     * @param message what to send, to whom, from whom, with our reference
     * @return what the provider said
     * @throws SmsProviderException        if the message cannot be attempted (see the class description)
     * @throws SendOutcomeUnknownException if it may have been sent but the provider's answer was lost
     */
    SendResult send(OutboundSms message);

    /** Whether {@link #capabilities()} contains {@code capability}. */
    default boolean supports(Capability capability) {
        return capabilities().contains(capability);
    }
}
