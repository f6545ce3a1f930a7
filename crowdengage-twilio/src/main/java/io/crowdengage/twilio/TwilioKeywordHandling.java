package io.crowdengage.twilio;

/**
 * Who answers STOP, START and HELP texts sent to the account's numbers: Twilio or crowdengage. It
 * decides whether {@link TwilioSmsProvider} declares {@link io.crowdengage.sms.Capability#ANSWERS_KEYWORDS}
 * and how the webhook handler fills {@link io.crowdengage.sms.InboundSms#providerKeyword()}, so that a
 * person who texts STOP gets one reply, not two. Whatever the setting, every inbound text is passed
 * on, and an opt-out is recorded in our consent ledger as well as on Twilio's list.
 */
public enum TwilioKeywordHandling {
    /**
     * Twilio's standard handling, on for long codes and toll-free numbers unless Twilio support turned it
     * off: a text whose whole body is STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE or OPTOUT puts
     * the number on Twilio's opt-out list; START, YES or UNSTOP takes it off; HELP or INFO gets Twilio's
     * help text; case is ignored, and a keyword inside a longer text ("stop please") is not acted on. The
     * handler marks exactly those texts as answered (or follows {@code OptOutType} when Twilio sends it).
     * The default.
     */
    TWILIO_DEFAULT,
    /**
     * A Messaging Service with Advanced Opt-Out, whose keywords and replies are configured in Twilio's
     * console. Twilio then names the keyword it acted on in the inbound webhook's {@code OptOutType}
     * ({@code STOP}, {@code START} or {@code HELP}), and the handler marks the text as answered only then.
     */
    ADVANCED_OPT_OUT,
    /**
     * Twilio does not answer keywords: a standalone short code, or keyword handling turned off by
     * Twilio support. crowdengage sends its own confirmations, and the provider does not declare
     * {@code ANSWERS_KEYWORDS}.
     */
    NONE
}
