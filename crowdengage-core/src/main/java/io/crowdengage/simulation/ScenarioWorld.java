package io.crowdengage.simulation;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.flow.Audience;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.simulation.Scenario.AllLive;
import io.crowdengage.simulation.Scenario.BookingSpec;
import io.crowdengage.simulation.Scenario.CancelBooking;
import io.crowdengage.simulation.Scenario.CancelPerformance;
import io.crowdengage.simulation.Scenario.ChangeSpec;
import io.crowdengage.simulation.Scenario.ConsentSpec;
import io.crowdengage.simulation.Scenario.CustomerSpec;
import io.crowdengage.simulation.Scenario.EventSpec;
import io.crowdengage.simulation.Scenario.FailureSpec;
import io.crowdengage.simulation.Scenario.FlowSpec;
import io.crowdengage.simulation.Scenario.HasAttribute;
import io.crowdengage.simulation.Scenario.InboundSpec;
import io.crowdengage.simulation.Scenario.OfEvent;
import io.crowdengage.simulation.Scenario.PerformanceSpec;
import io.crowdengage.simulation.Scenario.Reschedule;
import io.crowdengage.simulation.Scenario.StepPerformances;
import io.crowdengage.simulation.Scenario.StepSpec;
import io.crowdengage.simulation.ScheduledChange.BookingCancelled;
import io.crowdengage.simulation.ScheduledChange.BookingConfirmed;
import io.crowdengage.simulation.ScheduledChange.ConsentRecorded;
import io.crowdengage.simulation.ScheduledChange.InboundSmsReceived;
import io.crowdengage.simulation.ScheduledChange.PerformanceCancelled;
import io.crowdengage.simulation.ScheduledChange.PerformanceRescheduled;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.template.TemplateEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A scenario turned into what the runtime is given: {@link VenueSettings}, {@link Flow}s, and the
 * in-memory ticketing system, consent ledger and SMS provider, all on the injected clock.
 *
 * <h2>The starting state and what happens later</h2>
 * The fakes hold the world as it stands at {@code simulate.from}: bookings confirmed by then,
 * consents given by then, and every reschedule or cancellation made by then already applied.
 * Whatever happens later is a {@link ScheduledChange}, in time order (file order for the same
 * instant), which {@link #advanceTo(Instant)} applies as virtual time passes. A booking confirmed
 * later therefore enters the ticketing change feed at the tick that passes its confirmation, as a
 * late booking does in a real box office. Texts received are handed back, not applied: the
 * simulation gives them to the runtime.
 *
 * <p>Build it with a clock that reads {@code simulate.from}: the ticketing system stamps the
 * starting bookings with it.
 *
 * <pre>{@code
 * ScenarioWorld world = ScenarioWorld.of(scenario, clock);
 * for (Instant now = world.from(); !now.isAfter(world.until()); now = now.plus(world.tick())) {
 *     clock.set(now);
 *     for (ScheduledChange change : world.advanceTo(now)) {
 *         if (change instanceof ScheduledChange.InboundSmsReceived text) runtime.onInboundSms(text.sms());
 *     }
 *     runtime.tick();
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #advanceTo} holds a lock.
 */
public final class ScenarioWorld {
    private final Scenario scenario;
    private final VenueSettings settings;
    private final List<Flow> flows;
    private final InMemoryTicketingSystem ticketing;
    private final ConsentLedger consents;
    private final InMemorySmsProvider provider;
    private final List<ScheduledChange> scheduled;
    private final Object lock = new Object();
    private int applied;

    private ScenarioWorld(Scenario scenario, Clock clock, TemplateEngine engine, ConsentLedger consents) {
        this.scenario = scenario;
        Scenario.VenueSpec venue = scenario.venue();
        this.settings = venueSettings(scenario);
        this.flows = flows(scenario, engine);
        this.ticketing = InMemoryTicketingSystem.create(venue.timeZone(), clock);
        this.consents = consents;
        this.provider = provider(scenario.provider(), clock);
        List<ScheduledChange> later = new ArrayList<>();
        seedTicketing(later);
        seedConsents(later);
        for (InboundSpec text : scenario.inbound()) {
            // Texts before the start are not replayed: a reply to one would be sent in the past.
            if (!text.at().isBefore(from())) {
                later.add(new InboundSmsReceived(text.at(),
                        new InboundSms(text.from(), venue.sender().value(), text.body(), text.at())));
            }
        }
        later.sort(Comparator.comparing(ScheduledChange::at));
        this.scheduled = List.copyOf(later);
    }

    /**
     * The world of {@code scenario}, with audience conditions read by an engine offering
     * {@link ScenarioFunctions#simulated()} and the scenario's footer.
     *
     * @param clock the simulation's clock, reading {@code simulate.from}
     */
    public static ScenarioWorld of(Scenario scenario, Clock clock) {
        return of(scenario, clock, templateEngine(scenario));
    }

    /** Like {@link #of(Scenario, Clock)}, reading audience conditions with {@code engine}. */
    public static ScenarioWorld of(Scenario scenario, Clock clock, TemplateEngine engine) {
        return of(scenario, clock, engine, InMemoryConsentLedger.create());
    }

    /**
     * Like {@link #of(Scenario, Clock, TemplateEngine)}, keeping consent in {@code consents} (a durable
     * ledger, say, to run the scenario across a restart): the scenario's consents are appended to it,
     * so it should hold nothing else.
     */
    public static ScenarioWorld of(Scenario scenario, Clock clock, TemplateEngine engine, ConsentLedger consents) {
        Checks.notNull(scenario, "scenario");
        Checks.notNull(clock, "clock");
        Checks.notNull(engine, "engine");
        Checks.notNull(consents, "consents");
        return new ScenarioWorld(scenario, clock, engine, consents);
    }

    /** The engine {@link #of(Scenario, Clock)} reads audience conditions with. */
    static TemplateEngine templateEngine(Scenario scenario) {
        Checks.notNull(scenario, "scenario");
        return TemplateEngine.builder().functions(ScenarioFunctions.simulated())
                .optOutFooter(scenario.settings().optOutFooter()).build();
    }

    /** The scenario this world was built from. */
    public Scenario scenario() {
        return scenario;
    }

    /** The venue, sender, region, soft opt-in, footer and quiet hours from the scenario. */
    public VenueSettings settings() {
        return settings;
    }

    /** The flows, in file order, audiences and performance filters resolved. */
    public List<Flow> flows() {
        return flows;
    }

    /** The ticketing system, holding the state at {@code simulate.from}. */
    public InMemoryTicketingSystem ticketing() {
        return ticketing;
    }

    /** The consent ledger, holding the consents given by {@code simulate.from}. */
    public ConsentLedger consents() {
        return consents;
    }

    /** The SMS provider, with the scenario's throughput, random failures and scripted failures. */
    public InMemorySmsProvider provider() {
        return provider;
    }

    /** When the simulation starts. */
    public Instant from() {
        return scenario.simulate().from();
    }

    /** When it ends: the last tick is the last one not after this. */
    public Instant until() {
        return scenario.simulate().until();
    }

    /** How far virtual time moves between ticks. */
    public Duration tick() {
        return scenario.simulate().tick();
    }

    /** Every change after {@code simulate.from}, applied or not, in the order they happen. */
    public List<ScheduledChange> scheduledChanges() {
        return scheduled;
    }

    /** When the next change not yet applied happens, if any is left. */
    public Optional<Instant> nextChangeAt() {
        synchronized (lock) {
            return applied < scheduled.size() ? Optional.of(scheduled.get(applied).at()) : Optional.empty();
        }
    }

    /**
     * Applies, in order, every change due at or before {@code now} not applied yet, and returns them.
     * Bookings, performances and consents change in the fakes; {@link InboundSmsReceived} is only
     * returned, for the caller to give to the runtime. Calling again with the same or an earlier
     * instant returns nothing.
     */
    public List<ScheduledChange> advanceTo(Instant now) {
        Checks.notNull(now, "now");
        synchronized (lock) {
            List<ScheduledChange> due = new ArrayList<>();
            while (applied < scheduled.size() && !scheduled.get(applied).at().isAfter(now)) {
                ScheduledChange change = scheduled.get(applied++);
                apply(change);
                due.add(change);
            }
            return List.copyOf(due);
        }
    }

    private void apply(ScheduledChange change) {
        if (change instanceof BookingConfirmed confirmed) {
            ticketing.addBooking(confirmed.booking());
        } else if (change instanceof BookingCancelled cancelled) {
            ticketing.cancelBooking(cancelled.bookingId(), cancelled.at());
        } else if (change instanceof PerformanceRescheduled moved) {
            ticketing.reschedule(moved.performanceId(), moved.newStart());
        } else if (change instanceof PerformanceCancelled cancelled) {
            ticketing.cancelPerformance(cancelled.performanceId());
        } else if (change instanceof ConsentRecorded recorded) {
            consents.append(recorded.record());
        }
        // InboundSmsReceived: the runtime's business.
    }

    // ---------------------------------------------------------------- building

    private void seedTicketing(List<ScheduledChange> later) {
        Instant from = from();
        Map<String, Event> events = new LinkedHashMap<>();
        for (EventSpec event : scenario.events()) {
            events.put(event.id(), ticketing.addEvent(new Event(event.id(), event.name(), event.duration(),
                    raw(event.attributes()))));
        }
        // Performances as they stand at the start: changes made by then already applied.
        Map<String, Performance> performances = new LinkedHashMap<>();
        for (PerformanceSpec performance : scenario.performances()) {
            performances.put(performance.id(), new Performance(performance.id(), events.get(performance.eventId()),
                    performance.start(), performance.cancelled(), raw(performance.attributes())));
        }
        Map<String, Instant> cancellations = new LinkedHashMap<>();
        scenario.bookings().forEach(b -> b.cancelledAt().ifPresent(at -> cancellations.put(b.id(), at)));
        List<ChangeSpec> changes = new ArrayList<>(scenario.changes());
        changes.sort(Comparator.comparing(ChangeSpec::at));
        for (ChangeSpec change : changes) {
            boolean already = !change.at().isAfter(from);
            if (change instanceof Reschedule move) {
                if (already) {
                    performances.computeIfPresent(move.performanceId(), (id, p) -> p.rescheduledTo(move.start()));
                } else {
                    later.add(new PerformanceRescheduled(move.at(), move.performanceId(), move.start()));
                }
            } else if (change instanceof CancelPerformance cancel) {
                if (already) {
                    performances.computeIfPresent(cancel.performanceId(), (id, p) -> p.asCancelled());
                } else {
                    later.add(new PerformanceCancelled(cancel.at(), cancel.performanceId()));
                }
            } else if (change instanceof CancelBooking cancel) {
                cancellations.put(cancel.bookingId(), cancel.at());
            }
        }
        performances.values().forEach(ticketing::addPerformance);
        for (CustomerSpec customer : scenario.customers()) {
            ticketing.addCustomer(customer(customer));
        }
        for (BookingSpec spec : scenario.bookings()) {
            Booking booking = Booking.of(spec.id(), spec.customerId(), spec.performanceId(), spec.confirmedAt());
            Optional<Instant> cancelledAt = Optional.ofNullable(cancellations.get(spec.id()));
            if (spec.confirmedAt().isAfter(from)) {
                later.add(new BookingConfirmed(spec.confirmedAt(), booking));
            } else if (cancelledAt.isPresent() && !cancelledAt.get().isAfter(from)) {
                ticketing.addBooking(booking.cancelledAt(cancelledAt.get()));
                continue;
            } else {
                ticketing.addBooking(booking);
            }
            cancelledAt.ifPresent(at -> later.add(new BookingCancelled(at, spec.id())));
        }
    }

    private void seedConsents(List<ScheduledChange> later) {
        for (ConsentSpec consent : scenario.consents()) {
            ConsentRecord record = new ConsentRecord.ExpressConsent(consent.phone(), consent.at(), consent.evidence());
            if (consent.at().isAfter(from())) {
                later.add(new ConsentRecorded(consent.at(), record));
            } else {
                consents.append(record);
            }
        }
    }

    /** A customer as the ticketing system gives them: the mobile read in the region the runtime is set to. */
    private Customer customer(CustomerSpec customer) {
        Optional<PhoneNumber> mobile = customer.mobile()
                .flatMap(text -> PhoneNumber.tryParse(text, settings.phoneRegion()));
        return Customer.builder(customer.id()).name(customer.firstName(), customer.lastName()).mobile(mobile)
                .tags(customer.tags()).attributes(customer.attributes())
                .contactPreferences(customer.contactPreferences()).memberships(customer.memberships())
                .visitHistory(customer.visitHistory()).raw(raw(customer.attributes())).build();
    }

    /** Attributes as Spektrix returns them: {@code ShowScoreID} becomes the raw key {@code attribute_ShowScoreID}. */
    private static RawAttributes raw(Map<String, String> attributes) {
        Map<String, Object> raw = new LinkedHashMap<>();
        attributes.forEach((name, value) -> raw.put("attribute_" + name, value));
        return RawAttributes.of(raw);
    }

    /** The venue settings the runtime gets for {@code scenario}. */
    static VenueSettings venueSettings(Scenario scenario) {
        Scenario.VenueSpec venue = scenario.venue();
        VenueSettings.Builder venueSettings = VenueSettings.builder(new Venue(venue.id(), venue.name(), venue.timeZone()),
                        venue.sender())
                .phoneRegion(venue.region())
                .softOptIn(scenario.settings().softOptIn())
                .optOutFooter(scenario.settings().optOutFooter());
        scenario.settings().quietHours().ifPresent(venueSettings::quietHours);
        return venueSettings.build();
    }

    /** The flows the runtime gets for {@code scenario}, audience conditions read by {@code engine}. */
    static List<Flow> flows(Scenario scenario, TemplateEngine engine) {
        return scenario.flows().stream().map(flow -> flow(flow, engine)).toList();
    }

    private static Flow flow(FlowSpec flow, TemplateEngine engine) {
        List<FlowStep> steps = new ArrayList<>();
        for (StepSpec step : flow.steps()) {
            Audience audience = step.audienceCondition().<Audience>map(engine::audience).orElseGet(Audience::all);
            steps.add(FlowStep.builder(step.id()).name(step.name()).template(step.template()).kind(step.kind())
                    .audience(audience).performances(filter(step.performances())).timing(step.at())
                    .catchUp(step.catchUp()).maxSegments(step.maxSegments())
                    .skipIfVariableMissing(step.skipIfVariableMissing()).build());
        }
        return Flow.of(flow.name(), steps);
    }

    private static PerformanceFilter filter(StepPerformances performances) {
        if (performances instanceof OfEvent ofEvent) {
            return PerformanceFilter.ofEvent(ofEvent.eventId());
        }
        if (performances instanceof HasAttribute hasAttribute) {
            return PerformanceFilter.eventHasAttribute(hasAttribute.rawKey());
        }
        if (performances instanceof AllLive) {
            return PerformanceFilter.allLive();
        }
        throw new IllegalStateException("unhandled performance filter " + performances);
    }

    private static InMemorySmsProvider provider(Scenario.ProviderSpec spec, Clock clock) {
        InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).random(new Random(spec.seed()))
                .throughputPerSecond(spec.throughputPerSecond()).enforceThroughput(spec.enforceThroughput())
                .failurePercentage(spec.failurePercentage()).build();
        for (FailureSpec failure : spec.failures()) {
            provider.failNext(failure.phone(), failure.times(), failure.kind(), failure.reason());
        }
        return provider;
    }
}
