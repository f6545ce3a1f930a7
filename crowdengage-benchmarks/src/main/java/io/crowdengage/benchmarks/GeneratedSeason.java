package io.crowdengage.benchmarks;

import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A season made by {@link SeasonGenerator}, with what the engine needs to plan over it.
 *
 * @param config    what was generated
 * @param settings  the engine settings
 * @param flows     the flows
 * @param season    the ticketing data
 * @param consent   the consent ledger
 * @param galaStart the instant the gala night's performances all start
 */
public record GeneratedSeason(SeasonGenerator.Config config, EngineSettings settings, List<Flow> flows,
                              SeasonSnapshot season, InMemoryConsentLedger consent, Instant galaStart) {

    /** A new engine over these settings and flows. */
    public SchedulingEngine engine() {
        return SchedulingEngine.create(settings, flows);
    }

    /** A snapshot whose send ledger has claimed exactly {@code claimed}. */
    public Snapshot snapshot(Set<SendKey> claimed) {
        return new Snapshot(season, consent::history, claimed::contains);
    }

    /**
     * The keys a runtime that kept up would have claimed by {@code cutoff}: every step due strictly
     * before it, for every number holding a live booking then. (A real runtime claims sends only; this
     * over-approximates a little, which only makes the set larger.)
     */
    public Set<SendKey> claimedBefore(Instant cutoff) {
        Set<SendKey> claimed = new HashSet<>();
        List<Performance> performances = season.performances();
        for (Flow flow : flows) {
            for (FlowStep step : flow.steps()) {
                for (Performance performance : performances) {
                    Instant due = step.timing().dueInstant(performance, season.zone());
                    if (!due.isBefore(cutoff)) {
                        continue;
                    }
                    for (Booking booking : season.bookingsOf(performance.id())) {
                        if (!booking.liveAt(due)) {
                            continue;
                        }
                        Optional<Customer> customer = season.customer(booking.customerId());
                        customer.flatMap(Customer::mobile)
                                .ifPresent(mobile -> claimed.add(new SendKey(step.id(), performance.id(), mobile)));
                    }
                }
            }
        }
        return claimed;
    }
}
