package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery reports, and the provider's answers they may overtake. With sends in flight, a fast
 * provider's delivery receipt can arrive before the sending thread has recorded the provider's
 * acceptance: such a report is parked by our reference and applied as soon as the outcome is
 * recorded. Neither side waits for a tick, a wave, or anything but the other's one ledger write
 * for the same reference.
 */
final class DeliveryReports {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);
    /** Reports parked for sends in flight; past this many something is wrong, and they are logged and dropped. */
    private static final int MOST_PARKED = 100_000;
    private static final int STRIPES = 64;

    private final SendLedger sends;
    private final ConsentLedger consent;
    private final Clock clock;
    private final NumberLocks numberLocks;
    /** References whose provider call is under way in this runtime: recorded as attempted, outcome not yet. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, DeliveryReport> parked = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];

    DeliveryReports(SendLedger sends, ConsentLedger consent, Clock clock, NumberLocks numberLocks) {
        this.numberLocks = numberLocks;
        this.sends = sends;
        this.consent = consent;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** The provider is about to be called for this reference. */
    void attempting(String reference) {
        inFlight.add(reference);
    }

    /**
     * Records the provider's answer for a send in flight, then applies a delivery report that came
     * first, if one did.
     */
    void recordOutcome(SendRecord outcome) {
        DeliveryReport early;
        synchronized (stripe(outcome.reference())) {
            // If the write fails the send stays in flight, with any report parked, until abandoned() settles both.
            sends.update(outcome);
            inFlight.remove(outcome.reference());
            early = parked.remove(outcome.reference());
        }
        if (early != null) {
            apply(early);
        }
    }

    /** The send's outcome will not be recorded by this runtime (the ledger failed): stop treating it as in flight. */
    void abandoned(String reference) {
        inFlight.remove(reference);
        DeliveryReport early = parked.remove(reference);
        if (early != null) {
            // Applied as for a claim a crashed run left: the report says what became of it.
            apply(early);
        }
    }

    /**
     * A delivery report: moves the matching send (found by our reference, or else by the provider's
     * message id) to DELIVERED or FAILED; parks it when it overtook the provider's answer.
     */
    void onDeliveryReport(DeliveryReport report) {
        Optional<String> reference = report.reference();
        if (reference.isPresent() && inFlight.contains(reference.get())) {
            synchronized (stripe(reference.get())) {
                if (inFlight.contains(reference.get())) {
                    if (parked.size() >= MOST_PARKED) {
                        LOG.warn("delivery report for {} dropped: {} reports already wait for their send to be recorded",
                                reference.get(), MOST_PARKED);
                        return;
                    }
                    parked.put(reference.get(), report);
                    return;
                }
            }
        }
        apply(report);
    }

    private void apply(DeliveryReport report) {
        Optional<SendRecord> byReference = report.reference().flatMap(sends::findByReference);
        Optional<SendRecord> byProviderId = sends.findByProviderMessageId(report.providerMessageId());
        Optional<SendRecord> record = byReference.or(() -> byProviderId);
        if (record.isEmpty()) {
            LOG.info("delivery report for unknown message {} ignored", report.providerMessageId());
            return;
        }
        SendRecord current = record.get();
        // Our reference and the provider's id must name the same send: a report naming two is believed for
        // neither (it would fail one message and give it the other's id).
        boolean idBelongsElsewhere = byReference.isPresent() && byProviderId.isPresent()
                && !byProviderId.get().key().equals(byReference.get().key());
        boolean idDiffers = byReference.isPresent() && current.providerMessageId()
                .filter(id -> !id.equals(report.providerMessageId())).isPresent();
        if (idBelongsElsewhere || idDiffers) {
            LOG.warn("delivery report ignored: reference {} and provider id {} name different messages",
                    report.reference().orElse(""), report.providerMessageId());
            return;
        }
        // CLAIMED here is a claim no send of this runtime is working on (a crash left it): the report tells its fate.
        if (report.recipientOptedOut()) {
            // A fact about the number, whatever became of this message (a Messaging Service accepts a send to an
            // opted-out number and fails it later, 21610): recorded under the number's lock, like a STOP.
            PhoneNumber to = current.key().to();
            numberLocks.with(to, () -> {
                consent.append(new ConsentRecord.OptedOut(to, clock.instant(), ConsentRecord.OptOutSource.PROVIDER,
                        false, "the provider reported the number opted out in a delivery report"
                        + report.providerCode().map(code -> " (" + code + ")").orElse("")));
                return null;
            });
        }
        boolean crashedClaim = current.status() == SendStatus.CLAIMED && current.attempts() > 0;
        if (current.status() != SendStatus.ACCEPTED && current.status() != SendStatus.UNKNOWN && !crashedClaim) {
            return;
        }
        SendStatus status = report.status() == DeliveryStatus.DELIVERED ? SendStatus.DELIVERED : SendStatus.FAILED;
        sends.update(current.moved(status, Optional.empty(), Optional.of(report.providerMessageId()),
                "delivery report: " + report.status(), report.at()));
        if (status == SendStatus.FAILED && current.key().step().equals(NoticeEligibility.STEP)) {
            // Accepted is not received: a notice that never arrived gave no chance to say STOP, so it stops
            // counting as a basis for marketing. Dated when we learn it, on our clock: the provider's stamp
            // could fall before the acceptance we recorded, and the notice would then count again.
            consent.append(new ConsentRecord.SoftOptInNoticeUndelivered(current.key().to(), clock.instant(),
                    current.reference(), "delivery report: " + report.status()));
        }
    }

    private Object stripe(String reference) {
        return stripes[Math.floorMod(reference.hashCode(), STRIPES)];
    }
}
