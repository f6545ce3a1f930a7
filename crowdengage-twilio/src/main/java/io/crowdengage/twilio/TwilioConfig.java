package io.crowdengage.twilio;

import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything {@link TwilioSmsProvider} and {@link TwilioWebhookHandler} need for one Twilio account.
 * Build one with {@link #builder()}; {@link Builder#build()} checks every value and throws one
 * {@link ValidationException} (reason {@code INVALID_CONFIGURATION}) listing every problem at once.
 *
 * <p>Requests are authenticated with the Auth Token or with an API key (SID and secret); an API key
 * is the better choice for sending, since it can be revoked alone. Webhooks are always signed with the
 * account's (primary) Auth Token, so the webhook handler needs it even when sending uses a key. The
 * sender of each message is the one the runtime gives ({@code VenueSettings}' sender), sent as
 * {@code From}; with a {@linkplain Builder#messagingServiceSid Messaging Service} Twilio picks the
 * sender from the service's pool instead.
 *
 * <p>Secrets never appear in {@link #toString()} or in a problem's message.
 *
 * @param accountSid          the account's SID, {@code AC} and 32 hexadecimal digits
 * @param authToken           the account's Auth Token; required for webhooks, and for sending unless an API key is set
 * @param apiKeySid           an API key's SID ({@code SK...}) to send with, instead of the Auth Token
 * @param apiKeySecret        that API key's secret
 * @param messagingServiceSid a Messaging Service ({@code MG...}) to send through; its sender pool picks the sender
 * @param statusCallbackUrl   the public URL Twilio posts delivery receipts to (our reference is added to its
 *                            query); without it the provider declares no {@code DELIVERY_RECEIPTS}
 * @param inboundWebhookUrl   the public URL configured in Twilio for incoming messages ("A message comes in")
 * @param throughputPerSecond how many messages a second this account may send: Twilio's rate for the sender
 *                            (for example 1 for a US long code, 10 for a UK long code, 100 for a short code),
 *                            divided by the segments a typical message has; required
 * @param keywordHandling     who answers STOP, START and HELP; default {@link TwilioKeywordHandling#TWILIO_DEFAULT}
 * @param validityPeriod      how long Twilio may queue a message before giving up (1 second to 10 hours, whole
 *                            seconds); empty, the default, leaves Twilio's own (10 hours)
 * @param connectTimeout      how long connecting may take; nothing is sent when it runs out; default 5 seconds
 * @param requestTimeout      how long one send may take; when it runs out the outcome is unknown; default 10 seconds
 * @param baseUrl             the API root; default {@code https://api.twilio.com}; http only for a loopback fake
 * @param userAgent           the User-Agent of every request; default {@value #DEFAULT_USER_AGENT}
 * @param clock               stamps inbound texts and receipts (Twilio's callbacks carry no time) and reads
 *                            {@code Retry-After} dates; default the system UTC clock
 * @param webhookMemory       how many recent webhook events the handler remembers, so that one Twilio delivers
 *                            twice changes nothing twice; default {@value #DEFAULT_WEBHOOK_MEMORY}
 */
public record TwilioConfig(String accountSid, Optional<String> authToken, Optional<String> apiKeySid,
                           Optional<String> apiKeySecret, Optional<String> messagingServiceSid,
                           Optional<URI> statusCallbackUrl, Optional<URI> inboundWebhookUrl, double throughputPerSecond,
                           TwilioKeywordHandling keywordHandling, Optional<Duration> validityPeriod,
                           Duration connectTimeout, Duration requestTimeout, URI baseUrl, String userAgent, Clock clock,
                           int webhookMemory) {

    /** Twilio's API host. */
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    /** Default for {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default for {@link #requestTimeout()}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default for {@link #userAgent()}. */
    public static final String DEFAULT_USER_AGENT = "crowdengage-twilio/0.1 (+java.net.http)";
    /** Default for {@link #webhookMemory()}. */
    public static final int DEFAULT_WEBHOOK_MEMORY = 50_000;
    /** The longest validity period Twilio accepts: 10 hours. */
    public static final Duration MAX_VALIDITY_PERIOD = Duration.ofHours(10);
    /** The query parameter of the status-callback URL that carries our message reference. */
    public static final String REFERENCE_PARAMETER = "ce_ref";

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final Pattern AUTH_TOKEN = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Validates every value and reports every problem at once. */
    public TwilioConfig {
        List<Problem> problems = new ArrayList<>();
        if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
            problems.add(problem("accountSid", "must be the account SID, AC and 32 hexadecimal digits, but was "
                    + quoted(accountSid)));
        }
        authToken = present(authToken, "authToken", problems);
        apiKeySid = present(apiKeySid, "apiKeySid", problems);
        apiKeySecret = present(apiKeySecret, "apiKeySecret", problems);
        messagingServiceSid = present(messagingServiceSid, "messagingServiceSid", problems);
        statusCallbackUrl = present(statusCallbackUrl, "statusCallbackUrl", problems);
        inboundWebhookUrl = present(inboundWebhookUrl, "inboundWebhookUrl", problems);
        validityPeriod = present(validityPeriod, "validityPeriod", problems);
        authToken.filter(token -> !AUTH_TOKEN.matcher(token).matches()).ifPresent(token -> problems.add(problem(
                "authToken", "must be the account's Auth Token, 32 hexadecimal digits, but is not (value not shown)")));
        apiKeySid.filter(sid -> !API_KEY_SID.matcher(sid).matches()).ifPresent(sid -> problems.add(problem(
                "apiKeySid", "must be an API key SID, SK and 32 hexadecimal digits, but was " + quoted(sid))));
        apiKeySecret.filter(secret -> secret.isBlank() || secret.chars().anyMatch(Character::isWhitespace))
                .ifPresent(secret -> problems.add(problem("apiKeySecret",
                        "must be the API key's secret, without spaces, but is not (value not shown)")));
        if (apiKeySid.isPresent() != apiKeySecret.isPresent()) {
            problems.add(problem("apiKey", "needs both the key's SID and its secret; only the "
                    + (apiKeySid.isPresent() ? "SID" : "secret") + " was given"));
        }
        if (authToken.isEmpty() && apiKeySid.isEmpty() && apiKeySecret.isEmpty()) {
            problems.add(problem("authToken", "is required unless an API key (SID and secret) is given"));
        }
        messagingServiceSid.filter(sid -> !MESSAGING_SERVICE_SID.matcher(sid).matches()).ifPresent(sid ->
                problems.add(problem("messagingServiceSid",
                        "must be a Messaging Service SID, MG and 32 hexadecimal digits, but was " + quoted(sid))));
        statusCallbackUrl.ifPresent(url -> {
            checkPublicUrl("statusCallbackUrl", url, problems);
            if (url.getRawQuery() != null && url.getRawQuery().matches("(.*&)?" + REFERENCE_PARAMETER + "=.*")) {
                problems.add(problem("statusCallbackUrl", "must not have a '" + REFERENCE_PARAMETER
                        + "' query parameter: the provider adds it (our message reference) to every send"));
            }
        });
        inboundWebhookUrl.ifPresent(url -> checkPublicUrl("inboundWebhookUrl", url, problems));
        if (statusCallbackUrl.isPresent() && inboundWebhookUrl.isPresent()
                && samePath(statusCallbackUrl.get(), inboundWebhookUrl.get())) {
            problems.add(problem("inboundWebhookUrl", "must have a different path from statusCallbackUrl, so that"
                    + " the webhook handler tells inbound texts from delivery receipts, but both are "
                    + inboundWebhookUrl.get().getRawPath()));
        }
        if (Double.isNaN(throughputPerSecond)) {
            problems.add(problem("throughputPerSecond", "must be set: how many messages a second the account's"
                    + " sender may send (1 for a US long code, 10 for a UK long code, 100 for a short code)"));
        } else if (!(throughputPerSecond > 0) || Double.isInfinite(throughputPerSecond)) {
            problems.add(problem("throughputPerSecond", "must be positive and finite but was " + throughputPerSecond));
        }
        if (keywordHandling == null) {
            problems.add(problem("keywordHandling", "must be set"));
        }
        validityPeriod.ifPresent(period -> {
            if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(MAX_VALIDITY_PERIOD) > 0
                    || period.toNanosPart() != 0) {
                problems.add(problem("validityPeriod", "must be whole seconds from 1 second to 10 hours but was "
                        + period));
            }
        });
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add(problem("connectTimeout", "must be positive but was " + connectTimeout));
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add(problem("requestTimeout", "must be positive but was " + requestTimeout));
        }
        if (baseUrl == null) {
            problems.add(problem("baseUrl", "must be set"));
        } else {
            checkBaseUrl(baseUrl, problems);
        }
        if (userAgent == null || userAgent.isBlank()) {
            problems.add(problem("userAgent", "must identify this integration but was " + quoted(userAgent)));
        }
        if (clock == null) {
            problems.add(problem("clock", "must be set"));
        }
        if (webhookMemory < 1 || webhookMemory > 10_000_000) {
            problems.add(problem("webhookMemory", "must be from 1 to 10000000 events but was " + webhookMemory));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
        }
    }

    /** A builder with every default set; the account SID, credentials and throughput are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The user name and password of HTTP Basic auth for the REST API: the API key if set, else the account and token. */
    String[] basicCredentials() {
        return apiKeySid.isPresent()
                ? new String[] {apiKeySid.get(), apiKeySecret.orElseThrow()}
                : new String[] {accountSid, authToken.orElseThrow()};
    }

    /** Everything but the secrets. */
    @Override
    public String toString() {
        return "TwilioConfig[accountSid=" + accountSid + ", authToken=" + authToken.map(t -> "(hidden)").orElse("none")
                + ", apiKeySid=" + apiKeySid.orElse("none") + ", apiKeySecret="
                + apiKeySecret.map(s -> "(hidden)").orElse("none") + ", messagingServiceSid="
                + messagingServiceSid.orElse("none") + ", statusCallbackUrl=" + statusCallbackUrl.map(URI::toString)
                .orElse("none") + ", inboundWebhookUrl=" + inboundWebhookUrl.map(URI::toString).orElse("none")
                + ", throughputPerSecond=" + throughputPerSecond + ", keywordHandling=" + keywordHandling
                + ", validityPeriod=" + validityPeriod.map(Duration::toString).orElse("Twilio's") + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", baseUrl=" + baseUrl + ", userAgent="
                + userAgent + ", clock=" + clock + ", webhookMemory=" + webhookMemory + "]";
    }

    private static <T> Optional<T> present(Optional<T> value, String field, List<Problem> problems) {
        if (value == null) {
            problems.add(problem(field, "must not be null; use Optional.empty()"));
            return Optional.empty();
        }
        return value;
    }

    private static boolean samePath(URI a, URI b) {
        return normalisedPath(a).equals(normalisedPath(b));
    }

    private static String normalisedPath(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static void checkPublicUrl(String field, URI url, List<Problem> problems) {
        if (!url.isAbsolute() || url.getHost() == null) {
            problems.add(problem(field, "must be an absolute URL with a host, as Twilio calls it, but was '" + url + "'"));
            return;
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT))) {
            // Webhooks carry numbers and message texts: Twilio posts them over TLS, to a certificate it trusts.
            problems.add(problem(field, "must use https (http is allowed only for a loopback test server) but was '"
                    + url + "'"));
        } else if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.add(problem(field, "must use https but was '" + url + "'"));
        }
        if (url.getRawFragment() != null) {
            problems.add(problem(field, "must not have a fragment but was '" + url + "'"));
        }
        if (url.getRawUserInfo() != null) {
            problems.add(problem(field, "must not carry a user name or password (Twilio signs its webhooks instead)"));
        }
    }

    private static void checkBaseUrl(URI baseUrl, List<Problem> problems) {
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null) {
            problems.add(problem("baseUrl", "must be an absolute URL with a host but was '" + baseUrl + "'"));
            return;
        }
        String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(baseUrl.getHost().toLowerCase(Locale.ROOT))) {
            // Requests carry the credentials and the recipients' numbers; plain HTTP only reaches a loopback fake.
            problems.add(problem("baseUrl", "must use https (http is allowed only for a loopback test server) but was '"
                    + baseUrl + "'"));
        } else if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.add(problem("baseUrl", "must use https but was '" + baseUrl + "'"));
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            problems.add(problem("baseUrl", "must not have a query or fragment but was '" + baseUrl + "'"));
        }
    }

    private static Problem problem(String field, String message) {
        return new Problem("twilio." + field, message);
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    /**
     * Builds a {@link TwilioConfig}. Each value may be set once; setting one twice is a mistake in the
     * caller's wiring and is reported by {@link #build()} with every other problem.
     */
    public static final class Builder {
        private final List<Problem> early = new ArrayList<>();
        private final Set<String> set = new HashSet<>();
        private String accountSid;
        private Optional<String> authToken = Optional.empty();
        private Optional<String> apiKeySid = Optional.empty();
        private Optional<String> apiKeySecret = Optional.empty();
        private Optional<String> messagingServiceSid = Optional.empty();
        private Optional<URI> statusCallbackUrl = Optional.empty();
        private Optional<URI> inboundWebhookUrl = Optional.empty();
        private double throughputPerSecond = Double.NaN;
        private TwilioKeywordHandling keywordHandling = TwilioKeywordHandling.TWILIO_DEFAULT;
        private Optional<Duration> validityPeriod = Optional.empty();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private String userAgent = DEFAULT_USER_AGENT;
        private Clock clock = Clock.systemUTC();
        private int webhookMemory = DEFAULT_WEBHOOK_MEMORY;

        private Builder() {
        }

        private void once(String field) {
            if (!set.add(field)) {
                early.add(problem(field, "was set twice; set each value once"));
            }
        }

        private Optional<URI> url(String field, String text) {
            if (text == null) {
                early.add(problem(field, "must not be null"));
                return Optional.empty();
            }
            try {
                return Optional.of(new URI(text.strip()));
            } catch (URISyntaxException e) {
                early.add(problem(field, "must be a URL but was '" + text + "': " + e.getReason()));
                return Optional.empty();
            }
        }

        /** The account SID ({@code AC...}). Required. */
        public Builder accountSid(String accountSid) {
            once("accountSid");
            this.accountSid = accountSid;
            return this;
        }

        /** The account's Auth Token: signs webhooks, and authenticates sends unless an API key is set. */
        public Builder authToken(String authToken) {
            once("authToken");
            this.authToken = Optional.ofNullable(authToken);
            if (authToken == null) {
                early.add(problem("authToken", "must not be null"));
            }
            return this;
        }

        /** An API key to send with: its SID ({@code SK...}) and secret. */
        public Builder apiKey(String sid, String secret) {
            once("apiKey");
            this.apiKeySid = Optional.ofNullable(sid);
            this.apiKeySecret = Optional.ofNullable(secret);
            return this;
        }

        /** Send through this Messaging Service ({@code MG...}) instead of from each message's own sender. */
        public Builder messagingServiceSid(String sid) {
            once("messagingServiceSid");
            this.messagingServiceSid = Optional.ofNullable(sid);
            if (sid == null) {
                early.add(problem("messagingServiceSid", "must not be null"));
            }
            return this;
        }

        /** The public URL for delivery receipts, as Twilio will call it (behind a proxy: the proxy's URL). */
        public Builder statusCallbackUrl(String url) {
            once("statusCallbackUrl");
            this.statusCallbackUrl = url("statusCallbackUrl", url);
            return this;
        }

        /** The public URL configured in Twilio for incoming messages, as Twilio calls it. */
        public Builder inboundWebhookUrl(String url) {
            once("inboundWebhookUrl");
            this.inboundWebhookUrl = url("inboundWebhookUrl", url);
            return this;
        }

        /** Messages a second the account may send. Required. */
        public Builder throughputPerSecond(double messagesPerSecond) {
            once("throughputPerSecond");
            this.throughputPerSecond = messagesPerSecond;
            return this;
        }

        /** Who answers STOP, START and HELP; default {@link TwilioKeywordHandling#TWILIO_DEFAULT}. */
        public Builder keywordHandling(TwilioKeywordHandling handling) {
            once("keywordHandling");
            this.keywordHandling = handling;
            return this;
        }

        /** How long Twilio may queue a message (1 second to 10 hours); default Twilio's own, 10 hours. */
        public Builder validityPeriod(Duration period) {
            once("validityPeriod");
            this.validityPeriod = Optional.ofNullable(period);
            if (period == null) {
                early.add(problem("validityPeriod", "must not be null"));
            }
            return this;
        }

        /** How long connecting may take; default 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            once("connectTimeout");
            this.connectTimeout = timeout;
            return this;
        }

        /** How long one send may take; default 10 seconds. */
        public Builder requestTimeout(Duration timeout) {
            once("requestTimeout");
            this.requestTimeout = timeout;
            return this;
        }

        /** The API root, for a fake server; default {@value TwilioConfig#DEFAULT_BASE_URL}. */
        public Builder baseUrl(String url) {
            once("baseUrl");
            this.baseUrl = url("baseUrl", url).orElse(null);
            return this;
        }

        /** The User-Agent header; default {@value TwilioConfig#DEFAULT_USER_AGENT}. */
        public Builder userAgent(String userAgent) {
            once("userAgent");
            this.userAgent = userAgent;
            return this;
        }

        /** The clock for webhook timestamps and Retry-After dates; default the system UTC clock. */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = clock;
            return this;
        }

        /** How many recent webhook events are remembered against redelivery; default 50,000. */
        public Builder webhookMemory(int events) {
            once("webhookMemory");
            this.webhookMemory = events;
            return this;
        }

        /**
         * The config.
         *
         * @throws ValidationException (INVALID_CONFIGURATION) listing every problem at once
         */
        public TwilioConfig build() {
            List<Problem> problems = new ArrayList<>(early);
            try {
                TwilioConfig config = new TwilioConfig(accountSid, authToken, apiKeySid, apiKeySecret,
                        messagingServiceSid, statusCallbackUrl, inboundWebhookUrl, throughputPerSecond,
                        keywordHandling, validityPeriod, connectTimeout, requestTimeout, baseUrl, userAgent, clock,
                        webhookMemory);
                if (problems.isEmpty()) {
                    return config;
                }
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
            throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
        }
    }
}
