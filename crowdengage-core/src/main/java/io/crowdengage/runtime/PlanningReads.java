package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.SeasonView;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.StepId;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.StoreException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
    private final Map<PhoneNumber, ConsentHistory> consentReadInBulk;

    /**
     * @param claimedInWindow   every key claimed for some performances, read in one go, when the ledger
     *                          can list them; a key of another performance is asked for on its own
     * @param consentReadInBulk histories read in one go ({@link #readConsent}); a number not among them
     *                          is asked for on its own
     */
    PlanningReads(ConsentLedger consent, SendLedger sends, Optional<ClaimedKeys> claimedInWindow,
                  Map<PhoneNumber, ConsentHistory> consentReadInBulk) {
        this.consent = consent;
        this.sends = sends;
        this.claimedInWindow = claimedInWindow;
        this.consentReadInBulk = consentReadInBulk;
    }

    /**
     * Reads in one go, where the ledger can, the consent of every number the plan will ask about: the
     * numbers booked for the steps the engine will look at ({@code toPlan}) that still have a key to
     * decide, unclaimed. Empty when there are none, when the ledger reads number by number, or when the
     * read fails (each number is then asked for on its own, and a failure is the candidate's).
     */
    static Map<PhoneNumber, ConsentHistory> readConsent(ConsentLedger consent, SeasonView season,
                                                        Map<String, Set<StepId>> toPlan,
                                                        Optional<ClaimedKeys> claimed) {
        Set<PhoneNumber> numbers = new LinkedHashSet<>();
        toPlan.forEach((performanceId, steps) -> {
            boolean listed = claimed.isPresent() && claimed.get().performanceIds().contains(performanceId);
            for (Booking booking : season.bookingsOf(performanceId)) {
                season.customer(booking.customerId()).flatMap(Customer::mobile).ifPresent(mobile -> {
                    if (!listed || steps.stream().anyMatch(step ->
                            !claimed.get().keys().contains(new SendKey(step, performanceId, mobile)))) {
                        numbers.add(mobile);
                    }
                });
            }
        });
        if (numbers.isEmpty()) {
            return Map.of();
        }
        try {
            return consent.historiesOf(numbers).orElse(Map.of());
        } catch (StoreException e) {
            return Map.of();
        }
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
        ConsentHistory read = consentReadInBulk.get(phone);
        if (read != null) {
            return read;
        }
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
