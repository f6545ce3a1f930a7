package io.crowdengage.benchmarks;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.StepId;
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
import io.crowdengage.runtime.SoftOptIn;
import io.crowdengage.runtime.TickReport;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end, issue 5: one {@link CrowdEngage#tick()} of the real runtime with the in-memory
 * ticketing system, consent ledger, send ledger and SMS provider, at the moment the seed guide's
 * Show-Score review request falls due for ten performances that started together at 19:30: the
 * tick sends {@value #WAVE} messages (render, consent re-check, throttle, claim, provider call,
 * record, listener) and reports {@value #SKIPS} skips.
 *
 * <p>The box office holds five days (two before, two after) of ten 19:30 performances, each with
 * 1,000 bookers who can be sent to, plus 5 who opted out, 3 without a mobile and 2 who cancelled.
 * The flow is the seed guide's Default Flow: the review request (3 hours after the start) and the
 * review reminder (1 day after the start), both as pasted, with {@code show_score_url} a pure
 * function (a link naming the show and the booking, no I/O), so the figure is the runtime's own
 * cost, not a partner's. The send ledger starts with {@value #HISTORY} settled records of earlier
 * waves, as a runtime that has been running would have; the consent ledger holds a soft opt-in
 * notice for 30% of numbers, express consent for 2%, and the opt-outs.
 *
 * <p>The provider declares 1,000,000 messages a second, is not asked to enforce it and has no
 * latency: the runtime's throttle (at the declared rate) runs on every
 * send but never waits, so the provider is not the bottleneck. The clock is fixed (a settable clock
 * at 22:30:30 during the measured tick).
 *
 * <p>Each iteration builds a fresh runtime (outside the measurement): a fresh send ledger with the
 * history, a fresh consent ledger, a fresh provider; then one unmeasured tick at 22:29 reads the
 * box office (every booking of the window) with nothing due. The measured tick is the next one, at
 * 22:30:30. Mode single shot, {@value #WAVE} operations per invocation: the score is the time per
 * message, so messages per second = 1 / score. The set-up ends with {@code System.gc()}, so that its
 * garbage is not collected during the measured tick (the tick's own garbage is). The tear-down checks the provider accepted exactly
 * {@value #WAVE} distinct messages and the listener heard {@value #WAVE} SENT and {@value #SKIPS}
 * SKIPPED decisions, and fails the run otherwise. The tick is single-threaded (it holds the
 * runtime's lock and sends one message after another); the JVM's collector and compiler threads
 * may use the second core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(RuntimeTickBenchmark.WAVE)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10)
@Measurement(iterations = 20)
public class RuntimeTickBenchmark {
    /** Performances whose review request falls due in the measured tick. */
    static final int PERFORMANCES_IN_WAVE = 10;
    /** Bookers per performance who can be sent to. */
    static final int SENDABLE_PER_PERFORMANCE = 1_000;
    /** The messages the measured tick must send. */
    static final int WAVE = 10_000;
    private static final int OPTED_OUT_PER_PERFORMANCE = 5;
    private static final int WITHOUT_MOBILE_PER_PERFORMANCE = 3;
    private static final int CANCELLED_PER_PERFORMANCE = 2;
    /** The skips the measured tick must report: the opted out, those without a mobile, the cancelled. */
    static final int SKIPS = 100;
    /** Settled records in the send ledger before the first tick: the review requests and reminders of five earlier days. */
    static final int HISTORY = 100_000;

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Venue VENUE = new Venue("arts-centre", "Crowdengage Arts Centre", LONDON);
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 14);
    private static final LocalTime CURTAIN = LocalTime.of(19, 30);
    private static final int DAYS_BEFORE = 2;
    private static final int DAYS_AFTER = 2;
    /** The seed guide's step 3, exactly as pasted. */
    static final String REVIEW_REQUEST = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, please help the theatre community by leaving your review of {{ event.name }}"
            + " on Show-Score:\n"
            + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
            + "{% endif %}";
    /** The seed guide's step 5, exactly as pasted. */
    static final String REVIEW_REMINDER = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, have you reviewed the show yet? Please help other theatregoers by reviewing"
            + " {{ event.name }} on Show-Score:\n"
            + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
            + "{% endif %}";
    private static final FlowStep REQUEST_STEP = FlowStep.builder("show-score-review")
            .name("Show-Score Review Request (3 hours post-show)").template(REVIEW_REQUEST)
            .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(0, 3, 0)).build();
    private static final FlowStep REMINDER_STEP = FlowStep.builder("show-score-reminder")
            .name("Show-Score Review Reminder (1 day post-show)").template(REVIEW_REMINDER)
            .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(1, 0, 0)).build();
    private static final String[] FIRST_NAMES = {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Rosie",
        "Grace", "Freya", "Muhammad", "Noah", "Oliver", "George", "Leo", "Arthur", "Oscar", "Harry", "Fatima", "Priya"};
    private static final String[] SHOWS = {"Hamlet", "The Mousetrap", "Company", "Private Lives", "Jerusalem",
        "The Seagull", "Blood Brothers", "Twelfth Night", "Noises Off", "Girl from the North Country"};

    private final SettableClock clock = new SettableClock();
    private InMemoryTicketingSystem boxOffice;
    private List<ConsentRecord> consentRecords;
    private List<SendRecord> history;
    private Set<String> waveBookings;
    private Instant beforeDue;
    private Instant waveNow;

    private InMemorySmsProvider provider;
    private InMemorySendLedger sendLedger;
    private OutcomeCounter listener;
    private CrowdEngage runtime;
    private TickReport report;

    /** Fills the box office, and prepares the consent records and the send-ledger history each iteration starts from. */
    @Setup(Level.Trial)
    public void fillBoxOffice() {
        SplittableRandom random = new SplittableRandom(20261114L);
        Instant today = TODAY.atTime(CURTAIN).atZone(LONDON).toInstant();
        beforeDue = today.plus(Duration.ofHours(3)).minus(Duration.ofMinutes(1));
        waveNow = today.plus(Duration.ofHours(3)).plusSeconds(30);
        // Bookings were made weeks ago: the change log is stamped then, so the runtime's first sync reads them
        // from the performances, and the measured tick's change feed is empty, as on a quiet evening.
        clock.set(today.minus(Duration.ofDays(30)));
        boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        consentRecords = new ArrayList<>();
        waveBookings = new HashSet<>();
        List<Event> events = new ArrayList<>();
        for (int s = 0; s < PERFORMANCES_IN_WAVE; s++) {
            events.add(boxOffice.addEvent(new Event("E" + (100 + s), SHOWS[s], Duration.ofMinutes(150),
                    RawAttributes.of(Map.of("attribute_ShowScoreID", String.valueOf(98_700 + s))))));
        }
        int person = 0;
        List<Booking> toCancel = new ArrayList<>();
        for (int day = -DAYS_BEFORE; day <= DAYS_AFTER; day++) {
            for (int s = 0; s < PERFORMANCES_IN_WAVE; s++) {
                Performance performance = boxOffice.addPerformance(Performance.of(
                        String.format(Locale.ROOT, "P%s-%d", TODAY.plusDays(day), s), events.get(s),
                        TODAY.plusDays(day).atTime(CURTAIN)));
                Instant start = performance.startInstant(LONDON);
                int bookers = SENDABLE_PER_PERFORMANCE + OPTED_OUT_PER_PERFORMANCE + WITHOUT_MOBILE_PER_PERFORMANCE
                        + CANCELLED_PER_PERFORMANCE;
                for (int b = 0; b < bookers; b++) {
                    int index = person++;
                    Instant confirmedAt = start.minus(Duration.ofDays(31)).minusSeconds(random.nextLong(60L * 86_400));
                    Customer.Builder customer = Customer.builder("C" + (1_000_000 + index))
                            .name(FIRST_NAMES[random.nextInt(FIRST_NAMES.length)], "Smith");
                    Booker kind = Booker.at(b);
                    if (kind != Booker.WITHOUT_MOBILE) {
                        PhoneNumber mobile = PhoneNumber.ofE164(SeasonGenerator.mobileNumber(index));
                        customer.mobile(mobile);
                        if (kind == Booker.OPTED_OUT) {
                            consentRecords.add(new ConsentRecord.OptedOut(mobile, confirmedAt.plusSeconds(60),
                                    ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"));
                        } else {
                            int roll = random.nextInt(100);
                            if (roll < 30) {
                                consentRecords.add(new ConsentRecord.SoftOptInNoticeSent(mobile,
                                        confirmedAt.plusSeconds(5), "notice-" + index));
                            } else if (roll < 32) {
                                consentRecords.add(new ConsentRecord.ExpressConsent(mobile, confirmedAt,
                                        ConsentEvidence.of("booking form", "Yes, text me about offers")));
                            }
                        }
                    }
                    boxOffice.addCustomer(customer.build());
                    Booking booking = boxOffice.addBooking(Booking.of("B" + (10_000_000 + index),
                            "C" + (1_000_000 + index), performance.id(), confirmedAt));
                    if (kind == Booker.CANCELLED) {
                        toCancel.add(booking);
                    } else if (day == 0 && kind == Booker.SENDABLE) {
                        waveBookings.add(booking.id());
                    }
                }
            }
        }
        for (Booking booking : toCancel) {
            boxOffice.cancelBooking(booking.id(), booking.confirmedAt().plus(Duration.ofDays(2)));
        }
        if (waveBookings.size() != WAVE || toCancel.size() != CANCELLED_PER_PERFORMANCE * PERFORMANCES_IN_WAVE
                * (DAYS_BEFORE + 1 + DAYS_AFTER)) {
            throw new IllegalStateException("the wave should have " + WAVE + " sendable bookings but has "
                    + waveBookings.size() + " (" + toCancel.size() + " cancelled in all)");
        }
        history = history(person);
        System.out.printf(Locale.ROOT, "%nbox office: %s; consent records %,d; send-ledger history %,d%n", boxOffice,
                consentRecords.size(), history.size());
    }

    /**
     * The settled records of earlier waves: the review requests of the five days before today and the
     * reminders of the five days before those, each accepted by the provider.
     */
    private List<SendRecord> history(int firstFreeIndex) {
        List<SendRecord> records = new ArrayList<>(HISTORY);
        int index = firstFreeIndex;
        for (int day = 1; day <= 5; day++) {
            for (FlowStep step : List.of(REQUEST_STEP, REMINDER_STEP)) {
                Instant sentAt = TODAY.minusDays(day).atTime(CURTAIN).atZone(LONDON).toInstant()
                        .plus(Duration.ofHours(3)).plus(step == REMINDER_STEP ? Duration.ofDays(1) : Duration.ZERO);
                for (int s = 0; s < PERFORMANCES_IN_WAVE; s++) {
                    String performanceId = String.format(Locale.ROOT, "P%s-%d", TODAY.minusDays(day), s);
                    for (int b = 0; b < SENDABLE_PER_PERFORMANCE; b++) {
                        SendKey key = new SendKey(step.id(), performanceId,
                                PhoneNumber.ofE164(SeasonGenerator.mobileNumber(index++)));
                        String reference = "ce-earlier-" + records.size();
                        records.add(SendRecord.claimed(key, reference, "Olivia, please help the theatre community by"
                                        + " leaving your review of Hamlet on Show-Score:\nhttps://show-score.test/r/98700/B"
                                        + index, sentAt, sentAt.plus(step.catchUp()))
                                .attempted(sentAt)
                                .moved(SendStatus.ACCEPTED, Optional.empty(), Optional.of("in-memory-earlier-" + index),
                                        "accepted by in-memory", sentAt));
                    }
                }
            }
        }
        if (records.size() != HISTORY) {
            throw new IllegalStateException("the history should have " + HISTORY + " records but has " + records.size());
        }
        return records;
    }

    /**
     * A fresh runtime over fresh ledgers (the send ledger holding the history) and a fresh provider, and
     * its first tick a minute before the wave is due, which reads the box office and must send nothing.
     */
    @Setup(Level.Iteration)
    public void freshRuntime() {
        clock.set(beforeDue);
        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        consentRecords.forEach(consent::append);
        sendLedger = InMemorySendLedger.create();
        for (SendRecord earlier : history) {
            SendRecord claimed = sendLedger.claim(earlier.key(), earlier.reference(), earlier.body(),
                    earlier.claimedAt(), earlier.deadline()).orElseThrow();
            sendLedger.update(claimed.attempted(earlier.claimedAt()));
            sendLedger.update(earlier);
        }
        provider = InMemorySmsProvider.builder().clock(clock).throughputPerSecond(1_000_000)
                .enforceThroughput(false).build();
        listener = new OutcomeCounter();
        runtime = CrowdEngage.builder()
                .ticketingSystem(boxOffice)
                .smsProvider(provider)
                .consentLedger(consent)
                .sendLedger(sendLedger)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(PhoneNumber.parse("07400 900100", "GB")))
                        .softOptIn(SoftOptIn.enabledWithDefaultNotice())
                        .build())
                .flows(List.of(Flow.of("Default Flow", List.of(REQUEST_STEP, REMINDER_STEP))))
                .templateFunctions(TemplateFunctions.builder().register(new ShowScoreUrlStub()).build())
                .clock(clock)
                .listener(listener)
                .build();
        TickReport first = runtime.tick();
        if (first.sent() + first.skipped() + first.deferred() + first.failed() + first.unknown() != 0
                || provider.count() != 0) {
            throw new IllegalStateException("the tick before the wave should decide nothing but gave " + first);
        }
        clock.set(waveNow);
        report = null;
        // The set-up churns a few hundred MB (the first sync above); collect it now, not during the measured tick.
        System.gc();
    }

    /** The tick at which the review request falls due for the ten performances: sends the whole wave. */
    @Benchmark
    public TickReport postShowWave() {
        report = runtime.tick();
        return report;
    }

    /** Fails the run unless the measured tick sent exactly the wave and reported exactly the skips. */
    @TearDown(Level.Iteration)
    public void checkWave() {
        if (report == null) {
            throw new IllegalStateException("no tick was measured in this iteration");
        }
        List<SentSms> sent = provider.all();
        Set<String> recipients = new HashSet<>();
        for (SentSms sms : sent) {
            recipients.add(sms.to().e164());
        }
        int sentEvents = listener.count(Outcome.SENT);
        int skippedEvents = listener.count(Outcome.SKIPPED);
        if (report.sent() != WAVE || report.skipped() != SKIPS || report.deferred() + report.failed() + report.unknown() != 0
                || sent.size() != WAVE || recipients.size() != WAVE || !provider.duplicates().isEmpty()
                || sentEvents != WAVE || skippedEvents != SKIPS || listener.total() != WAVE + SKIPS) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the wave should send %d and skip %d: tick %s,"
                            + " provider accepted %d to %d numbers (%d duplicates), listener heard %d SENT, %d SKIPPED"
                            + " of %d", WAVE, SKIPS, report, sent.size(), recipients.size(),
                    provider.duplicates().size(), sentEvents, skippedEvents, listener.total()));
        }
        for (SentSms sms : sent) {
            SendRecord record = sendLedger.findByReference(sms.reference()).orElseThrow();
            if (record.status() != SendStatus.ACCEPTED || !record.key().step().equals(REQUEST_STEP.id())
                    || !sms.body().contains("on Show-Score:\nhttps://show-score.test/r/987")) {
                throw new IllegalStateException("unexpected send " + record + " with body " + sms.body());
            }
        }
        for (String bookingId : waveBookings) {
            if (sent.stream().noneMatch(s -> s.body().endsWith("/" + bookingId))) {
                throw new IllegalStateException("booking " + bookingId + " got no review request");
            }
        }
    }

    /** Who a performance's booker is: the unsendable ones are spread through the booking list. */
    private enum Booker {
        SENDABLE, OPTED_OUT, WITHOUT_MOBILE, CANCELLED;

        static Booker at(int position) {
            return switch (position) {
                case 100, 300, 500, 700, 900 -> OPTED_OUT;
                case 200, 600, 1_000 -> WITHOUT_MOBILE;
                case 400, 800 -> CANCELLED;
                default -> SENDABLE;
            };
        }
    }

    /** Counts decisions by outcome, as a box office's listener might feed a dashboard. */
    static final class OutcomeCounter implements DecisionListener {
        private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

        @Override
        public synchronized void onDecision(DecisionEvent event) {
            counts.merge(event.outcome(), 1, Integer::sum);
        }

        synchronized int count(Outcome outcome) {
            return counts.getOrDefault(outcome, 0);
        }

        synchronized int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** A clock that stands still at an instant the benchmark sets. */
    static final class SettableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a benchmark clock has one zone");
        }
    }
}
