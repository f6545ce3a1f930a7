package io.crowdengage.engine;

/**
 * Why a message is not sent (or not yet). A stable vocabulary: the names appear in logs, in the
 * simulator's output and in listeners' events, so they are never renamed.
 */
public enum Reason {
    /** The number replied STOP (or the provider reported it opted out) and has not opted back in. */
    OPTED_OUT("the number has opted out"),
    /** A marketing message, and the number has neither the soft opt-in nor express consent. */
    NO_MARKETING_CONSENT("marketing needs the soft opt-in or express consent, and this number has neither"),
    /**
     * Due outside the window from one calendar day before the start to one calendar day after the end,
     * both included; or due inside it and not sent by the end of the window's last minute
     * ({@code windowEnd + }{@link SchedulingEngine#WINDOW_END_MINUTE}) while the catch-up still ran.
     */
    OUTSIDE_WINDOW("outside the messaging window around the performance"),
    /** Past the step's catch-up, or past the start for a step due before it. */
    TOO_LATE("too late: past the step's catch-up"),
    /** The customer is not in the step's audience. */
    NOT_IN_AUDIENCE("the customer is not in the step's audience"),
    /** The template rendered to nothing but whitespace: by design, "do not send". */
    BLANK_MESSAGE("the template rendered to a blank message"),
    /** The performance is cancelled. */
    PERFORMANCE_CANCELLED("the performance is cancelled"),
    /** The customer's bookings for the performance are all cancelled. */
    BOOKING_CANCELLED("the booking is cancelled"),
    /** The customer has no mobile number, or it is not a valid mobile. */
    NO_VALID_MOBILE("the customer has no valid mobile number"),
    /** This step was already sent (or claimed) for this performance and number. */
    ALREADY_SENT("already sent to this number for this step and performance"),
    /**
     * Its time to go fell inside the venue's quiet hours, and they end too late: after the window's end,
     * or, for a step due before the start, at or after the start. Or the venue's quiet hours skip
     * rather than defer ({@link QuietHours.Policy#SKIP}).
     */
    QUIET_HOURS("inside quiet hours, and they end too late for it (or the venue skips rather than defers)"),
    /** The rendered message is longer than the step's segment budget. */
    TOO_LONG("the rendered message is longer than the step's segment budget"),
    /** The step's performance filter does not select this performance. */
    PERFORMANCE_NOT_SELECTED("the step does not apply to this performance"),
    /** Nobody with this number holds a booking for the performance. */
    NO_BOOKING("no booking for this performance with this number"),
    /** The step skips recipients when a template variable is missing, and one was. */
    MISSING_VARIABLE("a variable the template uses is missing for this customer"),
    /** The template could not be rendered safely (a broken template, a function that failed). */
    TEMPLATE_ERROR("the template could not be rendered"),
    /**
     * A template function could not give its value now (its partner is busy, down, or refuses our
     * configuration). Nothing is sent; the runtime defers the send and tries again on later ticks
     * until its deadline.
     */
    FUNCTION_UNAVAILABLE("a template function could not give its value now; tried again on later ticks until the deadline"),
    /**
     * A template function has no value for what it was given (a partner that does not know the
     * show id, say). Nothing is sent to this recipient.
     */
    FUNCTION_NO_VALUE("a template function has no value for what the template gave it"),
    /** A staff reply to a number that has not texted in within the last 24 hours. */
    NO_OPEN_CONVERSATION("the number has not texted in within the last 24 hours"),
    /**
     * The SMS provider could not take the message now (a transient failure: rate limit, outage).
     * The runtime's reason, never the engine's: the send is retried with backoff until its deadline.
     */
    PROVIDER_RETRYING("the SMS provider could not take it now; tried again with backoff until the deadline"),
    /**
     * The SMS provider kept failing for passing reasons until no retry fitted before the deadline.
     * The runtime's reason: the message is not sent.
     */
    RETRIES_EXHAUSTED("the SMS provider kept failing until no retry fitted before the deadline"),
    /**
     * The SMS provider refused the message for good (an invalid number, an opt-out at its end,
     * content), or refused a one-off message, which is never retried. The runtime's reason.
     */
    PROVIDER_REFUSED("the SMS provider refused it; not tried again"),
    /**
     * The message was handed to the SMS provider but its outcome was never recorded (a crash, or a
     * provider call that failed in an unknown way). It may have gone out, so it is never resent.
     */
    OUTCOME_UNKNOWN("handed to the SMS provider, but whether it went out is unknown; never resent"),
    /**
     * The send ledger or consent ledger could not be read or written for this message. Nothing is sent
     * without a recorded claim and a consent check; a message not yet claimed is tried again on later
     * ticks, one already claimed is not sent.
     */
    STORE_UNAVAILABLE("the send or consent ledger could not be read or written; nothing is sent without them");

    private final String description;

    Reason(String description) {
        this.description = description;
    }

    /** A plain-language sentence for people reading logs and previews. */
    public String description() {
        return description;
    }
}
