package io.crowdengage.runtime;

import io.crowdengage.TestClock;
import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the real {@link CrowdEngage} through a {@link RuntimeSeason} on a test clock, and writes down
 * what went in (with the order it went in) and what came out: the provider's accepted messages and
 * attempts, and the listener's decisions. The properties judge the output against the input only.
 *
 * <p>Every input and every provider call gets a number from one sequence, so "known before this
 * send" is a plain comparison, however the clock moved.
 */
final class RuntimeRun {
    static final Venue VENUE = new Venue("V", "Venue", RuntimeSeason.LONDON);
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final LocalTimeRange QUIET = new LocalTimeRange("22:00", "08:30");
    static final String NOTICE_TEMPLATE = "Notice: thanks for booking {{ event.name }}. Reply STOP to opt out.";
    static final String STOP_TEXT = "STOP";
    static final String PROBABLE_STOP_TEXT = "please stop texting me";
    static final String START_TEXT = "START";
    static final String CHAT_TEXT = "what time do doors open?";

    /** Quiet hours as the properties read them: from (inclusive) to (exclusive), across midnight. */
    record LocalTimeRange(String from, String to) {
        QuietHours toQuietHours() {
            return QuietHours.between(from, to);
        }
    }

    enum ConsentKind { OPT_OUT, OPT_IN }

    /** A change to a number's consent that went in: stamped {@code stamp}, made known to the runtime at {@code seq}. */
    /** The first delivery report for a message said it never arrived (later reports for it change nothing). */
    record UndeliveredFact(PhoneNumber number, String body, long seq) {
    }

    record ConsentFact(PhoneNumber number, ConsentKind kind, Instant stamp, long seq, String what) {
    }

    /** A show's state from {@code seq} on. */
    record ShowFact(long seq, Instant at, Performance performance) {
    }

    /** A booking's state from {@code seq} on. */
    record BookingFact(long seq, Instant at, Booking booking) {
    }

    /** A message the provider accepted, with the sequence number of the call that sent it. */
    record Accepted(SentSms sms, long seq) {
    }

    final RuntimeSeason season;
    final List<FlowStep> steps = new ArrayList<>();
    final boolean quietHours;
    final List<ConsentFact> consentFacts = new ArrayList<>();
    final List<ShowFact> showFacts = new ArrayList<>();
    final List<BookingFact> bookingFacts = new ArrayList<>();
    final List<UndeliveredFact> undelivered = new ArrayList<>();
    private final Set<String> reportedReferences = new HashSet<>();
    final Map<String, Optional<PhoneNumber>> mobiles = new HashMap<>();
    /** Written by the listener, which the runtime calls one event at a time, from whichever thread decided. */
    final List<DecisionEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<Accepted> accepted = new ArrayList<>();
    final List<InMemorySmsProvider.SendAttempt> attempts = new ArrayList<>();
    final List<SentSms> duplicates = new ArrayList<>();
    /** Inputs that arrived while a tick was running: to show the runs are not vacuous. */
    int arrivedMidTick;

    private final TestClock clock = new TestClock(RuntimeSeason.START);
    private final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(RuntimeSeason.LONDON, clock);
    private final InMemorySmsProvider provider;
    private final InMemoryConsentLedger consent = InMemoryConsentLedger.create();
    private final Random pacing;
    private final Map<String, Long> seqOfReference = new ConcurrentHashMap<>();
    private final List<Due> timeline = new ArrayList<>();
    private final boolean[] bookingAdded;
    private final boolean[] bookingCancelled;
    private final Set<Due> applied = Collections.newSetFromMap(new IdentityHashMap<>());
    private final CrowdEngage runtime;
    private long seq;
    private boolean inTick;
    private boolean deliveringMidTick;

    /** One entry of the timeline: a happening, or a late booking ({@code lateBooking} its index, else -1). */
    private record Due(Instant at, Optional<RuntimeSeason.Happening> happening, int lateBooking) {
    }

    /**
     * How the runtime is run: its {@code maxInFlight}, and a real latency the provider takes for each
     * send (the test clock does not move meanwhile, so it fits inside every deadline).
     */
    record Options(int maxInFlight, Duration latency) {
        static final Options DEFAULT = new Options(CrowdEngage.DEFAULT_MAX_IN_FLIGHT, Duration.ZERO);
    }

    /** Runs with the runtime's default concurrency (the dispatcher's threads, confirmations in the background). */
    static RuntimeRun of(RuntimeSeason season) {
        return of(season, Options.DEFAULT);
    }

    static RuntimeRun of(RuntimeSeason season, Options options) {
        RuntimeRun run = new RuntimeRun(season, options);
        try {
            run.play();
        } finally {
            run.runtime.close();
        }
        run.collect();
        return run;
    }

    private RuntimeRun(RuntimeSeason season, Options options) {
        this.season = season;
        RuntimeSeason.Knobs knobs = season.knobs();
        this.quietHours = knobs.quietHours();
        this.pacing = new Random(knobs.seed());
        this.provider = InMemorySmsProvider.builder().clock(clock).random(new Random(knobs.seed() + 1))
                .throughputPerSecond(1000).failurePercentage(knobs.failurePercentage()).build();
        for (int i = 0; i < season.steps().size(); i++) {
            steps.add(season.steps().get(i).toStep(i));
        }
        for (int i = 0; i < season.shows().size(); i++) {
            RuntimeSeason.ShowSpec spec = season.shows().get(i);
            Performance show = Performance.of("P" + i, Event.of("E" + i, "P" + i, spec.duration()), spec.localStart());
            boxOffice.addPerformance(show);
            showFacts.add(new ShowFact(0, clock.instant(), show));
        }
        for (int i = 0; i < season.customerNumbers().size(); i++) {
            int number = season.customerNumbers().get(i);
            Optional<PhoneNumber> mobile = number < 0 ? Optional.empty() : Optional.of(RuntimeSeason.NUMBERS.get(number));
            boxOffice.addCustomer(Customer.builder("C" + i).name("First" + i, "Last" + i).mobile(mobile).build());
            mobiles.put("C" + i, mobile);
        }
        bookingAdded = new boolean[season.bookings().size()];
        bookingCancelled = new boolean[season.bookings().size()];
        for (int i = 0; i < season.bookings().size(); i++) {
            RuntimeSeason.BookingSpec spec = season.bookings().get(i);
            if (spec.lateMinutes().isPresent()) {
                RuntimeSeason.ShowSpec show = season.shows().get(spec.show() % season.shows().size());
                Instant edge = spec.edge().of(season.steps().get(spec.nearStep() % season.steps().size()),
                        show.localStart().atZone(RuntimeSeason.LONDON).toInstant(), show.duration());
                Instant at = edge.plus(Duration.ofMinutes(spec.lateMinutes().get()));
                at = at.isBefore(RuntimeSeason.START) ? RuntimeSeason.START : at;
                timeline.add(new Due(at.plusMillis(1), Optional.empty(), i));
            } else {
                addBooking(i, RuntimeSeason.START.minus(Duration.ofHours(spec.confirmedHoursBefore())));
            }
        }
        for (RuntimeSeason.Happening happening : season.happenings()) {
            timeline.add(new Due(season.at(happening), Optional.of(happening), -1));
        }
        timeline.sort(Comparator.comparing(Due::at));

        VenueSettings.Builder settings = VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER))
                .softOptIn(knobs.softOptIn() ? SoftOptIn.enabledWith(NOTICE_TEMPLATE) : SoftOptIn.disabled());
        if (quietHours) {
            settings.quietHours(QUIET.toQuietHours());
        }
        CrowdEngageTest.DelegatingProvider numbered = new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms message) {
                // A retry reuses its reference; the last call is the one that can have been accepted.
                seqOfReference.put(message.reference(), nextSeq());
                if (!options.latency().isZero()) {
                    LockSupport.parkNanos(options.latency().toNanos());
                }
                return super.send(message);
            }
        };
        this.runtime = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(numbered)
                .venueSettings(settings.build()).flows(List.of(Flow.of("Flow", steps))).consentLedger(consent)
                .sendLedger(InMemorySendLedger.create()).clock(clock).listener(events::add)
                .random(new Random(knobs.seed() + 2)).throttle(this::throttle).referencePrefix("r-").maxInFlight(options.maxInFlight()).build();
    }

    private void play() {
        Instant nextTick = RuntimeSeason.START;
        while (!nextTick.isAfter(RuntimeSeason.END)) {
            for (Due due : timeline) {
                if (!due.at().isAfter(nextTick) && !done(due) && !waitsForASend(due)) {
                    if (clock.instant().isBefore(due.at())) {
                        clock.set(due.at());
                    }
                    apply(due);
                }
            }
            if (clock.instant().isBefore(nextTick)) {
                clock.set(nextTick);
            }
            inTick = true;
            runtime.tick();
            inTick = false;
            // Confirmations go out in the background; the next inputs come after them, as the timeline says.
            awaitDispatched();
            nextTick = clock.instant().plus(gap());
        }
    }

    private void collect() {
        for (SentSms sms : provider.all()) {
            accepted.add(new Accepted(sms, seqOfReference.get(sms.reference())));
        }
        attempts.addAll(provider.attempts());
        duplicates.addAll(provider.duplicates());
    }

    private void awaitDispatched() {
        if (!runtime.awaitDispatched(Duration.ofSeconds(30))) {
            throw new AssertionError("the dispatcher did not finish within 30 s");
        }
    }

    /** One sequence for inputs and provider calls; provider calls may come from the dispatcher's threads. */
    private synchronized long nextSeq() {
        return ++seq;
    }

    private Duration gap() {
        int most = season.knobs().tickMinutes() * 60;
        return Duration.ofSeconds(season.knobs().irregularTicks() ? 60 + pacing.nextInt(most - 60 + 1) : most);
    }

    /** The runtime waits here before each send: time passes, and texts due by now arrive mid-tick. */
    private void throttle() {
        int most = season.knobs().throttleSeconds();
        if (most > 0) {
            clock.advance(Duration.ofSeconds(pacing.nextInt(most + 1)));
        }
        if (!inTick || deliveringMidTick) {
            return;
        }
        deliveringMidTick = true;
        for (Due due : timeline) {
            if (!done(due) && !due.at().isAfter(clock.instant())
                    && due.happening().map(h -> h.kind().canArriveMidTick()).orElse(false)) {
                // Happenings between ticks are applied before the tick; a due one still here waited for a send.
                arrivedMidTick++;
                apply(due);
            }
        }
        deliveringMidTick = false;
    }

    private static boolean waitsForASend(Due due) {
        return due.happening().map(h -> h.duringASend() && h.kind().canArriveMidTick()).orElse(false);
    }

    private boolean done(Due due) {
        return applied.contains(due);
    }

    private void apply(Due due) {
        applied.add(due);
        if (due.happening().isEmpty()) {
            addBooking(due.lateBooking(), clock.instant());
            return;
        }
        RuntimeSeason.Happening h = due.happening().get();
        Instant now = clock.instant();
        // A text's provider stamp may be up to half an hour before it reaches us (a webhook redelivered late).
        PhoneNumber number = RuntimeSeason.NUMBERS.get(h.target() % RuntimeSeason.NUMBERS.size());
        String showId = "P" + h.target() % season.shows().size();
        switch (h.kind()) {
            case STOP -> inbound(number, STOP_TEXT, Optional.of(ConsentKind.OPT_OUT), now.minusSeconds(3L * h.detail()));
            case PROBABLE_STOP -> inbound(number, PROBABLE_STOP_TEXT, Optional.of(ConsentKind.OPT_OUT),
                    now.minusSeconds(3L * h.detail()));
            case START -> inbound(number, START_TEXT, Optional.of(ConsentKind.OPT_IN), now.minusSeconds(3L * h.detail()));
            case CHAT -> inbound(number, CHAT_TEXT, Optional.empty(), now.minusSeconds(3L * h.detail()));
            case EXPRESS_CONSENT -> {
                // Consent given on a web form some minutes ago, imported now.
                Instant given = now.minus(Duration.ofMinutes(h.detail()));
                consentFacts.add(new ConsentFact(number, ConsentKind.OPT_IN, given, nextSeq(), "express consent imported"));
                consent.append(new ConsentRecord.ExpressConsent(number, given,
                        ConsentEvidence.of("web form", "Text me offers")));
            }
            case CANCEL_SHOW -> showFacts.add(new ShowFact(nextSeq(), now, boxOffice.cancelPerformance(showId)));
            case RESCHEDULE_SHOW -> {
                // Moved by up to five hours either way, in steps of five minutes.
                Performance current = currentShow(showId);
                showFacts.add(new ShowFact(nextSeq(), now, boxOffice.reschedule(showId,
                        current.localStart().plusMinutes(5L * (h.detail() / 5) - 300))));
            }
            case CANCEL_BOOKING -> {
                int index = h.target() % season.bookings().size();
                if (bookingAdded[index] && !bookingCancelled[index]) {
                    bookingCancelled[index] = true;
                    bookingFacts.add(new BookingFact(nextSeq(), now, boxOffice.cancelBooking("B" + index, now)));
                }
            }
            case FAIL_TRANSIENT -> provider.failNext(number, 1 + h.detail() % 3, InMemorySmsProvider.FailureKind.TRANSIENT,
                    FailureReason.PROVIDER_UNAVAILABLE);
            case FAIL_PERMANENT -> provider.failNext(number, 1, InMemorySmsProvider.FailureKind.PERMANENT,
                    FailureReason.INVALID_NUMBER);
            case OPTED_OUT_AT_PROVIDER -> {
                // The person texted STOP to the provider; we learn of it only when a send is refused.
                consentFacts.add(new ConsentFact(number, ConsentKind.OPT_OUT, now, nextSeq(), "opted out at the provider"));
                provider.optOutAtProvider(number);
            }
            case DELIVERY_REPORT -> {
                List<SentSms> sent = provider.all();
                if (!sent.isEmpty()) {
                    SentSms message = sent.get(h.target() * 7 % sent.size());
                    DeliveryStatus status = h.detail() % 2 == 0 ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED;
                    if (reportedReferences.add(message.reference()) && status != DeliveryStatus.DELIVERED) {
                        undelivered.add(new UndeliveredFact(message.to(), message.body(), nextSeq()));
                    }
                    runtime.onDeliveryReport(provider.deliveryReport(message, status));
                }
            }
        }
    }

    private Performance currentShow(String showId) {
        Performance show = null;
        for (ShowFact fact : showFacts) {
            if (fact.performance().id().equals(showId)) {
                show = fact.performance();
            }
        }
        return show;
    }

    /** A text from {@code number}, stamped by the provider at {@code stamp} (a late webhook stamps earlier). */
    private void inbound(PhoneNumber number, String body, Optional<ConsentKind> kind, Instant stamp) {
        long at = nextSeq();
        kind.ifPresent(k -> consentFacts.add(new ConsentFact(number, k, stamp, at, body)));
        runtime.onInboundSms(new InboundSms(number, VENUE_NUMBER.e164(), body, stamp));
        if (!inTick) {
            awaitDispatched();
        }
    }

    private void addBooking(int index, Instant confirmedAt) {
        RuntimeSeason.BookingSpec spec = season.bookings().get(index);
        Booking booking = Booking.of("B" + index, "C" + spec.customer() % season.customerNumbers().size(),
                "P" + spec.show() % season.shows().size(), confirmedAt);
        boxOffice.addBooking(booking);
        bookingAdded[index] = true;
        bookingFacts.add(new BookingFact(nextSeq(), clock.instant(), booking));
    }
}
