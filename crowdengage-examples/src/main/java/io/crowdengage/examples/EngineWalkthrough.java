package io.crowdengage.examples;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.Plan;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A theatre weekend walked through the scheduling engine, minute by minute: the seeds' Show-Score
 * review request and reminder, pre-show directions, a marketing offer that only soft-opted-in numbers
 * get, a STOP, a late booker and a cancelled matinee. It prints what the engine decides and why.
 *
 * <p>It drives the pure engine directly, with no SMS sent and templates not yet rendered, so that
 * every rule can be seen at work.
 */
public final class EngineWalkthrough {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ENGLISH);

    private EngineWalkthrough() {
    }

    /** Prints the weekend's timeline. */
    public static void main(String[] args) {
        run().forEach(System.out::println);
    }

    /** Runs the weekend and returns its timeline, one decision a line. */
    public static List<String> run() {
        Venue venue = new Venue("playhouse", "The Playhouse", LONDON);
        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, Clock.systemUTC());
        Event hamlet = boxOffice.addEvent(new Event("E-HAMLET", "Hamlet", Duration.ofMinutes(170),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345"))));
        Event panto = boxOffice.addEvent(Event.of("E-PANTO", "Cinderella", Duration.ofMinutes(120)));
        // Saturday 28 March 2026: the clocks go forward that night.
        boxOffice.addPerformance(Performance.of("P-SAT-EVE", hamlet, LocalDateTime.parse("2026-03-28T19:30:00")));
        boxOffice.addPerformance(Performance.of("P-SAT-MAT", panto, LocalDateTime.parse("2026-03-28T14:30:00")));

        PhoneNumber alice = PhoneNumber.parse("07400 123456", "GB");
        PhoneNumber bob = PhoneNumber.parse("07400 234567", "GB");
        PhoneNumber carol = PhoneNumber.parse("+44 7400 345678", "GB");
        PhoneNumber dan = PhoneNumber.parse("07400 456789", "GB");
        boxOffice.addCustomer(Customer.builder("C-ALICE").name("Alice", "Smith").mobile(alice).tags(Set.of("Member")).build());
        boxOffice.addCustomer(Customer.builder("C-BOB").name("Bob", "Jones").mobile(bob).build());
        boxOffice.addCustomer(Customer.builder("C-CAROL").name("Carol", "King").mobile(carol).build());
        boxOffice.addCustomer(Customer.builder("C-DAN").name("Dan", "Brown").mobile(dan).build());
        boxOffice.addCustomer(Customer.builder("C-ERIN").name("Erin", "Wood").build());

        Instant march = Instant.parse("2026-03-10T12:00:00Z");
        boxOffice.addBooking(Booking.of("B-1", "C-ALICE", "P-SAT-EVE", march));
        boxOffice.addBooking(Booking.of("B-2", "C-BOB", "P-SAT-EVE", march.plusSeconds(60)));
        boxOffice.addBooking(Booking.of("B-3", "C-CAROL", "P-SAT-EVE", march.plusSeconds(120)));
        boxOffice.addBooking(Booking.of("B-4", "C-ERIN", "P-SAT-EVE", march.plusSeconds(180)));
        boxOffice.addBooking(Booking.of("B-5", "C-BOB", "P-SAT-MAT", march.plusSeconds(240)));

        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        // Alice and Carol were sent the soft opt-in notice when they booked; Bob was not.
        consent.append(new ConsentRecord.SoftOptInNoticeSent(alice, march, "notice-B-1"));
        consent.append(new ConsentRecord.SoftOptInNoticeSent(carol, march.plusSeconds(120), "notice-B-3"));

        Flow defaultFlow = Flow.of("Default Flow", List.of(
                FlowStep.builder("directions").name("Directions and running time")
                        .template("Tonight: {{ event.name }}, doors 18:45.").timing(Timing.beforeStart(0, 3, 0)).build(),
                FlowStep.builder("drinks").name("Pre-show drinks offer").marketing()
                        .template("Pre-order an interval drink").timing(Timing.beforeStart(0, 2, 0)).build(),
                FlowStep.builder("showscore-review").name("Show-Score review request (3 hours post-show)")
                        .template("{% if event.raw.attribute_ShowScoreID %}...{% endif %}")
                        .performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID"))
                        .timing(Timing.afterStart(0, 3, 0)).build(),
                FlowStep.builder("showscore-reminder").name("Show-Score review reminder (1 day post-show)")
                        .template("{% if event.raw.attribute_ShowScoreID %}...{% endif %}")
                        .performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID"))
                        .timing(Timing.afterStart(1, 0, 0)).build()));
        SchedulingEngine engine = SchedulingEngine.create(
                EngineSettings.of(venue).withQuietHours(QuietHours.between("23:00", "08:00")), List.of(defaultFlow));

        Set<SendKey> claimed = new HashSet<>();
        List<String> timeline = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        Instant from = LocalDateTime.parse("2026-03-28T09:00:00").atZone(LONDON).toInstant();
        Instant until = LocalDateTime.parse("2026-03-30T09:00:00").atZone(LONDON).toInstant();
        Instant previous = from;
        for (Instant now = from; now.isBefore(until); now = now.plus(Duration.ofMinutes(1))) {
            String local = now.atZone(LONDON).toLocalDateTime().toString();
            if (local.equals("2026-03-28T10:00")) {
                boxOffice.cancelPerformance("P-SAT-MAT");
                timeline.add(at(now) + "  box office cancels the Cinderella matinee");
            }
            if (local.equals("2026-03-28T18:00")) {
                boxOffice.addBooking(Booking.of("B-6", "C-DAN", "P-SAT-EVE", now));
                timeline.add(at(now) + "  Dan books a late ticket for Hamlet");
            }
            if (local.equals("2026-03-28T21:00")) {
                consent.append(new ConsentRecord.OptedOut(carol, now, ConsentRecord.OptOutSource.SMS_KEYWORD, false,
                        "STOP"));
                timeline.add(at(now) + "  Carol replies STOP");
            }
            SeasonSnapshot season = SeasonSnapshot.builder(LONDON)
                    .performances(boxOffice.performances()).customers(boxOffice.customers())
                    .bookings(boxOffice.bookings()).build();
            Plan plan = engine.plan(new Snapshot(season, consent::history, claimed::contains), previous, now);
            for (Candidate candidate : plan.candidates()) {
                String line = describe(candidate);
                if (candidate.decision() instanceof Decision.Send) {
                    claimed.add(candidate.key().orElseThrow());
                    timeline.add(at(now) + "  " + line);
                } else if (reported.add(candidate.step().id() + "/" + candidate.performance().id() + "/"
                        + candidate.customer().id())) {
                    // A person wants the first reason a message will not go, not the same news every minute.
                    timeline.add(at(now) + "  " + line);
                }
            }
            previous = now;
        }
        return timeline;
    }

    private static String at(Instant instant) {
        return TIME.format(instant.atZone(LONDON));
    }

    private static String describe(Candidate candidate) {
        String who = candidate.customer().firstName() + candidate.to().map(n -> " (" + n.masked() + ")").orElse("");
        String what = candidate.step().name() + " for " + candidate.performance().event().name();
        Decision decision = candidate.decision();
        if (decision instanceof Decision.Send) {
            return "SEND     " + what + " to " + who + " on basis " + ((Decision.Send) decision).basis();
        }
        if (decision instanceof Decision.Wait) {
            return "WAIT     " + what + " to " + who + ": " + decision.explanation();
        }
        return "SKIP     " + what + " to " + who + ": " + ((Decision.Skip) decision).reason();
    }
}
