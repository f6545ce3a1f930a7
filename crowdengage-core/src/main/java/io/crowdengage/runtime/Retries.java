package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SeasonView;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends already claimed that are not settled: transient failures whose retry is due (judged again
 * by the engine, as if the key had not been claimed), and, on a runtime's first tick, claims an
 * earlier run left without an outcome.
 */
final class Retries {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);

    private final SendLedger sends;
    private final ConsentLedger consent;
    private final SchedulingEngine engine;
    private final Supplier<SeasonView> season;
    private final SendAttempts attempts;
    private final DecisionLog log;

    Retries(SendLedger sends, ConsentLedger consent, SchedulingEngine engine, Supplier<SeasonView> season,
            SendAttempts attempts, DecisionLog log) {
        this.sends = sends;
        this.consent = consent;
        this.engine = engine;
        this.season = season;
        this.attempts = attempts;
        this.log = log;
    }

    /**
     * Claims an earlier run left without an outcome. One whose provider call started (attempted) may
     * have gone out: it is recorded and reported UNKNOWN, never resent. One never attempted was
     * waiting its turn when that run stopped: the provider was not called, so it is offered again.
     *
     * @param claimedBefore only claims older than this, when other instances may have sends in flight;
     *                      empty to take every claim as left behind (a single runtime's first tick)
     * @return the unsettled records as they stand afterwards (those moved in their new state), for
     *         {@link #due} to read in the same tick instead of asking the ledger again; empty when the
     *         ledger could not be read or written (tried again next tick)
     */
    Optional<List<SendRecord>> recoverUnrecordedClaims(Instant now, Tally tally, Optional<Instant> claimedBefore) {
        List<SendRecord> unsettled;
        try {
            unsettled = sends.unsettled();
        } catch (StoreException e) {
            LOG.warn("tick at {}: claims left by an earlier run not checked yet (tried again next tick): {}", now,
                    e.getMessage());
            return Optional.empty();
        }
        List<SendRecord> after = new ArrayList<>(unsettled.size());
        for (SendRecord record : unsettled) {
            // With several instances, a young claim may be another's send in flight: only claims older than the
            // lease (whose holder must have lapsed since) are taken as left behind.
            if (record.status() != SendStatus.CLAIMED
                    || claimedBefore.map(cutoff -> !record.claimedAt().isBefore(cutoff)).orElse(false)) {
                after.add(record);
                continue;
            }
            boolean attempted = record.attempts() > 0;
            SendRecord moved = attempted
                    ? record.moved(SendStatus.UNKNOWN, Optional.empty(), Optional.empty(),
                            "claimed at " + record.claimedAt() + " but no outcome was recorded; never resent", now)
                    : record.moved(SendStatus.RETRY_PENDING, Optional.of(now), Optional.empty(),
                            "claimed at " + record.claimedAt() + " but never attempted; offered again", now);
            try {
                sends.update(moved);
            } catch (StoreException e) {
                // Those already moved are not CLAIMED any more: the next tick handles only the rest.
                LOG.warn("tick at {}: claim {} left by an earlier run not recovered yet: {}", now, record.reference(),
                        e.getMessage());
                return Optional.empty();
            }
            if (!attempted) {
                after.add(moved);
            }
            if (attempted) {
                log.emit(tally.count(EventSubject.of(record, purposeOf(record.key()), Optional.empty(), Optional.empty())
                        .event(now, Outcome.UNKNOWN, Reason.OUTCOME_UNKNOWN, "claimed at " + record.claimedAt()
                                + " but its outcome was never recorded (a crash between sending and recording?); it"
                                + " may have gone out, so it is not sent again")));
            }
        }
        return Optional.of(after);
    }

    /**
     * The retries due now, judged again; the attempts to make, for the tick's wave.
     *
     * @param readThisTick the unsettled records {@link #recoverUnrecordedClaims} read and left this tick,
     *                     if it ran; the ledger is asked otherwise. Between the two nothing but this tick's
     *                     notices moves a record, and none of those is a retry due now.
     */
    List<SendAttempts.Attempt> due(Instant now, Tally tally, Optional<List<SendRecord>> readThisTick) {
        List<SendAttempts.Attempt> wave = new ArrayList<>();
        List<SendRecord> unsettled;
        try {
            unsettled = readThisTick.isPresent() ? readThisTick.get() : sends.unsettled();
        } catch (StoreException e) {
            // Retries wait for the ledger; what is due for the first time is still planned and sent.
            LOG.warn("tick at {}: retries not attempted, the send ledger could not be read: {}", now, e.getMessage());
            return wave;
        }
        for (SendRecord record : unsettled) {
            if (record.status() != SendStatus.RETRY_PENDING
                    || record.nextAttemptAt().map(at -> at.isAfter(now)).orElse(false)) {
                continue;
            }
            try {
                retry(record, now, tally).ifPresent(wave::add);
            } catch (StoreException e) {
                // The record stays RETRY_PENDING in the ledger: the next tick tries again, until its deadline.
                LOG.warn("tick at {}: retry of {} not attempted: {}", now, record.reference(), e.getMessage());
            }
        }
        return wave;
    }

    /** A retry due now, judged again by the engine; the attempt to make, if it is still wanted. */
    private Optional<SendAttempts.Attempt> retry(SendRecord record, Instant now, Tally tally) {
        MessagePurpose purpose = purposeOf(record.key());
        SendAttempts.Attempt asClaimed = new SendAttempts.Attempt(record, purpose, Optional.empty(), Optional.empty(),
                record.deadline());
        if (!now.isBefore(record.deadline())) {
            attempts.fail(record, now, tally, asClaimed.subject(), Reason.RETRIES_EXHAUSTED,
                    "retries ran out: the deadline " + record.deadline() + " has passed");
            return Optional.empty();
        }
        if (purpose == MessagePurpose.SOFT_OPT_IN_NOTICE) {
            return Optional.of(asClaimed);
        }
        if (engine.step(record.key().step()).isEmpty()) {
            // Claimed by an earlier run whose flows had this step; without it there is nothing to judge by.
            attempts.notSent(asClaimed, now, tally, Reason.PERFORMANCE_NOT_SELECTED,
                    "not retried: step '" + record.key().step() + "' is no longer in any flow");
            return Optional.empty();
        }
        // Much can change between attempts (the performance cancelled or moved, the booking cancelled,
        // a STOP): ask the engine again, as if the key had not been claimed.
        Decision again = engine.explain(snapshotIgnoringClaimOf(record.key()), record.key(), now);
        if (again instanceof Decision.Skip skip) {
            attempts.notSent(asClaimed, now, tally, skip.reason(), "not retried: " + skip.explanation());
            return Optional.empty();
        }
        if (again instanceof Decision.Wait wait) {
            sends.update(record.moved(SendStatus.RETRY_PENDING, Optional.of(wait.until()), Optional.empty(),
                    "retry waits: " + wait.explanation(), now));
            return Optional.empty();
        }
        // The show may have moved since the claim: its deadline now may be earlier than the one claimed with.
        Decision.Send send = (Decision.Send) again;
        Instant deadline = send.deadline().isBefore(record.deadline()) ? send.deadline() : record.deadline();
        return Optional.of(new SendAttempts.Attempt(record, purpose, Optional.of(send.customer()), Optional.empty(),
                deadline));
    }

    private Snapshot snapshotIgnoringClaimOf(SendKey key) {
        return new Snapshot(season.get(), consent::history, other -> !other.equals(key) && sends.claimed(other));
    }

    static MessagePurpose purposeOf(MessageKind kind) {
        return kind == MessageKind.MARKETING ? MessagePurpose.MARKETING : MessagePurpose.TRANSACTIONAL;
    }

    /** What a claimed key was for: a notice, or its step's kind (a step no longer in any flow counts as transactional). */
    MessagePurpose purposeOf(SendKey key) {
        if (key.step().equals(NoticeEligibility.STEP)) {
            return MessagePurpose.SOFT_OPT_IN_NOTICE;
        }
        return engine.step(key.step()).map(s -> purposeOf(s.kind())).orElse(MessagePurpose.TRANSACTIONAL);
    }
}
