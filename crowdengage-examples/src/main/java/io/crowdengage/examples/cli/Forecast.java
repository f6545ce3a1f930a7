package io.crowdengage.examples.cli;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.Plan;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.simulation.ScenarioFunctions;
import io.crowdengage.template.RenderResult;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the flows would send over a stretch of time from now, computed by the real engine and
 * templates over what the ticketing system holds now, sending nothing: minute by minute, every
 * send the engine plans is rendered (with the simulator's stand-in for partner functions, so
 * Show-Score is not called) and counted, every skip counted by its reason.
 *
 * <p>What it cannot know, it assumes and says: nobody has texted STOP and no express consent is on
 * record (it reads no ledger), nothing was sent before, and no booking changes meanwhile. Soft
 * opt-in notices, which the runtime sends when it first sees a booking, are not counted.
 */
final class Forecast {
    /** How far around the stretch performances are read: the messaging window reaches a day either side. */
    private static final Duration AROUND = Duration.ofDays(3);
    private static final Duration STEP = Duration.ofMinutes(1);

    /** Per step: messages, the numbers they go to, the performances, and what was not sent and why. */
    record StepCount(FlowStep step, int messages, Set<String> numbers, Set<String> performances,
                     Map<Reason, Integer> notSent) {
    }

    /**
     * The forecast.
     *
     * @param steps         per step, in flow order
     * @param customersRead customers read from the ticketing system
     * @param leftOut       live bookings not examined because the customer cap was reached
     */
    record Result(Instant from, Instant until, List<StepCount> steps, int customersRead, int leftOut) {
        int messages() {
            return steps.stream().mapToInt(StepCount::messages).sum();
        }

        int people() {
            Set<String> all = new HashSet<>();
            steps.forEach(step -> all.addAll(step.numbers()));
            return all.size();
        }
    }

    private Forecast() {
    }

    static Result of(TicketingSystem ticketing, VenueSettings settings, List<Flow> flows, Instant from, Duration span,
                     int maxCustomers) {
        Instant until = from.plus(span);
        SchedulingEngine engine = SchedulingEngine.create(new EngineSettings(settings.venue(), settings.quietHours(),
                settings.ticketingConsent()), flows);
        TemplateEngine templates = TemplateEngine.builder().functions(ScenarioFunctions.simulated())
                .optOutFooter(settings.optOutFooter()).build();

        List<Performance> performances = ticketing.performancesStartingBetween(from.minus(AROUND), until.plus(AROUND));
        Map<String, Customer> customers = new LinkedHashMap<>();
        List<Booking> bookings = new ArrayList<>();
        Set<String> missing = new HashSet<>();
        int leftOut = 0;
        for (Performance performance : performances) {
            for (Booking booking : ticketing.bookingsOf(performance.id())) {
                if (booking.cancelled() || missing.contains(booking.customerId())) {
                    continue;
                }
                if (!customers.containsKey(booking.customerId())) {
                    if (customers.size() >= maxCustomers) {
                        leftOut++;
                        continue;
                    }
                    Optional<Customer> customer = ticketing.customer(booking.customerId());
                    if (customer.isEmpty()) {
                        missing.add(booking.customerId());
                        continue;
                    }
                    customers.put(customer.get().id(), customer.get());
                }
                bookings.add(booking);
            }
        }
        SeasonSnapshot season = SeasonSnapshot.builder(settings.venue().zone()).performances(performances)
                .customers(customers.values()).bookings(bookings).build();
        Set<SendKey> claimed = new HashSet<>();
        Snapshot snapshot = new Snapshot(season, phone -> ConsentHistory.empty(), claimed::contains);

        Map<FlowStep, Counter> counters = new LinkedHashMap<>();
        engine.steps().forEach(step -> counters.put(step, new Counter()));
        Set<String> skipsSeen = new HashSet<>();
        Instant previous = from;
        for (Instant now = from; !now.isAfter(until); now = now.plus(STEP)) {
            Plan plan = engine.plan(snapshot, previous, now);
            previous = now;
            for (Candidate candidate : plan.candidates()) {
                Counter counter = counters.get(candidate.step());
                Decision decision = candidate.decision();
                if (decision instanceof Decision.Skip skip) {
                    String key = candidate.step().id() + "|" + candidate.performance().id() + "|" + candidate.booking().id();
                    if (skipsSeen.add(key)) {
                        counter.notSent.merge(skip.reason(), 1, Integer::sum);
                    }
                } else if (decision instanceof Decision.Send send) {
                    SendKey key = candidate.key().orElseThrow();
                    if (!claimed.add(key)) {
                        continue;
                    }
                    RenderResult rendered = templates.render(candidate.step(), new AudienceSubject(send.customer(),
                            send.booking(), candidate.performance(), settings.venue()));
                    if (rendered instanceof RenderResult.Skip renderSkip) {
                        counter.notSent.merge(renderSkip.reason(), 1, Integer::sum);
                    } else {
                        counter.messages++;
                        counter.numbers.add(key.to().e164());
                        counter.performances.add(candidate.performance().id());
                    }
                }
            }
        }
        List<StepCount> steps = new ArrayList<>();
        counters.forEach((step, counter) -> steps.add(new StepCount(step, counter.messages, Set.copyOf(counter.numbers),
                Set.copyOf(counter.performances), Map.copyOf(counter.notSent))));
        return new Result(from, until, steps, customers.size(), leftOut);
    }

    private static final class Counter {
        int messages;
        final Set<String> numbers = new LinkedHashSet<>();
        final Set<String> performances = new LinkedHashSet<>();
        final Map<Reason, Integer> notSent = new TreeMap<>();
    }
}
