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
    UNICODE
}
