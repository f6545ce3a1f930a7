package io.crowdengage.engine;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.flow.Audience;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A random season around a clock-change weekend, for the engine's properties.
 *
 * <p>Everything the engine's timing depends on (starts, durations, offsets, catch-ups, quiet hours)
 * lies on a 30-minute grid; everything that changes the inputs (late bookings, cancellations,
 * reschedules, STOP and START, consent) happens at a quarter past or to the hour. With ticks at
 * most 15 minutes apart, every cadence then sees each input change between the same two due
 * instants, which is what makes "the same sends whatever the cadence" a fair demand.
 */
final class RandomSeason {
    static final List<PhoneNumber> NUMBERS = List.of(
            PhoneNumber.parse("07400 100001", "GB"), PhoneNumber.parse("07400 100002", "GB"),
            PhoneNumber.parse("07400 100003", "GB"), PhoneNumber.parse("07400 100004", "GB"),
            PhoneNumber.parse("07400 100005", "GB"));

    /** A change to the inputs at an instant. */
    sealed interface Change permits NewBooking, CancelBooking, Reschedule, CancelPerformance, Consent {
        Instant at();
    }

    record NewBooking(Instant at, Booking booking) implements Change {
    }

    record CancelBooking(Instant at, String bookingId) implements Change {
    }

    record Reschedule(Instant at, String performanceId, LocalDateTime newStart) implements Change {
    }

    record CancelPerformance(Instant at, String performanceId) implements Change {
    }

    record Consent(Instant at, ConsentRecord record) implements Change {
    }

    final ZoneId zone;
    final Instant from;
    final Instant until;
    final List<FlowStep> steps = new ArrayList<>();
    final List<Performance> performances = new ArrayList<>();
    final List<Customer> customers = new ArrayList<>();
    final List<Booking> initialBookings = new ArrayList<>();
    final List<Change> changes = new ArrayList<>();
    final Optional<QuietHours> quietHours;
    private final boolean awayFromWindowEdges;

    /**
     * @param awayFromWindowEdges when true, no step can fall due exactly on the edge of the messaging
     *                            window (a 1-day step after the start of a show whose running time equals
     *                            its extra hours does): at the window's end only a tick in its last minute
     *                            could send, so cadences slower than one a minute legitimately differ
     */
    RandomSeason(ZoneId zone, LocalDate clockChangeSunday, long seed, boolean awayFromWindowEdges) {
        this.zone = zone;
        this.awayFromWindowEdges = awayFromWindowEdges;
        Random random = new Random(seed);
        LocalDate firstDay = clockChangeSunday.minusDays(2);
        this.from = firstDay.minusDays(2).atStartOfDay(zone).toInstant();
        this.until = clockChangeSunday.plusDays(5).atStartOfDay(zone).toInstant();
        if (random.nextInt(3) == 0) {
            QuietHours quiet = new QuietHours(gridTime(random, 20, 23), gridTime(random, 7, 10));
            this.quietHours = Optional.of(random.nextInt(3) == 0 ? quiet.skipping() : quiet);
        } else {
            this.quietHours = Optional.empty();
        }

        int stepCount = 1 + random.nextInt(4);
        for (int i = 0; i < stepCount; i++) {
            steps.add(randomStep(random, "s" + i));
        }

        int performanceCount = 1 + random.nextInt(4);
        for (int i = 0; i < performanceCount; i++) {
            Event event = Event.of("E" + i, "Show " + i, Duration.ofMinutes(30L * (1 + random.nextInt(8))));
            performances.add(Performance.of("P" + i, event,
                    LocalDateTime.of(firstDay.plusDays(random.nextInt(4)), gridTime(random, 10, 22))));
        }

        int customerCount = 1 + random.nextInt(8);
        for (int i = 0; i < customerCount; i++) {
            Customer.Builder customer = Customer.builder("C" + i).name("First" + i, "Last" + i);
            if (random.nextInt(6) != 0) {
                customer.mobile(NUMBERS.get(random.nextInt(NUMBERS.size())));
            }
            if (random.nextBoolean()) {
                customer.tags(Set.of("Member"));
            }
            customers.add(customer.build());
        }

        int bookingCount = 1 + random.nextInt(14);
        for (int i = 0; i < bookingCount; i++) {
            String customerId = "C" + random.nextInt(customerCount);
            String performanceId = "P" + random.nextInt(performanceCount);
            if (random.nextInt(4) == 0) {
                changes.add(new NewBooking(changeTime(random), Booking.of("B" + i, customerId, performanceId,
                        Instant.EPOCH)));
            } else {
                initialBookings.add(Booking.of("B" + i, customerId, performanceId,
                        from.minus(Duration.ofDays(1 + random.nextInt(20)))));
            }
            if (random.nextInt(6) == 0) {
                changes.add(new CancelBooking(changeTime(random), "B" + i));
            }
        }

        int changeCount = random.nextInt(12);
        for (int i = 0; i < changeCount; i++) {
            Instant at = changeTime(random);
            PhoneNumber number = NUMBERS.get(random.nextInt(NUMBERS.size()));
            switch (random.nextInt(7)) {
                case 0:
                    changes.add(new Consent(at, new ConsentRecord.OptedOut(number, at,
                            ConsentRecord.OptOutSource.SMS_KEYWORD, random.nextBoolean(), "STOP")));
                    break;
                case 1:
                    changes.add(new Consent(at, new ConsentRecord.OptedIn(number, at, "START")));
                    break;
                case 2:
                    changes.add(new Consent(at, new ConsentRecord.ExpressConsent(number, at,
                            ConsentEvidence.of("booking form", "Text me offers"))));
                    break;
                case 3:
                case 4:
                    changes.add(new Consent(at, new ConsentRecord.SoftOptInNoticeSent(number, at, "notice-" + i)));
                    break;
                case 5:
                    changes.add(new Reschedule(at, "P" + random.nextInt(performanceCount),
                            LocalDateTime.of(firstDay.plusDays(random.nextInt(4)), gridTime(random, 10, 22))));
                    break;
                default:
                    changes.add(new CancelPerformance(at, "P" + random.nextInt(performanceCount)));
                    break;
            }
        }
        // Same-instant changes keep their generated order: the ledger's append order.
        changes.sort(Comparator.comparing(Change::at));
        List<Change> fixed = new ArrayList<>();
        for (Change change : changes) {
            if (change instanceof NewBooking) {
                Booking b = ((NewBooking) change).booking();
                fixed.add(new NewBooking(change.at(), Booking.of(b.id(), b.customerId(), b.performanceId(), change.at())));
            } else {
                fixed.add(change);
            }
        }
        changes.clear();
        changes.addAll(fixed);
    }

    private FlowStep randomStep(Random random, String id) {
        Timing.Direction direction = random.nextBoolean() ? Timing.Direction.BEFORE : Timing.Direction.AFTER;
        Timing.Anchor anchor = random.nextBoolean() ? Timing.Anchor.START : Timing.Anchor.END;
        boolean outward = (anchor == Timing.Anchor.START) == (direction == Timing.Direction.BEFORE);
        int days = outward || awayFromWindowEdges ? 0 : random.nextInt(2);
        // Outward offsets stay under 24 hours, so no step is due exactly on the window's edge, where a cadence slower than a minute may miss it.
        int hours = random.nextInt(outward || awayFromWindowEdges ? 23 : 6);
        int minutes = random.nextBoolean() ? 0 : 30;
        Duration catchUp = Duration.ofMinutes(30L * (1 + random.nextInt(6)));
        return FlowStep.builder(id).name("Step " + id).template("Hello")
                .kind(random.nextInt(3) == 0 ? MessageKind.MARKETING : MessageKind.TRANSACTIONAL)
                .audience(random.nextInt(4) == 0 ? Audience.hasTag("Member") : Audience.all())
                .timing(new Timing(days, hours, minutes, direction, anchor))
                .catchUp(catchUp)
                .build();
    }

    private static LocalTime gridTime(Random random, int fromHour, int toHour) {
        return LocalTime.of(fromHour + random.nextInt(toHour - fromHour + 1), random.nextBoolean() ? 0 : 30);
    }

    private Instant changeTime(Random random) {
        long halfHours = Duration.between(from, until).toMinutes() / 30;
        return from.plus(30 * (1 + random.nextInt((int) halfHours - 2)) + 15, ChronoUnit.MINUTES);
    }

    @Override
    public String toString() {
        return "RandomSeason{zone=" + zone + ", from=" + from + ", quietHours=" + quietHours + ", steps=" + steps.stream()
                .map(s -> s.id() + ":" + s.kind() + ":" + s.timing() + ":catchUp " + s.catchUp() + ":" + s.audience().describe())
                .toList() + ", performances=" + performances + ", customers=" + customers.size()
                + ", bookings=" + initialBookings + ", changes=" + changes + "}";
    }
}
