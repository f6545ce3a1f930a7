package io.crowdengage.sms;

/** Something an {@link SmsProvider} may or may not support; each declares its set in {@link SmsProvider#capabilities()}. */
public enum Capability {
    /** The provider reports what became of a message later, as {@link DeliveryReport}s. */
    DELIVERY_RECEIPTS,
    /** People can text the account's numbers or short codes and the provider passes the texts on as {@link InboundSms}. */
    INBOUND_MESSAGES,
    /** The provider can send from an alphanumeric {@link SenderId}. */
    ALPHANUMERIC_SENDER,
    /** The provider can send bodies that need UCS-2 (emoji, Welsh circumflexes, curly quotes). */
    UNICODE,
    /**
     * The provider itself answers the opt-out, opt-in and help keywords it recognises (Twilio answers
     * STOP, START and HELP unless told otherwise) and keeps its own opt-out list. A text it answered
     * reaches us with {@link InboundSms#providerKeyword()} saying how it read it, and the runtime then
     * sends no confirmation of its own, so the person gets one reply, not two. A text the provider
     * did not answer ("stop please", which providers matching whole bodies ignore) has no provider
     * keyword and is confirmed by the runtime as usual.
     *
     * <p>A provider that declares this must also declare {@link #INBOUND_MESSAGES}: an opt-out it
     * handled but never passed on would leave our consent ledger disagreeing with its list.
     */
    ANSWERS_KEYWORDS
}
