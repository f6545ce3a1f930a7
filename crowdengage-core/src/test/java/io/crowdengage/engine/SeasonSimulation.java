package io.crowdengage.engine;

import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Drives the engine through a {@link RandomSeason} the way a runtime would: apply the changes due,
 * plan, claim and "send" whatever the plan says, then move to the next tick. What it records is
 * what the properties check.
 */
final class SeasonSimulation {

    /** A message the simulated runtime sent, with the state of the world it was sent in. */
    record Sent(SendKey key, Instant at, FlowStep step, String bookingId, LawfulBasis basis, Performance performance,
                Booking booking) {
    }

    /** How often ticks come. */
    enum Cadence {
        EVERY_MINUTE, EVERY_7_MINUTES, IRREGULAR_UP_TO_15_MINUTES
    }

    static List<Sent> run(RandomSeason season, Cadence cadence, long cadenceSeed) {
        Random gaps = new Random(cadenceSeed);
        Function<Instant, Instant> next;
        switch (cadence) {
            case EVERY_MINUTE:
                next = t -> t.plus(Duration.ofMinutes(1));
                break;
            case EVERY_7_MINUTES:
                next = t -> t.plus(Duration.ofMinutes(7));
                break;
            default:
                next = t -> t.plus(Duration.ofSeconds(60 + gaps.nextInt(14 * 60 + 1)));
                break;
        }
        Venue venue = new Venue("V", "Venue", season.zone);
        EngineSettings settings = season.quietHours.map(q -> EngineSettings.of(venue).withQuietHours(q))
                .orElse(EngineSettings.of(venue));
        SchedulingEngine engine = SchedulingEngine.create(settings, List.of(Flow.of("Flow", season.steps)));

        SeasonSnapshot snapshot = SeasonSnapshot.builder(season.zone).performances(season.performances)
                .customers(season.customers).bookings(season.initialBookings).build();
        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        Set<SendKey> claimed = new HashSet<>();
        List<Sent> sent = new ArrayList<>();

        int nextChange = 0;
        Instant previous = season.from;
        for (Instant now = season.from; !now.isAfter(season.until); now = next.apply(now)) {
            while (nextChange < season.changes.size() && !season.changes.get(nextChange).at().isAfter(now)) {
                snapshot = apply(snapshot, consent, season.changes.get(nextChange++));
            }
            Plan plan = engine.plan(new Snapshot(snapshot, consent::history, claimed::contains), previous, now);
            for (Candidate candidate : plan.sends()) {
                SendKey key = candidate.key().orElseThrow();
                if (!claimed.add(key)) {
                    throw new AssertionError("the engine planned a claimed key " + key);
                }
                Decision.Send send = (Decision.Send) candidate.decision();
                sent.add(new Sent(key, now, candidate.step(), candidate.booking().id(), send.basis(),
                        candidate.performance(), candidate.booking()));
            }
            previous = now;
        }
        return sent;
    }

    static SeasonSnapshot apply(SeasonSnapshot snapshot, InMemoryConsentLedger consent, RandomSeason.Change change) {
        if (change instanceof RandomSeason.NewBooking) {
            return snapshot.withBooking(((RandomSeason.NewBooking) change).booking());
        }
        if (change instanceof RandomSeason.CancelBooking) {
            String id = ((RandomSeason.CancelBooking) change).bookingId();
            return snapshot.booking(id)
                    .filter(b -> !b.cancelled() && !b.confirmedAt().isAfter(change.at()))
                    .map(b -> snapshot.withBooking(b.cancelledAt(change.at())))
                    .orElse(snapshot);
        }
        if (change instanceof RandomSeason.Reschedule) {
            RandomSeason.Reschedule reschedule = (RandomSeason.Reschedule) change;
            Performance current = snapshot.performance(reschedule.performanceId()).orElseThrow();
            return snapshot.withPerformance(current.rescheduledTo(reschedule.newStart()));
        }
        if (change instanceof RandomSeason.CancelPerformance) {
            Performance current = snapshot.performance(((RandomSeason.CancelPerformance) change).performanceId())
                    .orElseThrow();
            return snapshot.withPerformance(current.asCancelled());
        }
        consent.append(((RandomSeason.Consent) change).record());
        return snapshot;
    }
}
