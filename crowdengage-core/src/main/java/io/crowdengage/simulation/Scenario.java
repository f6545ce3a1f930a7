package io.crowdengage.simulation;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.Timing;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.SupportedDates;
import io.crowdengage.model.Venue;
import io.crowdengage.model.VisitHistory;
import io.crowdengage.runtime.SoftOptIn;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider.FailureKind;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A scenario file, read and checked: a venue, its shows, customers and bookings, consents, texts
 * people send in, changes that happen while the simulation runs, flows, a fake SMS provider and the
 * simulated period. The sections mirror the file (see {@code docs/scenario-format.md}); values are
 * already parsed (zones, instants, durations, phone numbers) and defaults are filled in.
 *
 * <p>Read one with {@link ScenarioReader}, which refuses a file with problems; turn one into the
 * in-memory objects the runtime is given with {@link ScenarioWorld}.
 *
 * @param venue        who sends, and where times are read
 * @param settings     venue-wide messaging settings
 * @param events       the shows
 * @param performances their performances
 * @param customers    the people who book
 * @param bookings     who booked what, and when
 * @param consents     express consents on record
 * @param inbound      texts people send in during the simulation
 * @param changes      reschedules and cancellations during the simulation
 * @param flows        the flows the runtime runs
 * @param provider     how the fake SMS provider behaves
 * @param simulate     the simulated period and tick
 */
public record Scenario(VenueSpec venue, SettingsSpec settings, List<EventSpec> events,
                       List<PerformanceSpec> performances, List<CustomerSpec> customers, List<BookingSpec> bookings,
                       List<ConsentSpec> consents, List<InboundSpec> inbound, List<ChangeSpec> changes,
                       List<FlowSpec> flows, ProviderSpec provider, SimulateSpec simulate) {

    public Scenario {
        Checks.notNull(venue, "venue");
        Checks.notNull(settings, "settings");
        events = List.copyOf(Checks.noNullElements(events, "events"));
        performances = List.copyOf(Checks.noNullElements(performances, "performances"));
        customers = List.copyOf(Checks.noNullElements(customers, "customers"));
        bookings = List.copyOf(Checks.noNullElements(bookings, "bookings"));
        consents = List.copyOf(Checks.noNullElements(consents, "consents"));
        inbound = List.copyOf(Checks.noNullElements(inbound, "inbound"));
        changes = List.copyOf(Checks.noNullElements(changes, "changes"));
        flows = List.copyOf(Checks.noNullElements(flows, "flows"));
        Checks.notNull(provider, "provider");
        Checks.notNull(simulate, "simulate");
    }

    /** The event with this id, if the scenario has one. */
    public Optional<EventSpec> event(String id) {
        return events.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The performance with this id, if the scenario has one. */
    public Optional<PerformanceSpec> performance(String id) {
        return performances.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The customer with this id, if the scenario has one. */
    public Optional<CustomerSpec> customer(String id) {
        return customers.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The booking with this id, if the scenario has one. */
    public Optional<BookingSpec> booking(String id) {
        return bookings.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /**
     * The venue.
     *
     * @param id       a stable id; default {@code venue}
     * @param name     shown to customers as {@code venue.name}
     * @param timeZone where performance starts, calendar days, quiet hours and local times in the file are read
     * @param sender   an alphanumeric id, a long number or a short code
     * @param region   the ISO 3166 region national phone numbers are read in
     */
    public record VenueSpec(String id, String name, ZoneId timeZone, Sender sender, String region) {
        public VenueSpec {
            Checks.notBlank(id, "venue.id");
            Checks.notBlank(name, "venue.name");
            Checks.notNull(timeZone, "venue.timeZone");
            Venue.regionZone(timeZone);
            Checks.notNull(sender, "venue.sender");
            Checks.notBlank(region, "venue.region");
        }
    }

    /**
     * Venue-wide messaging settings.
     *
     * @param softOptIn    the soft opt-in notice; disabled unless the file enables it
     * @param optOutFooter appended to every marketing message
     * @param quietHours   the daily quiet period, if any
     * @param maxSegments  the segment budget of steps that do not set their own
     */
    public record SettingsSpec(SoftOptIn softOptIn, String optOutFooter, Optional<QuietHours> quietHours,
                               int maxSegments) {
        public SettingsSpec {
            Checks.notNull(softOptIn, "settings.softOptIn");
            Checks.notBlank(optOutFooter, "settings.optOutFooter");
            Checks.notNull(quietHours, "settings.quietHours");
            Checks.require(maxSegments >= 1 && maxSegments <= 10, "settings.maxSegments",
                    "must be between 1 and 10 but was " + maxSegments);
        }
    }

    /**
     * A show.
     *
     * @param id         the ticketing id
     * @param name       its title
     * @param duration   its running time
     * @param attributes event attributes by name, as in Spektrix ({@code ShowScoreID -> 12345}); templates
     *                   read them as {@code event.raw.attribute_<Name>}
     */
    public record EventSpec(String id, String name, Duration duration, Map<String, String> attributes) {
        public EventSpec {
            Checks.notBlank(id, "event.id");
            Checks.notBlank(name, "event.name");
            Checks.notNegative(duration, "event.duration");
            attributes = Map.copyOf(Checks.noNullEntries(attributes, "event.attributes"));
        }
    }

    /**
     * A performance.
     *
     * @param id         the ticketing id
     * @param eventId    the show
     * @param start      venue-local start
     * @param cancelled  whether it is cancelled from the outset
     * @param attributes instance attributes by name; templates read them as {@code performance.raw.attribute_<Name>}
     */
    public record PerformanceSpec(String id, String eventId, LocalDateTime start, boolean cancelled,
                                  Map<String, String> attributes) {
        public PerformanceSpec {
            Checks.notBlank(id, "performance.id");
            Checks.notBlank(eventId, "performance.eventId");
            Checks.notNull(start, "performance.start");
            SupportedDates.check(start, "performance.start");
            attributes = Map.copyOf(Checks.noNullEntries(attributes, "performance.attributes"));
        }
    }

    /**
     * A customer.
     *
     * @param id                 the ticketing id
     * @param firstName          may be empty
     * @param lastName           may be empty
     * @param mobile             the mobile as typed in the box office; parsed in the venue's region, and a
     *                           customer whose mobile does not parse simply has none
     * @param tags               tags and autotags
     * @param attributes         customer attributes by name
     * @param contactPreferences contact preferences (Spektrix statements) agreed to
     * @param memberships        memberships held
     * @param visitHistory       from the file's {@code firstVisit}: true, false or absent
     */
    public record CustomerSpec(String id, String firstName, String lastName, Optional<String> mobile,
                               Set<String> tags, Map<String, String> attributes, Set<String> contactPreferences,
                               Set<String> memberships, VisitHistory visitHistory) {
        public CustomerSpec {
            Checks.notBlank(id, "customer.id");
            Checks.notNull(firstName, "customer.firstName");
            Checks.notNull(lastName, "customer.lastName");
            Checks.notNull(mobile, "customer.mobile");
            tags = Set.copyOf(Checks.noNullElements(tags, "customer.tags"));
            attributes = Map.copyOf(Checks.noNullEntries(attributes, "customer.attributes"));
            contactPreferences = Set.copyOf(Checks.noNullElements(contactPreferences, "customer.contactPreferences"));
            memberships = Set.copyOf(Checks.noNullElements(memberships, "customer.memberships"));
            Checks.notNull(visitHistory, "customer.visitHistory");
        }

        /** Masks the mobile. */
        @Override
        public String toString() {
            return "CustomerSpec[id=" + id + ", mobile=" + mobile.map(PhoneNumber::mask).orElse("none") + "]";
        }
    }

    /**
     * A booking.
     *
     * @param id            the ticketing id
     * @param customerId    who booked
     * @param performanceId for which performance
     * @param confirmedAt   when it was confirmed; one confirmed after the simulation starts appears then
     * @param cancelledAt   when it was cancelled, if it was
     */
    public record BookingSpec(String id, String customerId, String performanceId, Instant confirmedAt,
                              Optional<Instant> cancelledAt) {
        public BookingSpec {
            Checks.notBlank(id, "booking.id");
            Checks.notBlank(customerId, "booking.customerId");
            Checks.notBlank(performanceId, "booking.performanceId");
            SupportedDates.check(Checks.notNull(confirmedAt, "booking.confirmedAt"), "booking.confirmedAt");
            Checks.notNull(cancelledAt, "booking.cancelledAt");
            cancelledAt.ifPresent(at -> SupportedDates.check(at, "booking.cancelledAt"));
        }
    }

    /** The kinds of consent a scenario can record. */
    public enum ConsentBasis {
        /** Express consent to marketing, with evidence. */
        EXPRESS
    }

    /**
     * A consent on record.
     *
     * @param phone    the number
     * @param basis    what kind of consent
     * @param at       when it was given
     * @param evidence what shows it was given
     */
    public record ConsentSpec(PhoneNumber phone, ConsentBasis basis, Instant at, ConsentEvidence evidence) {
        public ConsentSpec {
            Checks.notNull(phone, "consent.phone");
            Checks.notNull(basis, "consent.basis");
            Checks.notNull(at, "consent.at");
            Checks.notNull(evidence, "consent.evidence");
        }
    }

    /**
     * A text someone sends in while the simulation runs.
     *
     * @param from who sends it
     * @param body what it says
     * @param at   when the provider receives it
     */
    public record InboundSpec(PhoneNumber from, String body, Instant at) {
        public InboundSpec {
            Checks.notNull(from, "inbound.from");
            Checks.notNull(body, "inbound.body");
            Checks.notNull(at, "inbound.at");
        }
    }

    /** Something the box office changes at a given instant. */
    public sealed interface ChangeSpec permits Reschedule, CancelPerformance, CancelBooking {
        /** When the change is made. */
        Instant at();
    }

    /**
     * A performance moves to a new venue-local start.
     *
     * @param at            when the box office makes the change
     * @param performanceId which performance
     * @param start         its new venue-local start
     */
    public record Reschedule(Instant at, String performanceId, LocalDateTime start) implements ChangeSpec {
        public Reschedule {
            Checks.notNull(at, "change.at");
            Checks.notBlank(performanceId, "change.performanceId");
            SupportedDates.check(Checks.notNull(start, "change.start"), "change.start");
        }
    }

    /**
     * A performance is cancelled.
     *
     * @param at            when
     * @param performanceId which performance
     */
    public record CancelPerformance(Instant at, String performanceId) implements ChangeSpec {
        public CancelPerformance {
            Checks.notNull(at, "change.at");
            Checks.notBlank(performanceId, "change.performanceId");
        }
    }

    /**
     * A booking is cancelled.
     *
     * @param at        when
     * @param bookingId which booking
     */
    public record CancelBooking(Instant at, String bookingId) implements ChangeSpec {
        public CancelBooking {
            Checks.notNull(at, "change.at");
            Checks.notBlank(bookingId, "change.bookingId");
        }
    }

    /**
     * A flow.
     *
     * @param name  its name
     * @param steps its steps, in order
     */
    public record FlowSpec(String name, List<StepSpec> steps) {
        public FlowSpec {
            Checks.notBlank(name, "flow.name");
            steps = List.copyOf(Checks.noNullElements(steps, "flow.steps"));
        }
    }

    /**
     * A flow step.
     *
     * @param id                    stable id, unique across the scenario's flows
     * @param name                  for people
     * @param template              the Liquid template
     * @param kind                  transactional or marketing
     * @param audienceCondition     a Liquid condition, or empty for all customers
     * @param performances          which performances the step applies to
     * @param at                    when it is due
     * @param catchUp               how long after the due time it may still go
     * @param maxSegments           the segment budget
     * @param skipIfVariableMissing skip a recipient when a variable is missing, instead of printing nothing
     */
    public record StepSpec(String id, String name, String template, MessageKind kind,
                           Optional<String> audienceCondition, StepPerformances performances, Timing at,
                           Duration catchUp, int maxSegments, boolean skipIfVariableMissing) {
        public StepSpec {
            Checks.notBlank(id, "step.id");
            Checks.notNull(name, "step.name");
            Checks.notNull(template, "step.template");
            Checks.notNull(kind, "step.kind");
            Checks.notNull(audienceCondition, "step.audience");
            Checks.notNull(performances, "step.performances");
            Checks.notNull(at, "step.at");
            Checks.notNull(catchUp, "step.catchUp");
        }
    }

    /** Which performances a step applies to. */
    public sealed interface StepPerformances permits AllLive, OfEvent, HasAttribute {
    }

    /** {@code "all-live"}: every performance (cancelled ones are skipped by the engine). */
    public record AllLive() implements StepPerformances {
    }

    /**
     * {@code {"eventId": "E1"}}: performances of one event.
     *
     * @param eventId the event
     */
    public record OfEvent(String eventId) implements StepPerformances {
        public OfEvent {
            Checks.notBlank(eventId, "performances.eventId");
        }
    }

    /**
     * {@code {"hasAttribute": "ShowScoreID"}}: performances whose event has a non-blank attribute.
     *
     * @param rawKey the raw key, {@code attribute_ShowScoreID}
     */
    public record HasAttribute(String rawKey) implements StepPerformances {
        public HasAttribute {
            Checks.notBlank(rawKey, "performances.hasAttribute");
        }
    }

    /**
     * How the fake SMS provider behaves.
     *
     * @param throughputPerSecond its declared throughput
     * @param enforceThroughput   whether sends above it are answered RATE_LIMITED (measured on the simulation clock)
     * @param failurePercentage   the share of sends, 0 to 100, that fail transiently at random
     * @param seed                the seed of its random failures, so that runs repeat
     * @param failures            scripted failures per number
     */
    public record ProviderSpec(double throughputPerSecond, boolean enforceThroughput, double failurePercentage,
                               long seed, List<FailureSpec> failures) {
        /**
         * The slowest provider a simulation takes, in messages a second. Each send moves the virtual
         * clock on by one over the throughput, so a slower one would carry the simulation far past
         * {@code simulate.until}: at 1e-9 a second, the first send alone moves it 31 years.
         */
        public static final double MIN_THROUGHPUT_PER_SECOND = 0.1;
        /** The fastest provider a simulation takes, in messages a second. */
        public static final double MAX_THROUGHPUT_PER_SECOND = 1_000_000;
        /** What a throughput must be, for messages. */
        static final String THROUGHPUT_RANGE = "a number from 0.1 to 1000000 (messages a second)";

        public ProviderSpec {
            throughputProblem(throughputPerSecond).ifPresent(problem -> {
                throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "provider.throughputPerSecond",
                        problem);
            });
            Checks.require(failurePercentage >= 0 && failurePercentage <= 100, "provider.failurePercentage",
                    "must be from 0 to 100 but was " + failurePercentage);
            failures = List.copyOf(Checks.noNullElements(failures, "provider.failures"));
        }

        /** What is wrong with {@code perSecond} as a simulated provider's throughput, if anything. */
        static Optional<String> throughputProblem(double perSecond) {
            if (perSecond >= MIN_THROUGHPUT_PER_SECOND && perSecond <= MAX_THROUGHPUT_PER_SECOND) {
                return Optional.empty();
            }
            return Optional.of("must be " + THROUGHPUT_RANGE + " but was "
                    + BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString()
                    + (perSecond < MIN_THROUGHPUT_PER_SECOND && perSecond > 0 ? "; each send moves the virtual clock"
                    + " on by one over the throughput, so a slower provider would carry the simulation far past"
                    + " simulate.until" : ""));
        }
    }

    /**
     * The next {@code times} sends to {@code phone} fail.
     *
     * @param phone  the number
     * @param times  how many sends fail, at least 1
     * @param kind   transient (retried) or permanent
     * @param reason the failure reason the provider gives
     */
    public record FailureSpec(PhoneNumber phone, int times, FailureKind kind, FailureReason reason) {
        public FailureSpec {
            Checks.notNull(phone, "failure.phone");
            Checks.require(times >= 1, "failure.times", "must be at least 1 but was " + times);
            Checks.notNull(kind, "failure.kind");
            Checks.notNull(reason, "failure.reason");
        }
    }

    /**
     * The simulated period.
     *
     * @param from  when the simulation starts; what happened before is the starting state
     * @param until when it ends: the last tick is the last one not after it
     * @param tick  how far the virtual clock moves between runtime ticks
     */
    public record SimulateSpec(Instant from, Instant until, Duration tick) {
        public SimulateSpec {
            Checks.notNull(from, "simulate.from");
            Checks.notNull(until, "simulate.until");
            Checks.require(until.isAfter(from), "simulate.until", "must be after simulate.from");
            Checks.notNull(tick, "simulate.tick");
            Checks.require(!tick.isNegative() && !tick.isZero(), "simulate.tick", "must be positive but was " + tick);
        }
    }
}
