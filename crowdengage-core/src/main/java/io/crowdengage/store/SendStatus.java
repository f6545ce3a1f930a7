package io.crowdengage.store;

/**
 * Where a claimed send stands. A status only moves forward: from CLAIMED to a provider outcome,
 * and from ACCEPTED to a delivery outcome.
 */
public enum SendStatus {
    /** Claimed; the provider has not answered yet (or we crashed before recording its answer). */
    CLAIMED(false),
    /** The provider failed transiently; another attempt is planned. */
    RETRY_PENDING(false),
    /** The provider accepted the message. */
    ACCEPTED(true),
    /** The handset received it (a delivery report said so). */
    DELIVERED(true),
    /** The provider or the network refused it for good, or retries ran out. */
    FAILED(true),
    /**
     * A claim whose outcome was never recorded (a crash between send and record). It may or may not
     * have gone out; it is reported and never sent again.
     */
    UNKNOWN(true);

    private final boolean settled;

    SendStatus(boolean settled) {
        this.settled = settled;
    }

    /** Whether nothing more will be attempted for this send. */
    public boolean settled() {
        return settled;
    }
}
