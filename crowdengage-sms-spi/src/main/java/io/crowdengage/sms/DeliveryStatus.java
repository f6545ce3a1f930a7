package io.crowdengage.sms;

/** The final outcome of a message that a provider accepted, as told by a {@link DeliveryReport}. */
public enum DeliveryStatus {
    /** The handset received it. */
    DELIVERED,
    /** The provider could not send it on (for example queue overflow or account trouble). */
    FAILED,
    /** It was not delivered within its validity period (the handset stayed off or out of coverage). */
    EXPIRED,
    /** The carrier could not or would not deliver it (unknown subscriber, blocked, filtered). */
    UNDELIVERED;

    /** True only for {@link #DELIVERED}. */
    public boolean isDelivered() {
        return this == DELIVERED;
    }
}
