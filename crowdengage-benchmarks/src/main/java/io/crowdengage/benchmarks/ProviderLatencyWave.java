package io.crowdengage.benchmarks;

import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.SendKey;
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
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.DecisionListener;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.runtime.TickReport;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * A wave against a provider with real latency, in real time: {@code N} bookers of one performance get a
 * transactional "directions" message due now, through the real {@link CrowdEngage} runtime, with an
 * {@link InMemorySmsProvider} that really sleeps its latency {@code L} on every call and declares (and
 * enforces) a throughput {@code R}, which the runtime's default throttle keeps to. The runtime is ticked
 * by hand, back to back (a short pause between ticks), until every wave booking is decided; the figure
 * is the wall-clock time from the first wave tick to the last decision.
 *
 * <p>While the wave is in flight two open-loop callers hit the runtime at a steady rate each: STOP texts
 * through {@link CrowdEngage#onInboundSms} (from numbers outside the wave, and every
 * {@value #WAVE_STOP_EVERY}th from a wave number, up to a cap), and delivery reports through
 * {@link CrowdEngage#onDeliveryReport} for wave messages the provider has already accepted (found in
 * {@link InMemorySmsProvider#all()}, reported with their reference and provider id). Each call is due at
 * a fixed time ({@code i / rate} after the wave starts) and runs on a small pool, as webhooks would on a
 * servlet pool; its latency is measured from the time it was due, so a call that waits behind a blocked
 * one counts the wait (no coordinated omission). Calls still queued a while after the wave ends are
 * counted at that moment, as lower bounds, and the percentiles are then printed with "≥".
 *
 * <p>Run: {@code java -cp crowdengage-benchmarks/target/benchmarks.jar io.crowdengage.benchmarks.ProviderLatencyWave};
 * knobs are system properties, see {@link Options#fromSystemProperties()}; a quick run is
 * {@code -Dce.messages=200}. See the README section "Provider latency (ProviderLatencyWave)".
 */
public final class ProviderLatencyWave {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    private static final PhoneNumber SENDER = PhoneNumber.parse("07400 900100", "GB");
    /** Every wave message contains this, and no other message does (the STOP confirmations do not). */
    private static final String WAVE_MARK = "doors open at";
    private static final String DIRECTIONS = "{{ customer.first_name }}, " + WAVE_MARK + " 7pm for {{ event.name }}"
            + " tonight. The stage door is on Dean Street; the box office opens at 6pm.";
    private static final FlowStep STEP = FlowStep.builder("directions").name("Directions (3 hours before)")
            .template(DIRECTIONS).performances(PerformanceFilter.allLive()).timing(Timing.beforeStart(0, 3, 0)).build();
    /** Every this-many-th inbound STOP comes from a wave number (until the cap). */
    static final int WAVE_STOP_EVERY = 20;
    /** How long the due instant lies after set-up, so that the first tick (which reads the box office) is before it. */
    private static final Duration LEAD_IN = Duration.ofSeconds(3);
    /** The first wave tick runs this long after the due instant. */
    private static final Duration AFTER_DUE = Duration.ofMillis(50);

    /** {@code -Dce.maxInFlight}: the runtime's {@code maxInFlight}; its default when not set. */
    static final OptionalInt MAX_IN_FLIGHT = optionalInt("ce.maxInFlight");

    private ProviderLatencyWave() {
    }

    /** The hook for the runtime's builder, called after the harness's own wiring and before {@code build()}. */
    static void configure(CrowdEngage.Builder builder) {
        MAX_IN_FLIGHT.ifPresent(builder::maxInFlight);
    }

    /** One provider: its latency and declared throughput. */
    record Scenario(Duration latency, double ratePerSecond) {
        static Scenario parse(String text) {
            String[] parts = text.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a scenario is latencyMs:ratePerSecond, such as 100:100, not " + text);
            }
            return new Scenario(Duration.ofMillis(Long.parseLong(parts[0].trim())), Double.parseDouble(parts[1].trim()));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "L=%d ms, R=%s msg/s", latency.toMillis(), number(ratePerSecond));
        }
    }

    /**
     * The knobs.
     *
     * @param messages           {@code ce.messages}: bookers in the wave, default 2,000
     * @param scenarios          {@code ce.scenarios}: {@code latencyMs:rate} pairs, default {@code 100:100,250:200};
     *                           positional arguments of the same form override it
     * @param inboundPerSecond   {@code ce.inboundRate}: STOP texts a second, default 20
     * @param reportsPerSecond   {@code ce.reportRate}: delivery reports a second, default 20
     * @param waveStops          {@code ce.waveStops}: at most this many STOPs from wave numbers, default 1% of the wave
     * @param callers            {@code ce.callers}: threads per kind of call (a webhook pool), default 8
     * @param confirmation       {@code ce.optOutConfirmation}: whether a STOP is confirmed by SMS, default true
     *                           (the venue settings' default)
     * @param giveUp             {@code ce.giveUpSeconds}: stop ticking after this long, default 1,200 s
     * @param tickPause          {@code ce.tickPauseMs}: pause between ticks while the wave is not done, default 100 ms
     * @param drain              {@code ce.drainSeconds}: how long calls due during the wave may still run after it, default 30 s
     */
    record Options(int messages, List<Scenario> scenarios, double inboundPerSecond, double reportsPerSecond,
                   int waveStops, int callers, boolean confirmation, Duration giveUp, Duration tickPause,
                   Duration drain) {
        static Options fromSystemProperties(String[] args) {
            int messages = Integer.getInteger("ce.messages", 2_000);
            String scenarioText = args.length > 0 ? String.join(",", args)
                    : System.getProperty("ce.scenarios", "100:100,250:200");
            List<Scenario> scenarios = Arrays.stream(scenarioText.split(",")).filter(s -> !s.isBlank())
                    .map(Scenario::parse).toList();
            return new Options(messages, scenarios,
                    Double.parseDouble(System.getProperty("ce.inboundRate", "20")),
                    Double.parseDouble(System.getProperty("ce.reportRate", "20")),
                    Integer.getInteger("ce.waveStops", Math.max(1, messages / 100)),
                    Integer.getInteger("ce.callers", 8),
                    Boolean.parseBoolean(System.getProperty("ce.optOutConfirmation", "true")),
                    Duration.ofSeconds(Long.getLong("ce.giveUpSeconds", 1_200L)),
                    Duration.ofMillis(Long.getLong("ce.tickPauseMs", 100L)),
                    Duration.ofSeconds(Long.getLong("ce.drainSeconds", 30L)));
        }
    }

    /** Runs every scenario and prints what each measured, then the targets. */
    public static void main(String[] args) throws InterruptedException {
        Options options = Options.fromSystemProperties(args);
        System.out.printf(Locale.ROOT, "ProviderLatencyWave: %,d messages per wave; STOPs %s/s (every %dth from a wave"
                        + " number, at most %d; confirmation %s), delivery reports %s/s, %d caller threads each;"
                        + " maxInFlight %s%n", options.messages(), number(options.inboundPerSecond()), WAVE_STOP_EVERY,
                options.waveStops(), options.confirmation() ? "on" : "off", number(options.reportsPerSecond()),
                options.callers(), MAX_IN_FLIGHT.isPresent() ? String.valueOf(MAX_IN_FLIGHT.getAsInt())
                        : "the default, " + CrowdEngage.DEFAULT_MAX_IN_FLIGHT);
        System.out.printf(Locale.ROOT, "%d CPUs, Java %s (%s), %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.version"));
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : options.scenarios()) {
            System.gc();
            Result result = run(scenario, options);
            result.print();
            results.add(result);
        }
        System.out.println();
        System.out.println("targets: >= 0.8 of R, 0 duplicates, every message accounted for, inbound and delivery-report"
                + " p99 < 50 ms");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "  %-24s rate %s, duplicates %s, accounted %s, inbound p99 %s, reports p99 %s%n",
                    result.scenario(), verdict(result.fractionOfRate() >= 0.8), verdict(result.duplicates() == 0),
                    verdict(result.accounted()), verdict(result.inbound().meets(50)),
                    verdict(result.reports().meets(50)));
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** One wave. */
    static Result run(Scenario scenario, Options options) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        double loadBefore = loadAverage();
        Instant due = clock.instant().plus(LEAD_IN).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        LocalDateTime start = LocalDateTime.ofInstant(due.plus(Duration.ofHours(3)), LONDON);

        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        Event show = boxOffice.addEvent(new Event("twelfth-night", "Twelfth Night", Duration.ofMinutes(165),
                RawAttributes.of(Map.of())));
        Performance performance = boxOffice.addPerformance(Performance.of("tonight", show, start));
        List<PhoneNumber> wave = new ArrayList<>(options.messages());
        for (int i = 0; i < options.messages(); i++) {
            PhoneNumber mobile = PhoneNumber.ofE164(waveNumber(i));
            wave.add(mobile);
            Customer customer = boxOffice.addCustomer(Customer.builder("customer-" + i).name("Patron" + i, "Smith")
                    .mobile(mobile).build());
            boxOffice.addBooking(Booking.of("booking-" + i, customer.id(), performance.id(),
                    due.minus(Duration.ofDays(7)).plusSeconds(i)));
        }
        Set<PhoneNumber> waveSet = Set.copyOf(wave);

        // Enforced: a runtime that outran the declared rate would be answered 429 and have to retry, as with a
        // real provider, instead of being credited with a rate the provider would not give it.
        InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock)
                .throughputPerSecond(scenario.ratePerSecond()).enforceThroughput(true)
                .latency(scenario.latency()).sleeper(InMemorySmsProvider.threadSleeper()).build();
        InMemorySendLedger sends = InMemorySendLedger.create();
        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        WaveListener listener = new WaveListener(waveSet);
        VenueSettings.Builder settings = VenueSettings.builder(VENUE, Sender.number(SENDER));
        if (!options.confirmation()) {
            settings.optOutConfirmation(Optional.empty());
        }
        CrowdEngage.Builder builder = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .consentLedger(consent).sendLedger(sends).venueSettings(settings.build())
                .flows(List.of(Flow.of("Default Flow", List.of(STEP)))).clock(clock).listener(listener);
        configure(builder);
        CrowdEngage runtime = builder.build();

        // Before the due instant: reads the box office, must decide nothing.
        TickReport first = runtime.tick();
        if (first.sent() + first.skipped() + first.deferred() + first.failed() + first.unknown() != 0
                || provider.count() != 0) {
            throw new IllegalStateException("the tick before the wave should decide nothing but gave " + first);
        }
        sleepUntil(clock, due.plus(AFTER_DUE));

        long t0 = System.nanoTime();
        Map<PhoneNumber, Instant> stoppedAt = new ConcurrentHashMap<>();
        OpenLoop inbound = new OpenLoop("inbound", options.inboundPerSecond(), options.callers(), t0,
                inboundCalls(runtime, provider, wave, options.waveStops(), stoppedAt, clock));
        OpenLoop reports = new OpenLoop("report", options.reportsPerSecond(), options.callers(), t0,
                reportCalls(runtime, provider, waveSet));
        inbound.start();
        reports.start();

        int ticks = 0;
        long giveUpAt = t0 + options.giveUp().toNanos();
        while (true) {
            runtime.tick();
            ticks++;
            if (listener.decided() >= wave.size() || System.nanoTime() >= giveUpAt) {
                break;
            }
            Thread.sleep(options.tickPause().toMillis());
        }
        boolean done = listener.decided() >= wave.size();
        long waveEnd = done ? listener.lastDecisionNanos() : System.nanoTime();
        inbound.stopAt(waveEnd);
        reports.stopAt(waveEnd);
        long drainUntil = System.nanoTime() + options.drain().toNanos();
        inbound.finish(drainUntil);
        reports.finish(drainUntil);
        runtime.close();
        double loadAfter = loadAverage();

        return account(scenario, options, wave, provider, sends, listener, stoppedAt, done,
                Duration.ofNanos(waveEnd - t0), ticks, inbound.stats(waveEnd), reports.stats(waveEnd),
                inbound.made(waveEnd), loadBefore, loadAfter);
    }

    /** STOPs: a fresh number outside the wave each time, and every {@value #WAVE_STOP_EVERY}th a wave number. */
    private static LongFunction<Runnable> inboundCalls(CrowdEngage runtime, InMemorySmsProvider provider,
                                                       List<PhoneNumber> wave, int waveStops,
                                                       Map<PhoneNumber, Instant> stoppedAt, Clock clock) {
        Random random = new Random(20261202L);
        Set<PhoneNumber> chosen = new HashSet<>();
        AtomicInteger slot = new AtomicInteger();
        return dueNanos -> {
            int i = slot.getAndIncrement();
            PhoneNumber from;
            boolean fromWave = i % WAVE_STOP_EVERY == WAVE_STOP_EVERY - 1 && chosen.size() < Math.min(waveStops, wave.size());
            if (fromWave) {
                PhoneNumber pick;
                do {
                    pick = wave.get(random.nextInt(wave.size()));
                } while (!chosen.add(pick));
                from = pick;
            } else {
                from = PhoneNumber.ofE164(outsideNumber(i));
            }
            return () -> {
                runtime.onInboundSms(provider.inbound(from, SENDER.e164(), "STOP"));
                if (fromWave) {
                    stoppedAt.put(from, clock.instant());
                }
            };
        };
    }

    /** Delivery reports for wave messages already accepted, oldest first, each once; none when there is none. */
    private static LongFunction<Runnable> reportCalls(CrowdEngage runtime, InMemorySmsProvider provider,
                                                      Set<PhoneNumber> wave) {
        AtomicInteger cursor = new AtomicInteger();
        return dueNanos -> {
            List<SentSms> accepted = provider.all();
            for (int i = cursor.get(); i < accepted.size(); i++) {
                SentSms sms = accepted.get(i);
                if (isWaveMessage(sms, wave)) {
                    cursor.set(i + 1);
                    return () -> runtime.onDeliveryReport(provider.deliveryReport(sms, DeliveryStatus.DELIVERED));
                }
            }
            cursor.set(accepted.size());
            return null;
        };
    }

    private static boolean isWaveMessage(SentSms sms, Set<PhoneNumber> wave) {
        return wave.contains(sms.to()) && sms.body().contains(WAVE_MARK);
    }

    /** Checks every wave booking against the ledger, the provider and the decisions, and gathers the figures. */
    private static Result account(Scenario scenario, Options options, List<PhoneNumber> wave,
                                  InMemorySmsProvider provider, InMemorySendLedger sends, WaveListener listener,
                                  Map<PhoneNumber, Instant> stoppedAt, boolean done, Duration elapsed, int ticks,
                                  Stats inbound, Stats reports, int stopsMade, double loadBefore, double loadAfter) {
        Set<PhoneNumber> waveSet = Set.copyOf(wave);
        Map<PhoneNumber, List<SentSms>> waveSent = new HashMap<>();
        int confirmations = 0;
        for (SentSms sms : provider.all()) {
            if (isWaveMessage(sms, waveSet)) {
                waveSent.computeIfAbsent(sms.to(), n -> new ArrayList<>()).add(sms);
            } else {
                confirmations++;
            }
        }
        int rateLimited = 0;
        for (InMemorySmsProvider.SendAttempt attempt : provider.attempts()) {
            if (attempt.result() instanceof SendResult.TransientFailure failure
                    && failure.reason() == FailureReason.RATE_LIMITED) {
                rateLimited++;
            }
        }
        Map<SendStatus, Integer> byStatus = new EnumMap<>(SendStatus.class);
        int noRecord = 0;
        int accounted = 0;
        int skippedAfterStop = 0;
        int sentBeforeStop = 0;
        int sentAfterStop = 0;
        List<String> problems = new ArrayList<>();
        for (PhoneNumber number : wave) {
            Optional<SendRecord> record = sends.find(new SendKey(STEP.id(), "tonight", number));
            record.ifPresent(r -> byStatus.merge(r.status(), 1, Integer::sum));
            if (record.isEmpty()) {
                noRecord++;
            }
            List<SentSms> sent = waveSent.getOrDefault(number, List.of());
            List<Outcome> outcomes = listener.outcomes(number);
            Instant stop = stoppedAt.get(number);
            boolean sentOnce = sent.size() == 1 && record.isPresent()
                    && (record.get().status() == SendStatus.ACCEPTED || record.get().status() == SendStatus.DELIVERED)
                    && record.get().reference().equals(sent.get(0).reference()) && outcomes.equals(List.of(Outcome.SENT));
            boolean skippedForStop = stop != null && sent.isEmpty()
                    && (record.isEmpty() || record.get().status() == SendStatus.FAILED)
                    && outcomes.equals(List.of(Outcome.SKIPPED));
            if (sentOnce || skippedForStop) {
                accounted++;
            } else if (problems.size() < 5) {
                problems.add(number.masked() + ": record " + record.map(SendRecord::status) + ", " + sent.size()
                        + " sent, decisions " + outcomes + (stop != null ? ", texted STOP" : ""));
            }
            if (stop != null) {
                if (skippedForStop) {
                    skippedAfterStop++;
                }
                for (SentSms sms : sent) {
                    // The provider stamps acceptance at call start + latency; a call that started after the STOP
                    // had been recorded (onInboundSms returned) would break the opt-out promise.
                    if (sms.acceptedAt().minus(scenario.latency()).isAfter(stop)) {
                        sentAfterStop++;
                    } else {
                        sentBeforeStop++;
                    }
                }
            }
        }
        int records = sends.all().size();
        int waveMessages = waveSent.values().stream().mapToInt(List::size).sum();
        return new Result(scenario, wave.size(), done, elapsed, ticks, waveMessages, confirmations, rateLimited,
                provider.duplicates().size(), accounted == wave.size() && records == wave.size() - noRecord,
                accounted, records, byStatus, noRecord, stoppedAt.size(), stopsMade, skippedAfterStop, sentBeforeStop,
                sentAfterStop, problems, inbound, reports, options, loadBefore, loadAfter);
    }

    /** What one wave measured. */
    record Result(Scenario scenario, int messages, boolean done, Duration elapsed, int ticks, int waveMessages,
                  int confirmations, int rateLimited, int duplicates, boolean accounted, int accountedCount, int records,
                  Map<SendStatus, Integer> byStatus, int noRecord, int waveStops, int stopsMade, int skippedAfterStop,
                  int sentBeforeStop, int sentAfterStop, List<String> problems, Stats inbound, Stats reports,
                  Options options, double loadBefore, double loadAfter) {

        double seconds() {
            return elapsed.toNanos() / 1e9;
        }

        double achieved() {
            return waveMessages / seconds();
        }

        double fractionOfRate() {
            return achieved() / scenario.ratePerSecond();
        }

        void print() {
            System.out.println();
            System.out.printf(Locale.ROOT, "%s: %,d messages in %.1f s (%d tick%s)%s = %.1f msg/s = %.3f of R"
                            + " | load %.2f -> %.2f%n", scenario, waveMessages, seconds(), ticks, ticks == 1 ? "" : "s",
                    done ? "" : " NOT DONE (gave up)", achieved(), fractionOfRate(), loadBefore, loadAfter);
            System.out.printf(Locale.ROOT, "  provider: %,d wave messages + %,d STOP confirmations accepted"
                            + " (all together %.1f msg/s), %d rate-limited answers, duplicates %d%n", waveMessages,
                    confirmations, (waveMessages + confirmations) / seconds(), rateLimited, duplicates);
            System.out.printf(Locale.ROOT, "  accounted: %s, %,d of %,d bookings (ledger %,d records: %s; no record %d)%n",
                    accounted ? "yes" : "NO", accountedCount, messages, records, byStatus, noRecord);
            System.out.printf(Locale.ROOT, "  STOPs: %,d calls made during the wave, %d of them from wave numbers (%d skipped,"
                    + " %d sent before the STOP, %d sent after it)%n", stopsMade, waveStops, skippedAfterStop,
                    sentBeforeStop, sentAfterStop);
            problems.forEach(p -> System.out.println("  not accounted: " + p));
            inbound.print("onInboundSms (STOP)", "");
            reports.print("onDeliveryReport", "");
        }
    }

    /** Latencies of one kind of call: from the time each was due, and inside the call. */
    record Stats(int due, int made, int censored, long[] response, long[] service, int errors) {

        boolean meets(long millis) {
            return due > 0 && censored == 0 && errors == 0 && percentile(response, 0.99) < millis * 1_000_000L;
        }

        void print(String name, String note) {
            String lower = censored > 0 ? ">=" : "";
            System.out.printf(Locale.ROOT, "  %-19s %,6d due during the wave, %,6d made, %,d still queued at the end%s:"
                            + " from due p50 %s%s p99 %s%s max %s%s | in the call p50 %s p99 %s max %s%s%n", name, due,
                    made, censored, errors > 0 ? ", " + errors + " errors" : "", lower,
                    millis(percentile(response, 0.5)), lower, millis(percentile(response, 0.99)), lower,
                    millis(percentile(response, 1.0)), millis(percentile(service, 0.5)),
                    millis(percentile(service, 0.99)), millis(percentile(service, 1.0)), note);
        }

        private static String millis(long nanos) {
            if (nanos < 0) {
                return "-";
            }
            double ms = nanos / 1e6;
            return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
        }

        /** Nearest rank; -1 when there are no samples. */
        static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /**
     * Calls at a fixed rate, each due at {@code t0 + i / rate}, handed at its due time to a fixed pool: a
     * slow call delays the ones queued behind it, and that delay is part of their latency.
     */
    static final class OpenLoop {
        private final String name;
        private final double perSecond;
        private final long t0;
        private final LongFunction<Runnable> calls;
        private final ThreadPoolExecutor pool;
        private final Thread dispatcher;
        private final List<long[]> samples = new ArrayList<>();
        private final List<Long> dueTimes = new ArrayList<>();
        private final AtomicInteger errors = new AtomicInteger();
        private final AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        private final List<Long> unmade = new ArrayList<>();
        private long countedAt;

        OpenLoop(String name, double perSecond, int threads, long t0, LongFunction<Runnable> calls) {
            this.name = name;
            this.perSecond = perSecond;
            this.t0 = t0;
            this.calls = calls;
            AtomicInteger n = new AtomicInteger();
            this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread thread = new Thread(r, name + "-caller-" + n.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            this.dispatcher = new Thread(this::dispatch, name + "-dispatcher");
            this.dispatcher.setDaemon(true);
        }

        void start() {
            dispatcher.start();
        }

        private void dispatch() {
            for (long i = 0; ; i++) {
                long due = t0 + Math.round(i * 1e9 / perSecond);
                long wait;
                while ((wait = due - System.nanoTime()) > 0 && due < stopAt.get()) {
                    LockSupport.parkNanos(wait);
                }
                if (due >= stopAt.get()) {
                    return;
                }
                Runnable call = calls.apply(due);
                if (call == null) {
                    continue;
                }
                synchronized (this) {
                    dueTimes.add(due);
                }
                pool.execute(new Call(due, call));
            }
        }

        /** Calls due from {@code end} on are not made. */
        void stopAt(long end) {
            stopAt.set(end);
            LockSupport.unpark(dispatcher);
        }

        /** Lets the calls already handed over run until {@code until}; those still queued then are counted as waiting. */
        void finish(long until) throws InterruptedException {
            dispatcher.join();
            pool.shutdown();
            long left = until - System.nanoTime();
            if (left > 0) {
                pool.awaitTermination(left, TimeUnit.NANOSECONDS);
            }
            List<Runnable> queued = new ArrayList<>();
            pool.getQueue().drainTo(queued);
            long now = System.nanoTime();
            synchronized (this) {
                countedAt = now;
                for (Runnable r : queued) {
                    unmade.add(((Call) r).due);
                }
            }
            // Calls already running are let finish (they may be waiting for the runtime's lock, not for us).
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                System.out.printf(Locale.ROOT, "  (%s: calls still running 5 minutes after the drain; left behind)%n",
                        name);
            }
        }

        int made(long waveEnd) {
            synchronized (this) {
                return (int) samples.stream().filter(s -> s[0] < waveEnd).count();
            }
        }

        Stats stats(long waveEnd) {
            synchronized (this) {
                int due = (int) dueTimes.stream().filter(d -> d < waveEnd).count();
                List<long[]> during = samples.stream().filter(s -> s[0] < waveEnd).toList();
                List<Long> waiting = unmade.stream().filter(d -> d < waveEnd).toList();
                long[] response = new long[during.size() + waiting.size()];
                long[] service = new long[during.size()];
                int k = 0;
                for (long[] s : during) {
                    response[k] = s[1];
                    service[k++] = s[2];
                }
                for (long d : waiting) {
                    response[k++] = countedAt - d;
                }
                Arrays.sort(response);
                Arrays.sort(service);
                return new Stats(due, during.size(), waiting.size(), response, service, errors.get());
            }
        }

        private final class Call implements Runnable {
            private final long due;
            private final Runnable call;

            Call(long due, Runnable call) {
                this.due = due;
                this.call = call;
            }

            @Override
            public void run() {
                long start = System.nanoTime();
                try {
                    call.run();
                } catch (RuntimeException e) {
                    if (errors.getAndIncrement() == 0) {
                        System.out.println("  (" + name + " call failed: " + e + ")");
                    }
                }
                long end = System.nanoTime();
                synchronized (OpenLoop.this) {
                    samples.add(new long[] {due, end - due, end - start});
                }
            }
        }
    }

    /** Every decision about a wave number, and when the last final one came. */
    static final class WaveListener implements DecisionListener {
        private final Set<PhoneNumber> wave;
        private final Map<PhoneNumber, List<Outcome>> outcomes = new ConcurrentHashMap<>();
        private final AtomicInteger decided = new AtomicInteger();
        private final AtomicLong lastDecision = new AtomicLong();

        WaveListener(Set<PhoneNumber> wave) {
            this.wave = wave;
        }

        @Override
        public void onDecision(DecisionEvent event) {
            if (event.outcome() == Outcome.DEFERRED || event.step().isEmpty() || event.to().isEmpty()
                    || !wave.contains(event.to().get())) {
                return;
            }
            long now = System.nanoTime();
            List<Outcome> list = outcomes.computeIfAbsent(event.to().get(), n -> new ArrayList<>());
            boolean first;
            synchronized (list) {
                first = list.isEmpty();
                list.add(event.outcome());
            }
            if (first) {
                decided.incrementAndGet();
            }
            lastDecision.accumulateAndGet(now, Math::max);
        }

        int decided() {
            return decided.get();
        }

        long lastDecisionNanos() {
            return lastDecision.get();
        }

        List<Outcome> outcomes(PhoneNumber number) {
            List<Outcome> list = outcomes.getOrDefault(number, List.of());
            synchronized (list) {
                return List.copyOf(list);
            }
        }
    }

    /** Wave bookers: distinct UK mobiles {@code +44 7400 5xxxxx}. */
    static String waveNumber(int i) {
        return "+4474005" + String.format(Locale.ROOT, "%05d", i);
    }

    /** STOP senders outside the wave: {@code +44 7700 9xxxxx}, another block. */
    static String outsideNumber(int i) {
        return "+4477009" + String.format(Locale.ROOT, "%05d", i % 100_000);
    }

    private static OptionalInt optionalInt(String property) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.trim()));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static void sleepUntil(Clock clock, Instant at) throws InterruptedException {
        long millis = Duration.between(clock.instant(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
