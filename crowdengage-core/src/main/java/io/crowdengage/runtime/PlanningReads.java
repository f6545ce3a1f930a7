package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.SeasonView;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.StoreException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stores as one plan reads them. A read that fails for one key or number must not fail the
 * whole plan (every other message would go unsent and unreported), so it is answered and
 * remembered, and the runtime reports each candidate whose decision rests on a failed read as
 * {@code STORE_UNAVAILABLE} instead of acting on it.
 *
 * <p>The answers given for a failed read: consent counts as opted out (the engine plans no send on
 * it); a claim counts as not made, so that the key stays a candidate and can be reported; it is
 * never sent on that answer (and the ledger's claim would still refuse a key claimed before).
 */
final class PlanningReads {
    /** Stands for a consent history that could not be read: nothing is sent on it. */
    private static final Instant UNREADABLE_SINCE = Instant.EPOCH;

    private final ConsentLedger consent;
    private final SendLedger sends;
    private final Map<PhoneNumber, StoreException> unreadableConsent = new HashMap<>();
    private final Map<SendKey, StoreException> unreadableClaims = new HashMap<>();
    private final Optional<ClaimedKeys> claimedInWindow;

    /**
     * @param claimedInWindow every key claimed for some performances, read in one go, when the ledger
     *                        can list them; a key of another performance is asked for on its own
     */
    PlanningReads(ConsentLedger consent, SendLedger sends, Optional<ClaimedKeys> claimedInWindow) {
        this.consent = consent;
        this.sends = sends;
        this.claimedInWindow = claimedInWindow;
    }

    /** The keys claimed for these performances, as one read of the ledger found them. */
    record ClaimedKeys(Set<String> performanceIds, Set<SendKey> keys) {
    }

    /**
     * Reads the claimed keys of these performances in one go, if the ledger can; empty (every key then
     * asked on its own) when it cannot, or when that read fails.
     */
    static Optional<ClaimedKeys> readClaimedKeys(SendLedger sends, List<String> performanceIds) {
        try {
            return sends.claimedKeysOf(performanceIds)
                    .map(keys -> new ClaimedKeys(Set.copyOf(performanceIds), keys));
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    Snapshot snapshot(SeasonView season) {
        return new Snapshot(season, this::history, this::claimed);
    }

    private ConsentHistory history(PhoneNumber phone) {
        try {
            return consent.history(phone);
        } catch (StoreException e) {
            unreadableConsent.put(phone, e);
            return ConsentHistory.of(List.of(new ConsentRecord.OptedOut(phone, UNREADABLE_SINCE,
                    ConsentRecord.OptOutSource.STAFF, false, "stands for a consent history that could not be read")));
        }
    }

    private boolean claimed(SendKey key) {
        if (claimedInWindow.isPresent() && claimedInWindow.get().performanceIds().contains(key.performanceId())) {
            return claimedInWindow.get().keys().contains(key);
        }
        try {
            return sends.claimed(key);
        } catch (StoreException e) {
            unreadableClaims.put(key, e);
            return false;
        }
    }

    /** Why this candidate's decision cannot be trusted, if a read it rests on failed. */
    Optional<StoreException> failureBehind(Candidate candidate) {
        Optional<StoreException> claim = candidate.key().map(unreadableClaims::get);
        if (claim.isPresent()) {
            return claim;
        }
        return candidate.to().map(unreadableConsent::get);
    }
}
