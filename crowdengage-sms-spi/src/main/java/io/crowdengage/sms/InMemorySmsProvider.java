package io.crowdengage.sms;

import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link SmsProvider} that sends nothing and remembers everything: the fake for tests and demos.
 *
 * <p>It behaves like a real provider, faults included, and every fault comes from the injected
 * {@link Clock} and seeded {@link Random}, so a test run is repeatable:
 * <ul>
 *   <li>a {@linkplain Builder#failurePercentage(double) failure percentage}: that share of sends
 *       fails transiently with {@link FailureReason#PROVIDER_UNAVAILABLE};</li>
 *   <li>{@linkplain #failNext(PhoneNumber, int, FailureKind, FailureReason) scripted failures} for one
 *       number ("fail the next 2 sends to this number transiently");</li>
 *   <li>{@linkplain #optOutAtProvider(PhoneNumber) opt-outs at the provider}, like Twilio's error 21610;</li>
 *   <li>{@linkplain #loseNextAnswer(PhoneNumber) lost answers}: the message is accepted and recorded, and
 *       the call throws {@link SendOutcomeUnknownException}, as an HTTP adapter does after a timeout;</li>
 *   <li>rate limiting: more sends than the declared throughput allows, measured on the injected
 *       clock (evenly spaced, with bursts of up to one second's worth), fail with
 *       {@link FailureReason#RATE_LIMITED} and a retry-after;</li>
 *   <li>latency: each message is stamped as accepted {@linkplain Builder#latency(Duration) latency}
 *       after the call. Nothing waits unless a {@linkplain Builder#sleeper(Consumer) sleeper} is
 *       given: a test clock's {@code advance} makes simulated time pass, {@link #threadSleeper()}
 *       makes real time pass.</li>
 * </ul>
 * It refuses misuse by throwing: a null message, a body over {@link #maxBodyLength()}, a body that
 * needs UCS-2 without {@link Capability#UNICODE}, an alphanumeric sender without
 * {@link Capability#ALPHANUMERIC_SENDER}. A reference sent twice is accepted, as a real provider
 * would, but shows up in {@link #duplicates()}, because crowdengage promises at-most-once sending.
 *
 * <p>Built with {@linkplain Builder#answersKeywords() answersKeywords()}, it behaves like Twilio's
 * default keyword handling and declares {@link Capability#ANSWERS_KEYWORDS}: an {@linkplain #inbound
 * inbound text} whose whole body is one of the English opt-out, opt-in or help keywords carries that
 * {@linkplain InboundSms#providerKeyword() provider keyword}, and an opt-out or opt-in keyword also
 * puts the number on, or takes it off, the provider's own opt-out list. Declaring the capability
 * with {@link Builder#capabilities} alone changes nothing but the declaration.
 *
 * <p>Thread-safe. Example:
 * <pre>{@code
 * InMemorySmsProvider provider = InMemorySmsProvider.builder()
 *         .clock(clock).random(new Random(42)).throughputPerSecond(10).build();
 * provider.send(new OutboundSms(to, Sender.alphanumeric("RoyalCourt"), "Doors open at 7pm", "msg-1"));
 * assertThat(provider.last()).map(SentSms::body).contains("Doors open at 7pm");
 * }</pre>
 */
public final class InMemorySmsProvider implements SmsProvider {

    /** Whether a scripted failure may be retried. */
    public enum FailureKind {
        /** Answer {@link SendResult.TransientFailure}. */
        TRANSIENT,
        /** Answer {@link SendResult.PermanentFailure}. */
        PERMANENT
    }

    /**
     * One call to {@link #send}, whatever it answered (calls that threw are not recorded).
     *
     * @param message what was asked
     * @param result  what the provider answered
     * @param at      when, on the provider's clock, latency included
     */
    public record SendAttempt(OutboundSms message, SendResult result, Instant at) {
        /** Validates that every field is present. */
        public SendAttempt {
            Checks.notNull(message, "message");
            Checks.notNull(result, "result");
            Checks.notNull(at, "at");
        }
    }

    /** The provider code of a simulated rate-limit answer, as Twilio's HTTP 429. */
    public static final String RATE_LIMITED_CODE = "429";
    /** The provider code of a simulated random outage. */
    public static final String UNAVAILABLE_CODE = "503";
    /** The provider code of a scripted failure. */
    public static final String SCRIPTED_CODE = "SCRIPTED";
    /** The provider code of a send to a number that opted out at the provider, as Twilio's 21610. */
    public static final String OPTED_OUT_CODE = "21610";

    private final String id;
    private final Clock clock;
    private final Random random;
    private final double throughputPerSecond;
    private final boolean enforceThroughput;
    private final Set<Capability> capabilities;
    private final double failurePercentage;
    private final Duration latency;
    private final Consumer<Duration> sleeper;
    private final int maxBodyLength;
    private final boolean answersKeywords;

    private final Object lock = new Object();
    private final List<SentSms> sent = new ArrayList<>();
    private final List<SendAttempt> attempts = new ArrayList<>();
    private final Map<PhoneNumber, Deque<SendResult>> scripted = new HashMap<>();
    private final Set<PhoneNumber> optedOut = new HashSet<>();
    private final Set<PhoneNumber> answersLost = new HashSet<>();
    private long sequence;
    /** Generic cell rate algorithm state: when the next message is due if sends are spread evenly. */
    private Instant theoreticalArrival;

    private InMemorySmsProvider(Builder builder) {
        this.id = builder.id;
        this.clock = builder.clock;
        this.random = builder.random;
        this.throughputPerSecond = builder.throughputPerSecond;
        this.enforceThroughput = builder.enforceThroughput;
        this.capabilities = Set.copyOf(builder.capabilities);
        this.failurePercentage = builder.failurePercentage;
        this.latency = builder.latency;
        this.sleeper = builder.sleeper;
        this.maxBodyLength = builder.maxBodyLength;
        this.answersKeywords = builder.answersKeywords;
    }

    /**
     * A builder with the defaults: id {@code in-memory}, the system UTC clock, {@code new Random(0)}, 100 messages
     * a second (enforced), every capability but {@link Capability#ANSWERS_KEYWORDS} (it answers no texts unless
     * {@linkplain Builder#answersKeywords() told to}), no failures, no latency, 1600 characters.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A sleeper that really waits, for tests of timeouts and concurrency. */
    public static Consumer<Duration> threadSleeper() {
        return duration -> {
            try {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public double throughputPerSecond() {
        return throughputPerSecond;
    }

    @Override
    public int maxBodyLength() {
        return maxBodyLength;
    }

    /**
     * Accepts the message and records it, or answers the simulated fault that applies, checked in
     * this order: rate limit, opt-out at the provider, scripted failure for the number, random failure.
     */
    @Override
    public SendResult send(OutboundSms message) {
        Checks.notNull(message, "message");
        refuseMisuse(message);
        Instant start = clock.instant();
        if (!latency.isZero() && sleeper != null) {
            sleeper.accept(latency);
        }
        Instant at = start.plus(latency);
        synchronized (lock) {
            SendResult result = decide(message, at);
            if (result instanceof SendResult.Accepted accepted) {
                sent.add(new SentSms(message.to(), message.from(), message.body(), message.reference(),
                        accepted.providerMessageId(), at));
                if (answersLost.remove(message.to())) {
                    // Accepted and recorded, as a provider that took the message before the connection broke.
                    throw new SendOutcomeUnknownException(SendOutcomeUnknownException.Reason.CONNECTION_LOST,
                            "simulated: the answer to " + message.reference() + " was lost after the provider took it",
                            null);
                }
            }
            attempts.add(new SendAttempt(message, result, at));
            return result;
        }
    }

    /**
     * Makes the next send to {@code number} that the provider accepts lose its answer: the message is
     * recorded as sent (it went out), and {@link #send} throws {@link SendOutcomeUnknownException}
     * instead of answering, as an HTTP adapter does when the connection breaks after the request was
     * written. The call is not in {@link #attempts()}, which holds calls that returned.
     */
    public void loseNextAnswer(PhoneNumber number) {
        Checks.notNull(number, "number");
        synchronized (lock) {
            answersLost.add(number);
        }
    }

    /**
     * Makes the next {@code times} sends to {@code number} fail with {@code reason}. Calls add up:
     * scripted failures are used in the order they were scripted.
     */
    public void failNext(PhoneNumber number, int times, FailureKind kind, FailureReason reason) {
        Checks.notNull(number, "number");
        Checks.require(times >= 1, "times", "must be at least 1 but was " + times);
        Checks.notNull(kind, "kind");
        Checks.notNull(reason, "reason");
        synchronized (lock) {
            Deque<SendResult> queue = scripted.computeIfAbsent(number, n -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                String detail = "scripted " + kind.name().toLowerCase(java.util.Locale.ROOT) + " failure for "
                        + number.masked();
                queue.add(kind == FailureKind.TRANSIENT
                        ? new SendResult.TransientFailure(reason, SCRIPTED_CODE, Optional.empty(), detail)
                        : new SendResult.PermanentFailure(reason, SCRIPTED_CODE, detail));
            }
        }
    }

    /**
     * From now on every send to {@code number} fails permanently with
     * {@link FailureReason#OPTED_OUT_AT_PROVIDER}, as if the person had texted STOP to the provider.
     */
    public void optOutAtProvider(PhoneNumber number) {
        Checks.notNull(number, "number");
        synchronized (lock) {
            optedOut.add(number);
        }
    }

    /** Every accepted message, oldest first. */
    public List<SentSms> all() {
        synchronized (lock) {
            return List.copyOf(sent);
        }
    }

    /** The accepted messages to {@code number}, oldest first. */
    public List<SentSms> sentTo(PhoneNumber number) {
        Checks.notNull(number, "number");
        synchronized (lock) {
            return sent.stream().filter(s -> s.to().equals(number)).toList();
        }
    }

    /** How many messages were accepted. */
    public int count() {
        synchronized (lock) {
            return sent.size();
        }
    }

    /** The most recently accepted message, if any. */
    public Optional<SentSms> last() {
        synchronized (lock) {
            return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1));
        }
    }

    /** Every call to {@link #send} that returned, accepted or not, oldest first. */
    public List<SendAttempt> attempts() {
        synchronized (lock) {
            return List.copyOf(attempts);
        }
    }

    /**
     * Accepted messages whose reference had already been accepted before: each second and later
     * acceptance of a reference, oldest first. Empty when crowdengage kept its at-most-once promise.
     */
    public List<SentSms> duplicates() {
        synchronized (lock) {
            Set<String> seen = new HashSet<>();
            return sent.stream().filter(s -> !seen.add(s.reference())).toList();
        }
    }

    /**
     * Forgets every recorded message and attempt. Scripted failures, opt-outs, the rate limiter and
     * the random sequence are kept: they belong to the simulated provider, not to its records.
     */
    public void clear() {
        synchronized (lock) {
            sent.clear();
            attempts.clear();
        }
    }

    /**
     * The delivery report the provider would send for {@code message}, stamped with the clock's current time.
     *
     * @throws SmsProviderException if this provider was built without {@link Capability#DELIVERY_RECEIPTS}
     */
    public DeliveryReport deliveryReport(SentSms message, DeliveryStatus status) {
        Checks.notNull(message, "message");
        Checks.notNull(status, "status");
        requireCapability(Capability.DELIVERY_RECEIPTS, "delivery reports");
        return new DeliveryReport(message.providerMessageId(), Optional.of(message.reference()), status,
                clock.instant(), Optional.empty());
    }

    /**
     * The report the provider would send for {@code message} that failed after it was accepted, saying why
     * ({@link FailureReason#OPTED_OUT_AT_PROVIDER}, for example, as Twilio reports 21610 for a message sent
     * through a Messaging Service), stamped with the clock's current time.
     *
     * @throws io.crowdengage.error.ValidationException if {@code status} is DELIVERED
     * @throws SmsProviderException if this provider was built without {@link Capability#DELIVERY_RECEIPTS}
     */
    public DeliveryReport deliveryReport(SentSms message, DeliveryStatus status, FailureReason reason) {
        Checks.notNull(message, "message");
        Checks.notNull(status, "status");
        Checks.notNull(reason, "reason");
        requireCapability(Capability.DELIVERY_RECEIPTS, "delivery reports");
        return new DeliveryReport(message.providerMessageId(), Optional.of(message.reference()), status,
                clock.instant(), Optional.empty(), Optional.of(reason));
    }

    /**
     * An inbound text from {@code from} to {@code to}, stamped with the clock's current time.
     *
     * @throws SmsProviderException if this provider was built without {@link Capability#INBOUND_MESSAGES}
     */
    public InboundSms inbound(PhoneNumber from, String to, String body) {
        Checks.notNull(from, "from");
        Checks.notBlank(to, "to");
        Checks.notNull(body, "body");
        requireCapability(Capability.INBOUND_MESSAGES, "inbound messages");
        Optional<Keyword> answered = answersKeywords ? wholeBodyKeyword(body) : Optional.empty();
        answered.ifPresent(keyword -> {
            synchronized (lock) {
                if (keyword == Keyword.OPT_OUT) {
                    optedOut.add(from);
                } else if (keyword == Keyword.OPT_IN) {
                    optedOut.remove(from);
                }
            }
        });
        return new InboundSms(from, to, body, clock.instant(), answered);
    }

    /** The keyword a provider matching whole bodies (as Twilio does) reads in {@code body}, if any. */
    private static Optional<Keyword> wholeBodyKeyword(String body) {
        String word = body.strip().toUpperCase(java.util.Locale.ROOT);
        if (KeywordClassifier.ENGLISH_OPT_OUT.contains(word)) {
            return Optional.of(Keyword.OPT_OUT);
        }
        if (KeywordClassifier.ENGLISH_OPT_IN.contains(word)) {
            return Optional.of(Keyword.OPT_IN);
        }
        return KeywordClassifier.ENGLISH_HELP.contains(word) ? Optional.of(Keyword.HELP) : Optional.empty();
    }

    /**
     * The recipient's reply to {@code message}.
     *
     * @throws SmsProviderException if the message came from an alphanumeric sender, which cannot be
     *                              replied to, or this provider has no {@link Capability#INBOUND_MESSAGES}
     */
    public InboundSms reply(SentSms message, String body) {
        Checks.notNull(message, "message");
        if (!message.from().canReceiveReplies()) {
            throw SmsProviderException.refused(FailureReason.INVALID_SENDER, "sender '" + message.from().value()
                    + "' is alphanumeric and cannot receive a reply from " + message.to().masked());
        }
        return inbound(message.to(), message.from().value(), body);
    }

    @Override
    public String toString() {
        return "InMemorySmsProvider[" + id + ", " + count() + " sent]";
    }

    private void refuseMisuse(OutboundSms message) {
        String body = message.body();
        if (body.length() > maxBodyLength) {
            throw SmsProviderException.refused(FailureReason.REJECTED_CONTENT, "body is " + body.length()
                    + " characters; provider '" + id + "' accepts at most " + maxBodyLength
                    + " (message to " + message.to().masked() + ", reference " + message.reference() + ")");
        }
        if (!capabilities.contains(Capability.UNICODE) && !SmsEncoding.isGsm7(body)) {
            throw SmsProviderException.refused(FailureReason.REJECTED_CONTENT, "body needs UCS-2 because of "
                    + SmsEncoding.measure(body).nonGsmCharacters() + " but provider '" + id
                    + "' does not declare UNICODE (reference " + message.reference() + ")");
        }
        if (!capabilities.contains(Capability.ALPHANUMERIC_SENDER) && message.from() instanceof SenderId) {
            throw SmsProviderException.refused(FailureReason.INVALID_SENDER, "sender '" + message.from().value()
                    + "' is alphanumeric but provider '" + id + "' does not declare ALPHANUMERIC_SENDER");
        }
    }

    private void requireCapability(Capability capability, String what) {
        if (!capabilities.contains(capability)) {
            throw SmsProviderException.refused(FailureReason.UNKNOWN, "provider '" + id + "' was built without "
                    + capability + ", so it has no " + what);
        }
    }

    /** Called with the lock held. */
    private SendResult decide(OutboundSms message, Instant at) {
        if (enforceThroughput) {
            Optional<Duration> wait = takeToken(at);
            if (wait.isPresent()) {
                return new SendResult.TransientFailure(FailureReason.RATE_LIMITED, RATE_LIMITED_CODE, wait,
                        "simulated: more than " + throughputPerSecond + " messages per second");
            }
        }
        if (optedOut.contains(message.to())) {
            return new SendResult.PermanentFailure(FailureReason.OPTED_OUT_AT_PROVIDER, OPTED_OUT_CODE,
                    "simulated: " + message.to().masked() + " opted out at the provider");
        }
        Deque<SendResult> queue = scripted.get(message.to());
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        if (failurePercentage > 0 && random.nextDouble() * 100 < failurePercentage) {
            return new SendResult.TransientFailure(FailureReason.PROVIDER_UNAVAILABLE, UNAVAILABLE_CODE,
                    Optional.empty(), "simulated random failure (" + failurePercentage + "% of sends)");
        }
        sequence++;
        return new SendResult.Accepted(id + "-" + sequence);
    }

    /**
     * The generic cell rate algorithm, in whole nanoseconds so that tests at exact boundaries are
     * exact: messages are due one interval apart, and a burst of up to one second's worth is allowed.
     * Empty if the message may go now, else how long until it may.
     */
    private Optional<Duration> takeToken(Instant now) {
        long interval = Math.max(1, Math.round(1e9 / throughputPerSecond));
        long burst = Math.max(1, (long) Math.floor(throughputPerSecond));
        Duration tolerance = Duration.ofNanos(interval).multipliedBy(burst - 1);
        Instant due = theoreticalArrival == null || theoreticalArrival.isBefore(now) ? now : theoreticalArrival;
        Duration ahead = Duration.between(now, due);
        if (ahead.compareTo(tolerance) > 0) {
            return Optional.of(ahead.minus(tolerance));
        }
        theoreticalArrival = due.plusNanos(interval);
        return Optional.empty();
    }

    /**
     * Configures an {@link InMemorySmsProvider}. Each setting may be given once; {@link #build()}
     * reports every problem at once in a {@link ValidationException}.
     */
    public static final class Builder {
        private final List<Problem> problems = new ArrayList<>();
        private final Set<String> given = new HashSet<>();
        private String id = "in-memory";
        private Clock clock = Clock.systemUTC();
        private Random random = new Random(0);
        private double throughputPerSecond = 100;
        private boolean enforceThroughput = true;
        private Set<Capability> capabilities = EnumSet.complementOf(EnumSet.of(Capability.ANSWERS_KEYWORDS));
        private double failurePercentage;
        private Duration latency = Duration.ZERO;
        private Consumer<Duration> sleeper;
        private int maxBodyLength = DEFAULT_MAX_BODY_LENGTH;
        private boolean answersKeywords;

        private Builder() {
        }

        /** The provider's {@link SmsProvider#id()}; not blank. Default {@code in-memory}. */
        public Builder id(String id) {
            if (once("id", id) && id.isBlank()) {
                problems.add(new Problem("id", "must not be blank"));
            }
            this.id = id;
            return this;
        }

        /** The clock for timestamps and rate limiting. Default the system UTC clock. */
        public Builder clock(Clock clock) {
            once("clock", clock);
            this.clock = clock;
            return this;
        }

        /** The source of random failures; give a seeded one for repeatable tests. Default {@code new Random(0)}. */
        public Builder random(Random random) {
            once("random", random);
            this.random = random;
            return this;
        }

        /** The declared throughput, positive and finite. Default 100. */
        public Builder throughputPerSecond(double messagesPerSecond) {
            once("throughputPerSecond", messagesPerSecond);
            if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
                problems.add(new Problem("throughputPerSecond", "must be positive and finite but was " + messagesPerSecond));
            }
            this.throughputPerSecond = messagesPerSecond;
            return this;
        }

        /** Whether sends above the declared throughput are answered with RATE_LIMITED. Default true. */
        public Builder enforceThroughput(boolean enforce) {
            once("enforceThroughput", enforce);
            this.enforceThroughput = enforce;
            return this;
        }

        /** The declared capabilities. Default all of them but {@link Capability#ANSWERS_KEYWORDS}. */
        public Builder capabilities(Collection<Capability> capabilities) {
            if (once("capabilities", capabilities)) {
                if (capabilities.contains(null)) {
                    problems.add(new Problem("capabilities", "must not contain null"));
                } else {
                    this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
                }
            }
            return this;
        }

        /** The declared capabilities. Default all of them but {@link Capability#ANSWERS_KEYWORDS}. */
        public Builder capabilities(Capability... capabilities) {
            return capabilities(capabilities == null ? null : java.util.Arrays.asList(capabilities));
        }

        /** The share of sends, 0 to 100, that fail transiently with PROVIDER_UNAVAILABLE. Default 0. */
        public Builder failurePercentage(double percentage) {
            once("failurePercentage", percentage);
            if (!(percentage >= 0 && percentage <= 100)) {
                problems.add(new Problem("failurePercentage", "must be from 0 to 100 but was " + percentage));
            }
            this.failurePercentage = percentage;
            return this;
        }

        /** How long each send takes, not negative. Default zero. Nothing waits unless a {@link #sleeper} is given. */
        public Builder latency(Duration latency) {
            if (once("latency", latency) && latency.isNegative()) {
                problems.add(new Problem("latency", "must not be negative but was " + latency));
            }
            this.latency = latency;
            return this;
        }

        /**
         * Called with the latency on every send, before the provider decides: a test clock's
         * {@code advance} to let simulated time pass, or {@link #threadSleeper()} to really wait.
         * Default none.
         */
        public Builder sleeper(Consumer<Duration> sleeper) {
            once("sleeper", sleeper);
            this.sleeper = sleeper;
            return this;
        }

        /** The longest body accepted, at least 1. Default 1600, the common provider limit. */
        public Builder maxBodyLength(int maxBodyLength) {
            once("maxBodyLength", maxBodyLength);
            if (maxBodyLength < 1) {
                problems.add(new Problem("maxBodyLength", "must be at least 1 but was " + maxBodyLength));
            }
            this.maxBodyLength = maxBodyLength;
            return this;
        }

        /**
         * Answer keywords as Twilio does by default (see the class description), and declare
         * {@link Capability#ANSWERS_KEYWORDS}, which needs {@link Capability#INBOUND_MESSAGES}. Off by default.
         */
        public Builder answersKeywords() {
            once("answersKeywords", Boolean.TRUE);
            this.answersKeywords = true;
            return this;
        }

        /**
         * The provider.
         *
         * @throws ValidationException listing every setting that was null, out of range or given twice
         */
        public InMemorySmsProvider build() {
            if (answersKeywords) {
                if (capabilities.contains(Capability.INBOUND_MESSAGES)) {
                    capabilities = EnumSet.copyOf(capabilities);
                    capabilities.add(Capability.ANSWERS_KEYWORDS);
                } else {
                    problems.add(new Problem("answersKeywords", "needs INBOUND_MESSAGES among the capabilities: texts"
                            + " the provider answered must reach the consent ledger too"));
                }
            }
            if (!problems.isEmpty()) {
                throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
            }
            return new InMemorySmsProvider(this);
        }

        /** Records a problem if the value is null or the setting was already given; true if the value can be checked further. */
        private boolean once(String setting, Object value) {
            boolean ok = true;
            if (!given.add(setting)) {
                problems.add(new Problem(setting, "was already set"));
                ok = false;
            }
            if (value == null) {
                problems.add(new Problem(setting, "is required but was null"));
                ok = false;
            }
            return ok;
        }
    }
}
