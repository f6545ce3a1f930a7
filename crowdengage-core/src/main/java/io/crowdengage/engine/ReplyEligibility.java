package io.crowdengage.engine;

import io.crowdengage.consent.ConsentState;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether staff may reply to a number: a conversation the person opened (by texting in) is implied
 * consent to replies within it, for {@link #CONVERSATION_LENGTH}, and never to marketing. Pure.
 */
public final class ReplyEligibility {
    /** How long after a person texts in a reply is still part of that conversation. */
    public static final Duration CONVERSATION_LENGTH = Duration.ofHours(24);

    private ReplyEligibility() {
    }

    /**
     * @param to      the number to reply to
     * @param kind    what the reply is
     * @param consent the number's consent state at {@code now}
     * @param now     the instant of sending
     * @return empty if the reply may go; else a skip: {@link Reason#NO_MARKETING_CONSENT} for marketing,
     *         {@link Reason#OPTED_OUT}, or {@link Reason#NO_OPEN_CONVERSATION}
     */
    public static Optional<Decision.Skip> decide(PhoneNumber to, MessageKind kind, ConsentState consent, Instant now) {
        Checks.notNull(to, "to");
        Checks.notNull(kind, "kind");
        Checks.notNull(consent, "consent");
        Checks.notNull(now, "now");
        if (kind == MessageKind.MARKETING) {
            return Optional.of(new Decision.Skip(Reason.NO_MARKETING_CONSENT,
                    "a conversation the customer opened is implied consent to replies, never to marketing"));
        }
        Optional<Decision.Skip> optedOut = SendTimeRules.optedOut(to, consent);
        if (optedOut.isPresent()) {
            return optedOut;
        }
        boolean open = consent.conversationOpenedAt()
                .map(opened -> !opened.isAfter(now) && opened.plus(CONVERSATION_LENGTH).isAfter(now)).orElse(false);
        if (!open) {
            return Optional.of(new Decision.Skip(Reason.NO_OPEN_CONVERSATION, Reason.NO_OPEN_CONVERSATION.description()));
        }
        return Optional.empty();
    }
}
