package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SendTimeRules;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Redaction;
import io.crowdengage.model.Customer;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.sms.SmsProviderException;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed message's way to the provider and back: the checks at the instant of sending, the
 * ledger's "attempted", the provider call, and recording and reporting what the provider did. Safe
 * to run for many messages at once (the dispatcher does); the checks and the call for one number
 * hold that number's lock, which recording an opt-out takes too.
 */
final class SendAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);

    /** A claimed message and what it is judged by. */
    record Attempt(SendRecord claimed, MessagePurpose purpose, Optional<Customer> customer,
                   Optional<SmsEncoding.MessageLength> renderedLength, Instant deadline) {
        Optional<String> customerId() {
            return customer.map(Customer::id);
        }

        EventSubject subject() {
            return EventSubject.of(claimed, purpose, customerId(), renderedLength);
        }
    }

    /** What the provider did with an attempt: an answer, or an exception that leaves the outcome unknown. */
    private record ProviderCall(SendRecord attempting, Optional<SendResult> result, Optional<Throwable> thrown,
                                Instant at) {
        String describe() {
            return result.map(r -> r.getClass().getSimpleName())
                    .orElseGet(() -> "threw " + thrown.orElseThrow().getClass().getSimpleName());
        }
    }

    private final SmsProvider provider;
    private final SendLedger sends;
    private final ConsentLedger consent;
    private final VenueSettings settings;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final Random random;
    private final NumberLocks numberLocks;
    private final DeliveryReports reports;
    private final DecisionLog log;
    /** The customer as the ticketing system has them now, for a marketing basis that rests on it. */
    private final Function<Customer, Optional<Customer>> freshCustomer;

    SendAttempts(SmsProvider provider, SendLedger sends, ConsentLedger consent, VenueSettings settings, Clock clock,
                 RetryPolicy retryPolicy, Random random, NumberLocks numberLocks, DeliveryReports reports,
                 DecisionLog log, Function<Customer, Optional<Customer>> freshCustomer) {
        this.provider = provider;
        this.sends = sends;
        this.consent = consent;
        this.settings = settings;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.random = random;
        this.numberLocks = numberLocks;
        this.reports = reports;
        this.log = log;
        this.freshCustomer = freshCustomer;
    }

    /** A flow message planned but not claimed yet, and what it is judged by. */
    record Unclaimed(SendKey key, String body, Instant deadline, MessagePurpose purpose, Customer customer,
                     SmsEncoding.MessageLength renderedLength) {
    }

    /** What the caller reports when a message offered by {@link #claimAndAttempt} was not claimed. */
    interface NotClaimed {
        /** The number may not be sent to now (checked under its lock): nothing was claimed. */
        void blocked(Decision.Skip skip, Instant at);

        /** A store failed before anything was claimed. */
        void storeFailed(StoreException e, Instant at);

        /**
         * The claim failed and the ledger cannot say whether it landed. Nothing was sent; if it landed,
         * the claim is taken as left behind later (offered again if it has no attempt, UNKNOWN if it
         * has); if not, the message is offered again.
         */
        void claimUncertain(StoreException e, Instant at);
    }

    /**
     * Claims a planned message at its send time and sends it: under the number's lock, right after
     * the consent check there, so that a number that opted out since the plan is not even claimed,
     * with one consent read instead of one before the claim and one after it. A message whose deadline
     * passed or that now falls in quiet hours is claimed first and then handled as {@link #attempt}
     * handles it. A key another runtime claimed first is left to it.
     */
    void claimAndAttempt(Unclaimed message, Supplier<String> reference, NotClaimed notClaimed, Tally tally) {
        Instant now = clock.instant();
        if (!now.isBefore(message.deadline()) || SendTimeRules.quietHours(settings.quietHours(),
                settings.venue().zone(), now, message.deadline()).isPresent()) {
            Optional<SendRecord> claim;
            try {
                claim = sends.claim(message.key(), reference.get(), message.body(), now, message.deadline());
            } catch (StoreException e) {
                notClaimed.storeFailed(e, now);
                return;
            }
            claim.ifPresent(record -> attempt(attemptOf(record, message), tally));
            return;
        }
        MessageKind kind = message.purpose() == MessagePurpose.MARKETING ? MessageKind.MARKETING : MessageKind.TRANSACTIONAL;
        // Re-read from the ticketing system outside the number's lock: a STOP must not wait for that.
        Optional<Customer> fresh = freshCustomer.apply(message.customer());
        PhoneNumber to = message.key().to();
        Attempt[] claimed = new Attempt[1];
        try {
            ProviderCall call = numberLocks.with(to, () -> {
                Instant checkedAt = latest(now, clock.instant());
                String ours;
                Optional<SendRecord> claim;
                try {
                    Optional<Decision.Skip> blocked = consentAtSend(to, kind, fresh, checkedAt);
                    if (blocked.isPresent()) {
                        notClaimed.blocked(blocked.get(), checkedAt);
                        return null;
                    }
                    ours = reference.get();
                } catch (StoreException e) {
                    notClaimed.storeFailed(e, checkedAt);
                    return null;
                }
                try {
                    // Claimed with its first attempt in one write: nothing else happens between the two.
                    claim = sends.claimAttempting(message.key(), ours, message.body(), checkedAt, message.deadline());
                } catch (StoreException e) {
                    claimedWithoutAttempt(message, ours, e, checkedAt, notClaimed, tally);
                    return null;
                }
                if (claim.isEmpty()) {
                    return null;
                }
                claimed[0] = attemptOf(claim.get(), message);
                return call(claimed[0], claim.get(), checkedAt);
            });
            if (call != null) {
                recordOrReport(call, claimed[0], tally);
            }
        } finally {
            if (claimed[0] != null) {
                reports.abandoned(claimed[0].claimed().reference());
            }
        }
    }

    private static Attempt attemptOf(SendRecord record, Unclaimed message) {
        return new Attempt(record, message.purpose(), Optional.of(message.customer()),
                Optional.of(message.renderedLength()), record.deadline());
    }

    /**
     * Calls the provider for a claimed record and records what happened. The clock is read first:
     * a message may wait in the dispatcher's queue, so the instant it was planned at may be well
     * past. A send whose deadline passed meanwhile, that now falls in quiet hours, or whose number
     * opted out is not sent. A store failure is handled here, per message: the key is claimed, so it
     * is never sent again.
     */
    void attempt(Attempt attempt, Tally tally) {
        try {
            attemptAndRecord(attempt, tally);
        } finally {
            // Whatever happened on the way (an exception nobody expected), the send is no longer in flight here, and a
            // delivery report parked for it is applied rather than kept for ever.
            reports.abandoned(attempt.claimed().reference());
        }
    }

    private void attemptAndRecord(Attempt attempt, Tally tally) {
        ProviderCall call;
        try {
            call = callProvider(attempt, tally);
        } catch (StoreException e) {
            notSentForStore(attempt, e, tally, "it was claimed, but " + e.getMessage() + " before the provider was"
                    + " called; not sent, and never sent again (its claim stands)");
            return;
        }
        if (call != null) {
            recordOrReport(call, attempt, tally);
        }
    }

    /** Records what the provider did; if the ledger cannot take it, reports it as sent but unrecorded. */
    private void recordOrReport(ProviderCall call, Attempt attempt, Tally tally) {
        try {
            record(call, attempt, tally);
        } catch (StoreException e) {
            unrecorded(call, attempt, e, tally);
        }
    }

    /** The checks just before the call and the call itself; null when the message was not sent (and reported). */
    private ProviderCall callProvider(Attempt attempt, Tally tally) {
        SendRecord claimed = attempt.claimed();
        Instant now = clock.instant();
        if (!now.isBefore(attempt.deadline())) {
            notSent(attempt, now, tally, Reason.TOO_LATE,
                    "its deadline " + attempt.deadline() + " passed before it could be sent");
            return null;
        }
        // The engine's own quiet-hours rule, at this instant: the claimed deadline already allows for a deferral.
        Optional<Decision> quiet = SendTimeRules.quietHours(settings.quietHours(), settings.venue().zone(), now,
                attempt.deadline());
        if (quiet.isPresent()) {
            if (quiet.get() instanceof Decision.Wait wait) {
                sends.update(claimed.moved(SendStatus.RETRY_PENDING, Optional.of(wait.until()), Optional.empty(),
                        "waits for quiet hours to end at " + wait.until(), now));
                log.emit(tally.count(attempt.subject().event(now, Outcome.DEFERRED, Reason.QUIET_HOURS,
                        wait.explanation())));
            } else {
                notSent(attempt, now, tally, Reason.QUIET_HOURS, quiet.get().explanation());
            }
            return null;
        }
        MessageKind kind = attempt.purpose() == MessagePurpose.MARKETING ? MessageKind.MARKETING : MessageKind.TRANSACTIONAL;
        // Re-read from the ticketing system outside the number's lock: a STOP must not wait for that.
        Optional<Customer> fresh = attempt.customer().flatMap(freshCustomer);
        PhoneNumber to = claimed.key().to();
        return numberLocks.with(to, () -> {
            // The clock again, inside the lock: a STOP recorded while this waited for the lock (or re-read the
            // customer) is dated after the instant read above, and a consent state read at that instant misses it.
            Instant checkedAt = latest(now, clock.instant());
            Optional<Decision.Skip> blocked = consentAtSend(to, kind, fresh, checkedAt);
            if (blocked.isPresent()) {
                notSent(attempt, checkedAt, tally, blocked.get().reason(),
                        blocked.get().reason().description() + " (checked again just before sending)");
                return null;
            }
            return callUnderLock(attempt, checkedAt, tally);
        });
    }

    private Optional<Decision.Skip> consentAtSend(PhoneNumber to, MessageKind kind, Optional<Customer> fresh,
                                                  Instant checkedAt) {
        return SendTimeRules.consent(to, SendTimeRules.consentAtSend(consent.history(to), checkedAt), kind,
                fresh.flatMap(c -> settings.ticketingConsent().evidence(c)));
    }

    /** Takes the attempt and calls the provider; the caller holds the number's lock and has checked consent. */
    private ProviderCall callUnderLock(Attempt attempt, Instant checkedAt, Tally tally) {
        SendRecord claimed = attempt.claimed();
        SendRecord attempting = claimed.attempted(checkedAt);
        // A compare-and-set: of two runtimes that read the same record (a retry, with a lease that lapsed under
        // one of them), only one takes the attempt, so only one calls the provider.
        if (!sends.updateIf(claimed, attempting)) {
            log.emit(tally.count(attempt.subject().event(checkedAt, Outcome.SKIPPED, Reason.ALREADY_SENT,
                    "not sent here: the send ledger's record changed since this runtime read it (another"
                            + " runtime took the attempt); left to it")));
            return null;
        }
        return call(attempt, attempting, checkedAt);
    }

    /**
     * The claim failed, or seemed to: a ledger that writes the claim and the attempt one after the other
     * failed in between, or the one write landed and its answer was lost. The provider was not called.
     * If the claim is there (found by our reference, for this key), it is recorded as failed and
     * reported, as when the attempt of an earlier claim cannot be recorded. If it is not, nothing was
     * claimed and the message is offered again. If the ledger cannot say, that is what is reported.
     */
    private void claimedWithoutAttempt(Unclaimed message, String reference, StoreException e, Instant at,
                                       NotClaimed notClaimed, Tally tally) {
        Optional<SendRecord> claim;
        try {
            claim = sends.findByReference(reference).filter(record -> record.key().equals(message.key()));
        } catch (StoreException again) {
            notClaimed.claimUncertain(e, at);
            return;
        }
        if (claim.isPresent()) {
            // Ours, whatever the ledger said (a refusal included): this runtime just made it, under the number's lock.
            failClaim(attemptOf(claim.get(), message), e, tally, "it was claimed, but " + e.getMessage()
                    + " before the provider was called; not sent, and never sent again (its claim stands)");
        } else {
            notClaimed.storeFailed(e, at);
        }
    }

    /** Calls the provider for a send whose attempt is recorded; the caller holds the number's lock. */
    private ProviderCall call(Attempt attempt, SendRecord attempting, Instant checkedAt) {
        SendRecord claimed = attempt.claimed();
        PhoneNumber to = claimed.key().to();
        reports.attempting(claimed.reference());
        try {
            return new ProviderCall(attempting, Optional.of(provider.send(new OutboundSms(to, settings.sender(),
                    claimed.body(), claimed.reference()))), Optional.empty(), checkedAt);
        } catch (SmsProviderException e) {
            // The adapter could not even attempt the send: nothing went out, so this is a failure, not an unknown.
            // A provider may quote the body, which can greet the person by name: no pattern finds that.
            String detail = Redaction.personalData(String.valueOf(e.getMessage())
                    .replace(claimed.body(), "<the message>"));
            return new ProviderCall(attempting, Optional.of(e.retryable()
                    ? new SendResult.TransientFailure(e.reason(), e.providerCode().orElse(""), Optional.empty(), detail)
                    : new SendResult.PermanentFailure(e.reason(), e.providerCode().orElse(""), detail)),
                    Optional.empty(), checkedAt);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // An Error from an adapter (a missing class, a failed assertion) leaves the outcome unknown like any
            // exception: recorded as such, never retried. Errors of the JVM itself (out of memory) are not caught.
            return new ProviderCall(attempting, Optional.empty(), Optional.of(e), checkedAt);
        }
    }

    /** Records and reports what the provider did. */
    private void record(ProviderCall call, Attempt attempt, Tally tally) {
        SendRecord attempting = call.attempting();
        Instant now = call.at();
        EventSubject subject = attempt.subject();
        if (call.thrown().isPresent()) {
            // The provider may have taken the message before failing: resending could send it twice.
            Throwable e = call.thrown().get();
            reports.recordOutcome(attempting.moved(SendStatus.UNKNOWN, Optional.empty(), Optional.empty(),
                    "the provider call failed with " + e.getClass().getSimpleName() + ": "
                            + Redaction.personalData(String.valueOf(e.getMessage()).replace(attempting.body(),
                            "<the message>")), now));
            log.emit(tally.count(subject.event(now, Outcome.UNKNOWN, Reason.OUTCOME_UNKNOWN, "the provider call failed ("
                    + e.getClass().getSimpleName() + "); it may have gone out, so it is not sent again")));
            return;
        }
        SendResult result = call.result().orElseThrow();
        if (result instanceof SendResult.Accepted accepted) {
            reports.recordOutcome(attempting.moved(SendStatus.ACCEPTED, Optional.empty(),
                    Optional.of(accepted.providerMessageId()), "accepted by " + provider.id(), now));
            if (attempt.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE) {
                try {
                    consent.append(new ConsentRecord.SoftOptInNoticeSent(attempting.key().to(), now,
                            attempting.reference()));
                } catch (StoreException e) {
                    // The notice went, but without its record it is no basis for marketing: the safe side.
                    LOG.warn("soft opt-in notice {} was sent, but recording it in the consent ledger failed, so it"
                            + " will not count as a basis for marketing: {}", attempting.reference(), e.getMessage());
                }
            }
            log.emit(tally.count(subject.sent(now, "accepted by " + provider.id() + " as " + accepted.providerMessageId())));
        } else if (result instanceof SendResult.TransientFailure failure) {
            Duration delay = retryPolicy.delayAfter(attempting.attempts(), failure.retryAfter().orElse(Duration.ZERO),
                    random);
            Instant next = now.plus(delay);
            String what = failure.reason() + (failure.providerCode().isEmpty() ? "" : " (" + failure.providerCode() + ")");
            if (attempting.attempts() >= retryPolicy.maxAttempts() || !next.isBefore(attempt.deadline())) {
                fail(attempting, now, tally, subject, Reason.RETRIES_EXHAUSTED,
                        "transient failure " + what + " and no retry fits before the deadline " + attempt.deadline());
                return;
            }
            reports.recordOutcome(attempting.moved(SendStatus.RETRY_PENDING, Optional.of(next), Optional.empty(),
                    "transient failure " + what + "; retry at " + next, now));
            log.emit(tally.count(subject.event(now, Outcome.DEFERRED, Reason.PROVIDER_RETRYING,
                    "transient failure " + what + "; retrying at " + next)));
        } else {
            SendResult.PermanentFailure failure = (SendResult.PermanentFailure) result;
            if (failure.reason() == FailureReason.OPTED_OUT_AT_PROVIDER) {
                try {
                    consent.append(new ConsentRecord.OptedOut(attempting.key().to(), now,
                            ConsentRecord.OptOutSource.PROVIDER, false,
                            "provider " + provider.id() + " reported an opt-out (" + failure.providerCode() + ")"));
                } catch (StoreException e) {
                    // The provider keeps refusing the number meanwhile; the failure itself is still recorded below.
                    LOG.warn("the provider reported {} opted out, but recording that failed: {}",
                            attempting.key().to().masked(), e.getMessage());
                }
            }
            // The provider's own words often quote the number ("The 'To' number +44... is not valid").
            fail(attempting, now, tally, subject, Reason.PROVIDER_REFUSED, "permanent failure " + failure.reason()
                    + (failure.providerCode().isEmpty() ? "" : " (" + failure.providerCode() + ")") + ": "
                    + Redaction.personalData(failure.detail().replace(attempting.body(), "<the message>")));
        }
    }

    /**
     * The provider has answered but the ledger could not record the answer. The record stays as it was
     * written just before the call (claimed, attempted once more), so it is never resent and a restart
     * reports it as unknown until a delivery report settles it. Nothing is written over it: recording a
     * message the provider accepted as FAILED would be untrue.
     */
    private void unrecorded(ProviderCall call, Attempt attempt, StoreException e, Tally tally) {
        Instant now = call.at();
        String unrecorded = e.getMessage() + "; the claim stands, so it is never sent again, and a restart reports"
                + " it as unknown until a delivery report settles it";
        Optional<SendResult> result = call.result();
        EventSubject subject = attempt.subject();
        DecisionEvent event;
        if (result.isPresent() && result.get() instanceof SendResult.Accepted accepted) {
            event = subject.sent(now, "accepted by " + provider.id() + " as " + accepted.providerMessageId()
                    + ", but recording that failed: " + unrecorded);
        } else if (result.isEmpty()) {
            event = subject.event(now, Outcome.UNKNOWN, Reason.OUTCOME_UNKNOWN, "the provider call failed ("
                    + call.describe() + ") and recording that failed too: " + unrecorded);
        } else {
            event = subject.event(now, Outcome.FAILED, Reason.STORE_UNAVAILABLE, "the provider refused it ("
                    + call.describe() + ") and recording that failed: " + unrecorded);
        }
        log.emit(tally.count(event));
    }

    /**
     * A claimed send the ledger failed for before the provider was called: reported FAILED with
     * {@code STORE_UNAVAILABLE}; the ledger is asked once to record that, which may fail too (then the
     * claim stays unattempted, and a restart offers it again: the provider was never called).
     */
    private void notSentForStore(Attempt attempt, StoreException e, Tally tally, String detail) {
        if (e.reason() == StoreException.Reason.REFUSED) {
            Instant now = clock.instant();
            // The ledger refused the move: the record is not as this runtime read it (another runtime on the same
            // ledger took the send on, say). Not sent here, and nothing is written over what the other recorded.
            log.emit(tally.count(attempt.subject().event(now, Outcome.SKIPPED, Reason.ALREADY_SENT,
                    "not sent: the send ledger refused the attempt (" + e.getMessage() + "); the send was moved on"
                            + " elsewhere, and its record is left as it is")));
            return;
        }
        failClaim(attempt, e, tally, detail);
    }

    /** A claimed send the provider was not called for, because of a store: recorded failed (if it can be) and reported. */
    private void failClaim(Attempt attempt, StoreException e, Tally tally, String detail) {
        Instant now = clock.instant();
        try {
            sends.update(attempt.claimed().moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), detail, now));
        } catch (StoreException again) {
            LOG.warn("{} could not be recorded as failed either: {}", attempt.claimed().reference(), again.getMessage());
        }
        log.emit(tally.count(attempt.subject().event(now, Outcome.FAILED, Reason.STORE_UNAVAILABLE, detail)));
    }

    /** A claimed send that will not be attempted (again): recorded as failed, reported as skipped with its reason. */
    void notSent(Attempt attempt, Instant now, Tally tally, Reason reason, String detail) {
        sends.update(attempt.claimed().moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), "not sent: " + detail,
                now));
        log.emit(tally.count(attempt.subject().event(now, Outcome.SKIPPED, reason, detail)));
    }

    /** A claimed send that failed for good: recorded and reported FAILED. */
    void fail(SendRecord record, Instant now, Tally tally, EventSubject subject, Reason reason, String detail) {
        reports.recordOutcome(record.moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), detail, now));
        log.emit(tally.count(subject.event(now, Outcome.FAILED, reason, detail)));
    }

    /** The later of two readings: a clock stepped back must not make a check look at an earlier state. */
    static Instant latest(Instant first, Instant second) {
        return second.isBefore(first) ? first : second;
    }
}
