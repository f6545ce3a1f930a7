package io.crowdengage.sms;

import java.util.Optional;

/**
 * Who a message appears to come from: an alphanumeric {@link SenderId} such as {@code RoyalCourt},
 * a {@link SenderNumber long number}, or a {@link ShortCode}.
 *
 * <p>An alphanumeric sender is one-way in every country: nobody can reply to it, so "Reply STOP"
 * cannot work and the message must offer another opt-out route (text STOP to a number or short
 * code, or a link). {@link #canReceiveReplies()} and {@link #optOutWarning()} say so.
 */
public sealed interface Sender permits SenderId, SenderNumber, ShortCode {

    /**
     * The warning given for one-way senders. It is deliberately a full sentence so that it can be
     * shown to the person writing a message template.
     */
    String ONE_WAY_WARNING = "An alphanumeric sender cannot receive replies, so \"Reply STOP\" will not work: "
            + "give another way to opt out, such as \"Text STOP to <a number or short code>\" or a link.";

    /** An alphanumeric sender id; see {@link SenderId#of(String)} for the rules. */
    static SenderId alphanumeric(String value) {
        return SenderId.of(value);
    }

    /** A long number (a mobile or virtual number in E.164 form) that can receive replies. */
    static SenderNumber number(PhoneNumber number) {
        return new SenderNumber(number);
    }

    /** A short code such as {@code 60123}; see {@link ShortCode#of(String)}. */
    static ShortCode shortCode(String digits) {
        return ShortCode.of(digits);
    }

    /** The sender as a provider receives it: the id, the E.164 number or the short code digits. */
    String value();

    /** Whether a person can reply to this sender, and so whether "Reply STOP" is a working opt-out route. */
    boolean canReceiveReplies();

    /** {@link #ONE_WAY_WARNING} for a sender that cannot receive replies; empty otherwise. */
    default Optional<String> optOutWarning() {
        return canReceiveReplies() ? Optional.empty() : Optional.of(ONE_WAY_WARNING);
    }
}
