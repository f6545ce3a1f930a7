package io.crowdengage.runtime;

/** What became of a message, as reported to listeners and logs. */
public enum Outcome {
    /** The provider accepted it. */
    SENT,
    /** Not sent, for a reason (see the event's reason). */
    SKIPPED,
    /** Not yet: waiting for quiet hours to end, or for a retry. */
    DEFERRED,
    /** The provider refused it for good, or retries ran out before the deadline. */
    FAILED,
    /** Claimed but its outcome was never recorded (a crash between send and record): never resent. */
    UNKNOWN
}
