package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.Plan;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Checks;
import io.crowdengage.internal.Redaction;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.LeaseGrant;
import io.crowdengage.store.ReferenceBlock;
import io.crowdengage.store.RuntimeState;
import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import io.crowdengage.store.TickerLease;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * for new bookings, retries transient failures that are due, asks the engine what is due and renders
 * each message; the dispatcher then sends them, several at once when the provider is slow, each
 * checked again (deadline, quiet hours, consent) and claimed in the send ledger just before its
 * provider call. Every decision goes to the {@link DecisionListener} and to the log (numbers masked).
 *
 * <p>At most once: a key is claimed before the provider is called and never released. A claim whose
 * provider call started but whose outcome was never recorded (a crash between the provider accepting
 * and the ledger recording) is reported as {@link Outcome#UNKNOWN} when a runtime next starts on that
 * ledger, and is not resent; so is a send whose provider call threw.
 *
 * <p>{@link #onInboundSms} and {@link #onDeliveryReport} never wait for a tick or a wave: they record
 * and return. {@link #start()} runs ticks on a schedule; {@link #close()} stops it and waits for the
 * sends in flight, so no send is left between the provider and the ledger. Every method is safe to
 * call from any thread.
 */
public final class CrowdEngage implements AutoCloseable {
    /** How many sends may be in flight at once unless {@link Builder#maxInFlight(int)} says otherwise. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    /** The most {@link Builder#maxInFlight(int)} accepts. */
    public static final int MOST_IN_FLIGHT = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);
    private static final Duration CLOSE_WAIT = Duration.ofMinutes(1);

    private final TicketingSystem ticketing;
    private final ConsentLedger consent;
    private final SendLedger sends;
    private final VenueSettings settings;
    private final SchedulingEngine engine;
    private final TemplateEngine templates;
    private final Clock clock;
    private final Duration tickInterval;
    private final List<RenderPreparer> preparers;
    private final SeasonSync sync;
    private final DecisionLog log;
    private final Dispatcher dispatcher;
    private final SendAttempts attempts;
    private final DeliveryReports deliveryReports;
    private final InboundHandler inbound;
    private final SoftOptInNotices notices;
    private final Retries retries;
    /** How many reference numbers a runtime with a state store reserves at a time. */
    static final int REFERENCE_BLOCK = 100;

    private final AtomicLong references = new AtomicLong();
    /**
     * The user's prefix, then (without a state store) this runtime's own token: references stay unique
     * across restarts and instances.
     */
    private final String referencePrefix;
    /** The state store references are numbered from, when it is a durable one. */
    private final Optional<RuntimeStateStore> numberedReferences;
    private final Object referenceLock = new Object();
    /** Reference numbers reserved from the state store and not yet used: {@code next..last}. */
    private long nextReserved = 1;
    private long lastReserved;
    /** Customers re-read by sends in flight, applied to the season by the tick (the season is the tick's own). */
    private final Queue<Customer> refreshed = new ConcurrentLinkedQueue<>();
    /** One tick at a time. Held for the whole tick, wave included. */
    private final Object ticking = new Object();
    /** Guards the season and the tick's bookkeeping; not held while the wave is sent, so explain() need not wait. */
    private final Object season = new Object();
    private final Object lifecycle = new Object();
    private final Optional<RuntimeStateStore> stateStore;
    private final Optional<TickerLease> lease;
    private volatile Optional<Instant> lastTick;
    /** The state as last loaded or saved; saves compare-and-set against its revision. */
    private RuntimeState state = RuntimeState.initial();
    /** Whether {@link #state} is current: loaded at the first tick, and again whenever this instance takes the lease over. */
    private boolean stateLoaded;
    private volatile boolean holdingLease;
    private ScheduledExecutorService heartbeat;
    private boolean recovered;
    /** Whether the change feed was read before (or resumed from a cursor given): if not, the next read is a backfill. */
    private boolean feedResumed;
    /**
     * Set until the first read of the feed after resuming from a saved (or given) cursor: the previous
     * run's last tick, if known.
     */
    private Optional<Instant> resumedAfter;
    /** Whether the consent ledger reads in bulk; empty until it could be asked. */
    private Optional<Boolean> consentReadsInBulk = Optional.empty();
    private ScheduledExecutorService scheduler;

    private CrowdEngage(Builder b, SchedulingEngine engine, TemplateEngine templates) {
        this.ticketing = b.ticketing;
        this.consent = GuardedStores.guard(b.consent);
        this.sends = GuardedStores.guard(b.sends);
        this.settings = b.settings;
        this.engine = engine;
        this.templates = templates;
        this.clock = b.clock;
        this.tickInterval = b.tickInterval;
        this.preparers = List.copyOf(b.preparers);
        this.sync = new SeasonSync(b.ticketing, b.settings.venue().zone(), b.lookback, b.lookahead, b.cursor);
        this.lastTick = b.lastTick;
        this.feedResumed = b.cursor.isPresent();
        this.resumedAfter = b.cursor.isPresent() ? b.lastTick : Optional.empty();
        this.stateStore = b.stateStore;
        this.lease = b.lease;
        this.stateLoaded = b.stateStore.isEmpty();
        // With a durable state store, reference numbers are reserved from it, so they never repeat, before or after a
        // restart, on any instance. Without one, a random token keeps them apart: random, not from the clock or the
        // seeded Random, since a fixed or virtual clock, or the same seed, would give a restarted runtime the same
        // references, and a durable ledger refuses a reference it already holds.
        // An in-memory state store numbers from 1 again in a new process, against a send ledger that may have
        // outlived it: it keeps the token.
        this.numberedReferences = b.stateStore.filter(store -> !(store instanceof InMemoryRuntimeStateStore));
        this.referencePrefix = b.referencePrefix.orElse("ce-")
                + (numberedReferences.isPresent() ? "" : UUID.randomUUID().toString().substring(0, 8) + "-");
        Throttle throttle = b.throttle.orElseGet(() -> Throttle.perSecond(b.provider.throughputPerSecond()));
        NumberLocks numberLocks = new NumberLocks();
        this.log = new DecisionLog(b.listener);
        this.dispatcher = new Dispatcher(throttle, b.provider.throughputPerSecond(), b.maxInFlight, System::nanoTime);
        this.deliveryReports = new DeliveryReports(sends, consent, clock, numberLocks);
        this.attempts = new SendAttempts(b.provider, sends, consent, settings, clock, b.retryPolicy, b.random,
                numberLocks, deliveryReports, log, this::freshCustomer);
        this.inbound = new InboundHandler(b.provider, consent, settings, clock, numberLocks, dispatcher, throttle, log,
                this::nextReference);
        this.notices = new SoftOptInNotices(settings, templates, consent, sends, log, this::nextReference);
        this.retries = new Retries(sends, consent, engine, sync::season, attempts, log);
    }

    /** Starts the wiring: ticketing system, SMS provider, venue settings and flows are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One pass: sync, notices, retries, plan, render, then the wave: check, claim, send, record. It
     * returns once every message of the wave has its outcome recorded. If the ticketing system cannot
     * be read, nothing new is sent this tick (the data might be stale: a cancellation could be
     * missing) and the failure is logged.
     */
    public TickReport tick() {
        synchronized (ticking) {
            Instant now = clock.instant();
            Tally tally = new Tally();
            if (!holdLease()) {
                return tally.report(now);
            }
            List<SendAttempts.Attempt> owedNotices;
            Optional<List<SendRecord>> unsettledRead = Optional.empty();
            synchronized (season) {
                if (!stateLoaded && !loadState(now)) {
                    return tally.report(now);
                }
                if (lease.isPresent()) {
                    // Every tick: a holder that died left claims behind, and they age past the lease one by one.
                    unsettledRead = retries.recoverUnrecordedClaims(now, tally,
                            Optional.of(now.minus(lease.get().duration())));
                } else if (!recovered) {
                    unsettledRead = retries.recoverUnrecordedClaims(now, tally, Optional.empty());
                    recovered = unsettledRead.isPresent();
                }
                List<Booking> firstSeen;
                try {
                    firstSeen = sync.sync(now);
                } catch (TicketingException e) {
                    LOG.warn("tick at {}: the ticketing system could not be read ({}); nothing new is sent until it can",
                            now, Redaction.personalData(e.getMessage()));
                    return tally.report(now);
                }
                boolean backfill = !feedResumed;
                feedResumed = true;
                Optional<Instant> previousRunEnded = resumedAfter;
                resumedAfter = Optional.empty();
                owedNotices = List.of();
                if (settings.softOptIn().enabled()) {
                    notices.owe(firstSeen, backfill, previousRunEnded, now);
                    boolean awaitedLoaded = loadAwaitedPerformances(now);
                    owedNotices = notices.decide(sync.season(), now, tally, awaitedLoaded);
                }
            }
            // Notices first, in a wave of their own: a marketing message planned below may rest on one sent here.
            dispatcher.runAll(owedNotices.stream().map(attempt -> job(attempt, tally)).toList());
            List<Dispatcher.Job> wave = new ArrayList<>();
            synchronized (season) {
                applyRefreshedCustomers();
                retries.due(now, tally, unsettledRead).forEach(attempt -> wave.add(job(attempt, tally)));
                Instant since = lastTick.filter(previous -> previous.isBefore(now)).orElse(now);
                // One read of what is claimed in the window, where the ledger can list it (a database), instead of
                // one per booking; the claim each send makes stays the arbiter.
                Optional<PlanningReads.ClaimedKeys> claimed = PlanningReads.readClaimedKeys(sends,
                        sync.performanceIdsAround(now));
                // And, where the consent ledger can, the consent of the numbers still to decide, in one read.
                Map<PhoneNumber, ConsentHistory> consentRead = consentInBulk(now)
                        ? PlanningReads.readConsent(consent, sync.season(), engine.stepsToPlan(sync.season(), since, now),
                                claimed)
                        : Map.of();
                PlanningReads reads = new PlanningReads(consent, sends, claimed, consentRead);
                Plan plan = engine.plan(reads.snapshot(sync.season()), since, now);
                prepare(plan.sends().stream().filter(send -> reads.failureBehind(send).isEmpty()).toList());
                for (Candidate candidate : plan.candidates()) {
                    Optional<StoreException> unreadable = reads.failureBehind(candidate);
                    try {
                        if (unreadable.isPresent()) {
                            throw unreadable.get();
                        }
                        handle(candidate, now, tally).ifPresent(wave::add);
                    } catch (StoreException e) {
                        storeFailed(candidate, e, now, tally);
                    }
                }
                lastTick = Optional.of(now);
            }
            dispatcher.runAll(wave);
            synchronized (season) {
                applyRefreshedCustomers();
                // Past the window (a day after the end) nothing more can be decided; what was reported can go.
                log.forget(id -> sync.season().performance(id)
                        .map(p -> p.end(settings.venue().zone()).plusDays(2).toInstant().isBefore(now)).orElse(true));
                saveState(now);
            }
            return tally.report(now);
        }
    }

    /** Runs {@link #tick()} now and then every tick interval, on one background thread. */
    public void start() {
        synchronized (lifecycle) {
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
     * Stops the schedule, lets a tick in progress finish its wave, and waits for the confirmations
     * queued, so that no send is left between the provider and the ledger; waits up to a minute for
     * each. A {@link #tick()} called afterwards sends one message at a time on the caller's thread.
     */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (lifecycle) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("a tick did not finish within {} of close(); it was interrupted", CLOSE_WAIT);
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                running.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        ScheduledExecutorService beating;
        synchronized (lifecycle) {
            beating = heartbeat;
            heartbeat = null;
        }
        if (beating != null) {
            beating.shutdownNow();
        }
        if (lease.isPresent() && holdingLease) {
            holdingLease = false;
            try {
                // A standby takes over at once instead of waiting for the lease to lapse.
                lease.get().release();
            } catch (RuntimeException e) {
                LOG.warn("the ticker lease could not be released; it lapses by itself: {}", Redaction.throwable(e));
            }
        }
        if (!dispatcher.close(CLOSE_WAIT)) {
            LOG.warn("sends still in flight {} after close(); their outcome is recorded when the provider answers",
                    CLOSE_WAIT);
        }
    }

    /**
     * An inbound text: an opt-out keyword (or something that looks like one) records an opt-out and
     * is confirmed when it changes something (a second STOP, or an auto-responder's "reply STOP",
     * gets no second confirmation); START records express consent by SMS and is confirmed when it
     * lifts an opt-out; anything else opens a conversation staff may {@link #reply} to for 24 hours.
     *
     * <p>This records and returns: it never waits for a tick or a wave, only, at most, for the one
     * provider call to the same number already under way. Once it has returned for a STOP, no
     * provider call to that number starts (except that STOP's own confirmation, which follows through
     * the dispatcher). The opt-out takes effect no later than the moment it arrived here, whatever the
     * provider stamped on it.
     */
    public void onInboundSms(InboundSms text) {
        Checks.notNull(text, "inbound");
        inbound.onInboundSms(text);
    }

    /**
     * A delivery report: moves the matching send (found by our reference, or else by the provider's
     * message id) to DELIVERED or FAILED. A soft opt-in notice reported as not delivered stops being a
     * basis for marketing from now on. A report that arrives before the provider's answer to the send
     * was recorded is kept and applied right after it. Reports matching nothing are logged. Never
     * waits for a tick or a wave.
     */
    public void onDeliveryReport(DeliveryReport report) {
        Checks.notNull(report, "report");
        deliveryReports.onDeliveryReport(report);
    }

    /**
     * A staff reply to a number that texted in within the last 24 hours (implied consent covers that
     * conversation only), sent on the caller's thread. Refused, as a {@link Outcome#SKIPPED} event,
     * when there is no open conversation, when the number opted out, and always for marketing.
     */
    public DecisionEvent reply(PhoneNumber to, String text, MessageKind kind) {
        Checks.notNull(to, "to");
        Checks.notBlank(text, "text");
        Checks.notNull(kind, "kind");
        return inbound.reply(to, text, kind);
    }

    /** Why a step is or is not being sent to a number for a performance, right now. */
    public Decision explain(SendKey key) {
        // No lock: the season is immutable and replaced whole, so this never waits for a tick (and a listener may
        // call it from any decision without a deadlock).
        return engine.explain(snapshot(), key, clock.instant());
    }

    /**
     * The ticketing change-feed position reached, to persist and pass to
     * {@link Builder#changeCursor(ChangeCursor)} on the next start; empty before the first tick.
     */
    public Optional<ChangeCursor> changeCursor() {
        return sync.cursor();
    }

    /**
     * The instant of the last completed tick's plan, to persist with {@link #changeCursor()} and pass
     * to {@link Builder#lastTickAt(Instant)} on the next start, so that messages whose deadline passed
     * while the runtime was down are reported as missed; empty before the first tick.
     */
    public Optional<Instant> lastTickAt() {
        return lastTick;
    }

    /**
     * Waits until nothing is queued or in flight in the dispatcher (confirmations included), for tests
     * that look at the provider right after an inbound text.
     */
    boolean awaitDispatched(Duration timeout) {
        return dispatcher.awaitIdle(timeout);
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

    /**
     * Whether this instance may tick: always without a lease; with one, when it holds it (renewed
     * now) or has just taken it over, in which case the state is loaded afresh (the previous holder
     * moved the cursor on). A lease that cannot be read counts as not held: better a missed tick than
     * two instances doing the same work.
     */
    private boolean holdLease() {
        if (lease.isEmpty()) {
            return true;
        }
        Optional<LeaseGrant> grant;
        try {
            grant = holdingLease ? lease.get().renew() : lease.get().tryAcquire();
        } catch (RuntimeException e) {
            LOG.warn("the ticker lease could not be read or renewed; not ticking until it can: {}",
                    Redaction.throwable(e));
            holdingLease = false;
            return false;
        }
        boolean takenOver = grant.isPresent() && !holdingLease;
        if (grant.isEmpty() && holdingLease) {
            LOG.warn("this instance ({}) lost the ticker lease; standing by", lease.get().holder());
        }
        holdingLease = grant.isPresent();
        if (takenOver) {
            LOG.info("this instance ({}) holds the ticker lease (generation {}) and ticks", lease.get().holder(),
                    grant.get().generation());
            synchronized (season) {
                stateLoaded = stateStore.isEmpty();
            }
            startHeartbeat();
        }
        return holdingLease;
    }

    /** Renews the lease while a long wave runs, at a third of its duration. */
    private void startHeartbeat() {
        synchronized (lifecycle) {
            if (heartbeat != null) {
                return;
            }
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "crowdengage-lease");
                thread.setDaemon(true);
                return thread;
            });
            long every = Math.max(1, lease.orElseThrow().duration().toMillis() / 3);
            heartbeat.scheduleWithFixedDelay(() -> {
                if (!holdingLease) {
                    return;
                }
                try {
                    if (lease.get().renew().isEmpty()) {
                        holdingLease = false;
                        LOG.warn("this instance ({}) lost the ticker lease; standing by", lease.get().holder());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("the ticker lease could not be renewed: {}", Redaction.throwable(e));
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Loads the state a restart (or the previous lease holder) left: the change cursor, the last tick and
     * the notices still owed.
     */
    private boolean loadState(Instant now) {
        try {
            state = stateStore.orElseThrow().load();
        } catch (RuntimeException e) {
            LOG.warn("tick at {}: the runtime state could not be loaded; nothing is done until it can: {}", now,
                    Redaction.throwable(e));
            return false;
        }
        sync.resumeFrom(state.changeCursor());
        lastTick = state.lastTickAt();
        feedResumed = state.changeCursor().isPresent();
        resumedAfter = feedResumed ? state.lastTickAt() : Optional.empty();
        notices.resume(state.owedNotices());
        stateLoaded = true;
        return true;
    }

    /**
     * Whether the consent ledger reads in bulk: asked once (an empty read, which costs a bulk-reading
     * store nothing), and again next tick if the store could not answer.
     */
    private boolean consentInBulk(Instant now) {
        if (consentReadsInBulk.isEmpty()) {
            try {
                consentReadsInBulk = Optional.of(consent.historiesOf(List.of()).isPresent());
            } catch (StoreException e) {
                LOG.debug("tick at {}: the consent ledger could not say whether it reads in bulk: {}", now,
                        e.getMessage());
                return false;
            }
        }
        return consentReadsInBulk.get();
    }

    /**
     * Loads the performances that notices carried over from a previous run wait for; false if the
     * ticketing system could not be read (they wait another tick).
     */
    private boolean loadAwaitedPerformances(Instant now) {
        List<String> awaited = notices.performancesAwaited(sync.season());
        if (awaited.isEmpty()) {
            return true;
        }
        try {
            sync.loadPerformances(awaited, now);
            return true;
        } catch (TicketingException e) {
            LOG.warn("tick at {}: performances {} could not be read for the soft opt-in notices owed before the"
                    + " restart; they are decided when they can be: {}", now, awaited,
                    Redaction.personalData(e.getMessage()));
            return false;
        }
    }

    /** Saves the cursor and the tick's instant; a save another instance beat is reloaded next tick. */
    private void saveState(Instant now) {
        Optional<ChangeCursor> cursor = sync.cursor();
        if (stateStore.isEmpty() || cursor.isEmpty()) {
            return;
        }
        try {
            Optional<RuntimeState> saved = stateStore.get().save(state.afterTick(cursor.get(), lastTick.orElse(now),
                    notices.stillOwed()));
            if (saved.isPresent()) {
                state = saved.get();
            } else {
                LOG.warn("tick at {}: another instance saved the runtime state since this one read it; it is read"
                        + " again before the next tick", now);
                stateLoaded = false;
            }
        } catch (RuntimeException e) {
            // The next save compares against the same revision, so nothing is lost but this tick's position.
            LOG.warn("tick at {}: the runtime state could not be saved: {}", now, Redaction.throwable(e));
        }
    }

    private Dispatcher.Job job(SendAttempts.Attempt attempt, Tally tally) {
        return new Dispatcher.Job() {
            @Override
            public Instant deadline() {
                return attempt.deadline();
            }

            @Override
            public void run() {
                attempts.attempt(attempt, tally);
            }
        };
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

    /** The engine's decision for one candidate: reported, or rendered and returned as a job for the wave. */
    private Optional<Dispatcher.Job> handle(Candidate candidate, Instant now, Tally tally) {
        Decision decision = candidate.decision();
        MessagePurpose purpose = Retries.purposeOf(candidate.step().kind());
        EventSubject subject = EventSubject.of(candidate, purpose);
        if (decision instanceof Decision.Skip skip) {
            if (log.firstSkip(candidate, skip.reason())) {
                log.emit(tally.count(subject.event(now, Outcome.SKIPPED, skip.reason(), decision.explanation())));
            }
            return Optional.empty();
        }
        if (decision instanceof Decision.Wait wait) {
            if (log.firstWait(candidate, wait.reason().orElse(Reason.QUIET_HOURS))) {
                log.emit(tally.count(subject.event(now, Outcome.DEFERRED, wait.reason(), wait.explanation())));
            }
            return Optional.empty();
        }
        Decision.Send send = (Decision.Send) decision;
        PhoneNumber to = candidate.to().orElseThrow();
        RenderResult rendered = templates.render(candidate.step(),
                new AudienceSubject(send.customer(), send.booking(), candidate.performance(), settings.venue()));
        if (rendered instanceof RenderResult.Skip skip) {
            if (skip.reason() == Reason.FUNCTION_UNAVAILABLE) {
                // A partner cannot give its value now. Nothing is claimed, so the engine offers this send again
                // on the next tick, until its deadline; a message with a hole is never sent.
                if (log.firstWait(candidate, skip.reason())) {
                    log.emit(tally.count(subject.event(now, Outcome.DEFERRED, skip.reason(), skip.explanation()
                            + "; trying again on later ticks until " + send.deadline())));
                }
            } else if (log.firstSkip(candidate, skip.reason())) {
                log.emit(tally.count(subject.event(now, Outcome.SKIPPED, skip.reason(), skip.explanation())));
            }
            return Optional.empty();
        }
        RenderResult.Message message = (RenderResult.Message) rendered;
        EventSubject rendering = EventSubject.ofBody(purpose, subject.step(), subject.performance(), subject.customer(),
                to, message.body(), Optional.of(message.length()));
        SendKey key = candidate.key().orElseThrow();
        return Optional.of(new Dispatcher.Job() {
            @Override
            public Instant deadline() {
                return send.deadline();
            }

            @Override
            public void run() {
                // Claimed when its turn comes, not when planned: a claim waiting in the queue is a message that a
                // crash would leave claimed but never attempted. The plan may be a while old by then, and a STOP may
                // have arrived since: consent is checked under the number's lock before the claim, so an opted-out
                // number is not even claimed.
                attempts.claimAndAttempt(new SendAttempts.Unclaimed(key, message.body(), send.deadline(), purpose,
                        send.customer(), message.length()), CrowdEngage.this::nextReference, new SendAttempts.NotClaimed() {
                            @Override
                            public void blocked(Decision.Skip skip, Instant at) {
                                if (log.firstSkip(candidate, skip.reason())) {
                                    log.emit(tally.count(rendering.event(at, Outcome.SKIPPED, skip.reason(),
                                            skip.reason().description() + " (checked again at send time)")));
                                }
                            }

                            @Override
                            public void storeFailed(StoreException e, Instant at) {
                                CrowdEngage.this.storeFailed(candidate, e, at, tally);
                            }

                            @Override
                            public void claimUncertain(StoreException e, Instant at) {
                                log.emit(tally.count(rendering.event(at, Outcome.DEFERRED, Reason.STORE_UNAVAILABLE,
                                        e.getMessage() + "; nothing was sent, and whether the claim was recorded is not"
                                                + " known: if it was, it is taken as left behind later (offered again if"
                                                + " never attempted, reported UNKNOWN if attempted: never sent twice); if"
                                                + " not, it is offered again on later ticks")));
                                LOG.warn("tick at {}: {}", at, e.getMessage());
                            }
                        }, tally);
            }
        });
    }

    /**
     * A store failed before this candidate was claimed: nothing was sent and nothing is claimed, so the
     * engine offers it again on the next tick, until its deadline. Reported once per key and cause.
     */
    private void storeFailed(Candidate candidate, StoreException e, Instant now, Tally tally) {
        if (log.firstWait(candidate, Reason.STORE_UNAVAILABLE)) {
            log.emit(tally.count(EventSubject.of(candidate, Retries.purposeOf(candidate.step().kind())).event(now,
                    Outcome.DEFERRED, Reason.STORE_UNAVAILABLE,
                    e.getMessage() + "; nothing was sent or claimed, tried again on later ticks until its deadline")));
        }
        LOG.warn("tick at {}: {}", now, e.getMessage());
    }

    /**
     * The customer as the ticketing system has them now, when a marketing basis may rest on their
     * contact preferences or tags: the snapshot only refreshes a customer when one of their bookings
     * changes, and a withdrawn preference must count at once. Without the express-consent rule, or
     * when the customer's known record gives no such basis anyway, there is nothing to re-read. Called
     * by sends in flight; the season learns the fresh record at the end of the wave.
     */
    private Optional<Customer> freshCustomer(Customer known) {
        if (settings.ticketingConsent().evidence(known).isEmpty()) {
            return Optional.of(known);
        }
        try {
            Optional<Customer> fresh = ticketing.customer(known.id());
            fresh.ifPresent(refreshed::add);
            return fresh;
        } catch (RuntimeException e) {
            LOG.warn("customer {} could not be re-read before a send that may rest on their ticketing contact"
                    + " preferences ({}); judged without them", known.id(), Redaction.throwable(e));
            return Optional.empty();
        }
    }

    private void applyRefreshedCustomers() {
        for (Customer customer = refreshed.poll(); customer != null; customer = refreshed.poll()) {
            sync.refreshCustomer(customer);
        }
    }

    /**
     * The reference of the next message.
     *
     * @throws StoreException when the state store cannot reserve more numbers: nothing is sent without one
     */
    private String nextReference() {
        if (numberedReferences.isEmpty()) {
            return referencePrefix + references.incrementAndGet();
        }
        synchronized (referenceLock) {
            if (nextReserved > lastReserved) {
                ReferenceBlock block;
                try {
                    block = numberedReferences.get().reserveReferences(REFERENCE_BLOCK);
                } catch (RuntimeException e) {
                    throw StoreException.describing(StoreException.Reason.UNAVAILABLE, "reserving message references",
                            GuardedStores.nameOf(numberedReferences.get()), e);
                }
                nextReserved = block.first();
                lastReserved = block.last();
            }
            return referencePrefix + nextReserved++;
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
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Optional<RuntimeStateStore> stateStore = Optional.empty();
        private Optional<TickerLease> lease = Optional.empty();
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
         * Where the runtime keeps what a restart needs (the change cursor, the last tick): loaded on the
         * first tick, saved after each; default none (pass {@link #changeCursor} and {@link #lastTickAt}
         * by hand, or start afresh). Not together with those two. A durable one (PostgreSQL) lets a
         * restarted runtime resume where it stopped and report what it missed.
         */
        public Builder runtimeState(RuntimeStateStore store) {
            once("runtimeState");
            this.stateStore = Optional.ofNullable(required(store, "runtimeState"));
            return this;
        }

        /**
         * A lease shared with the other instances of this venue's runtime, so that one ticks and the
         * others stand by (they still take inbound texts and delivery reports); default none (one
         * instance). The holder renews it every tick and, during a long wave, at a third of its
         * duration; a standby takes over once it lapses, loads the state afresh, and reports the
         * claims the previous holder left unfinished once they are older than the lease. The send
         * ledger's claims, not the lease, are what keep a message from going twice.
         */
        public Builder tickerLease(TickerLease lease) {
            once("tickerLease");
            this.lease = Optional.ofNullable(required(lease, "tickerLease"));
            return this;
        }

        /**
         * The most sends in flight at once; default {@value #DEFAULT_MAX_IN_FLIGHT}, at most
         * {@value #MOST_IN_FLIGHT}. The runtime uses as many as the provider's declared throughput
         * and its observed latency need (the rate times the time a send takes, with half as much
         * again), up to this. With 1, every send (confirmations included) runs on the thread that
         * caused it, one after another: deterministic, for simulations and tests, and limited to one
         * message per provider round trip.
         */
        public Builder maxInFlight(int maxInFlight) {
            once("maxInFlight");
            if (maxInFlight < 1 || maxInFlight > MOST_IN_FLIGHT) {
                problems.add(new Problem("maxInFlight", "must be from 1 to " + MOST_IN_FLIGHT + " but was " + maxInFlight));
            }
            this.maxInFlight = maxInFlight;
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
         * provider's console); default {@code "ce-"}. With a durable {@link #runtimeState runtime state
         * store} a number reserved from it follows ({@code ce-1042}); without one (or with the in-memory
         * one, which numbers from 1 again in a new process), a random token per runtime and a count
         * ({@code ce-3f9a1c2e-17}). Either way references stay unique across restarts and instances
         * whatever the prefix.
         */
        public Builder referencePrefix(String prefix) {
            once("referencePrefix");
            this.referencePrefix = Optional.ofNullable(required(prefix, "referencePrefix"));
            return this;
        }

        /**
         * The runtime, or one {@link ValidationException} (INVALID_CONFIGURATION) listing every problem:
         * missing parts, templates that do not validate (unknown functions included), a soft opt-in
         * notice that does not offer a way to refuse in its literal text and in every sample rendering
         * (see {@link io.crowdengage.consent.RefusalOffer}), from a one-way sender any text that asks
         * for a reply or for a keyword without a number to send it to, bad windows and intervals. The
         * same checks as the simulator's: {@link ConfigurationCheck}.
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
            if (stateStore.isPresent() && (cursor.isPresent() || lastTick.isPresent())) {
                all.add(new Problem("runtimeState", "comes with its own change cursor and last tick: do not also give"
                        + " changeCursor or lastTickAt"));
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
