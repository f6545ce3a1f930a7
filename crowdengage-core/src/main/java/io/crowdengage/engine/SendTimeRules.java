package io.crowdengage.engine;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.ConsentState;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The rules checked again at the instant of sending, just before the provider is called: a tick can
 * last minutes, so the instant a message was planned at may be well past. Pure: the instant is an
 * argument. The engine applies the same rules when it plans, so the two never disagree: consent
 * (an opt-out, a marketing basis) and quiet hours are each written here once.
 */
public final class SendTimeRules {
    private SendTimeRules() {
    }

    /**
     * Whether quiet hours let a message go at {@code now}.
     *
     * @param quietHours the venue's quiet hours, if any
     * @param zone       the venue's zone
     * @param now        the instant of sending
     * @param deadline   the message's deadline, exclusive ({@link Decision.Send#deadline()})
     * @return empty if the message may go now (no quiet hours, or {@code now} is outside them); a
     *         {@link Decision.Wait} until the end of quiet hours, with {@link Reason#QUIET_HOURS}, when the
     *         policy is {@link QuietHours.Policy#DEFER} and they end before {@code deadline}; otherwise a
     *         {@link Reason#QUIET_HOURS} skip whose detail names their end and the deadline
     */
    public static Optional<Decision> quietHours(Optional<QuietHours> quietHours, ZoneId zone, Instant now,
                                                Instant deadline) {
        Checks.notNull(deadline, "deadline");
        return quietHours(quietHours, zone, now, deadline, "the deadline " + deadline);
    }

    /**
     * {@link #quietHours(Optional, ZoneId, Instant, Instant)}, with the deadline described for people
     * ("the start at ...", "the window's end at ..."), since the engine knows what the deadline is.
     */
    static Optional<Decision> quietHours(Optional<QuietHours> quietHours, ZoneId zone, Instant now, Instant deadline,
                                         String deadlineDescription) {
        Checks.notNull(quietHours, "quietHours");
        Checks.notNull(zone, "zone");
        Checks.notNull(now, "now");
        Checks.notNull(deadline, "deadline");
        if (quietHours.isEmpty() || !quietHours.get().contains(now, zone)) {
            return Optional.empty();
        }
        QuietHours quiet = quietHours.get();
        Instant end = quiet.endOfPeriodContaining(now, zone);
        if (quiet.policy() == QuietHours.Policy.SKIP) {
            return Optional.of(Decision.skip(Reason.QUIET_HOURS, "inside quiet hours " + quiet.describe()
                    + ", which end at " + end + " (deadline: " + deadlineDescription + "); this venue skips rather than defers"));
        }
        // Waiting until the deadline itself would leave no time to send: the deadline is exclusive.
        if (end.isBefore(deadline)) {
            return Optional.of(new Decision.Wait(end, Optional.of(Reason.QUIET_HOURS),
                    "inside quiet hours " + quiet.describe() + ": waiting until " + end));
        }
        return Optional.of(Decision.skip(Reason.QUIET_HOURS, "inside quiet hours " + quiet.describe()
                + ", which end at " + end + ", not before " + deadlineDescription));
    }

    /**
     * Whether the number has opted out, as the consent state read at the instant of sending says.
     *
     * @return an {@link Reason#OPTED_OUT} skip naming when, or empty
     */
    public static Optional<Decision.Skip> optedOut(PhoneNumber to, ConsentState consent) {
        Checks.notNull(to, "to");
        Checks.notNull(consent, "consent");
        if (!consent.optedOut()) {
            return Optional.empty();
        }
        return Optional.of(Decision.skip(Reason.OPTED_OUT, to.masked() + " opted out at "
                + consent.optedOutAt().orElseThrow()
                + (consent.probableOptOut() ? " (probable opt-out, flagged for review)" : "")));
    }

    /**
     * The lawful basis for a message of this kind: {@link LawfulBasis#CONTRACT} for a transactional one;
     * for marketing, the consent ledger's basis (soft opt-in, express consent by SMS) or else express
     * consent the ticketing system holds. Empty when marketing has no basis. Says nothing of opt-outs:
     * ask {@link #optedOut} first.
     *
     * @param ticketingEvidence what in the ticketing system counts as express consent for this customer
     *                          ({@code TicketingConsentRule.evidence}), if anything
     */
    public static Optional<LawfulBasis> basis(MessageKind kind, ConsentState consent, Optional<String> ticketingEvidence) {
        Checks.notNull(kind, "kind");
        Checks.notNull(consent, "consent");
        Checks.notNull(ticketingEvidence, "ticketingEvidence");
        if (kind == MessageKind.TRANSACTIONAL) {
            return Optional.of(LawfulBasis.CONTRACT);
        }
        return consent.marketingBasis().or(() -> ticketingEvidence.map(evidence -> LawfulBasis.EXPRESS));
    }

    /**
     * Both consent rules at the instant of sending: an opt-out stops every message, and marketing
     * needs a basis.
     *
     * @return the skip ({@link Reason#OPTED_OUT} or {@link Reason#NO_MARKETING_CONSENT}), or empty if the
     *         message may go
     */
    public static Optional<Decision.Skip> consent(PhoneNumber to, ConsentState consent, MessageKind kind,
                                                  Optional<String> ticketingEvidence) {
        Optional<Decision.Skip> out = optedOut(to, consent);
        if (out.isPresent()) {
            return out;
        }
        if (basis(kind, consent, ticketingEvidence).isEmpty()) {
            return Optional.of(noMarketingBasis(to));
        }
        return Optional.empty();
    }

    static Decision.Skip noMarketingBasis(PhoneNumber to) {
        return Decision.skip(Reason.NO_MARKETING_CONSENT, to.masked()
                + " has no soft opt-in notice sent before now and no express consent");
    }

    /**
     * The consent state a send is judged by at {@code now}: as of now, or, when the clock reads earlier
     * than an opt-out already recorded (a clock stepped back, an instance whose clock lags another's), as
     * of that opt-out, so that a STOP recorded before the check is never hidden by the clock.
     */
    public static ConsentState consentAtSend(ConsentHistory history, Instant now) {
        Checks.notNull(history, "history");
        Checks.notNull(now, "now");
        Instant at = now;
        for (ConsentRecord record : history.records()) {
            if (record instanceof ConsentRecord.OptedOut && record.at().isAfter(at)) {
                at = record.at();
            }
        }
        return history.stateAt(at);
    }
}
