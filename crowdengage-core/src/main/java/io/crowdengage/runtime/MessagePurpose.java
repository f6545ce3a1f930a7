package io.crowdengage.runtime;

/** Which kind of message an event is about. */
public enum MessagePurpose {
    /** A flow step's service message. */
    TRANSACTIONAL,
    /** A flow step's offer. */
    MARKETING,
    /** The soft opt-in notice sent when a booking is confirmed. */
    SOFT_OPT_IN_NOTICE,
    /** The one-line confirmation of a STOP that opted the number out. */
    OPT_OUT_CONFIRMATION,
    /** The one-line confirmation of a START that lifted an opt-out. */
    OPT_IN_CONFIRMATION,
    /** A staff reply in a conversation the customer opened. */
    REPLY
}
