package io.crowdengage.simulation;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.SendKey;
import io.crowdengage.internal.Checks;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.MessagePurpose;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.store.SendLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
    private final List<Restart> restarts;
    private final Optional<Supplier<Stores>> stores;

    private Simulation(Scenario scenario, List<Restart> restarts, Optional<Supplier<Stores>> stores) {
        this.scenario = scenario;
        this.restarts = restarts.stream().sorted(Comparator.comparing(Restart::at)).toList();
        this.stores = stores;
    }

    /** A simulation of {@code scenario}, on in-memory stores, with no restart. */
    public static Simulation of(Scenario scenario) {
        return new Simulation(Checks.notNull(scenario, "scenario"), List.of(), Optional.empty());
    }

    /**
     * This simulation with the runtime stopped at each restart's instant and started again, on the same
     * stores, when it is over. While it is down no tick runs; the world goes on (bookings, cancellations,
     * consents), and texts received are handed to the new run when it starts, as a provider retrying
     * its webhook would. A restart whose downtime runs past {@code simulate.until} leaves the runtime
     * down to the end, and texts received meanwhile are never handed over.
     */
    public Simulation restartingAt(List<Restart> restartsInOrderOrNot) {
        Checks.noNullElements(restartsInOrderOrNot, "restarts");
        return new Simulation(scenario, List.copyOf(restartsInOrderOrNot), stores);
    }

    /**
     * This simulation with each run of the runtime given the stores {@code opener} opens: called once
     * for the first run and again after each restart. The first stores must be empty: the scenario's
     * consents are written to the consent ledger, and a runtime state left by another run would be
     * resumed (its cursor and last tick), and its send records would count as sent. For a durable store, open new handles on the same database
     * each time, as a restarted process would. Default: one set of in-memory stores, handed to every
     * run, which is what a durable store gives a restarted runtime.
     */
    public Simulation onStores(Supplier<Stores> opener) {
        return new Simulation(scenario, restarts, Optional.of(Checks.notNull(opener, "stores")));
    }

    /**
     * A restart of the runtime during a simulation.
     *
     * @param at   when the runtime stops: the first tick at or after it does not run
     * @param down how long it stays down, zero or more; it starts again at the first tick at or after
     *             {@code at + down}
     */
    public record Restart(Instant at, Duration down) {
        public Restart {
            Checks.notNull(at, "at");
            Checks.notNegative(down, "down");
        }

        /** When the runtime is started again. */
        public Instant backAt() {
            return at.plus(down);
        }
    }

    /**
     * The stores one run of the runtime is given.
     *
     * @param sendLedger    what was claimed and sent
     * @param consentLedger consent and opt-outs
     * @param runtimeState  the change cursor, last tick, owed notices and reference numbers
     */
    public record Stores(SendLedger sendLedger, ConsentLedger consentLedger, RuntimeStateStore runtimeState) {
        public Stores {
            Checks.notNull(sendLedger, "sendLedger");
            Checks.notNull(consentLedger, "consentLedger");
            Checks.notNull(runtimeState, "runtimeState");
        }

        /** New, empty in-memory stores. */
        public static Stores inMemory() {
            return new Stores(InMemorySendLedger.create(), InMemoryConsentLedger.create(),
                    InMemoryRuntimeStateStore.create());
        }
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
        Supplier<Stores> opener = stores.orElseGet(() -> {
            Stores shared = Stores.inMemory();
            return () -> shared;
        });
        Stores first = opener.get();
        ScenarioWorld world = ScenarioWorld.of(scenario, clock, ScenarioWorld.templateEngine(scenario),
                first.consentLedger());
        Duration perSend = Duration.ofNanos((long) Math.ceil(1_000_000_000d / world.provider().throughputPerSecond()));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<DecisionEvent> events = new ArrayList<>();
        List<DecisionEvent> step = Collections.synchronizedList(new ArrayList<>());
        CrowdEngage runtime = start(world, first, clock, perSend, step);
        Instant until = scenario.simulate().until();
        Duration tick = scenario.simulate().tick();
        Iterator<Restart> pending = restarts.iterator();
        Optional<Restart> nextRestart = pending.hasNext() ? Optional.of(pending.next()) : Optional.empty();
        List<InboundSms> heldWhileDown = new ArrayList<>();
        int ticks = 0;
        for (Instant now = scenario.simulate().from(); !now.isAfter(until); now = now.plus(tick)) {
            clock.moveTo(now);
            List<ScheduledChange> changes = world.advanceTo(now);
            if (nextRestart.isPresent() && !now.isBefore(nextRestart.get().at())) {
                if (runtime != null) {
                    runtime.close();
                    runtime = null;
                }
                if (now.isBefore(nextRestart.get().backAt())) {
                    changes.stream().filter(ScheduledChange.InboundSmsReceived.class::isInstance)
                            .map(change -> ((ScheduledChange.InboundSmsReceived) change).sms()).forEach(heldWhileDown::add);
                    continue;
                }
                runtime = start(world, opener.get(), clock, perSend, step);
                nextRestart = pending.hasNext() ? Optional.of(pending.next()) : Optional.empty();
                heldWhileDown.forEach(runtime::onInboundSms);
                heldWhileDown.clear();
            }
            for (ScheduledChange change : changes) {
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
        if (runtime != null) {
            runtime.close();
        }
        return new Report(List.copyOf(events), Map.copyOf(counts), ticks, world.provider().count());
    }

    private CrowdEngage start(ScenarioWorld world, Stores run, VirtualClock clock, Duration perSend,
                              List<DecisionEvent> step) {
        return CrowdEngage.builder()
                .ticketingSystem(world.ticketing())
                .smsProvider(world.provider())
                .venueSettings(world.settings())
                .flows(world.flows())
                .consentLedger(run.consentLedger())
                .sendLedger(run.sendLedger())
                .runtimeState(run.runtimeState())
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

        /**
         * The messages sent more than once: each second and later {@link Outcome#SENT} of one flow step
         * for one performance to one number, or of one number's soft opt-in notice. Empty when the
         * at-most-once promise held, restarts included.
         */
        public List<DecisionEvent> sentTwice() {
            Set<SendKey> seen = new HashSet<>();
            return decisions.stream()
                    .filter(e -> e.outcome() == Outcome.SENT && e.to().isPresent()
                            && (e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE
                                    || e.step().isPresent() && e.performance().isPresent()))
                    .filter(e -> !seen.add(sendKeyOf(e)))
                    .toList();
        }

        /** The key the runtime claims a sent message under: a number has one notice, whatever the performance. */
        private static SendKey sendKeyOf(DecisionEvent sent) {
            PhoneNumber to = sent.to().orElseThrow();
            return sent.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE ? NoticeEligibility.keyFor(to)
                    : new SendKey(sent.step().orElseThrow(), sent.performance().orElseThrow(), to);
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
