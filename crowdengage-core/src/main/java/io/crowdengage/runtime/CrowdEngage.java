package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.ConsentState;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.Plan;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.SendTimeRules;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.internal.Redaction;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.sms.SmsProviderException;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.RenderResult;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding runtime: the imperative shell around the pure {@link SchedulingEngine}.
 *
 * <p>Each {@link #tick()} pulls what changed from the ticketing system, sends soft opt-in notices
 * for new bookings, retries transient failures that are due, asks the engine what is due, renders
 * each message, checks consent once more, claims the send key in the send ledger, sends through the
 * provider and records the outcome. Every decision goes to the {@link DecisionListener} and to the
 * log (numbers masked).
 *
 * <p>At most once: a key is claimed before the provider is called and never released. A claim whose
 * outcome was never recorded (a crash between the provider accepting and the ledger recording) is
 * reported as {@link Outcome#UNKNOWN} when a runtime next starts on that ledger, and is not resent;
 * so is a send whose provider call threw.
 *
 * <p>{@link #start()} runs ticks on a schedule; {@link #close()} stops it after the tick in progress,
 * so no send is left half-recorded. {@link #tick()}, {@link #onInboundSms}, {@link #onDeliveryReport}
 * and {@link #reply} are safe to call from any thread.
 */
public final class CrowdEngage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);
    /** The step id under which soft opt-in notices are claimed: one per number, ever. */
    static final StepId NOTICE_STEP = StepId.of(ConfigurationCheck.NOTICE_STEP_ID);
    /** Notices are per number, not per performance; this stands in the key's performance slot. */
    static final String ANY_PERFORMANCE = "-";
    private static final Duration CONVERSATION_LENGTH = Duration.ofHours(24);
    /**
     * The notice goes "when the order is confirmed": a booking confirmed longer ago than this gets none
     * rather than a surprise days later. One already there when a runtime first starts (no change cursor
     * given) is passed over in silence; one first read late for any other reason is reported TOO_LATE.
     */
    static final Duration NOTICE_FRESHNESS = Duration.ofHours(24);

    private final TicketingSystem ticketing;
    private final SmsProvider provider;
    private final ConsentLedger consent;
    private final SendLedger sends;
    private final VenueSettings settings;
    private final SchedulingEngine engine;
    private final TemplateEngine templates;
    private final Clock clock;
    private final DecisionListener listener;
    private final Duration tickInterval;
    private final RetryPolicy retryPolicy;
    private final Random random;
    private final Throttle throttle;
    private final List<RenderPreparer> preparers;
    private final SeasonSync sync;
    private final AtomicLong references = new AtomicLong();
    /** The prefix and this runtime's own token: references stay unique across restarts and instances. */
    private final String referencePrefix;
    private final NumberLocks numberLocks = new NumberLocks();
    /**
     * Bookings that may be owed a soft opt-in notice and have not been decided yet: kept from tick to
     * tick until the notice is sent, claimed or skipped with a reason, so a failure on the way loses none.
     */
    private final Map<String, Booking> noticesOwed = new LinkedHashMap<>();
    private final Set<String> reportedNoticeFailures = new HashSet<>();
    private final Map<String, Set<String>> reportedByPerformance = new HashMap<>();
    private final Object lock = new Object();
    /** Serialises inbound texts among themselves, but not with ticks: a STOP must not wait for a tick to end. */
    private final Object inboundLock = new Object();
    private Optional<Instant> lastTick = Optional.empty();
    private boolean recovered;
    /** Whether the change feed was read before (or resumed from a cursor given): if not, the next read is a backfill. */
    private boolean feedResumed;
    private ScheduledExecutorService scheduler;

    private CrowdEngage(Builder b, SchedulingEngine engine, TemplateEngine templates) {
        this.ticketing = b.ticketing;
        this.provider = b.provider;
        this.consent = GuardedStores.guard(b.consent);
        this.sends = GuardedStores.guard(b.sends);
        this.settings = b.settings;
        this.engine = engine;
        this.templates = templates;
        this.clock = b.clock;
        this.listener = b.listener;
        this.tickInterval = b.tickInterval;
        this.retryPolicy = b.retryPolicy;
        this.random = b.random;
        this.throttle = b.throttle.orElseGet(() -> Throttle.perSecond(b.provider.throughputPerSecond()));
        this.preparers = List.copyOf(b.preparers);
        this.sync = new SeasonSync(b.ticketing, b.settings.venue().zone(), b.lookback, b.lookahead, b.cursor);
        this.lastTick = b.lastTick;
        this.feedResumed = b.cursor.isPresent();
        // The token is random, not from the clock or the seeded Random: a fixed or virtual clock, or the same
        // seed, would give a restarted runtime (or a second instance) the same references, and a durable ledger
        // refuses a reference it already holds. The prefix is the user's; the token is always ours.
        this.referencePrefix = b.referencePrefix.orElse("ce-") + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** Starts the wiring: ticketing system, SMS provider, venue settings and flows are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One pass: sync, notices, retries, plan, render, check, claim, send, record. If the ticketing
     * system cannot be read, nothing new is sent this tick (the data might be stale: a cancellation
     * could be missing) and the failure is logged.
     */
    public TickReport tick() {
        synchronized (lock) {
            Instant now = clock.instant();
            Counter counter = new Counter();
            if (!recovered) {
                recovered = recoverUnrecordedClaims(now, counter);
            }
            List<Booking> firstSeen;
            try {
                firstSeen = sync.sync(now);
            } catch (TicketingException e) {
                LOG.warn("tick at {}: the ticketing system could not be read ({}); nothing new is sent until it can",
                        now, Redaction.personalData(e.getMessage()));
                return counter.report(now);
            }
            boolean backfill = !feedResumed;
            feedResumed = true;
            if (settings.softOptIn().enabled()) {
                for (Booking booking : firstSeen) {
                    // A runtime started without a cursor first reads the bookings already there: those confirmed
                    // long ago were never owed a notice by it. Any other booking first seen late (a ticketing outage,
                    // a runtime down for a day) was owed one, and is decided and reported, late or not.
                    if (!(backfill && isStale(booking, now))) {
                        noticesOwed.putIfAbsent(booking.id(), booking);
                    }
                }
                sendOwedNotices(now, counter);
            }
            retryDue(now, counter);
            Instant since = lastTick.filter(previous -> previous.isBefore(now)).orElse(now);
            PlanningReads reads = new PlanningReads(consent, sends);
            Plan plan = engine.plan(reads.snapshot(sync.season()), since, now);
            prepare(plan.sends().stream().filter(send -> reads.failureBehind(send).isEmpty()).toList());
            for (Candidate candidate : plan.candidates()) {
                Optional<StoreException> unreadable = reads.failureBehind(candidate);
                try {
                    if (unreadable.isPresent()) {
                        throw unreadable.get();
                    }
                    handle(candidate, now, counter);
                } catch (StoreException e) {
                    storeFailed(candidate, e, now, counter);
                }
            }
            lastTick = Optional.of(now);
            forgetFinishedPerformances(now);
            return counter.report(now);
        }
    }

    /** Runs {@link #tick()} now and then every tick interval, on one background thread. */
    public void start() {
        synchronized (lock) {
            if (scheduler != null) {
                throw new IllegalStateException("already started");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "crowdengage-tick");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::tickSafely, 0, tickInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the schedule, letting a tick in progress finish so that no send is left between the
     * provider and the ledger. Waits up to a minute.
     */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (lock) {
            running = scheduler;
            scheduler = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("a tick did not finish within a minute of close(); it was interrupted");
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An inbound text: an opt-out keyword (or something that looks like one) records an opt-out and
     * is confirmed when it changes something (a second STOP, or an auto-responder's "reply STOP",
     * gets no second confirmation); START records express consent by SMS and is confirmed; anything
     * else opens a conversation staff may {@link #reply} to for 24 hours.
     *
     * <p>This does not wait for a tick in progress: an opt-out is in the consent ledger when this
     * returns, and a tick checks the ledger again just before each provider call, so a STOP that
     * arrives mid-tick stops that tick's later sends to the number. The opt-out takes effect no later
     * than the moment it arrived here, whatever the provider stamped on it.
     */
    public void onInboundSms(InboundSms inbound) {
        Checks.notNull(inbound, "inbound");
        synchronized (inboundLock) {
            Instant now = clock.instant();
            Instant receivedAt = inbound.receivedAt().isAfter(now) ? now : inbound.receivedAt();
            Keyword keyword = settings.keywords().classify(inbound.body());
            PhoneNumber from = inbound.from();
            switch (keyword) {
                case OPT_OUT:
                case OPT_OUT_PROBABLE:
                    boolean probable = keyword == Keyword.OPT_OUT_PROBABLE;
                    // Under the number's lock: a send to it that has passed its consent check finishes its one
                    // provider call first, and none starts after this returns.
                    boolean optedOut = numberLocks.with(from, () -> {
                        boolean before = consent.history(from).stateAt(now).optedOut();
                        consent.append(new ConsentRecord.OptedOut(from, receivedAt,
                                ConsentRecord.OptOutSource.SMS_KEYWORD, probable, inbound.body()));
                        return !before && consent.history(from).stateAt(now).optedOut();
                    });
                    if (probable) {
                        LOG.warn("probable opt-out from {} recorded as an opt-out; flagged for review",
                                from.masked());
                    }
                    // Confirmed only if this STOP changed something: not for a number already out, nor for a
                    // STOP stamped before a START already recorded (a late webhook), which the START overrides.
                    if (optedOut) {
                        settings.optOutConfirmation().ifPresent(text ->
                                sendDirect(from, text, MessagePurpose.OPT_OUT_CONFIRMATION, now));
                    }
                    break;
                case OPT_IN:
                    boolean optedBackIn = numberLocks.with(from, () -> {
                        boolean before = consent.history(from).stateAt(now).optedOut();
                        consent.append(new ConsentRecord.OptedIn(from, receivedAt, inbound.body()));
                        consent.append(new ConsentRecord.ConversationOpened(from, receivedAt));
                        return before && !consent.history(from).stateAt(now).optedOut();
                    });
                    // Confirmed only if this START lifted an opt-out: not for a number that never opted out (five
                    // STARTs get no text), nor for a START stamped before a STOP already recorded (a late webhook),
                    // which leaves the number opted out: "subscribed again" would be untrue.
                    if (optedBackIn) {
                        settings.optInConfirmation().ifPresent(text ->
                                sendDirect(from, text, MessagePurpose.OPT_IN_CONFIRMATION, now));
                    }
                    break;
                default:
                    consent.append(new ConsentRecord.ConversationOpened(from, receivedAt));
                    break;
            }
        }
    }

    /**
     * A delivery report: moves the matching send (found by our reference, or else by the provider's
     * message id) to DELIVERED or FAILED. A soft opt-in notice reported as not delivered stops being a
     * basis for marketing from now on. Reports matching nothing are logged.
     */
    public void onDeliveryReport(DeliveryReport report) {
        Checks.notNull(report, "report");
        synchronized (lock) {
            Optional<SendRecord> byReference = report.reference().flatMap(sends::findByReference);
            Optional<SendRecord> byProviderId = sends.findByProviderMessageId(report.providerMessageId());
            Optional<SendRecord> record = byReference.or(() -> byProviderId);
            if (record.isEmpty()) {
                LOG.info("delivery report for unknown message {} ignored", report.providerMessageId());
                return;
            }
            SendRecord current = record.get();
            // Our reference and the provider's id must name the same send: a report naming two is believed for
            // neither (it would fail one message and give it the other's id).
            boolean idBelongsElsewhere = byReference.isPresent() && byProviderId.isPresent()
                    && !byProviderId.get().key().equals(byReference.get().key());
            boolean idDiffers = byReference.isPresent() && current.providerMessageId()
                    .filter(id -> !id.equals(report.providerMessageId())).isPresent();
            if (idBelongsElsewhere || idDiffers) {
                LOG.warn("delivery report ignored: reference {} and provider id {} name different messages",
                        report.reference().orElse(""), report.providerMessageId());
                return;
            }
            if (current.status() != SendStatus.ACCEPTED && current.status() != SendStatus.UNKNOWN) {
                return;
            }
            SendStatus status = report.status() == DeliveryStatus.DELIVERED ? SendStatus.DELIVERED : SendStatus.FAILED;
            sends.update(current.moved(status, Optional.empty(), Optional.of(report.providerMessageId()),
                    "delivery report: " + report.status(), report.at()));
            if (status == SendStatus.FAILED && purposeOf(current.key()) == MessagePurpose.SOFT_OPT_IN_NOTICE) {
                // Accepted is not received: a notice that never arrived gave no chance to say STOP, so it stops
                // counting as a basis for marketing. Dated when we learn it, on our clock: the provider's stamp
                // could fall before the acceptance we recorded, and the notice would then count again.
                consent.append(new ConsentRecord.SoftOptInNoticeUndelivered(current.key().to(), clock.instant(),
                        current.reference(), "delivery report: " + report.status()));
            }
        }
    }

    /**
     * A staff reply to a number that texted in within the last 24 hours (implied consent covers that
     * conversation only). Refused, as a {@link Outcome#SKIPPED} event, when there is no open
     * conversation, when the number opted out, and always for marketing.
     */
    public DecisionEvent reply(PhoneNumber to, String text, MessageKind kind) {
        Checks.notNull(to, "to");
        Checks.notBlank(text, "text");
        Checks.notNull(kind, "kind");
        synchronized (lock) {
            Instant now = clock.instant();
            if (kind == MessageKind.MARKETING) {
                return emit(event(now, Outcome.SKIPPED, Optional.of(Reason.NO_MARKETING_CONSENT), MessagePurpose.REPLY,
                        Optional.empty(), Optional.empty(), to, text,
                        "a conversation the customer opened is implied consent to replies, never to marketing"));
            }
            // The check and the send under the number's lock, as for flow messages: a STOP recorded before the
            // check stops the reply, and one arriving after it waits for this one call.
            return numberLocks.with(to, () -> {
                // Read inside the lock: a STOP recorded while this waited for it is dated after an earlier reading.
                Instant checkedAt = latest(now, clock.instant());
                ConsentState state = consent.history(to).stateAt(checkedAt);
                if (state.optedOut()) {
                    return emit(event(checkedAt, Outcome.SKIPPED, Optional.of(Reason.OPTED_OUT), MessagePurpose.REPLY,
                            Optional.empty(), Optional.empty(), to, text, "the number has opted out"));
                }
                boolean open = state.conversationOpenedAt()
                        .map(opened -> opened.plus(CONVERSATION_LENGTH).isAfter(checkedAt)).orElse(false);
                if (!open) {
                    return emit(event(checkedAt, Outcome.SKIPPED, Optional.of(Reason.NO_OPEN_CONVERSATION),
                            MessagePurpose.REPLY, Optional.empty(), Optional.empty(), to, text,
                            Reason.NO_OPEN_CONVERSATION.description()));
                }
                return sendDirect(to, text, MessagePurpose.REPLY, checkedAt);
            });
        }
    }

    /** Why a step is or is not being sent to a number for a performance, right now. */
    public Decision explain(SendKey key) {
        synchronized (lock) {
            return engine.explain(snapshot(), key, clock.instant());
        }
    }

    /**
     * The ticketing change-feed position reached, to persist and pass to
     * {@link Builder#changeCursor(ChangeCursor)} on the next start; empty before the first tick.
     */
    public Optional<ChangeCursor> changeCursor() {
        synchronized (lock) {
            return sync.cursor();
        }
    }

    /**
     * The instant of the last completed tick's plan, to persist with {@link #changeCursor()} and pass
     * to {@link Builder#lastTickAt(Instant)} on the next start, so that messages whose deadline passed
     * while the runtime was down are reported as missed; empty before the first tick.
     */
    public Optional<Instant> lastTickAt() {
        synchronized (lock) {
            return lastTick;
        }
    }

    /** The template engine the runtime renders with, for previews and validation in a user interface. */
    public TemplateEngine templates() {
        return templates;
    }

    private Snapshot snapshot() {
        return new Snapshot(sync.season(), consent::history, sends);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("tick failed; the next one will try again: {}", Redaction.throwable(e));
        }
    }

    private void prepare(List<Candidate> sendsAboutToRender) {
        if (sendsAboutToRender.isEmpty()) {
            return;
        }
        for (RenderPreparer preparer : preparers) {
            try {
                preparer.prepare(sendsAboutToRender);
            } catch (RuntimeException e) {
                LOG.warn("render preparer {} failed; renders go on without it: {}", preparer, Redaction.throwable(e));
            }
        }
    }

    /** Reports the claims an earlier run left without an outcome; false when the ledger could not be read. */
    private boolean recoverUnrecordedClaims(Instant now, Counter counter) {
        List<SendRecord> unsettled;
        try {
            unsettled = sends.unsettled();
        } catch (StoreException e) {
            LOG.warn("tick at {}: claims left by an earlier run not checked yet (tried again next tick): {}", now,
                    e.getMessage());
            return false;
        }
        for (SendRecord record : unsettled) {
            if (record.status() != SendStatus.CLAIMED) {
                continue;
            }
            try {
                sends.update(record.moved(SendStatus.UNKNOWN, Optional.empty(), Optional.empty(),
                        "claimed at " + record.claimedAt() + " but no outcome was recorded; never resent", now));
            } catch (StoreException e) {
                // Those already moved are not CLAIMED any more: the next tick reports only the rest.
                LOG.warn("tick at {}: claim {} left by an earlier run not recorded as unknown yet: {}", now,
                        record.reference(), e.getMessage());
                return false;
            }
            counter.unknown++;
            emit(event(now, Outcome.UNKNOWN, Optional.of(Reason.OUTCOME_UNKNOWN), purposeOf(record.key()),
                    stepOf(record.key()), performanceOf(record.key()), record.key().to(), record.body(),
                    "claimed at " + record.claimedAt() + " but its outcome was never recorded (a crash between"
                            + " sending and recording?); it may have gone out, so it is not sent again"));
        }
        return true;
    }

    private void handle(Candidate candidate, Instant now, Counter counter) {
        Decision decision = candidate.decision();
        Optional<StepId> step = Optional.of(candidate.step().id());
        Optional<String> performance = Optional.of(candidate.performance().id());
        MessagePurpose purpose = purposeOf(candidate.step().kind());
        if (decision instanceof Decision.Skip) {
            Reason reason = ((Decision.Skip) decision).reason();
            if (firstReport(candidate, reason)) {
                counter.skipped++;
                emit(DecisionEvent.about(now, Outcome.SKIPPED, Optional.of(reason), purpose, step, performance,
                        Optional.of(candidate.customer().id()), candidate.to(), decision.explanation()));
            }
            return;
        }
        if (decision instanceof Decision.Wait) {
            Decision.Wait wait = (Decision.Wait) decision;
            if (firstReportOfWait(candidate, wait.reason().orElse(Reason.QUIET_HOURS))) {
                counter.deferred++;
                emit(DecisionEvent.about(now, Outcome.DEFERRED, wait.reason(), purpose, step, performance,
                        Optional.of(candidate.customer().id()), candidate.to(), wait.explanation()));
            }
            return;
        }
        Decision.Send send = (Decision.Send) decision;
        PhoneNumber to = candidate.to().orElseThrow();
        AudienceSubject subject = new AudienceSubject(send.customer(), send.booking(), candidate.performance(),
                settings.venue());
        RenderResult rendered = templates.render(candidate.step(), subject);
        if (rendered instanceof RenderResult.Skip) {
            RenderResult.Skip skip = (RenderResult.Skip) rendered;
            if (skip.reason() == Reason.FUNCTION_UNAVAILABLE) {
                // A partner cannot give its value now. Nothing is claimed, so the engine offers this send again
                // on the next tick, until its deadline; a message with a hole is never sent.
                if (firstReportOfWait(candidate, skip.reason())) {
                    counter.deferred++;
                    emit(DecisionEvent.about(now, Outcome.DEFERRED, Optional.of(skip.reason()), purpose, step,
                            performance, Optional.of(send.customer().id()), Optional.of(to), skip.explanation()
                                    + "; trying again on later ticks until " + send.deadline()));
                }
                return;
            }
            if (firstReport(candidate, skip.reason())) {
                counter.skipped++;
                emit(DecisionEvent.about(now, Outcome.SKIPPED, Optional.of(skip.reason()), purpose, step, performance,
                        Optional.of(send.customer().id()), Optional.of(to), skip.explanation()));
            }
            return;
        }
        RenderResult.Message message = (RenderResult.Message) rendered;
        // The plan was made a moment ago; a STOP may have arrived since. Check again just before claiming.
        Optional<Reason> lastMinute = consentBlocks(to, Optional.of(send.customer()), candidate.step().kind(), now);
        if (lastMinute.isPresent()) {
            if (firstReport(candidate, lastMinute.get())) {
                counter.skipped++;
                emit(new DecisionEvent(now, Outcome.SKIPPED, lastMinute, purpose, step, performance,
                        Optional.of(send.customer().id()), Optional.of(to), Optional.of(message.body()),
                        message.length().segments(), Optional.of(message.length().encoding()),
                        lastMinute.get().description() + " (checked again at send time)"));
            }
            return;
        }
        SendKey key = candidate.key().orElseThrow();
        Optional<SendRecord> claim = sends.claim(key, nextReference(), message.body(), now, send.deadline());
        if (claim.isEmpty()) {
            return;
        }
        attempt(claim.get(), Optional.of(message.length()), purpose, Optional.of(send.customer()), counter,
                claim.get().deadline());
    }

    /**
     * A store failed before this candidate was claimed: nothing was sent and nothing is claimed, so the
     * engine offers it again on the next tick, until its deadline. Reported once per key and cause.
     */
    private void storeFailed(Candidate candidate, StoreException e, Instant now, Counter counter) {
        if (firstReportOfWait(candidate, Reason.STORE_UNAVAILABLE)) {
            counter.deferred++;
            emit(DecisionEvent.about(now, Outcome.DEFERRED, Optional.of(Reason.STORE_UNAVAILABLE),
                    purposeOf(candidate.step().kind()), Optional.of(candidate.step().id()),
                    Optional.of(candidate.performance().id()), Optional.of(candidate.customer().id()), candidate.to(),
                    e.getMessage() + "; nothing was sent or claimed, tried again on later ticks until its deadline"));
        }
        LOG.warn("tick at {}: {}", now, e.getMessage());
    }

    private void retryDue(Instant now, Counter counter) {
        List<SendRecord> unsettled;
        try {
            unsettled = sends.unsettled();
        } catch (StoreException e) {
            // Retries wait for the ledger; what is due for the first time is still planned and sent.
            LOG.warn("tick at {}: retries not attempted, the send ledger could not be read: {}", now, e.getMessage());
            return;
        }
        for (SendRecord record : unsettled) {
            if (record.status() != SendStatus.RETRY_PENDING
                    || record.nextAttemptAt().map(at -> at.isAfter(now)).orElse(false)) {
                continue;
            }
            try {
                retry(record, now, counter);
            } catch (StoreException e) {
                // The record stays RETRY_PENDING in the ledger: the next tick tries again, until its deadline.
                LOG.warn("tick at {}: retry of {} not attempted: {}", now, record.reference(), e.getMessage());
            }
        }
    }

    private void retry(SendRecord record, Instant now, Counter counter) {
        MessagePurpose purpose = purposeOf(record.key());
        if (!now.isBefore(record.deadline())) {
            fail(record, now, counter, purpose, Reason.RETRIES_EXHAUSTED,
                    "retries ran out: the deadline " + record.deadline() + " has passed");
            return;
        }
        if (purpose == MessagePurpose.SOFT_OPT_IN_NOTICE) {
            attempt(record, Optional.empty(), purpose, Optional.empty(), counter, record.deadline());
            return;
        }
        if (engine.step(record.key().step()).isEmpty()) {
            // Claimed by an earlier run whose flows had this step; without it there is nothing to judge by.
            notSent(record, now, counter, purpose, Optional.empty(), Reason.PERFORMANCE_NOT_SELECTED,
                    "not retried: step '" + record.key().step() + "' is no longer in any flow");
            return;
        }
        // Much can change between attempts (the performance cancelled or moved, the booking cancelled,
        // a STOP): ask the engine again, as if the key had not been claimed.
        Decision again = engine.explain(snapshotIgnoringClaimOf(record.key()), record.key(), now);
        if (again instanceof Decision.Skip) {
            Decision.Skip skip = (Decision.Skip) again;
            notSent(record, now, counter, purpose, Optional.empty(), skip.reason(),
                    "not retried: " + skip.explanation());
        } else if (again instanceof Decision.Wait) {
            Decision.Wait wait = (Decision.Wait) again;
            sends.update(record.moved(SendStatus.RETRY_PENDING, Optional.of(wait.until()), Optional.empty(),
                    "retry waits: " + wait.explanation(), now));
        } else {
            // The show may have moved since the claim: its deadline now may be earlier than the one claimed with.
            Decision.Send send = (Decision.Send) again;
            Instant deadline = send.deadline().isBefore(record.deadline()) ? send.deadline() : record.deadline();
            attempt(record, Optional.empty(), purpose, Optional.of(send.customer()), counter, deadline);
        }
    }

    private Snapshot snapshotIgnoringClaimOf(SendKey key) {
        return new Snapshot(sync.season(), consent::history, other -> !other.equals(key) && sends.claimed(other));
    }

    /**
     * Calls the provider for a claimed record and records what happened. The clock is read again
     * first: throttling and slow provider calls make long ticks, and the tick's own instant may be
     * well past. A send whose deadline passed meanwhile, that now falls in quiet hours, or whose
     * number opted out (a STOP that arrived during the tick) is not sent.
     *
     * <p>The consent check, the ledger's "attempted" and the provider call run under the number's
     * lock, which an opt-out also takes: a STOP recorded before the check stops the send, and one
     * that arrives after it waits for this one call. A store failure is handled here, per message:
     * the key is claimed, so it is never sent again.
     *
     * @param renderedLength the body's length as measured when it was rendered this tick, if it was: the
     *                       decision reported needs it, and measuring the same text twice costs as much as
     *                       a good part of the render; a retry has only the stored body, which is measured
     * @param deadline       the deadline to judge by now: for a retry, the earlier of the claimed one and the
     *                       one the show's current time gives
     */
    private void attempt(SendRecord claimed, Optional<SmsEncoding.MessageLength> renderedLength,
                         MessagePurpose purpose, Optional<Customer> customer, Counter counter, Instant deadline) {
        Optional<String> customerId = customer.map(Customer::id);
        ProviderCall call;
        try {
            call = callProvider(claimed, renderedLength, purpose, customer, counter, deadline);
        } catch (StoreException e) {
            notSentForStore(claimed, e, counter, purpose, customerId, renderedLength,
                    "it was claimed, but " + e.getMessage() + " before the provider was called; not sent, and never"
                            + " sent again (its claim stands)");
            return;
        }
        if (call == null) {
            return;
        }
        try {
            record(call, claimed, renderedLength, purpose, customerId, counter, deadline);
        } catch (StoreException e) {
            unrecorded(call, claimed, e, counter, purpose, customerId, renderedLength);
        }
    }

    /**
     * The provider has answered but the ledger could not record the answer. The record stays as it was
     * written just before the call (claimed, attempted once more), so it is never resent and a restart
     * reports it as unknown until a delivery report settles it. Nothing is written over it: recording a
     * message the provider accepted as FAILED would be untrue.
     */
    private void unrecorded(ProviderCall call, SendRecord claimed, StoreException e, Counter counter,
                            MessagePurpose purpose, Optional<String> customerId,
                            Optional<SmsEncoding.MessageLength> renderedLength) {
        Instant now = call.at();
        String unrecorded = e.getMessage() + "; the claim stands, so it is never sent again, and a restart reports"
                + " it as unknown until a delivery report settles it";
        Optional<SendResult> result = call.result();
        Outcome outcome;
        Optional<Reason> reason;
        String detail;
        if (result.isPresent() && result.get() instanceof SendResult.Accepted) {
            counter.sent++;
            outcome = Outcome.SENT;
            reason = Optional.empty();
            detail = "accepted by " + provider.id() + " as " + ((SendResult.Accepted) result.get()).providerMessageId()
                    + ", but recording that failed: " + unrecorded;
        } else if (result.isEmpty()) {
            counter.unknown++;
            outcome = Outcome.UNKNOWN;
            reason = Optional.of(Reason.OUTCOME_UNKNOWN);
            detail = "the provider call failed (" + describe(call) + ") and recording that failed too: " + unrecorded;
        } else {
            counter.failed++;
            outcome = Outcome.FAILED;
            reason = Optional.of(Reason.STORE_UNAVAILABLE);
            detail = "the provider refused it (" + describe(call) + ") and recording that failed: " + unrecorded;
        }
        emit(withCustomer(event(now, outcome, reason, purpose, stepOf(claimed.key()), performanceOf(claimed.key()),
                claimed.key().to(), claimed.body(), renderedLength, detail), customerId));
    }

    /** What the provider did with an attempt: an answer, or an exception that leaves the outcome unknown. */
    private record ProviderCall(SendRecord attempting, Optional<SendResult> result, Optional<RuntimeException> thrown,
                                Instant at) {
    }

    /** The checks just before the call and the call itself; null when the message was not sent (and reported). */
    private ProviderCall callProvider(SendRecord claimed, Optional<SmsEncoding.MessageLength> renderedLength,
                                      MessagePurpose purpose, Optional<Customer> customer, Counter counter,
                                      Instant deadline) {
        throttle.acquire();
        Instant now = clock.instant();
        Optional<String> customerId = customer.map(Customer::id);
        if (!now.isBefore(deadline)) {
            notSent(claimed, now, counter, purpose, customerId, Reason.TOO_LATE,
                    "its deadline " + deadline + " passed before it could be sent");
            return null;
        }
        // The engine's own quiet-hours rule, at this instant: the claimed deadline already allows for a deferral.
        Optional<Decision> quiet = SendTimeRules.quietHours(settings.quietHours(), settings.venue().zone(), now, deadline);
        if (quiet.isPresent()) {
            if (quiet.get() instanceof Decision.Wait) {
                Instant end = ((Decision.Wait) quiet.get()).until();
                sends.update(claimed.moved(SendStatus.RETRY_PENDING, Optional.of(end), Optional.empty(),
                        "waits for quiet hours to end at " + end, now));
                counter.deferred++;
                emit(withCustomer(event(now, Outcome.DEFERRED, Optional.of(Reason.QUIET_HOURS), purpose,
                        stepOf(claimed.key()), performanceOf(claimed.key()), claimed.key().to(), claimed.body(),
                        renderedLength, quiet.get().explanation()), customerId));
            } else {
                notSent(claimed, now, counter, purpose, customerId, Reason.QUIET_HOURS, quiet.get().explanation());
            }
            return null;
        }
        MessageKind kind = purpose == MessagePurpose.MARKETING ? MessageKind.MARKETING : MessageKind.TRANSACTIONAL;
        // Re-read from the ticketing system outside the number's lock: a STOP must not wait for that.
        Optional<Customer> fresh = customer.flatMap(this::freshCustomer);
        PhoneNumber to = claimed.key().to();
        return numberLocks.with(to, () -> {
            // The clock again, inside the lock: a STOP recorded while this waited for the lock (or re-read the
            // customer) is dated after the instant read above, and a consent state read at that instant misses it.
            Instant checkedAt = latest(now, clock.instant());
            Optional<Reason> blocked = consentBlocks(to, fresh, kind, checkedAt);
            if (blocked.isPresent()) {
                notSent(claimed, checkedAt, counter, purpose, customerId, blocked.get(),
                        blocked.get().description() + " (checked again just before sending)");
                return null;
            }
            SendRecord attempting = claimed.attempted(checkedAt);
            sends.update(attempting);
            try {
                return new ProviderCall(attempting, Optional.of(provider.send(new OutboundSms(to, settings.sender(),
                        claimed.body(), claimed.reference()))), Optional.empty(), checkedAt);
            } catch (SmsProviderException e) {
                // The adapter could not even attempt the send: nothing went out, so this is a failure, not an unknown.
                String detail = Redaction.personalData(e.getMessage());
                return new ProviderCall(attempting, Optional.of(e.retryable()
                        ? new SendResult.TransientFailure(e.reason(), e.providerCode().orElse(""), Optional.empty(), detail)
                        : new SendResult.PermanentFailure(e.reason(), e.providerCode().orElse(""), detail)),
                        Optional.empty(), checkedAt);
            } catch (RuntimeException e) {
                return new ProviderCall(attempting, Optional.empty(), Optional.of(e), checkedAt);
            }
        });
    }

    /** Records and reports what the provider did. */
    private void record(ProviderCall call, SendRecord claimed, Optional<SmsEncoding.MessageLength> renderedLength,
                        MessagePurpose purpose, Optional<String> customerId, Counter counter, Instant deadline) {
        SendRecord attempting = call.attempting();
        Instant now = call.at();
        if (call.thrown().isPresent()) {
            // The provider may have taken the message before failing: resending could send it twice.
            RuntimeException e = call.thrown().get();
            sends.update(attempting.moved(SendStatus.UNKNOWN, Optional.empty(), Optional.empty(),
                    "the provider call failed with " + e.getClass().getSimpleName() + ": "
                            + Redaction.personalData(e.getMessage()), now));
            counter.unknown++;
            emit(withCustomer(event(now, Outcome.UNKNOWN, Optional.of(Reason.OUTCOME_UNKNOWN), purpose,
                    stepOf(claimed.key()), performanceOf(claimed.key()), claimed.key().to(), claimed.body(),
                    renderedLength, "the provider call failed (" + e.getClass().getSimpleName() + "); it may have"
                            + " gone out, so it is not sent again"), customerId));
            return;
        }
        SendResult result = call.result().orElseThrow();
        if (result instanceof SendResult.Accepted) {
            String providerId = ((SendResult.Accepted) result).providerMessageId();
            sends.update(attempting.moved(SendStatus.ACCEPTED, Optional.empty(), Optional.of(providerId),
                    "accepted by " + provider.id(), now));
            if (purpose == MessagePurpose.SOFT_OPT_IN_NOTICE) {
                try {
                    consent.append(new ConsentRecord.SoftOptInNoticeSent(claimed.key().to(), now, claimed.reference()));
                } catch (StoreException e) {
                    // The notice went, but without its record it is no basis for marketing: the safe side.
                    LOG.warn("soft opt-in notice {} was sent, but recording it in the consent ledger failed, so it"
                            + " will not count as a basis for marketing: {}", claimed.reference(), e.getMessage());
                }
            }
            counter.sent++;
            emit(withCustomer(event(now, Outcome.SENT, Optional.empty(), purpose, stepOf(claimed.key()),
                    performanceOf(claimed.key()), claimed.key().to(), claimed.body(), renderedLength,
                    "accepted by " + provider.id() + " as " + providerId), customerId));
        } else if (result instanceof SendResult.TransientFailure) {
            SendResult.TransientFailure failure = (SendResult.TransientFailure) result;
            Duration delay = retryPolicy.delayAfter(attempting.attempts(), failure.retryAfter().orElse(Duration.ZERO),
                    random);
            Instant next = now.plus(delay);
            String what = failure.reason() + (failure.providerCode().isEmpty() ? "" : " (" + failure.providerCode() + ")");
            if (attempting.attempts() >= retryPolicy.maxAttempts() || !next.isBefore(deadline)) {
                fail(attempting, now, counter, purpose, Reason.RETRIES_EXHAUSTED,
                        "transient failure " + what + " and no retry fits before the deadline " + deadline);
                return;
            }
            sends.update(attempting.moved(SendStatus.RETRY_PENDING, Optional.of(next), Optional.empty(),
                    "transient failure " + what + "; retry at " + next, now));
            counter.deferred++;
            emit(withCustomer(event(now, Outcome.DEFERRED, Optional.of(Reason.PROVIDER_RETRYING), purpose,
                    stepOf(claimed.key()), performanceOf(claimed.key()), claimed.key().to(), claimed.body(), renderedLength,
                    "transient failure " + what + "; retrying at " + next), customerId));
        } else {
            SendResult.PermanentFailure failure = (SendResult.PermanentFailure) result;
            if (failure.reason() == FailureReason.OPTED_OUT_AT_PROVIDER) {
                try {
                    consent.append(new ConsentRecord.OptedOut(claimed.key().to(), now,
                            ConsentRecord.OptOutSource.PROVIDER, false,
                            "provider " + provider.id() + " reported an opt-out (" + failure.providerCode() + ")"));
                } catch (StoreException e) {
                    // The provider keeps refusing the number meanwhile; the failure itself is still recorded below.
                    LOG.warn("the provider reported {} opted out, but recording that failed: {}",
                            claimed.key().to().masked(), e.getMessage());
                }
            }
            // The provider's own words often quote the number ("The 'To' number +44... is not valid").
            fail(attempting, now, counter, purpose, Reason.PROVIDER_REFUSED, "permanent failure " + failure.reason()
                    + (failure.providerCode().isEmpty() ? "" : " (" + failure.providerCode() + ")") + ": "
                    + Redaction.personalData(failure.detail()));
        }
    }

    private static String describe(ProviderCall call) {
        return call.result().map(r -> r.getClass().getSimpleName())
                .orElseGet(() -> "threw " + call.thrown().orElseThrow().getClass().getSimpleName());
    }

    /**
     * A claimed send the ledger failed for: reported FAILED with {@code STORE_UNAVAILABLE}; the ledger is
     * asked once to record that, which may fail too (then the claim stays, and a restart reports it unknown).
     */
    private void notSentForStore(SendRecord claimed, StoreException e, Counter counter, MessagePurpose purpose,
                                 Optional<String> customerId, Optional<SmsEncoding.MessageLength> renderedLength,
                                 String detail) {
        Instant now = clock.instant();
        try {
            sends.update(claimed.moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), detail, now));
        } catch (StoreException again) {
            LOG.warn("{} could not be recorded as failed either: {}", claimed.reference(), again.getMessage());
        }
        counter.failed++;
        emit(withCustomer(event(now, Outcome.FAILED, Optional.of(Reason.STORE_UNAVAILABLE), purpose,
                stepOf(claimed.key()), performanceOf(claimed.key()), claimed.key().to(), claimed.body(), renderedLength,
                detail), customerId));
    }

    /** A claimed send that will not be attempted (again): recorded as failed, reported as skipped with its reason. */
    private void notSent(SendRecord record, Instant now, Counter counter, MessagePurpose purpose,
                         Optional<String> customerId, Reason reason, String detail) {
        sends.update(record.moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), "not sent: " + detail, now));
        counter.skipped++;
        emit(withCustomer(event(now, Outcome.SKIPPED, Optional.of(reason), purpose, stepOf(record.key()),
                performanceOf(record.key()), record.key().to(), record.body(), detail), customerId));
    }

    private void fail(SendRecord record, Instant now, Counter counter, MessagePurpose purpose, Reason reason,
                      String detail) {
        sends.update(record.moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), detail, now));
        counter.failed++;
        emit(event(now, Outcome.FAILED, Optional.of(reason), purpose, stepOf(record.key()), performanceOf(record.key()),
                record.key().to(), record.body(), detail));
    }

    /**
     * Decides the notice of every booking owed one. A booking stays owed while a store fails for it (it
     * is decided again next tick, and the failure is reported once); every other outcome settles it.
     */
    private void sendOwedNotices(Instant now, Counter counter) {
        for (Booking booking : List.copyOf(noticesOwed.values())) {
            try {
                sendSoftOptInNotice(booking, now, counter);
                noticesOwed.remove(booking.id());
                reportedNoticeFailures.remove(booking.id());
            } catch (StoreException e) {
                if (reportedNoticeFailures.add(booking.id())) {
                    counter.deferred++;
                    emit(DecisionEvent.about(now, Outcome.DEFERRED, Optional.of(Reason.STORE_UNAVAILABLE),
                            MessagePurpose.SOFT_OPT_IN_NOTICE, Optional.empty(), Optional.of(booking.performanceId()),
                            Optional.of(booking.customerId()), Optional.empty(),
                            e.getMessage() + "; nothing was sent, and the notice is decided again on the next tick"));
                }
                LOG.warn("tick at {}: soft opt-in notice for booking {} not decided: {}", now, booking.id(),
                        e.getMessage());
            }
        }
    }

    /**
     * The notice for a newly seen booking: sent, or reported skipped with its reason, except when the
     * number already had (or has a claim for) its one notice, which is no news.
     */
    private void sendSoftOptInNotice(Booking booking, Instant now, Counter counter) {
        Optional<Customer> customer = sync.season().customer(booking.customerId());
        Optional<Performance> performance = sync.season().performance(booking.performanceId());
        Optional<PhoneNumber> mobile = customer.flatMap(Customer::mobile);
        Optional<Reason> notNow = Optional.empty();
        String why = "";
        if (isStale(booking, now)) {
            // The notice goes when the order is confirmed, not as a surprise a day later: none is sent, so this
            // customer has no soft opt-in basis for marketing, and the decision says why.
            notNow = Optional.of(Reason.TOO_LATE);
            why = "the booking was confirmed at " + booking.confirmedAt() + ", more than " + NOTICE_FRESHNESS.toHours()
                    + " hours ago (first read from the ticketing system only now): a notice must come when the order"
                    + " is made, so none is sent and there is no soft opt-in basis for marketing";
        } else if (customer.isEmpty() || performance.isEmpty()) {
            // SeasonSync only reports bookings whose customer and performance it holds; this is a safeguard.
            notNow = Optional.of(Reason.NO_BOOKING);
            why = "the booking's customer or performance is not known";
        } else if (mobile.isEmpty()) {
            notNow = Optional.of(Reason.NO_VALID_MOBILE);
            why = Reason.NO_VALID_MOBILE.description();
        } else if (performance.get().cancelled()) {
            notNow = Optional.of(Reason.PERFORMANCE_CANCELLED);
            why = "no notice for a cancelled performance";
        } else if (!performance.get().startInstant(settings.venue().zone()).isAfter(now)) {
            notNow = Optional.of(Reason.TOO_LATE);
            why = "the performance has started: a notice offers messages around it, and there are none left to offer";
        }
        if (notNow.isPresent()) {
            counter.skipped++;
            emit(DecisionEvent.about(now, Outcome.SKIPPED, notNow, MessagePurpose.SOFT_OPT_IN_NOTICE, Optional.empty(),
                    Optional.of(booking.performanceId()), Optional.of(booking.customerId()), mobile, why));
            return;
        }
        PhoneNumber to = mobile.get();
        ConsentHistory history = consent.history(to);
        SendKey key = new SendKey(NOTICE_STEP, ANY_PERFORMANCE, to);
        if (history.softOptInNoticeEverSent() || sends.claimed(key)) {
            return;
        }
        if (history.stateAt(now).optedOut()) {
            counter.skipped++;
            emit(DecisionEvent.about(now, Outcome.SKIPPED, Optional.of(Reason.OPTED_OUT),
                    MessagePurpose.SOFT_OPT_IN_NOTICE, Optional.empty(), Optional.of(booking.performanceId()),
                    Optional.of(booking.customerId()), mobile, Reason.OPTED_OUT.description()));
            return;
        }
        AudienceSubject subject = new AudienceSubject(customer.get(), booking, performance.get(), settings.venue());
        RenderResult rendered = templates.render(MessageSpec.of(settings.softOptIn().template(), MessageKind.TRANSACTIONAL),
                subject);
        if (rendered instanceof RenderResult.Skip) {
            counter.skipped++;
            emit(DecisionEvent.about(now, Outcome.SKIPPED, Optional.of(((RenderResult.Skip) rendered).reason()),
                    MessagePurpose.SOFT_OPT_IN_NOTICE, Optional.empty(), Optional.of(booking.performanceId()),
                    Optional.of(booking.customerId()), mobile, ((RenderResult.Skip) rendered).explanation()));
            return;
        }
        RenderResult.Message message = (RenderResult.Message) rendered;
        // A notice is only worth sending before the performance: after it, there is nothing to offer.
        Instant deadline = performance.get().startInstant(settings.venue().zone());
        Optional<SendRecord> claim = sends.claim(key, nextReference(), message.body(), now, deadline);
        claim.ifPresent(record -> attempt(record, Optional.of(message.length()), MessagePurpose.SOFT_OPT_IN_NOTICE,
                Optional.of(customer.get()), counter, record.deadline()));
    }

    private static boolean isStale(Booking booking, Instant now) {
        return booking.confirmedAt().isBefore(now.minus(NOTICE_FRESHNESS));
    }

    /**
     * A one-off message outside the flows (confirmations, replies): sent at once, not retried. Under
     * the number's lock, like every send, so that it cannot overtake a STOP recorded for the number.
     */
    private DecisionEvent sendDirect(PhoneNumber to, String text, MessagePurpose purpose, Instant now) {
        String reference = nextReference();
        SmsEncoding.MessageLength length = SmsEncoding.measure(text);
        throttle.acquire();
        SendResult result;
        try {
            result = numberLocks.with(to, () -> provider.send(new OutboundSms(to, settings.sender(), text, reference)));
        } catch (RuntimeException e) {
            return emit(new DecisionEvent(now, Outcome.UNKNOWN, Optional.of(Reason.OUTCOME_UNKNOWN), purpose,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(to), Optional.of(text),
                    length.segments(), Optional.of(length.encoding()),
                    "the provider call failed: " + e.getClass().getSimpleName()));
        }
        boolean accepted = result instanceof SendResult.Accepted;
        // One-off messages are never retried, so a transient refusal is as final as a permanent one.
        return emit(new DecisionEvent(now, accepted ? Outcome.SENT : Outcome.FAILED,
                accepted ? Optional.empty() : Optional.of(Reason.PROVIDER_REFUSED), purpose, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(to), Optional.of(text), length.segments(),
                Optional.of(length.encoding()), Redaction.personalData(result.toString())));
    }

    /**
     * What in the consent ledger (read now) stops a message, if anything. A marketing basis that comes
     * only from the ticketing system (a contact preference or tag) is judged on the customer given,
     * which {@link #attempt} re-reads from the ticketing system first.
     */
    private Optional<Reason> consentBlocks(PhoneNumber to, Optional<Customer> customer, MessageKind kind, Instant now) {
        ConsentState state = consent.history(to).stateAt(now);
        if (state.optedOut()) {
            return Optional.of(Reason.OPTED_OUT);
        }
        if (kind == MessageKind.MARKETING && state.marketingBasis().isEmpty()
                && customer.flatMap(c -> settings.ticketingConsent().evidence(c)).isEmpty()) {
            return Optional.of(Reason.NO_MARKETING_CONSENT);
        }
        return Optional.empty();
    }

    /**
     * The customer as the ticketing system has them now, when a marketing basis may rest on their
     * contact preferences or tags: the snapshot only refreshes a customer when one of their bookings
     * changes, and a withdrawn preference must count at once. Without the express-consent rule, or
     * when the ticketing system cannot answer, the snapshot's copy (or nothing) is used; nothing,
     * for a marketing send, means no basis: the safe side.
     */
    private Optional<Customer> freshCustomer(Customer known) {
        if (settings.ticketingConsent().evidence(known).isEmpty()) {
            return Optional.of(known);
        }
        try {
            Optional<Customer> fresh = ticketing.customer(known.id());
            fresh.ifPresent(sync::refreshCustomer);
            return fresh;
        } catch (RuntimeException e) {
            LOG.warn("customer {} could not be re-read before a send that may rest on their ticketing contact"
                    + " preferences ({}); judged without them", known.id(), Redaction.throwable(e));
            return Optional.empty();
        }
    }

    private static MessagePurpose purposeOf(MessageKind kind) {
        return kind == MessageKind.MARKETING ? MessagePurpose.MARKETING : MessagePurpose.TRANSACTIONAL;
    }

    private MessagePurpose purposeOf(SendKey key) {
        if (key.step().equals(NOTICE_STEP)) {
            return MessagePurpose.SOFT_OPT_IN_NOTICE;
        }
        return engine.step(key.step()).map(s -> s.kind() == MessageKind.MARKETING
                ? MessagePurpose.MARKETING : MessagePurpose.TRANSACTIONAL).orElse(MessagePurpose.TRANSACTIONAL);
    }

    private static Optional<StepId> stepOf(SendKey key) {
        return key.step().equals(NOTICE_STEP) ? Optional.empty() : Optional.of(key.step());
    }

    private static Optional<String> performanceOf(SendKey key) {
        return key.performanceId().equals(ANY_PERFORMANCE) ? Optional.empty() : Optional.of(key.performanceId());
    }

    /**
     * Whether this skip is news: each key and reason is reported once, not every tick; and once a key
     * has been reported skipped for any reason, timing alone (quiet hours, the deadline or the window
     * passing) is not news either. A wait reported earlier does not count: a message that waited for
     * quiet hours and then missed its deadline must be reported as missed.
     */
    private boolean firstReport(Candidate candidate, Reason reason) {
        String who = who(candidate);
        Set<String> reported = reportedByPerformance.computeIfAbsent(candidate.performance().id(), id -> new HashSet<>());
        boolean closing = reason == Reason.TOO_LATE || reason == Reason.OUTSIDE_WINDOW || reason == Reason.QUIET_HOURS;
        if (closing && reported.contains(who)) {
            return false;
        }
        reported.add(who);
        return reported.add(who + "|" + reason);
    }

    /**
     * Whether this wait is news: each key's wait for a reason (quiet hours, a partner function that
     * cannot answer yet) is reported once, without marking the key as reported, so that running out of
     * time afterwards ({@code TOO_LATE}) is still reported: the wait ended without a message.
     */
    private boolean firstReportOfWait(Candidate candidate, Reason reason) {
        Set<String> reported = reportedByPerformance.computeIfAbsent(candidate.performance().id(), id -> new HashSet<>());
        // A key already reported skipped (a blank render, say) waiting for quiet hours is no news either.
        return !reported.contains(who(candidate)) && reported.add(who(candidate) + "|waiting|" + reason);
    }

    private static String who(Candidate candidate) {
        return candidate.step().id() + "|" + candidate.to().map(PhoneNumber::e164)
                .orElse("customer:" + candidate.customer().id());
    }

    private void forgetFinishedPerformances(Instant now) {
        // Past the window (a day after the end) nothing more can be decided; the memory of what was reported can go.
        reportedByPerformance.keySet().removeIf(id -> sync.season().performance(id)
                .map(p -> p.end(settings.venue().zone()).plusDays(2).toInstant().isBefore(now)).orElse(true));
    }

    /** The later of two readings: a clock stepped back must not make a check look at an earlier state. */
    private static Instant latest(Instant first, Instant second) {
        return second.isBefore(first) ? first : second;
    }

    private String nextReference() {
        return referencePrefix + references.incrementAndGet();
    }

    private static DecisionEvent event(Instant at, Outcome outcome, Optional<Reason> reason, MessagePurpose purpose,
                                       Optional<StepId> step, Optional<String> performance, PhoneNumber to, String body,
                                       String detail) {
        return event(at, outcome, reason, purpose, step, performance, to, body, Optional.empty(), detail);
    }

    /** An event about {@code body}, whose length is measured unless it is known (the same text measured when rendered). */
    private static DecisionEvent event(Instant at, Outcome outcome, Optional<Reason> reason, MessagePurpose purpose,
                                       Optional<StepId> step, Optional<String> performance, PhoneNumber to, String body,
                                       Optional<SmsEncoding.MessageLength> knownLength, String detail) {
        Optional<String> text = body.isEmpty() ? Optional.empty() : Optional.of(body);
        SmsEncoding.MessageLength length = knownLength.orElseGet(() -> SmsEncoding.measure(body));
        return new DecisionEvent(at, outcome, reason, purpose, step, performance, Optional.empty(), Optional.of(to), text,
                length.segments(), text.map(t -> length.encoding()), detail);
    }

    private static DecisionEvent withCustomer(DecisionEvent e, Optional<String> customer) {
        return new DecisionEvent(e.at(), e.outcome(), e.reason(), e.purpose(), e.step(), e.performance(), customer,
                e.to(), e.body(), e.segments(), e.encoding(), e.detail());
    }

    private DecisionEvent emit(DecisionEvent event) {
        // A partner function that cannot answer logs the cause once itself; a warning per recipient would bury it.
        boolean waitingForFunction = event.reason().filter(r -> r == Reason.FUNCTION_UNAVAILABLE).isPresent();
        // The line is only built when it will be written: in a wave, building it cost more than the provider call.
        if (event.outcome() == Outcome.SENT || event.outcome() == Outcome.SKIPPED || waitingForFunction) {
            if (LOG.isInfoEnabled()) {
                LOG.info("{}", event.toLogLine());
            }
        } else if (LOG.isWarnEnabled()) {
            LOG.warn("{}", event.toLogLine());
        }
        try {
            listener.onDecision(event);
        } catch (RuntimeException e) {
            LOG.error("decision listener failed on {}", event.toLogLine(), e);
        }
        return event;
    }

    /** Counts one tick's outcomes. */
    private static final class Counter {
        int sent;
        int skipped;
        int deferred;
        int failed;
        int unknown;

        TickReport report(Instant at) {
            return new TickReport(at, sent, skipped, deferred, failed, unknown);
        }
    }

    /**
     * Wires a {@link CrowdEngage}. Required: {@link #ticketingSystem}, {@link #smsProvider},
     * {@link #venueSettings} and {@link #flows}. Each setting may be given once. {@link #build()}
     * checks everything and reports every problem in one {@link ValidationException}.
     */
    public static final class Builder {
        private TicketingSystem ticketing;
        private SmsProvider provider;
        private VenueSettings settings;
        private List<Flow> flows;
        private ConsentLedger consent = InMemoryConsentLedger.create();
        private SendLedger sends = InMemorySendLedger.create();
        private TemplateFunctions functions = TemplateFunctions.none();
        private Clock clock = Clock.systemUTC();
        private DecisionListener listener = DecisionListener.none();
        private Duration tickInterval = Duration.ofMinutes(1);
        private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
        private Random random = new Random();
        private Optional<Throttle> throttle = Optional.empty();
        private Duration lookback = Duration.ofDays(3);
        private Duration lookahead = Duration.ofDays(3);
        private Optional<ChangeCursor> cursor = Optional.empty();
        private Optional<String> referencePrefix = Optional.empty();
        private Optional<Instant> lastTick = Optional.empty();
        private final List<RenderPreparer> preparers = new ArrayList<>();
        private final Set<String> given = new HashSet<>();
        private final List<Problem> problems = new ArrayList<>();

        private Builder() {
        }

        private void once(String name) {
            if (!given.add(name)) {
                problems.add(new Problem(name, "was set twice"));
            }
        }

        private <T> T required(T value, String name) {
            if (value == null) {
                problems.add(new Problem(name, "is required but was null"));
            }
            return value;
        }

        /** Where performances, bookings and customers come from (required). */
        public Builder ticketingSystem(TicketingSystem ticketing) {
            once("ticketingSystem");
            this.ticketing = required(ticketing, "ticketingSystem");
            return this;
        }

        /** Where messages go (required). */
        public Builder smsProvider(SmsProvider provider) {
            once("smsProvider");
            this.provider = required(provider, "smsProvider");
            return this;
        }

        /** Venue, sender, soft opt-in, footer, quiet hours, keywords (required). */
        public Builder venueSettings(VenueSettings settings) {
            once("venueSettings");
            this.settings = required(settings, "venueSettings");
            return this;
        }

        /** The flows to run (required; may be empty for a runtime that only handles inbound texts). */
        public Builder flows(List<Flow> flows) {
            once("flows");
            this.flows = required(flows, "flows");
            return this;
        }

        /** The consent store; default in memory (lost on restart: use a durable one in production). */
        public Builder consentLedger(ConsentLedger consent) {
            once("consentLedger");
            this.consent = required(consent, "consentLedger");
            return this;
        }

        /** The send ledger; default in memory (lost on restart: use a durable one in production). */
        public Builder sendLedger(SendLedger sends) {
            once("sendLedger");
            this.sends = required(sends, "sendLedger");
            return this;
        }

        /** Functions templates may call, such as {@code show_score_url}; default none. */
        public Builder templateFunctions(TemplateFunctions functions) {
            once("templateFunctions");
            this.functions = required(functions, "templateFunctions");
            return this;
        }

        /** The clock every instant is read from; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = required(clock, "clock");
            return this;
        }

        /** Receives every decision; default none (decisions are still logged). */
        public Builder listener(DecisionListener listener) {
            once("listener");
            this.listener = required(listener, "listener");
            return this;
        }

        /** How often {@link #start()} ticks; default 1 minute. Must be at most 15 minutes. */
        public Builder tickInterval(Duration interval) {
            once("tickInterval");
            this.tickInterval = required(interval, "tickInterval");
            return this;
        }

        /** Retries of transient failures; default {@link RetryPolicy#ofDefaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            once("retryPolicy");
            this.retryPolicy = required(policy, "retryPolicy");
            return this;
        }

        /** The randomness behind retry jitter; default unseeded. Seed it for reproducible tests. */
        public Builder random(Random random) {
            once("random");
            this.random = required(random, "random");
            return this;
        }

        /** Holds sends to a rate; default the provider's declared throughput. */
        public Builder throttle(Throttle throttle) {
            once("throttle");
            this.throttle = Optional.ofNullable(required(throttle, "throttle"));
            return this;
        }

        /** How far back and ahead of now performances are read; default 3 days each way. */
        public Builder performanceWindow(Duration lookback, Duration lookahead) {
            once("performanceWindow");
            this.lookback = required(lookback, "performanceWindow.lookback");
            this.lookahead = required(lookahead, "performanceWindow.lookahead");
            return this;
        }

        /** Where to resume the ticketing change feed; default the changes of the last lookback. */
        public Builder changeCursor(ChangeCursor cursor) {
            once("changeCursor");
            this.cursor = Optional.ofNullable(required(cursor, "changeCursor"));
            return this;
        }

        /**
         * When the previous run last ticked ({@link CrowdEngage#lastTickAt()}), so the first tick after a
         * restart reports, as {@code TOO_LATE}, the messages whose deadline passed while nothing ran;
         * without it, those go unreported.
         */
        public Builder lastTickAt(Instant lastTickAt) {
            once("lastTickAt");
            this.lastTick = Optional.ofNullable(required(lastTickAt, "lastTickAt"));
            return this;
        }

        /**
         * Adds a hook told about each tick's messages before they are rendered (for example a partner-link
         * function fetching links for the whole batch); may be called more than once.
         */
        public Builder renderPreparer(RenderPreparer preparer) {
            preparers.add(required(preparer, "renderPreparer"));
            return this;
        }

        /**
         * The prefix of our message references (for example a venue code, to tell them apart in the
         * provider's console); default {@code "ce-"}. A random token per runtime follows it, so references
         * stay unique across restarts and instances whatever the prefix.
         */
        public Builder referencePrefix(String prefix) {
            once("referencePrefix");
            this.referencePrefix = Optional.ofNullable(required(prefix, "referencePrefix"));
            return this;
        }

        /**
         * The runtime, or one {@link ValidationException} (INVALID_CONFIGURATION) listing every problem:
         * missing parts, templates that do not validate (unknown functions included), a soft opt-in
         * notice that does not offer STOP, a footer that tells people to reply to a sender that cannot
         * take replies, bad windows and intervals.
         */
        public CrowdEngage build() {
            List<Problem> all = new ArrayList<>(problems);
            if (ticketing == null && !given.contains("ticketingSystem")) {
                all.add(new Problem("ticketingSystem", "is required"));
            }
            if (provider == null && !given.contains("smsProvider")) {
                all.add(new Problem("smsProvider", "is required"));
            }
            if (settings == null && !given.contains("venueSettings")) {
                all.add(new Problem("venueSettings", "is required"));
            }
            if (flows == null && !given.contains("flows")) {
                all.add(new Problem("flows", "is required"));
            }
            if (tickInterval != null && (tickInterval.isNegative() || tickInterval.isZero()
                    || tickInterval.compareTo(Duration.ofMinutes(15)) > 0)) {
                all.add(new Problem("tickInterval", "must be more than 0 and at most 15 minutes but was " + tickInterval));
            }
            if (lookback != null && lookback.compareTo(Duration.ofDays(2)) < 0) {
                all.add(new Problem("performanceWindow.lookback", "must be at least 2 days (a message may go up to a"
                        + " day after a performance ends) but was " + lookback));
            }
            if (lookahead != null && lookahead.compareTo(Duration.ofDays(2)) < 0) {
                all.add(new Problem("performanceWindow.lookahead", "must be at least 2 days (a message may go a day"
                        + " before a performance starts) but was " + lookahead));
            }
            TemplateEngine templates = null;
            SchedulingEngine engine = null;
            if (settings != null && flows != null && functions != null) {
                ConfigurationCheck.Checked checked = ConfigurationCheck.run(settings, flows, functions);
                all.addAll(checked.errors);
                checked.warnings.forEach(w -> LOG.warn("configuration: {}", w));
                templates = checked.templates.orElse(null);
                engine = checked.engine.orElse(null);
            }
            if (!all.isEmpty()) {
                throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, all);
            }
            return new CrowdEngage(this, engine, templates);
        }

    }
}
