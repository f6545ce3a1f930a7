package io.crowdengage.engine;

import io.crowdengage.consent.ConsentState;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.StepId;
import io.crowdengage.flow.Timing;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pure scheduling and eligibility engine: given a {@link Snapshot} and an instant, it says
 * what is due and, for anyone not sent to, why.
 *
 * <p>It does no I/O and reads no clock: the instant is an argument, and the same snapshot and
 * instant always give the same answer. It is immutable and safe to share between threads.
 *
 * <p>The rules it applies, for a step, a performance and a number:
 * <ol>
 *   <li>nothing for a performance the step does not select, or that is cancelled;</li>
 *   <li>nothing twice: a key (step, performance, number) already claimed is never planned again;</li>
 *   <li>only inside the messaging window, from the same wall-clock time one calendar day before the
 *       start to one calendar day after the end, in the venue's zone, both ends included: a step must
 *       be due in {@code [windowStart, windowEnd]};</li>
 *   <li>not before the step is due, and only before its catch-up runs out; a step due before the
 *       start only before the start. Every deadline is exclusive, so the time a message may go is
 *       always a span. The window's end is inside it to the minute: a deadline set by the window is
 *       {@code windowEnd + }{@link #WINDOW_END_MINUTE}, so a message may go up to the end of the
 *       window's last minute ({@link Decision.Send#deadline()});</li>
 *   <li>never inside quiet hours. Under {@link QuietHours.Policy#DEFER} a message waits to their end
 *       and goes then, as long as that is inside the window and, for a step due before the start,
 *       before the start; the catch-up counts only time outside quiet hours. Otherwise, and always
 *       under {@link QuietHours.Policy#SKIP}, it is skipped with {@link Reason#QUIET_HOURS};</li>
 *   <li>only to a number with a live booking; the customer of the earliest-confirmed live booking is
 *       the one personalised;</li>
 *   <li>nothing to a number that opted out, transactional or marketing;</li>
 *   <li>only to customers in the step's audience;</li>
 *   <li>marketing only with a basis at the instant of sending: the soft opt-in notice sent earlier,
 *       or express consent.</li>
 * </ol>
 *
 * <p>A tick costs in proportion to what is due: performances are found through a start-time index,
 * so the size of the season does not matter.
 */
public final class SchedulingEngine {
    /**
     * How long after the messaging window's end a message may still be sent: one minute. The window's
     * end is inside it to the minute, so the deadline the window sets is {@code windowEnd + 1 minute},
     * exclusive, and a message may go anywhere in {@code [windowEnd, windowEnd + 1 minute)}.
     *
     * <p>Why a minute: flow timings are whole minutes and a runtime ticks by the minute, at whatever
     * second it started. A window whose end were inside it only to the instant (the deadline
     * {@code windowEnd + 1 ns}) would be hit by no such runtime, so a step due exactly at the end (the
     * seed's reminder "1 day after the start" of a show with no running time, or "1 day 0 hours after
     * the end") would always be missed. The last minute is the span such a runtime always ticks in.
     *
     * <p>Only sending is extended, never being due: a step due after {@code windowEnd}, even by a
     * second, is {@link Reason#OUTSIDE_WINDOW}. Every deadline the window sets is computed from this
     * constant ({@code windowEnd.plus(WINDOW_END_MINUTE)}).
     */
    public static final Duration WINDOW_END_MINUTE = Duration.ofMinutes(1);

    /** Calendar-day arithmetic can differ from 24-hour multiples by clock changes; this bounds it generously. */
    private static final Duration DAY_SLACK = Duration.ofHours(26);

    private final EngineSettings settings;
    private final List<FlowStep> steps;
    private final Map<StepId, FlowStep> stepsById;

    private SchedulingEngine(EngineSettings settings, List<FlowStep> steps, Map<StepId, FlowStep> stepsById) {
        this.settings = settings;
        this.steps = steps;
        this.stepsById = stepsById;
    }

    /**
     * An engine for these settings and flows. Step ids must be unique across all flows, since they
     * key every send.
     *
     * @throws ValidationException (INVALID_FLOW) naming every step id used twice
     */
    public static SchedulingEngine create(EngineSettings settings, List<Flow> flows) {
        Checks.notNull(settings, "settings");
        Checks.noNullElements(flows, "flows");
        List<FlowStep> steps = new ArrayList<>();
        Map<StepId, FlowStep> byId = new LinkedHashMap<>();
        Map<StepId, String> flowOf = new HashMap<>();
        List<ValidationException.Problem> problems = new ArrayList<>();
        for (Flow flow : flows) {
            for (FlowStep step : flow.steps()) {
                String previous = flowOf.putIfAbsent(step.id(), flow.name());
                if (previous != null) {
                    problems.add(new ValidationException.Problem("flow '" + flow.name() + "' step '" + step.id() + "'",
                            "step id is already used in flow '" + previous + "': step ids must be unique across flows"));
                    continue;
                }
                steps.add(step);
                byId.put(step.id(), step);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_FLOW, problems);
        }
        return new SchedulingEngine(settings, List.copyOf(steps), Map.copyOf(byId));
    }

    /** The settings this engine applies. */
    public EngineSettings settings() {
        return settings;
    }

    /** Every step of every flow, in flow order. */
    public List<FlowStep> steps() {
        return steps;
    }

    /** A step by id. */
    public Optional<FlowStep> step(StepId id) {
        return Optional.ofNullable(stepsById.get(id));
    }

    /** {@link #plan(Snapshot, Instant, Instant)} for a first tick, or one that reports nothing missed. */
    public Plan plan(Snapshot snapshot, Instant now) {
        return plan(snapshot, now, now);
    }

    /**
     * Everything due at {@code now}: a candidate for every unclaimed recipient of every step whose due
     * time has come and whose (exclusive) deadline is after {@code now}, each with its decision; plus, for
     * steps whose deadline passed after {@code since} (the previous tick), the recipients missed, as
     * {@link Reason#TOO_LATE} skips. Claimed keys are left out: they are the runtime's to follow.
     *
     * @param since the previous planning instant (equal to {@code now} on a first tick)
     * @param now   the instant to plan for
     */
    public Plan plan(Snapshot snapshot, Instant since, Instant now) {
        Checks.notNull(snapshot, "snapshot");
        Checks.notNull(since, "since");
        Checks.notNull(now, "now");
        Checks.require(!since.isAfter(now), "since", "must not be after now (" + now + ") but was " + since);
        requireSameZone(snapshot);
        List<Candidate> candidates = new ArrayList<>();
        forEachReportable(snapshot.season(), since, now, (step, performance, window) -> {
            Optional<Decision> common = decisionForAll(performance, window, now);
            addRecipients(snapshot, step, performance, window, common, now, candidates);
        });
        return new Plan(now, candidates);
    }

    /**
     * The steps {@link #plan(Snapshot, Instant, Instant)} looks at for each performance, by performance
     * id: the recipients of these, and only these, have their consent and claims read by that plan. For
     * a runtime to read them in bulk beforehand.
     */
    public Map<String, Set<StepId>> stepsToPlan(SeasonView season, Instant since, Instant now) {
        Checks.notNull(season, "season");
        Checks.notNull(since, "since");
        Checks.notNull(now, "now");
        Map<String, Set<StepId>> due = new LinkedHashMap<>();
        forEachReportable(season, since, now, (step, performance, window) ->
                due.computeIfAbsent(performance.id(), id -> new LinkedHashSet<>()).add(step.id()));
        return due;
    }

    private interface ReportableStep {
        void accept(FlowStep step, Performance performance, Window window);
    }

    /** What plan and stepsToPlan share: each step and performance with something to send or report now. */
    private void forEachReportable(SeasonView season, Instant since, Instant now, ReportableStep action) {
        for (FlowStep step : steps) {
            for (Performance performance : performancesPossiblyDue(season, step, since, now)) {
                if (!step.performances().matches(performance)) {
                    continue;
                }
                Window window = window(step, performance);
                if (window.reportableAt(since, now)) {
                    action.accept(step, performance, window);
                }
            }
        }
    }

    /**
     * Explains the decision for one key at {@code now}: send, wait until when, or skip and why. The
     * answer agrees with {@link #plan}: a key {@code plan} would send, this says to send.
     *
     * @throws ValidationException if the key's step is not one of this engine's
     */
    public Decision explain(Snapshot snapshot, SendKey key, Instant now) {
        Checks.notNull(snapshot, "snapshot");
        Checks.notNull(key, "key");
        Checks.notNull(now, "now");
        requireSameZone(snapshot);
        FlowStep step = stepsById.get(key.step());
        if (step == null) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "key.step",
                    "no flow has a step '" + key.step() + "'");
        }
        Optional<Performance> found = snapshot.season().performance(key.performanceId());
        if (found.isEmpty()) {
            return Decision.skip(Reason.NO_BOOKING, "no performance '" + key.performanceId() + "'");
        }
        Performance performance = found.get();
        if (!step.performances().matches(performance)) {
            return Decision.skip(Reason.PERFORMANCE_NOT_SELECTED, step.performances().describe());
        }
        if (snapshot.sends().claimed(key)) {
            return Decision.skip(Reason.ALREADY_SENT, key.toString());
        }
        Window window = window(step, performance);
        if (performance.cancelled()) {
            return Decision.skip(Reason.PERFORMANCE_CANCELLED, "performance '" + performance.id() + "'");
        }
        if (!window.dueInsideWindow()) {
            return window.outsideWindowSkip();
        }
        if (now.isBefore(window.due)) {
            return new Decision.Wait(window.due, Optional.empty(), "not due yet: due at " + window.due);
        }
        Optional<Decision> common = decisionForAll(performance, window, now);
        Recipients recipients = recipients(snapshot.season(), performance.id(), now, to -> false);
        Recipient live = recipients.live.get(key.to());
        if (live == null) {
            Recipient cancelled = recipients.cancelledOnly.get(key.to());
            if (cancelled != null) {
                return Decision.skip(Reason.BOOKING_CANCELLED, "booking '" + cancelled.booking.id() + "'");
            }
            return Decision.skip(Reason.NO_BOOKING, "nobody with " + key.to().masked()
                    + " holds a live booking for performance '" + performance.id() + "'");
        }
        return combine(common, () -> decideFor(snapshot, step, performance, window, key.to(), live, now));
    }

    private void addRecipients(Snapshot snapshot, FlowStep step, Performance performance, Window window,
                               Optional<Decision> common, Instant now, List<Candidate> out) {
        // Claimed numbers are dropped while walking the bookings: in a busy hour most are, and they need no more work.
        Recipients recipients = recipients(snapshot.season(), performance.id(), now,
                to -> snapshot.sends().claimed(new SendKey(step.id(), performance.id(), to)));
        for (Map.Entry<PhoneNumber, Recipient> entry : recipients.live.entrySet()) {
            PhoneNumber to = entry.getKey();
            Recipient recipient = entry.getValue();
            Decision decision = combine(common, () -> decideFor(snapshot, step, performance, window, to, recipient, now));
            out.add(new Candidate(step, performance, Optional.of(to), recipient.booking, recipient.customer, decision));
        }
        for (Map.Entry<PhoneNumber, Recipient> entry : recipients.cancelledOnly.entrySet()) {
            PhoneNumber to = entry.getKey();
            if (recipients.live.containsKey(to)) {
                continue;
            }
            Recipient recipient = entry.getValue();
            Decision decision = performance.cancelled()
                    ? common.orElseThrow()
                    : Decision.skip(Reason.BOOKING_CANCELLED, "booking '" + recipient.booking.id() + "'");
            out.add(new Candidate(step, performance, Optional.of(to), recipient.booking, recipient.customer, decision));
        }
        for (Recipient withoutMobile : recipients.withoutMobile) {
            out.add(new Candidate(step, performance, Optional.empty(), withoutMobile.booking, withoutMobile.customer,
                    Decision.skip(Reason.NO_VALID_MOBILE, "customer '" + withoutMobile.customer.id() + "'")));
        }
    }

    /** A decision that holds for every recipient of the step at this performance, if there is one. */
    private Optional<Decision> decisionForAll(Performance performance, Window window, Instant now) {
        if (performance.cancelled()) {
            return Optional.of(Decision.skip(Reason.PERFORMANCE_CANCELLED, "performance '" + performance.id() + "'"));
        }
        if (!window.dueInsideWindow()) {
            return Optional.of(window.outsideWindowSkip());
        }
        if (!now.isBefore(window.deadline)) {
            return Optional.of(window.closedSkip(now));
        }
        // The same rule the runtime applies again at the instant of sending.
        return SendTimeRules.quietHours(settings.quietHours(), zone(), now, window.deadline, window.describeDeadline());
    }

    /**
     * The decision for one recipient, given the one for all. A wait for quiet hours promises a message, so a
     * recipient who would be skipped anyway (opted out, not in the audience, no marketing basis) is told that.
     */
    private static Decision combine(Optional<Decision> common, java.util.function.Supplier<Decision> own) {
        if (common.isEmpty()) {
            return own.get();
        }
        if (common.get() instanceof Decision.Wait) {
            Decision individual = own.get();
            return individual instanceof Decision.Skip ? individual : common.get();
        }
        return common.get();
    }

    private Decision decideFor(Snapshot snapshot, FlowStep step, Performance performance, Window window,
                               PhoneNumber to, Recipient recipient, Instant now) {
        ConsentState consent = snapshot.consent().history(to).stateAt(now);
        Optional<Decision.Skip> optedOut = SendTimeRules.optedOut(to, consent);
        if (optedOut.isPresent()) {
            return optedOut.get();
        }
        if (!inAudience(step, recipient, performance)) {
            return Decision.skip(Reason.NOT_IN_AUDIENCE, step.audience().describe());
        }
        Optional<LawfulBasis> basis = SendTimeRules.basis(step.kind(), consent,
                settings.ticketingConsent().evidence(recipient.customer));
        if (basis.isEmpty()) {
            return SendTimeRules.noMarketingBasis(to);
        }
        return new Decision.Send(basis.get(), window.due, window.deadline, recipient.booking, recipient.customer);
    }

    private boolean inAudience(FlowStep step, Recipient recipient, Performance performance) {
        try {
            return step.audience().includes(
                    new AudienceSubject(recipient.customer, recipient.booking, performance, settings.venue()));
        } catch (RuntimeException e) {
            // An audience rule that cannot decide leaves the customer out: a message not sent is the safe side.
            return false;
        }
    }

    private Recipients recipients(SeasonView season, String performanceId, Instant now,
                                  java.util.function.Predicate<PhoneNumber> claimed) {
        Recipients recipients = new Recipients();
        java.util.Set<PhoneNumber> claimedNumbers = new java.util.HashSet<>();
        for (Booking booking : season.bookingsOf(performanceId)) {
            if (booking.confirmedAt().isAfter(now)) {
                continue;
            }
            Optional<Customer> customer = season.customer(booking.customerId());
            if (customer.isEmpty()) {
                continue;
            }
            boolean live = booking.liveAt(now);
            Optional<PhoneNumber> mobile = customer.get().mobile();
            if (mobile.isEmpty()) {
                if (live) {
                    recipients.withoutMobile.add(new Recipient(booking, customer.get()));
                }
                continue;
            }
            PhoneNumber number = mobile.get();
            if (claimedNumbers.contains(number) || recipients.live.containsKey(number)) {
                continue;
            }
            if (claimed.test(number)) {
                claimedNumbers.add(number);
                continue;
            }
            Map<PhoneNumber, Recipient> target = live ? recipients.live : recipients.cancelledOnly;
            target.putIfAbsent(number, new Recipient(booking, customer.get()));
        }
        return recipients;
    }

    private List<Performance> performancesPossiblyDue(SeasonView season, FlowStep step, Instant since, Instant now) {
        Timing timing = step.timing();
        Duration nominal = Duration.ofDays(timing.days()).plus(timing.elapsed());
        Duration offset = timing.direction() == Timing.Direction.AFTER ? nominal : nominal.negated();
        Duration slack = timing.days() > 0 ? DAY_SLACK : Duration.ZERO;
        Instant earliestDue = since.minus(step.catchUp());
        Instant from = earliestDue.minus(offset).minus(slack);
        Instant to = now.minus(offset).plus(slack);
        if (timing.anchor() == Timing.Anchor.END) {
            from = from.minus(season.longestEventDuration());
        }
        if (deferring()) {
            // Deferred past its catch-up, a message is still bounded by the start (a step due before it)
            // or the window's deadline, at most a calendar day and WINDOW_END_MINUTE after the end: within DAY_SLACK.
            // "0 minutes before the start" is due at the start, not before it: bounded by the window, like after.
            boolean beforeStart = timing.anchor() == Timing.Anchor.START && timing.direction() == Timing.Direction.BEFORE
                    && nominal.compareTo(Duration.ZERO) > 0;
            Instant deferredFrom = beforeStart
                    ? since
                    : since.minus(season.longestEventDuration()).minus(DAY_SLACK);
            if (deferredFrom.isBefore(from)) {
                from = deferredFrom;
            }
        }
        return season.performancesStartingBetween(from, to);
    }

    private boolean deferring() {
        return settings.quietHours().map(q -> q.policy() == QuietHours.Policy.DEFER).orElse(false);
    }

    private Window window(FlowStep step, Performance performance) {
        ZoneId zone = zone();
        ZonedDateTime start = performance.start(zone);
        Instant startInstant = start.toInstant();
        Instant windowStart = start.minusDays(1).toInstant();
        Instant windowEnd = performance.end(zone).plusDays(1).toInstant();
        Instant due = step.timing().dueInstant(performance, zone);
        boolean beforeStart = due.isBefore(startInstant);
        // The window's end is inside it to the minute and deadlines are exclusive: see WINDOW_END_MINUTE.
        Instant afterWindow = windowDeadline(windowEnd);
        Instant bound = beforeStart ? startInstant : afterWindow;

        Optional<QuietHours> quiet = settings.quietHours();
        boolean dueInQuietHours = quiet.isPresent() && quiet.get().contains(due, zone);
        Instant catchUpEnd;
        Optional<Instant> quietCut = Optional.empty();
        if (quiet.isPresent() && quiet.get().policy() == QuietHours.Policy.DEFER) {
            // Waiting for quiet hours is deliberate, not lateness: the catch-up runs only outside them. The
            // computation stops a catch-up past the window's end; beyond it the exact instant changes no decision.
            catchUpEnd = quiet.get().afterTimeOutside(due, step.catchUp(), zone, afterWindow.plus(step.catchUp()));
        } else {
            catchUpEnd = due.plus(step.catchUp());
            if (quiet.isPresent()) {
                // A venue that skips rather than defers: the message may go only until quiet hours begin.
                quietCut = Optional.of(quiet.get().startOfPeriodFrom(due, zone));
            }
        }
        Instant deadlineIgnoringWindow = earlier(catchUpEnd, beforeStart ? startInstant : catchUpEnd);
        Instant deadline = earlier(deadlineIgnoringWindow, bound);
        if (quietCut.isPresent()) {
            deadline = earlier(deadline, quietCut.get());
        }
        Optional<Instant> quietEndAtDue = dueInQuietHours
                ? Optional.of(quiet.get().endOfPeriodContaining(due, zone)) : Optional.empty();
        Optional<Instant> startBound = beforeStart ? Optional.of(startInstant) : Optional.empty();
        return new Window(due, deadline, deadlineIgnoringWindow, windowStart, windowEnd, startBound, quiet,
                quietEndAtDue, quietCut);
    }

    /** The deadline (exclusive) the messaging window sets: the end of its last minute. */
    static Instant windowDeadline(Instant windowEnd) {
        return windowEnd.plus(WINDOW_END_MINUTE);
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    private ZoneId zone() {
        return settings.venue().zone();
    }

    private void requireSameZone(Snapshot snapshot) {
        if (!snapshot.season().zone().equals(zone())) {
            throw ValidationException.of(ValidationException.Reason.INVALID_CONFIGURATION, "season.zone",
                    "is " + snapshot.season().zone() + " but the venue's zone is " + zone());
        }
    }

    /** When a step is due for a performance, and until when it may go. */
    private static final class Window {
        final Instant due;
        /**
         * Exclusive: the earliest of the catch-up's end, the start (a step due before it), the end of the
         * window's last minute ({@link SchedulingEngine#windowDeadline}), and (SKIP) the start of quiet hours.
         */
        final Instant deadline;
        /** The deadline were the window and quiet hours not there. */
        final Instant deadlineIgnoringWindow;
        final Instant windowStart;
        /** Inclusive for the due time; sending may go on until {@link SchedulingEngine#windowDeadline}{@code (windowEnd)}. */
        final Instant windowEnd;
        /** The start, for a step due before it. */
        final Optional<Instant> start;
        final Optional<QuietHours> quiet;
        /** When the quiet hours the step is due in end, if it is due in them. */
        final Optional<Instant> quietEndAtDue;
        /** Under {@link QuietHours.Policy#SKIP}: when quiet hours next begin, from the due time. */
        final Optional<Instant> quietCut;

        Window(Instant due, Instant deadline, Instant deadlineIgnoringWindow, Instant windowStart, Instant windowEnd,
               Optional<Instant> start, Optional<QuietHours> quiet, Optional<Instant> quietEndAtDue,
               Optional<Instant> quietCut) {
            this.due = due;
            this.deadline = deadline;
            this.deadlineIgnoringWindow = deadlineIgnoringWindow;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.start = start;
            this.quiet = quiet;
            this.quietEndAtDue = quietEndAtDue;
            this.quietCut = quietCut;
        }

        boolean dueInsideWindow() {
            return !due.isBefore(windowStart) && !due.isAfter(windowEnd);
        }

        Decision.Skip outsideWindowSkip() {
            return Decision.skip(Reason.OUTSIDE_WINDOW, "due " + due + " but the window runs from " + windowStart
                    + " to " + windowEnd + ", both included");
        }

        /** The end of the window's last minute: the deadline the window sets. */
        private Instant afterWindow() {
            return windowDeadline(windowEnd);
        }

        /** "before the start at ...", "by the window's end at ...", "before the deadline ...": for details. */
        String describeDeadline() {
            if (start.isPresent() && deadline.equals(start.get())) {
                return "before the start at " + start.get();
            }
            if (deadline.equals(afterWindow())) {
                return "by the window's end at " + windowEnd + " (its last minute included, so before " + afterWindow()
                        + ")";
            }
            return "before the deadline " + deadline;
        }

        /**
         * Why a message may no longer go at {@code now}, at or after the deadline: quiet hours when they, not
         * lateness, kept it from going; the window when it closed before the catch-up ran out; else too late.
         */
        Decision.Skip closedSkip(Instant now) {
            QuietHours q = quiet.orElse(null);
            if (q != null && q.policy() == QuietHours.Policy.DEFER && quietEndAtDue.isPresent()
                    && !quietEndAtDue.get().isBefore(deadline)) {
                return Decision.skip(Reason.QUIET_HOURS, "due " + due + " inside quiet hours " + q.describe()
                        + ", which end at " + quietEndAtDue.get() + ", but it had to go " + describeDeadline());
            }
            if (q != null && q.policy() == QuietHours.Policy.SKIP && quietEndAtDue.isPresent()) {
                return Decision.skip(Reason.QUIET_HOURS, "due " + due + " inside quiet hours " + q.describe()
                        + "; this venue skips rather than defers");
            }
            if (quietCut.isPresent() && deadline.equals(quietCut.get()) && now.isBefore(deadlineIgnoringWindow)
                    && now.isBefore(afterWindow())) {
                return Decision.skip(Reason.QUIET_HOURS, "quiet hours " + q.describe() + " began at " + quietCut.get()
                        + " before it went; this venue skips rather than defers");
            }
            if (deadline.equals(afterWindow()) && now.isBefore(deadlineIgnoringWindow)) {
                return Decision.skip(Reason.OUTSIDE_WINDOW, "the window closed at " + windowEnd
                        + " and its last minute ended at " + afterWindow());
            }
            return Decision.skip(Reason.TOO_LATE, "due " + due + ", deadline " + deadline);
        }

        /**
         * Whether a plan at {@code now}, following one at {@code since}, should report this step: it is due,
         * and either still open or closed since the last plan. A step that can never go (due outside the
         * window, or inside quiet hours that skip) is reported in the plan that first sees it due.
         */
        boolean reportableAt(Instant since, Instant now) {
            if (due.isAfter(now)) {
                return false;
            }
            if (!dueInsideWindow() || !deadline.isAfter(due)) {
                return due.isAfter(since) || due.equals(now);
            }
            return now.isBefore(deadline) || deadline.isAfter(since);
        }
    }

    private static final class Recipient {
        final Booking booking;
        final Customer customer;

        Recipient(Booking booking, Customer customer) {
            this.booking = booking;
            this.customer = customer;
        }
    }

    private static final class Recipients {
        final Map<PhoneNumber, Recipient> live = new LinkedHashMap<>();
        final Map<PhoneNumber, Recipient> cancelledOnly = new LinkedHashMap<>();
        final List<Recipient> withoutMobile = new ArrayList<>();
    }
}
