package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import java.time.Instant;

/**
 * One entry in a number's consent history. The history is append-only: nothing is deleted or
 * edited, and the current state is derived from it (see {@link ConsentHistory#stateAt(Instant)}).
 */
public sealed interface ConsentRecord permits ConsentRecord.OptedOut, ConsentRecord.OptedIn,
        ConsentRecord.ExpressConsent, ConsentRecord.SoftOptInNoticeSent, ConsentRecord.SoftOptInNoticeUndelivered,
        ConsentRecord.ConversationOpened {

    /** The number this record is about. */
    PhoneNumber phone();

    /** When it happened. */
    Instant at();

    /** Where an opt-out came from. */
    enum OptOutSource {
        /** The person texted an opt-out keyword. */
        SMS_KEYWORD,
        /** The SMS provider reported that the number opted out at its end. */
        PROVIDER,
        /** Staff recorded it (a phone call, an email). */
        STAFF,
        /** Imported from another system. */
        IMPORT
    }

    /**
     * The number opted out: every later flow message to it stops, transactional or marketing.
     *
     * @param probable true when the text only looked like an opt-out ("please don't text me, stop");
     *                 treated as an opt-out all the same, and flagged for a person to review
     * @param detail   for the audit trail, for example the inbound text
     */
    record OptedOut(PhoneNumber phone, Instant at, OptOutSource source, boolean probable, String detail)
            implements ConsentRecord {
        public OptedOut {
            Checks.notNull(phone, "phone");
            Checks.notNull(at, "at");
            Checks.notNull(source, "source");
            Checks.notNull(detail, "detail");
        }
    }

    /**
     * The number texted START (or another opt-in keyword): it is subscribed again, and this counts as
     * express consent given by SMS.
     */
    record OptedIn(PhoneNumber phone, Instant at, String detail) implements ConsentRecord {
        public OptedIn {
            Checks.notNull(phone, "phone");
            Checks.notNull(at, "at");
            Checks.notNull(detail, "detail");
        }
    }

    /** Express consent to marketing, with its evidence. */
    record ExpressConsent(PhoneNumber phone, Instant at, ConsentEvidence evidence) implements ConsentRecord {
        public ExpressConsent {
            Checks.notNull(phone, "phone");
            Checks.notNull(at, "at");
            Checks.notNull(evidence, "evidence");
        }
    }

    /**
     * The soft opt-in notice (which offers STOP) was accepted by the SMS provider for this number.
     * From then on, until the number opts out, marketing related to the booking may be sent.
     *
     * @param messageReference our reference of the notice message
     */
    record SoftOptInNoticeSent(PhoneNumber phone, Instant at, String messageReference) implements ConsentRecord {
        public SoftOptInNoticeSent {
            Checks.notNull(phone, "phone");
            Checks.notNull(at, "at");
            Checks.notBlank(messageReference, "messageReference");
        }
    }

    /**
     * The SMS provider reported that the soft opt-in notice it had accepted never reached the number
     * (failed, expired, undelivered). The person was never offered the chance to refuse, so the notice
     * is no basis for marketing from then on; it is not sent again either (one notice per number).
     *
     * @param messageReference our reference of the notice message
     * @param detail           for the audit trail, for example the delivery status reported
     */
    record SoftOptInNoticeUndelivered(PhoneNumber phone, Instant at, String messageReference, String detail)
            implements ConsentRecord {
        public SoftOptInNoticeUndelivered {
            Checks.notNull(phone, "phone");
            Checks.notNull(at, "at");
            Checks.notBlank(messageReference, "messageReference");
            Checks.notNull(detail, "detail");
        }
    }

    /**
     * The number texted in: implied consent to reply within that conversation only, never to
     * marketing.
     */
    record ConversationOpened(PhoneNumber phone, Instant at) implements ConsentRecord {
        public ConversationOpened {
            Checks.notNull(phone, "phone");
            Checks.notNull(at, "at");
        }
    }
}
