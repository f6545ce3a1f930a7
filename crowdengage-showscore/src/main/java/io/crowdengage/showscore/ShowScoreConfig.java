package io.crowdengage.showscore;

import io.crowdengage.error.ValidationException;
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
 * Everything {@link ShowScorePartnerLinks} needs to reach Show-Score's partner-token API. Build one
 * with {@link #builder()}; {@link Builder#build()} checks every value and throws one
 * {@link ValidationException} (reason {@code INVALID_CONFIGURATION}) listing every problem.
 *
 * <p>The API keys never appear in {@link #toString()}, in logs or in error messages.
 *
 * @param apiKey               the partner API key, sent to {@code generate} as {@code X-Partner-API-Key}
 * @param bulkApiKey           the key sent to {@code bulk_generate} as {@code Authorization: Bearer}, when
 *                             Show-Score issued a separate one; empty means {@code apiKey}
 * @param generateBaseUrl      where {@code /api/v2/webhooks/partner_tokens/generate} lives; default
 *                             {@value #DEFAULT_GENERATE_BASE_URL}
 * @param bulkBaseUrl          where {@code /api/v2/webhooks/partner_tokens/bulk_generate} lives; default
 *                             {@value #DEFAULT_BULK_BASE_URL}
 * @param connectTimeout       how long connecting may take (used by the default HTTP client); default 5 seconds
 * @param requestTimeout       how long one request may take; default 10 seconds
 * @param retry                retries and pauses after 429, 5xx and timeouts; default {@link ShowScoreRetry#DEFAULT}
 * @param bulkSize             tokens asked for per {@code bulk_generate} request, 1 to 500 (Show-Score's
 *                             maximum); default 500
 * @param minimumRefill        when a show's pool is topped up before a wave, at least this many tokens are
 *                             fetched, so a few late bookers do not each cost a request; spares stay pooled
 *                             for the show's next performance; 1 to 500, default 20
 * @param nearExpiryMargin     a pooled token expiring within this margin is dropped, never sent: the customer
 *                             needs time to read the text and review; 3 to 90 days, default 14 days
 * @param unknownShowRetention how long a show id Show-Score answered 404 for is remembered as unknown (no
 *                             request, the step skipped for it) before it is asked about again; 1 minute to
 *                             1 day, default 1 hour
 * @param showIdAttribute      the event raw attribute holding the ShowScoreID, read when prefetching; default
 *                             {@value #DEFAULT_SHOW_ID_ATTRIBUTE}, which is where Spektrix puts it
 * @param userAgent            the User-Agent sent with every request
 * @param clock                the clock token expiry, pauses and remembered answers are timed by; default
 *                             the system clock in UTC
 */
public record ShowScoreConfig(String apiKey, Optional<String> bulkApiKey, String generateBaseUrl, String bulkBaseUrl,
                              Duration connectTimeout, Duration requestTimeout, ShowScoreRetry retry, int bulkSize,
                              int minimumRefill, Duration nearExpiryMargin, Duration unknownShowRetention,
                              String showIdAttribute, String userAgent, Clock clock) {
    /** Show-Score's host for {@code generate}. */
    public static final String DEFAULT_GENERATE_BASE_URL = "https://show-score.com";
    /** Show-Score's host for {@code bulk_generate} (the documented host differs from {@code generate}'s). */
    public static final String DEFAULT_BULK_BASE_URL = "https://www.show-score.com";
    /** The event attribute Spektrix venues add, as the Show-Score guide says. */
    public static final String DEFAULT_SHOW_ID_ATTRIBUTE = "attribute_ShowScoreID";
    /** The User-Agent unless another is set. */
    public static final String DEFAULT_USER_AGENT = "crowdengage-showscore/0.1 (+java.net.http)";
    /** Show-Score's most tokens per {@code bulk_generate}. */
    public static final int MAX_BULK_SIZE = 500;

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MINIMUM_REFILL = 20;
    static final Duration DEFAULT_NEAR_EXPIRY_MARGIN = Duration.ofDays(14);
    static final Duration DEFAULT_UNKNOWN_SHOW_RETENTION = Duration.ofHours(1);

    /** Visible ASCII only: a key is sent in an HTTP header, where spaces and control characters break or inject. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,512}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    public ShowScoreConfig {
        List<ValidationException.Problem> problems = new ArrayList<>();
        checkKey("apiKey", apiKey, problems);
        if (bulkApiKey == null) {
            problems.add(problem("bulkApiKey", "must be empty (use apiKey) or a key, never null"));
        } else {
            bulkApiKey.ifPresent(key -> checkKey("bulkApiKey", key, problems));
        }
        generateBaseUrl = checkBaseUrl("generateBaseUrl", generateBaseUrl, problems);
        bulkBaseUrl = checkBaseUrl("bulkBaseUrl", bulkBaseUrl, problems);
        checkBetween("connectTimeout", connectTimeout, Duration.ofMillis(1), Duration.ofMinutes(2), problems);
        checkBetween("requestTimeout", requestTimeout, Duration.ofMillis(1), Duration.ofMinutes(2), problems);
        if (retry == null) {
            problems.add(problem("retry", "must be set"));
        }
        if (bulkSize < 1 || bulkSize > MAX_BULK_SIZE) {
            problems.add(problem("bulkSize", "must be between 1 and " + MAX_BULK_SIZE + " (Show-Score's maximum per"
                    + " bulk_generate) but was " + bulkSize));
        }
        if (minimumRefill < 1 || minimumRefill > MAX_BULK_SIZE) {
            problems.add(problem("minimumRefill", "must be between 1 and " + MAX_BULK_SIZE + " but was " + minimumRefill));
        }
        checkBetween("nearExpiryMargin", nearExpiryMargin, Duration.ofDays(3), Duration.ofDays(90), problems);
        checkBetween("unknownShowRetention", unknownShowRetention, Duration.ofMinutes(1), Duration.ofDays(1), problems);
        if (showIdAttribute == null || !ATTRIBUTE.matcher(showIdAttribute).matches()) {
            problems.add(problem("showIdAttribute", "must be an event attribute name such as "
                    + DEFAULT_SHOW_ID_ATTRIBUTE + " but was " + quoted(showIdAttribute)));
        }
        if (userAgent == null || userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
            problems.add(problem("userAgent", "must be printable text identifying this integration but was "
                    + quoted(userAgent)));
        }
        if (clock == null) {
            problems.add(problem("clock", "must be set"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
        }
    }

    /** A builder with every default set; only the API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The key {@code bulk_generate} is called with: {@link #bulkApiKey()}, or else {@link #apiKey()}. */
    String effectiveBulkKey() {
        return bulkApiKey.orElse(apiKey);
    }

    /** The setting to fix when {@code bulk_generate} refuses its key. */
    String bulkKeySetting() {
        return bulkApiKey.isPresent() ? "showscore.bulkApiKey" : "showscore.apiKey";
    }

    /** Everything but the keys. */
    @Override
    public String toString() {
        return "ShowScoreConfig[apiKey=(hidden), bulkApiKey=" + (bulkApiKey.isPresent() ? "(hidden)" : "(apiKey)")
                + ", generateBaseUrl=" + generateBaseUrl + ", bulkBaseUrl=" + bulkBaseUrl + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", retry=" + retry + ", bulkSize=" + bulkSize
                + ", minimumRefill=" + minimumRefill + ", nearExpiryMargin=" + nearExpiryMargin
                + ", unknownShowRetention=" + unknownShowRetention + ", showIdAttribute=" + showIdAttribute
                + ", userAgent=" + userAgent + ", clock=" + clock + "]";
    }

    private static void checkKey(String field, String key, List<ValidationException.Problem> problems) {
        // Never echo a key, not even a malformed one: it is a credential.
        if (key == null || key.isBlank()) {
            problems.add(problem(field, "must be the partner API key Show-Score issued, but was empty"));
        } else if (!KEY.matcher(key).matches()) {
            problems.add(problem(field, "must be the partner API key Show-Score issued, without spaces, line breaks"
                    + " or other control characters, at most 512 characters (value not shown)"));
        }
    }

    private static String checkBaseUrl(String field, String url, List<ValidationException.Problem> problems) {
        if (url == null) {
            problems.add(problem(field, "must be set"));
            return null;
        }
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            problems.add(problem(field, "must be an absolute URL but was '" + url + "': " + e.getReason()));
            return trimmed;
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        String host = Optional.ofNullable(uri.getHost()).orElse("");
        if (host.isEmpty()) {
            problems.add(problem(field, "must be an absolute URL with a host but was '" + url + "'"));
        } else if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            // The API key travels in a header: plain HTTP is only for a loopback fake server.
            problems.add(problem(field, "must use https (http is allowed only for a loopback test server) but was '"
                    + url + "'"));
        } else if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.add(problem(field, "must use https but was '" + url + "'"));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(problem(field, "must not have a query or fragment but was '" + url + "'"));
        }
        return trimmed;
    }

    private static void checkBetween(String field, Duration value, Duration min, Duration max,
                                     List<ValidationException.Problem> problems) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(problem(field, "must be between " + min + " and " + max + " but was " + value));
        }
    }

    private static ValidationException.Problem problem(String field, String message) {
        return new ValidationException.Problem("showscore." + field, message);
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    /**
     * Builds a {@link ShowScoreConfig}. Each value may be set once; setting one twice is a mistake in
     * the caller's wiring and is reported by {@link #build()} with the others.
     */
    public static final class Builder {
        private final List<ValidationException.Problem> setTwice = new ArrayList<>();
        private final Set<String> set = new HashSet<>();
        private String apiKey;
        private Optional<String> bulkApiKey = Optional.empty();
        private String generateBaseUrl = DEFAULT_GENERATE_BASE_URL;
        private String bulkBaseUrl = DEFAULT_BULK_BASE_URL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private ShowScoreRetry retry = ShowScoreRetry.DEFAULT;
        private int bulkSize = MAX_BULK_SIZE;
        private int minimumRefill = DEFAULT_MINIMUM_REFILL;
        private Duration nearExpiryMargin = DEFAULT_NEAR_EXPIRY_MARGIN;
        private Duration unknownShowRetention = DEFAULT_UNKNOWN_SHOW_RETENTION;
        private String showIdAttribute = DEFAULT_SHOW_ID_ATTRIBUTE;
        private String userAgent = DEFAULT_USER_AGENT;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        private void once(String field) {
            if (!set.add(field)) {
                setTwice.add(problem(field, "was set twice; set each value once"));
            }
        }

        /** The partner API key Show-Score issued. Required. */
        public Builder apiKey(String apiKey) {
            once("apiKey");
            this.apiKey = apiKey;
            return this;
        }

        /** A separate key for {@code bulk_generate}, if Show-Score issued one; default the {@link #apiKey}. */
        public Builder bulkApiKey(String bulkApiKey) {
            once("bulkApiKey");
            this.bulkApiKey = Optional.ofNullable(bulkApiKey);
            if (bulkApiKey == null) {
                setTwice.add(problem("bulkApiKey", "must be a key; leave it unset to use apiKey"));
            }
            return this;
        }

        /** The base URL of {@code generate}; default {@value ShowScoreConfig#DEFAULT_GENERATE_BASE_URL}. */
        public Builder generateBaseUrl(String url) {
            once("generateBaseUrl");
            this.generateBaseUrl = url;
            return this;
        }

        /** The base URL of {@code bulk_generate}; default {@value ShowScoreConfig#DEFAULT_BULK_BASE_URL}. */
        public Builder bulkBaseUrl(String url) {
            once("bulkBaseUrl");
            this.bulkBaseUrl = url;
            return this;
        }

        /** The connect timeout of the default HTTP client; default 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            once("connectTimeout");
            this.connectTimeout = timeout;
            return this;
        }

        /** The per-request timeout; default 10 seconds. */
        public Builder requestTimeout(Duration timeout) {
            once("requestTimeout");
            this.requestTimeout = timeout;
            return this;
        }

        /** Retries and pauses; default {@link ShowScoreRetry#DEFAULT}. */
        public Builder retry(ShowScoreRetry retry) {
            once("retry");
            this.retry = retry;
            return this;
        }

        /** Tokens per {@code bulk_generate}; default and maximum 500. */
        public Builder bulkSize(int bulkSize) {
            once("bulkSize");
            this.bulkSize = bulkSize;
            return this;
        }

        /** The fewest tokens a top-up fetches; default 20. */
        public Builder minimumRefill(int minimumRefill) {
            once("minimumRefill");
            this.minimumRefill = minimumRefill;
            return this;
        }

        /** Pooled tokens expiring within this margin are dropped; default 14 days. */
        public Builder nearExpiryMargin(Duration margin) {
            once("nearExpiryMargin");
            this.nearExpiryMargin = margin;
            return this;
        }

        /** How long an unknown show id is remembered; default 1 hour. */
        public Builder unknownShowRetention(Duration retention) {
            once("unknownShowRetention");
            this.unknownShowRetention = retention;
            return this;
        }

        /** The event raw attribute holding the ShowScoreID; default {@value ShowScoreConfig#DEFAULT_SHOW_ID_ATTRIBUTE}. */
        public Builder showIdAttribute(String attribute) {
            once("showIdAttribute");
            this.showIdAttribute = attribute;
            return this;
        }

        /** The User-Agent header; default {@value ShowScoreConfig#DEFAULT_USER_AGENT}. */
        public Builder userAgent(String userAgent) {
            once("userAgent");
            this.userAgent = userAgent;
            return this;
        }

        /** The clock; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = clock;
            return this;
        }

        /**
         * The config.
         *
         * @throws ValidationException (INVALID_CONFIGURATION) listing every problem at once
         */
        public ShowScoreConfig build() {
            List<ValidationException.Problem> problems = new ArrayList<>(setTwice);
            try {
                ShowScoreConfig config = new ShowScoreConfig(apiKey, bulkApiKey, generateBaseUrl, bulkBaseUrl,
                        connectTimeout, requestTimeout, retry, bulkSize, minimumRefill, nearExpiryMargin,
                        unknownShowRetention, showIdAttribute, userAgent, clock);
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
