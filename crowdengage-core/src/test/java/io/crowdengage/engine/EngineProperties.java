package io.crowdengage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The compliance rules as properties over random seasons around the clock changes of London and
 * New York, with random bookings, cancellations, reschedules, STOP and START replies, consent
 * records, and random tick cadences. Each rule is checked against the season's own record of
 * what happened, not against the engine's view of it.
 */
class EngineProperties {

    record Case(RandomSeason season, SeasonSimulation.Cadence cadence, long cadenceSeed) {
        @Override
        public String toString() {
            return cadence + " (seed " + cadenceSeed + ") over " + season;
        }
    }

    @Provide
    Arbitrary<RandomSeason> seasons() {
        return seasons(false);
    }

    @Provide
    Arbitrary<RandomSeason> seasonsAwayFromWindowEdges() {
        return seasons(true);
    }

    private static Arbitrary<RandomSeason> seasons(boolean awayFromWindowEdges) {
        Arbitrary<ZoneId> zones = Arbitraries.of(ZoneId.of("Europe/London"), ZoneId.of("America/New_York"));
        Arbitrary<Boolean> spring = Arbitraries.of(true, false);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(zones, spring, seeds).as((zone, isSpring, seed) ->
                new RandomSeason(zone, clockChangeSunday(zone, isSpring), seed, awayFromWindowEdges));
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(seasons(), Arbitraries.of(SeasonSimulation.Cadence.class), Arbitraries.longs())
                .as(Case::new);
    }

    static LocalDate clockChangeSunday(ZoneId zone, boolean spring) {
        if (zone.getId().equals("Europe/London")) {
            return spring ? LocalDate.of(2026, 3, 29) : LocalDate.of(2026, 10, 25);
        }
        return spring ? LocalDate.of(2026, 3, 8) : LocalDate.of(2026, 11, 1);
    }

    @Property(tries = 150)
    @Label("every send obeys every rule at the instant it is sent")
    void everySendObeysTheRules(@ForAll("cases") Case c) {
        List<SeasonSimulation.Sent> sent = SeasonSimulation.run(c.season(), c.cadence(), c.cadenceSeed());
        Set<SendKey> keys = new HashSet<>();
        for (SeasonSimulation.Sent s : sent) {
            World world = World.at(c.season(), s.at());
            Performance performance = world.performances.get(s.key().performanceId());
            PhoneNumber to = s.key().to();

            assertThat(keys.add(s.key())).as("at most one send per key: %s", s.key()).isTrue();
            assertThat(world.optedOut(to)).as("nothing to an opted-out number: %s at %s", to, s.at()).isFalse();
            if (s.step().kind() == MessageKind.MARKETING) {
                assertThat(world.marketingBasis(to)).as("marketing to %s at %s needs a basis", to, s.at()).isTrue();
                assertThat(s.basis()).isIn(LawfulBasis.SOFT_OPT_IN, LawfulBasis.EXPRESS);
            } else {
                assertThat(s.basis()).isEqualTo(LawfulBasis.CONTRACT);
            }

            ZoneId zone = c.season().zone;
            ZonedDateTime start = performance.start(zone);
            Instant windowStart = start.minusDays(1).toInstant();
            Instant windowEnd = performance.end(zone).plusDays(1).toInstant();
            // The window's end is inside it to the minute: timings are whole minutes and a runtime ticks by the
            // minute at an arbitrary second, so a message may go until windowEnd + 1 minute, exclusive.
            assertThat(s.at()).as("sent inside [windowStart, windowEnd + 1 minute) of %s", performance)
                    .isAfterOrEqualTo(windowStart).isBefore(windowEnd.plus(Duration.ofMinutes(1)));
            assertThat(performance.cancelled()).as("not for a cancelled performance").isFalse();

            Instant due = s.step().timing().dueInstant(performance, zone);
            assertThat(due).as("due inside the window of %s, both ends included", performance)
                    .isAfterOrEqualTo(windowStart).isBeforeOrEqualTo(windowEnd);
            assertThat(s.at()).as("not before due").isAfterOrEqualTo(due);
            Optional<QuietHours> quiet = c.season().quietHours;
            if (quiet.isPresent() && quiet.get().policy() == QuietHours.Policy.DEFER) {
                // Waiting for quiet hours is not lateness: only time outside them counts against the catch-up.
                assertThat(timeOutsideQuietHours(quiet.get(), zone, due, s.at()))
                        .as("within the catch-up, counted outside quiet hours %s", quiet.get()).isLessThan(s.step().catchUp());
            } else {
                assertThat(s.at()).as("within the catch-up").isBefore(due.plus(s.step().catchUp()));
            }
            if (quiet.isPresent() && quiet.get().policy() == QuietHours.Policy.SKIP) {
                assertThat(timeOutsideQuietHours(quiet.get(), zone, due, s.at()))
                        .as("quiet hours %s that skip: none between due and sending", quiet.get())
                        .isEqualTo(Duration.between(due, s.at()));
            }
            if (due.isBefore(start.toInstant())) {
                assertThat(s.at()).as("a step due before the start only before it").isBefore(start.toInstant());
            }
            quiet.ifPresent(q -> assertThat(inQuietHours(q, s.at(), zone)).as("not inside quiet hours %s", q).isFalse());

            Booking booking = world.bookings.get(s.bookingId());
            assertThat(booking.liveAt(s.at())).as("the personalised booking is live").isTrue();
            assertThat(booking.performanceId()).isEqualTo(performance.id());
            Customer customer = world.customers.get(booking.customerId());
            assertThat(customer.mobile()).contains(to);
            assertThat(world.earliestLiveBooking(performance.id(), to)).as("earliest-confirmed live booking")
                    .isEqualTo(booking.id());
            if (s.step().audience().describe().contains("Member")) {
                assertThat(customer.tags()).contains("Member");
            }
        }
    }

    @Property(tries = 60)
    @Label("the set of sends is the same whatever the tick cadence")
    void cadenceDoesNotChangeWhatIsSent(@ForAll("seasonsAwayFromWindowEdges") RandomSeason season) {
        Map<SendKey, String> everyMinute = byKey(SeasonSimulation.run(season, SeasonSimulation.Cadence.EVERY_MINUTE, 1));
        Map<SendKey, String> every7 = byKey(SeasonSimulation.run(season, SeasonSimulation.Cadence.EVERY_7_MINUTES, 1));
        Map<SendKey, String> irregular = byKey(SeasonSimulation.run(season,
                SeasonSimulation.Cadence.IRREGULAR_UP_TO_15_MINUTES, season.hashCode()));
        assertThat(every7).as("every 7 minutes vs every minute").isEqualTo(everyMinute);
        assertThat(irregular).as("irregular vs every minute").isEqualTo(everyMinute);
    }

    @Property(tries = 40)
    @Label("the simulation is deterministic")
    void simulationIsDeterministic(@ForAll("seasons") RandomSeason season) {
        List<SeasonSimulation.Sent> first = SeasonSimulation.run(season, SeasonSimulation.Cadence.EVERY_7_MINUTES, 3);
        List<SeasonSimulation.Sent> again = SeasonSimulation.run(season, SeasonSimulation.Cadence.EVERY_7_MINUTES, 3);
        assertThat(again).isEqualTo(first);
    }

    @net.jqwik.api.Example
    @Label("the random seasons are not vacuous: most of them send, and some send marketing")
    void seasonsExerciseTheRules() {
        java.util.Random random = new java.util.Random(42);
        int seasonsThatSend = 0;
        int marketingSends = 0;
        int total = 60;
        for (int i = 0; i < total; i++) {
            ZoneId zone = random.nextBoolean() ? ZoneId.of("Europe/London") : ZoneId.of("America/New_York");
            RandomSeason season = new RandomSeason(zone, clockChangeSunday(zone, random.nextBoolean()), random.nextLong(), false);
            List<SeasonSimulation.Sent> sent = SeasonSimulation.run(season, SeasonSimulation.Cadence.EVERY_7_MINUTES, 1);
            seasonsThatSend += sent.isEmpty() ? 0 : 1;
            marketingSends += (int) sent.stream().filter(s -> s.step().kind() == MessageKind.MARKETING).count();
        }
        assertThat(seasonsThatSend).isGreaterThan(total / 2);
        assertThat(marketingSends).isPositive();
    }

    /** Quiet hours written out from their definition, not through the engine's arithmetic: local time in [from, to). */
    static boolean inQuietHours(QuietHours q, Instant at, ZoneId zone) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return q.to().isBefore(q.from())
                ? !local.isBefore(q.from()) || local.isBefore(q.to())
                : !local.isBefore(q.from()) && local.isBefore(q.to());
    }

    /**
     * The time in {@code [from, to)} outside quiet hours, a minute at a time. Exact here: every quiet-hours
     * boundary and due time lies on whole minutes, so each minute from {@code from} is wholly inside or outside.
     */
    static Duration timeOutsideQuietHours(QuietHours q, ZoneId zone, Instant from, Instant to) {
        Duration outside = Duration.ZERO;
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            Instant next = t.plus(Duration.ofMinutes(1));
            Duration piece = Duration.between(t, next.isBefore(to) ? next : to);
            if (!inQuietHours(q, t, zone)) {
                outside = outside.plus(piece);
            }
        }
        return outside;
    }

    private static Map<SendKey, String> byKey(List<SeasonSimulation.Sent> sent) {
        return sent.stream().collect(Collectors.toMap(SeasonSimulation.Sent::key, SeasonSimulation.Sent::bookingId));
    }

    /** The season's state at an instant, rebuilt from its changes independently of the engine. */
    static final class World {
        final Map<String, Performance> performances;
        final Map<String, Booking> bookings;
        final Map<String, Customer> customers;
        final List<ConsentRecord> consent;
        final Instant at;

        private World(Map<String, Performance> performances, Map<String, Booking> bookings,
                      Map<String, Customer> customers, List<ConsentRecord> consent, Instant at) {
            this.performances = performances;
            this.bookings = bookings;
            this.customers = customers;
            this.consent = consent;
            this.at = at;
        }

        static World at(RandomSeason season, Instant at) {
            Map<String, Performance> performances = season.performances.stream()
                    .collect(Collectors.toMap(Performance::id, Function.identity()));
            Map<String, Booking> bookings = season.initialBookings.stream()
                    .collect(Collectors.toMap(Booking::id, Function.identity()));
            Map<String, Customer> customers = season.customers.stream()
                    .collect(Collectors.toMap(Customer::id, Function.identity()));
            List<ConsentRecord> consent = new java.util.ArrayList<>();
            for (RandomSeason.Change change : season.changes) {
                if (change.at().isAfter(at)) {
                    break;
                }
                if (change instanceof RandomSeason.NewBooking) {
                    Booking b = ((RandomSeason.NewBooking) change).booking();
                    bookings.put(b.id(), b);
                } else if (change instanceof RandomSeason.CancelBooking) {
                    Booking b = bookings.get(((RandomSeason.CancelBooking) change).bookingId());
                    if (b != null && !b.cancelled()) {
                        bookings.put(b.id(), b.cancelledAt(change.at()));
                    }
                } else if (change instanceof RandomSeason.Reschedule) {
                    RandomSeason.Reschedule r = (RandomSeason.Reschedule) change;
                    performances.computeIfPresent(r.performanceId(), (id, p) -> p.rescheduledTo(r.newStart()));
                } else if (change instanceof RandomSeason.CancelPerformance) {
                    performances.computeIfPresent(((RandomSeason.CancelPerformance) change).performanceId(),
                            (id, p) -> p.asCancelled());
                } else {
                    consent.add(((RandomSeason.Consent) change).record());
                }
            }
            return new World(performances, bookings, customers, consent, at);
        }

        /** An opt-out with no later START or express consent. */
        boolean optedOut(PhoneNumber number) {
            boolean out = false;
            for (ConsentRecord r : consent) {
                if (!r.phone().equals(number)) {
                    continue;
                }
                if (r instanceof ConsentRecord.OptedOut) {
                    out = true;
                } else if (r instanceof ConsentRecord.OptedIn || r instanceof ConsentRecord.ExpressConsent) {
                    out = false;
                }
            }
            return out;
        }

        /** Express consent or START not followed by an opt-out, or a notice sent strictly earlier and not followed by one. */
        boolean marketingBasis(PhoneNumber number) {
            boolean basis = false;
            for (ConsentRecord r : consent) {
                if (!r.phone().equals(number)) {
                    continue;
                }
                if (r instanceof ConsentRecord.OptedOut) {
                    basis = false;
                } else if (r instanceof ConsentRecord.OptedIn || r instanceof ConsentRecord.ExpressConsent) {
                    basis = true;
                } else if (r instanceof ConsentRecord.SoftOptInNoticeSent && r.at().isBefore(at) && !optedOutBefore(r)) {
                    basis = true;
                }
            }
            return basis;
        }

        private boolean optedOutBefore(ConsentRecord notice) {
            boolean out = false;
            for (ConsentRecord r : consent) {
                if (r == notice) {
                    return out;
                }
                if (!r.phone().equals(notice.phone())) {
                    continue;
                }
                if (r instanceof ConsentRecord.OptedOut) {
                    out = true;
                } else if (r instanceof ConsentRecord.OptedIn || r instanceof ConsentRecord.ExpressConsent) {
                    out = false;
                }
            }
            return out;
        }

        String earliestLiveBooking(String performanceId, PhoneNumber number) {
            return bookings.values().stream()
                    .filter(b -> b.performanceId().equals(performanceId) && b.liveAt(at))
                    .filter(b -> customers.get(b.customerId()).mobile().map(number::equals).orElse(false))
                    .min(java.util.Comparator.comparing(Booking::confirmedAt).thenComparing(Booking::id))
                    .map(Booking::id).orElse("none");
        }
    }
}
