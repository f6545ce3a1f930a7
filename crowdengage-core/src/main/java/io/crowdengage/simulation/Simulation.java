package io.crowdengage.simulation;

import io.crowdengage.internal.Checks;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.store.InMemorySendLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs the real runtime ({@link CrowdEngage}, not a copy of its logic) against the in-memory fakes
 * built from a {@link Scenario}, on a virtual clock that jumps from tick to tick, and reports every
 * decision. Scheduled changes (late bookings, cancellations, reschedules, consents, inbound texts)
 * are applied as virtual time passes them. The provider's throughput is honoured in virtual time:
 * each send moves the clock on by one over the throughput, so a burst spreads out as it would for real.
 *
 * <h2>Time order</h2>
 * Decisions are reported in time order. The runtime stamps a decision with the instant it was made:
 * a skip or a deferral with the instant its tick (or text) started, a send with the moment of the
 * provider call, which is later because every send before it moved the virtual clock on. Reported
 * as made, a tick's skips would follow its sends. So the decisions of one step (the texts received
 * at a tick, then the tick itself) are held back until the step ends and then reported sorted by
 * instant, decisions made at the same instant in the order they were made. Nothing is dropped. A
 * later step can report nothing earlier than an earlier one: every instant is read from the virtual
 * clock, which never goes back.
 *
 * <p>Deterministic: the same scenario always gives the same decisions.
 */
public final class Simulation {
    private final Scenario scenario;

    private Simulation(Scenario scenario) {
        this.scenario = scenario;
    }

    /** A simulation of {@code scenario}. */
    public static Simulation of(Scenario scenario) {
        return new Simulation(Checks.notNull(scenario, "scenario"));
    }

    /**
     * Runs from {@code simulate.from} to {@code simulate.until} (inclusive), tick by tick, giving each
     * decision to {@code sink} in time order, at the end of the tick it was made in.
     *
     * @throws io.crowdengage.error.ValidationException (INVALID_CONFIGURATION) if the runtime refuses the
     *         scenario's settings or flows
     */
    public Report run(Consumer<DecisionEvent> sink) {
        Checks.notNull(sink, "sink");
        VirtualClock clock = new VirtualClock(scenario.simulate().from());
        ScenarioWorld world = ScenarioWorld.of(scenario, clock);
        Duration perSend = Duration.ofNanos((long) Math.ceil(1_000_000_000d / world.provider().throughputPerSecond()));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<DecisionEvent> events = new ArrayList<>();
        List<DecisionEvent> step = Collections.synchronizedList(new ArrayList<>());
        CrowdEngage runtime = CrowdEngage.builder()
                .ticketingSystem(world.ticketing())
                .smsProvider(world.provider())
                .venueSettings(world.settings())
                .flows(world.flows())
                .consentLedger(world.consents())
                .sendLedger(InMemorySendLedger.create())
                .templateFunctions(ScenarioFunctions.simulated())
                // One send at a time, on the simulation's own thread: its output must be the same on every run.
                .maxInFlight(1)
                .clock(clock)
                .random(new Random(20260328L))
                .throttle(() -> clock.advance(perSend))
                .tickInterval(scenario.simulate().tick().compareTo(Duration.ofMinutes(15)) > 0
                        ? Duration.ofMinutes(15) : scenario.simulate().tick())
                .referencePrefix("sim-")
                .listener(step::add)
                .build();
        Instant until = scenario.simulate().until();
        Duration tick = scenario.simulate().tick();
        int ticks = 0;
        for (Instant now = scenario.simulate().from(); !now.isAfter(until); now = now.plus(tick)) {
            clock.moveTo(now);
            for (ScheduledChange change : world.advanceTo(now)) {
                if (change instanceof ScheduledChange.InboundSmsReceived) {
                    runtime.onInboundSms(((ScheduledChange.InboundSmsReceived) change).sms());
                }
            }
            runtime.tick();
            ticks++;
            for (DecisionEvent event : inTimeOrder(step)) {
                events.add(event);
                counts.merge(event.outcome(), 1, Integer::sum);
                sink.accept(event);
            }
        }
        return new Report(List.copyOf(events), Map.copyOf(counts), ticks, world.provider().count());
    }

    /**
     * Takes every decision out of {@code step}, sorted by instant; decisions at the same instant stay in
     * the order they were made (the sort is stable).
     */
    static List<DecisionEvent> inTimeOrder(List<DecisionEvent> step) {
        List<DecisionEvent> sorted;
        synchronized (step) {
            sorted = new ArrayList<>(step);
            step.clear();
        }
        sorted.sort(Comparator.comparing(DecisionEvent::at));
        return sorted;
    }

    /**
     * What a run decided.
     *
     * @param decisions      every decision, in time order (see the class comment)
     * @param byOutcome      how many of each outcome
     * @param ticks          how many ticks ran
     * @param providerSends  how many messages the fake provider accepted
     */
    public record Report(List<DecisionEvent> decisions, Map<Outcome, Integer> byOutcome, int ticks, int providerSends) {
        public Report {
            decisions = List.copyOf(decisions);
            byOutcome = Map.copyOf(byOutcome);
        }

        /** How many decisions had {@code outcome}. */
        public int count(Outcome outcome) {
            return byOutcome.getOrDefault(outcome, 0);
        }

        /** One line for people: "ticks=4321 sent=17 skipped=9 deferred=2 failed=0 unknown=0". */
        public String summary() {
            StringBuilder line = new StringBuilder("ticks=" + ticks);
            for (Outcome outcome : Outcome.values()) {
                line.append(' ').append(outcome.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(count(outcome));
            }
            return line.toString();
        }
    }
}
