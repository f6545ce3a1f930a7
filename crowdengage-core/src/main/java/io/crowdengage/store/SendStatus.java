package io.crowdengage.store;

/**
 * Where a claimed send stands. A status only moves forward ({@link #canMoveTo}): from CLAIMED or
 * RETRY_PENDING to anything (an attempt and its retries move between those two), from ACCEPTED to a
 * delivery outcome, from UNKNOWN to what a late answer or delivery report tells, and never from a
 * settled status back to an unsettled one.
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

    /**
     * Whether a send ledger may move a record from this status to {@code next}. Staying put is always
     * allowed (a later update may add a detail or a provider id); otherwise:
     * <ul>
     *   <li>CLAIMED and RETRY_PENDING may move to any status, each other included;</li>
     *   <li>ACCEPTED may move to DELIVERED or FAILED (a delivery report), never to UNKNOWN: we know the
     *       provider took it;</li>
     *   <li>UNKNOWN may move to ACCEPTED, DELIVERED or FAILED: the provider's answer or a delivery report
     *       arriving after a recovery still tells what became of it;</li>
     *   <li>DELIVERED and FAILED are final.</li>
     * </ul>
     * Every {@link SendLedger} enforces exactly this table; the durable stores enforce it in their
     * database too.
     */
    public boolean canMoveTo(SendStatus next) {
        if (next == null) {
            throw new NullPointerException("next");
        }
        if (next == this || !settled) {
            return true;
        }
        switch (this) {
            case ACCEPTED:
                return next == DELIVERED || next == FAILED;
            case UNKNOWN:
                return next == ACCEPTED || next == DELIVERED || next == FAILED;
            default:
                return false;
        }
    }
}
