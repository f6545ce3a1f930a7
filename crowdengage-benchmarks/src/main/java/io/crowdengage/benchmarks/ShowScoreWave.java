package io.crowdengage.benchmarks;

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
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.showscore.ShowScorePartnerLinks;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The post-show wave of issue 7, in real time: 1,000 bookers of one performance get the seed
 * guide's Show-Score review request at start + 3 hours, through the real {@link CrowdEngage} runtime
 * (started, ticking at its default one minute, its first scheduled tick 0.1 s after the due time),
 * with {@code show_score_url} calling {@link FakeShowScoreServer} on loopback, which allows 200
 * requests a minute like Show-Score. The SMS provider is {@link InMemorySmsProvider} declaring 100
 * messages a second, which the runtime's throttle keeps to.
 *
 * <p>Two runs: with bulk prefetch ({@code ShowScorePartnerLinks} registered as render preparer, so
 * {@code bulk_generate} fills the pool before the wave renders) and one by one ({@code generate}
 * per recipient, so 429 after 200 and the rest wait for later ticks). Each prints the time from the
 * due instant to the last message the provider accepted, and the requests Show-Score saw.
 *
 * <p>Run: {@code java -cp crowdengage-benchmarks/target/benchmarks.jar io.crowdengage.benchmarks.ShowScoreWave
 * [bulk|one-by-one] [bookers]}; both modes by default, 1,000 bookers. The one-by-one run takes about
 * five minutes of wall-clock time.
 */
public final class ShowScoreWave {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Step 3 of the seed guide, as pasted. */
    private static final String REVIEW = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, please help the theatre community by leaving your review of {{ event.name }}"
            + " on Show-Score:\n"
            + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
            + "{% endif %}";
    private static final Duration TICK = Duration.ofMinutes(1);
    /** When the first scheduled tick runs, after the due time. */
    private static final Duration TICK_AFTER_DUE = Duration.ofMillis(100);
    private static final Duration GIVE_UP = Duration.ofMinutes(12);

    private ShowScoreWave() {
    }

    /** What one run measured. */
    record Result(String mode, int sent, Duration firstAfterDue, Duration lastAfterDue, int generate, int bulk,
                  int rateLimited, boolean distinctLinks) {
    }

    /** Runs the requested modes and prints a table. */
    public static void main(String[] args) throws InterruptedException {
        String modes = args.length > 0 ? args[0] : "both";
        int bookers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        System.out.printf(Locale.ROOT, "%d bookers, runtime tick %s, fake Show-Score %d requests/minute, SMS provider"
                        + " %s messages/second; %d CPUs, Java %s (%s), %s %s%n", bookers, TICK,
                FakeShowScoreServer.DEFAULT_REQUESTS_PER_MINUTE, "100", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.version"));
        if (!modes.equals("one-by-one")) {
            print(run(true, bookers));
        }
        if (!modes.equals("bulk")) {
            print(run(false, bookers));
        }
    }

    private static void print(Result result) {
        System.out.printf(Locale.ROOT, "%-14s sent %4d | first %6.1f s, last %6.1f s after due | generate %4d,"
                        + " bulk_generate %d, 429s %d | links all distinct: %s%n", result.mode(), result.sent(),
                seconds(result.firstAfterDue()), seconds(result.lastAfterDue()), result.generate(), result.bulk(),
                result.rateLimited(), result.distinctLinks());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    static Result run(boolean prefetch, int bookers) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        // Due in a few seconds, on a whole second so the performance's local start is exact.
        Instant due = clock.instant().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime start = LocalDateTime.ofInstant(due.minus(Duration.ofHours(3)), LONDON);

        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        Event show = boxOffice.addEvent(new Event("twelfth-night", "Twelfth Night", Duration.ofMinutes(165),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "98765"))));
        Performance performance = boxOffice.addPerformance(Performance.of("tonight", show, start));
        for (int i = 0; i < bookers; i++) {
            Customer customer = boxOffice.addCustomer(Customer.builder("customer-" + i).name("Patron" + i, "Smith")
                    .mobile(PhoneNumber.ofE164("+4474005" + String.format(Locale.ROOT, "%05d", i))).build());
            boxOffice.addBooking(Booking.of("booking-" + i, customer.id(), performance.id(),
                    due.minus(Duration.ofDays(7)).plusSeconds(i)));
        }
        FlowStep review = FlowStep.builder("show-score-review").name("Show-Score Review Request (3 hours post-show)")
                .template(REVIEW).performances(PerformanceFilter.allLive()).timing(Timing.afterStart(0, 3, 0)).build();

        try (FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).start()) {
            showScore.addShow("98765", "Twelfth Night");
            ShowScorePartnerLinks links = ShowScorePartnerLinks.create(showScore.configBuilder().build());
            // Declares 100 a second, which the runtime's throttle keeps to; not enforced, so that the figures do not
            // depend on how the fake provider's own limiter and the throttle's burst line up.
            InMemorySmsProvider sms = InMemorySmsProvider.builder().clock(clock).throughputPerSecond(100)
                    .enforceThroughput(false).build();
            CrowdEngage.Builder wiring = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(sms)
                    .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                            Sender.number(PhoneNumber.parse("07400 900100", "GB"))).build())
                    .flows(List.of(Flow.of("Default Flow", List.of(review))))
                    .templateFunctions(TemplateFunctions.builder().register(links).build())
                    .clock(clock).tickInterval(TICK);
            if (prefetch) {
                wiring.renderPreparer(links);
            }
            CrowdEngage runtime = wiring.build();
            // As if the runtime had been running: it has read the bookings, and its scheduled ticks fall just
            // after the due time, so the figures are what Show-Score and the provider cost, not the wait for a tick.
            runtime.tick();
            sleepUntil(clock, due.plus(TICK_AFTER_DUE));
            runtime.start();
            Instant giveUp = due.plus(GIVE_UP);
            while (sms.count() < bookers && clock.instant().isBefore(giveUp)) {
                Thread.sleep(100);
            }
            runtime.close();

            List<SentSms> sent = sms.all();
            Instant first = sent.stream().map(SentSms::acceptedAt).min(Comparator.naturalOrder()).orElse(giveUp);
            Instant last = sent.stream().map(SentSms::acceptedAt).max(Comparator.naturalOrder()).orElse(giveUp);
            boolean distinct = sent.stream().map(SentSms::body).distinct().count() == sent.size();
            return new Result(prefetch ? "bulk prefetch" : "one by one", sent.size(), Duration.between(due, first),
                    Duration.between(due, last), showScore.requestCount(FakeShowScoreServer.Endpoint.GENERATE),
                    showScore.requestCount(FakeShowScoreServer.Endpoint.BULK_GENERATE), showScore.rateLimitedCount(),
                    distinct);
        }
    }

    private static void sleepUntil(Clock clock, Instant at) throws InterruptedException {
        long millis = Duration.between(clock.instant(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
