package io.crowdengage.sms;

/**
 * Why a provider did not accept a message, in words every adapter shares. Adapters map their
 * provider's own codes to these (see docs/writing-an-sms-adapter.md) and keep the original code
 * alongside.
 */
public enum FailureReason {
    /** The recipient's number cannot receive SMS: it does not exist, is a landline or is barred. */
    INVALID_NUMBER,
    /** The recipient has opted out at the provider (for example by texting STOP to it). Suppress the number. */
    OPTED_OUT_AT_PROVIDER,
    /** Too many requests: slow down and try again later. */
    RATE_LIMITED,
    /** The provider is down, overloaded or timed out. */
    PROVIDER_UNAVAILABLE,
    /** The body was refused: too long, filtered as spam, or in an encoding the provider does not take. */
    REJECTED_CONTENT,
    /** The sender id or number is not allowed: unregistered, generic, blocked or not supported for the destination. */
    INVALID_SENDER,
    /** Our credentials or account were refused: bad key, barred account, region not enabled. */
    AUTHENTICATION,
    /** Anything the adapter could not classify. */
    UNKNOWN
}
