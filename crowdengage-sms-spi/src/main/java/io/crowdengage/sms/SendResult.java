package io.crowdengage.sms;

import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * What a provider said to one {@link SmsProvider#send send}: accepted, failed for now, or failed
 * for good. Accepted means the provider took the message, not that it was delivered; a
 * {@link DeliveryReport} may tell that later.
 */
public sealed interface SendResult permits SendResult.Accepted, SendResult.TransientFailure, SendResult.PermanentFailure {

    /** True for {@link Accepted}. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /**
     * The provider took the message.
     *
     * @param providerMessageId the provider's id for it (Twilio's {@code sid}, Vonage's {@code message-id}); not blank
     */
    record Accepted(String providerMessageId) implements SendResult {
        /** Validates that the id is not blank. */
        public Accepted {
            Checks.notBlank(providerMessageId, "providerMessageId");
        }
    }

    /**
     * Not sent this time; the same message may be sent again later.
     *
     * @param reason       why, in shared words
     * @param providerCode the provider's own code ({@code 20429}, {@code 1}); empty if it gave none, as on a timeout
     * @param retryAfter   how long the provider asked us to wait, if it said
     * @param detail       the provider's message or the adapter's explanation; may be empty
     */
    record TransientFailure(FailureReason reason, String providerCode, Optional<Duration> retryAfter, String detail)
            implements SendResult {
        /** Validates that fields are present and a retry-after is not negative. */
        public TransientFailure {
            Checks.notNull(reason, "reason");
            Checks.notNull(providerCode, "providerCode");
            Checks.notNull(retryAfter, "retryAfter");
            retryAfter.ifPresent(d -> Checks.notNegative(d, "retryAfter"));
            Checks.notNull(detail, "detail");
        }
    }

    /**
     * Never send this message again: the number, the content, the sender or our account was refused.
     * When the reason is {@link FailureReason#OPTED_OUT_AT_PROVIDER} the number must be suppressed.
     *
     * @param reason       why, in shared words
     * @param providerCode the provider's own code ({@code 21610}); empty if it gave none
     * @param detail       the provider's message or the adapter's explanation; may be empty
     */
    record PermanentFailure(FailureReason reason, String providerCode, String detail) implements SendResult {
        /** Validates that fields are present. */
        public PermanentFailure {
            Checks.notNull(reason, "reason");
            Checks.notNull(providerCode, "providerCode");
            Checks.notNull(detail, "detail");
        }
    }
}
