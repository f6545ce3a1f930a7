package io.crowdengage.benchmarks;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.consent.TicketingConsentRule;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import io.crowdengage.model.VisitHistory;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds a large, deterministic season for benchmarks: by default 1,000 performances over 13 weeks
 * of an autumn season at a London venue (the clock change of 25 October included), 1,000 bookings
 * each, and a flow of three steps like the seeds' (directions 3 hours before the start, a review
 * request 3 hours after it, a marketing reminder one day after it).
 *
 * <p>The shape:
 * <ul>
 *   <li>every day but one has eleven performances at fixed slots (11:00 to 22:00) across the
 *       venue's stages, rotating through twelve shows of 1h30 to 2h50;</li>
 *   <li>one "gala night" (Saturday 24 October 2026) has {@code galaPerformances} performances all at
 *       19:30 and nothing else, so that at 16:31 the directions step is due for all of them at once
 *       (10 x 1,000 recipients with the defaults) and nothing else is due;</li>
 *   <li>about 10% of bookings are by a customer who booked an earlier performance, so there are
 *       about 900,000 customers with as many distinct mobile numbers; 1% of customers have no
 *       mobile, 1% of bookings are cancelled;</li>
 *   <li>the consent ledger holds a soft opt-in notice for about 30% of numbers, express consent for
 *       2%, and an opt-out for 0.3%; 5% of customers agreed to the ticketing contact preference that
 *       the settings count as express consent.</li>
 * </ul>
 * Ids, names and numbers are distinct {@link String} instances per record, as a ticketing adapter
 * deserialising JSON would produce them, so the heap figure is not flattered by sharing.
 */
public final class SeasonGenerator {
    /** The venue's zone. */
    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** The venue. */
    public static final Venue VENUE = new Venue("main", "Crowdengage Arts Centre", LONDON);
    /** The ticketing contact preference the settings count as express consent to SMS marketing. */
    public static final String SMS_OFFERS_PREFERENCE = "Happy to receive texts about offers";

    /** Directions and running times, 3 hours before the start. */
    public static final FlowStep DIRECTIONS = FlowStep.builder("directions")
            .name("Directions and running time (3 hours pre-show)")
            .template("Hi {{ customer.first_name }}, {{ event.name }} starts at {{ performance.start_time }}."
                    + " Doors open 30 minutes before. Directions: https://example.org/visit")
            .timing(Timing.beforeStart(0, 3, 0)).build();
    /** Show-Score review request, 3 hours after the start. */
    public static final FlowStep REVIEW = FlowStep.builder("review")
            .name("Show-Score review request (3 hours post-show)")
            .template("Thanks for coming to {{ event.name }}! Tell us what you thought:"
                    + " https://www.show-score.com/{{ event.raw.attribute_ShowScoreID }}")
            .timing(Timing.afterStart(0, 3, 0)).build();
    /** A marketing reminder one day after the start: review, and an offer to come back. */
    public static final FlowStep REMINDER = FlowStep.builder("reminder")
            .name("Review reminder with return offer (1 day post-show)")
            .template("Enjoyed {{ event.name }}? Review it and get 10% off your next visit with code BACK10")
            .marketing()
            .timing(Timing.afterStart(1, 0, 0)).build();

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 7);
    private static final int DAYS = 91;
    private static final LocalDate GALA_DAY = LocalDate.of(2026, 10, 24);
    private static final LocalTime GALA_TIME = LocalTime.of(19, 30);
    private static final List<LocalTime> SLOTS = List.of(
            LocalTime.of(11, 0), LocalTime.of(13, 30), LocalTime.of(14, 30), LocalTime.of(17, 0),
            LocalTime.of(18, 0), LocalTime.of(19, 0), LocalTime.of(19, 30), LocalTime.of(19, 45),
            LocalTime.of(20, 0), LocalTime.of(21, 0), LocalTime.of(22, 0));
    private static final String[] FIRST_NAMES = {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella",
        "Rosie", "Sophia", "Grace", "Freya", "Muhammad", "Noah", "Oliver", "George", "Leo", "Arthur", "Oscar",
        "Harry", "Theodore", "Henry", "Archie", "Jack", "Fatima", "Priya", "Sean", "Aoife", "Dylan", "Megan"};
    private static final String[] LAST_NAMES = {"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans",
        "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
        "Hughes", "Green", "Hall", "Khan", "Patel", "Murphy", "O'Brien", "Kelly", "Campbell", "Stewart", "Ahmed"};

    /**
     * What to generate.
     *
     * @param performances            how many performances in all
     * @param bookingsPerPerformance  bookings per performance
     * @param galaPerformances        how many of them start together on the gala night
     * @param seed                    the random seed; the same seed gives the same season
     */
    public record Config(int performances, int bookingsPerPerformance, int galaPerformances, long seed) {
        public Config {
            if (galaPerformances < 1 || galaPerformances > performances) {
                throw new IllegalArgumentException("galaPerformances must be in 1.." + performances);
            }
            if (bookingsPerPerformance < 1) {
                throw new IllegalArgumentException("bookingsPerPerformance must be positive");
            }
        }

        /** The issue's season: 1,000 performances, 1,000 bookings each, 10 on the gala night. */
        public static Config issueTarget() {
            return new Config(1_000, 1_000, 10, 20261024L);
        }
    }

    private SeasonGenerator() {
    }

    /** The settings every generated season is planned with: no quiet hours, one consent preference. */
    public static EngineSettings settings() {
        return EngineSettings.of(VENUE)
                .withTicketingConsent(new TicketingConsentRule(Set.of(SMS_OFFERS_PREFERENCE), Set.of()));
    }

    /** The flow every generated season is planned with. */
    public static List<Flow> flows() {
        return List.of(Flow.of("Default Flow", List.of(DIRECTIONS, REVIEW, REMINDER)));
    }

    /** Generates the season described by {@code config}. */
    public static GeneratedSeason generate(Config config) {
        SplittableRandom random = new SplittableRandom(config.seed());
        List<Event> events = events();
        List<Performance> performances = schedule(config, events);

        SeasonSnapshot.Builder builder = SeasonSnapshot.builder(LONDON).performances(performances);
        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        List<Customer> customers = new ArrayList<>(config.performances() * config.bookingsPerPerformance());
        long bookingNumber = 0;
        for (Performance performance : performances) {
            Instant start = performance.startInstant(LONDON);
            int earlierCustomers = customers.size();
            for (int i = 0; i < config.bookingsPerPerformance(); i++) {
                // Confirmed between 60 days and 1 hour before the start.
                Instant confirmedAt = start.minusSeconds(3_600 + random.nextLong(60L * 86_400));
                Customer customer;
                if (earlierCustomers > 0 && random.nextInt(10) == 0) {
                    customer = customers.get(random.nextInt(earlierCustomers));
                } else {
                    customer = newCustomer(customers.size(), random, confirmedAt, consent);
                    customers.add(customer);
                    builder.customer(customer);
                }
                Optional<Instant> cancelledAt = Optional.empty();
                if (random.nextInt(100) == 0) {
                    long room = Math.max(1, Duration.between(confirmedAt, start).getSeconds());
                    cancelledAt = Optional.of(confirmedAt.plusSeconds(random.nextLong(room)));
                }
                builder.booking(new Booking(distinct("B" + (10_000_000 + bookingNumber++)), distinct(customer.id()),
                        distinct(performance.id()), confirmedAt, cancelledAt));
            }
        }
        return new GeneratedSeason(config, settings(), flows(), builder.build(), consent,
                GALA_DAY.atTime(GALA_TIME).atZone(LONDON).toInstant());
    }

    private static Customer newCustomer(int index, SplittableRandom random, Instant confirmedAt,
                                        InMemoryConsentLedger consent) {
        Customer.Builder customer = Customer.builder(distinct("C" + (1_000_000 + index)))
                .name(distinct(FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]),
                        distinct(LAST_NAMES[random.nextInt(LAST_NAMES.length)]))
                .visitHistory(random.nextInt(3) == 0 ? VisitHistory.FIRST_TIME : VisitHistory.RETURNING);
        if (random.nextInt(100) != 0) {
            PhoneNumber mobile = PhoneNumber.ofE164(mobileNumber(index));
            customer.mobile(mobile);
            int consentRoll = random.nextInt(1_000);
            if (consentRoll < 300) {
                consent.append(new ConsentRecord.SoftOptInNoticeSent(mobile, confirmedAt.plusSeconds(5),
                        "notice-" + index));
            } else if (consentRoll < 320) {
                consent.append(new ConsentRecord.ExpressConsent(mobile, confirmedAt,
                        ConsentEvidence.of("booking form", "Yes, text me about offers")));
            } else if (consentRoll < 323) {
                consent.append(new ConsentRecord.OptedOut(mobile, confirmedAt.minus(Duration.ofDays(30)),
                        ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
            }
        }
        if (random.nextInt(20) == 0) {
            customer.contactPreferences(Set.of(SMS_OFFERS_PREFERENCE));
        }
        if (random.nextInt(12) == 0) {
            customer.tags(Set.of("Member")).memberships(Set.of("Friends of the Arts Centre"));
        }
        return customer.build();
    }

    /** A distinct UK mobile number in E.164 for each index below 100,000,000. */
    static String mobileNumber(int index) {
        // 7919 is prime, so i -> i * 7919 mod 10^8 is a bijection: distinct, but not in booking order.
        long scrambled = (index * 7_919L) % 100_000_000L;
        return "+4474" + String.format(java.util.Locale.ROOT, "%08d", scrambled);
    }

    private static List<Event> events() {
        String[] names = {"Hamlet", "The Mousetrap", "A Christmas Carol", "Company", "Private Lives", "Jerusalem",
            "The Seagull", "Blood Brothers", "Twelfth Night", "Noises Off", "Girl from the North Country", "Ballet Gala"};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            Duration duration = Duration.ofMinutes(90 + 10L * (i % 9));
            events.add(Event.of("E" + (100 + i), names[i], duration));
        }
        return events;
    }

    private static List<Performance> schedule(Config config, List<Event> events) {
        List<Performance> performances = new ArrayList<>(config.performances());
        int regular = config.performances() - config.galaPerformances();
        int perDay = (int) Math.ceil(regular / (double) (DAYS - 1));
        int made = 0;
        for (int day = 0; day < DAYS && made < regular; day++) {
            LocalDate date = FIRST_DAY.plusDays(day);
            if (date.equals(GALA_DAY)) {
                continue;
            }
            for (int s = 0; s < perDay && made < regular; s++) {
                LocalTime time = SLOTS.get(s % SLOTS.size());
                Event event = events.get((day + s) % events.size());
                performances.add(Performance.of("P" + (10_000 + performances.size()), event, date.atTime(time)));
                made++;
            }
        }
        if (made < regular) {
            throw new IllegalArgumentException("too many performances for " + DAYS + " days of " + SLOTS.size() + " slots");
        }
        for (int g = 0; g < config.galaPerformances(); g++) {
            LocalDateTime start = GALA_DAY.atTime(GALA_TIME);
            performances.add(Performance.of("P" + (10_000 + performances.size()), events.get(g % events.size()), start));
        }
        return performances;
    }

    /** A copy of {@code s} with its own character array, as a JSON parser would produce it. */
    private static String distinct(String s) {
        return new String(s.toCharArray());
    }
}
