package io.crowdengage.spektrix;

import io.crowdengage.error.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything {@link SpektrixTicketingSystem} needs to reach one Spektrix system. Build one with
 * {@link #builder()}; {@link Builder#build()} checks every value and throws one
 * {@link ValidationException} (reason {@code INVALID_CONFIGURATION}) listing every problem.
 *
 * <p>The secret key never appears in {@link #toString()}.
 *
 * @param clientName         the Spektrix client name, the path segment after the host (for example {@code apitesting})
 * @param baseUrl            the API root, without a trailing slash; default {@code https://system.spektrix.com/{clientName}/api/v3}
 * @param loginName          the API user's login name
 * @param secretKey          the API user's secret key, base64 as Spektrix issues it
 * @param venueZone          the zone in which Spektrix's local {@code start} times are read
 * @param defaultPhoneRegion the ISO 3166 region for mobiles typed without a country code; default {@code GB}
 * @param cacheExpiry        how long events, instances, tags and statements are kept before they are read
 *                           again; default 5 minutes; zero turns caching off
 * @param requestTimeout     how long one HTTP request may take; default 20 seconds
 * @param retryPolicy        retries after 429, 5xx and timeouts; default {@link RetryPolicy#DEFAULT}
 * @param syncPageLimit      how many orders a full {@code orders/sync} page holds when the answer does not
 *                           say ({@code paging.limit}); default 100, as Spektrix documents
 * @param orderHistory       how far back the booking index behind {@link SpektrixTicketingSystem#bookingsOf}
 *                           reads {@code orders/sync} when it first fills; default 400 days
 * @param instanceLookback   how many days before today instance listings start ({@code instances?startFrom=});
 *                           default 14 days, enough for messages sent after a performance
 * @param userAgent          the User-Agent sent with every request; Cloudflare in front of Spektrix blocks
 *                           anonymous default agents; default {@code crowdengage-spektrix/0.1 (+java.net.http)}
 * @param syncSinceZone      the zone in which Spektrix reads {@code orders/sync?since=} and writes the
 *                           {@code since} of {@code paging.next} (both carry no offset); default UTC, which
 *                           Spektrix's documentation does not state: {@code check spektrix} says whether the
 *                           live system agrees
 * @param heldBackRetention  how long a booking whose performance cannot be read is held back and asked for
 *                           again before it is given up (reported as left out); default 3 days
 */
public record SpektrixConfig(String clientName, String baseUrl, String loginName, String secretKey, ZoneId venueZone,
                             String defaultPhoneRegion, Duration cacheExpiry, Duration requestTimeout,
                             RetryPolicy retryPolicy, int syncPageLimit, Duration orderHistory,
                             Duration instanceLookback, String userAgent, ZoneId syncSinceZone,
                             Duration heldBackRetention) {

    /** The Spektrix host that serves clients without a custom domain. */
    public static final String DEFAULT_HOST = "https://system.spektrix.com";
    /** Default for {@link #defaultPhoneRegion()}. */
    public static final String DEFAULT_PHONE_REGION = "GB";
    /** Default for {@link #cacheExpiry()}. */
    public static final Duration DEFAULT_CACHE_EXPIRY = Duration.ofMinutes(5);
    /** Default for {@link #requestTimeout()}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Default for {@link #syncPageLimit()}: Spektrix's documented page size for {@code orders/sync}. */
    public static final int DEFAULT_SYNC_PAGE_LIMIT = 100;
    /** Default for {@link #orderHistory()}. */
    public static final Duration DEFAULT_ORDER_HISTORY = Duration.ofDays(400);
    /** Default for {@link #instanceLookback()}. */
    public static final Duration DEFAULT_INSTANCE_LOOKBACK = Duration.ofDays(14);
    /** Default for {@link #userAgent()}. */
    public static final String DEFAULT_USER_AGENT = "crowdengage-spektrix/0.1 (+java.net.http)";
    /** Default for {@link #syncSinceZone()}: UTC, an assumption (the documentation does not say). */
    public static final ZoneId DEFAULT_SYNC_SINCE_ZONE = java.time.ZoneOffset.UTC;
    /** Default for {@link #heldBackRetention()}. */
    public static final Duration DEFAULT_HELD_BACK_RETENTION = Duration.ofDays(3);

    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    public SpektrixConfig {
        List<ValidationException.Problem> problems = new ArrayList<>();
        if (clientName == null || !CLIENT_NAME.matcher(clientName).matches()) {
            problems.add(problem("clientName", "must be the Spektrix client name (letters, digits, '-' or '_') but was "
                    + quoted(clientName)));
        }
        if (baseUrl == null) {
            problems.add(problem("baseUrl", "must be set"));
        } else {
            baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            checkBaseUrl(baseUrl, problems);
        }
        if (loginName == null || loginName.isBlank()) {
            problems.add(problem("loginName", "must be the API user's login name but was " + quoted(loginName)));
        }
        if (secretKey == null || secretKey.isBlank()) {
            problems.add(problem("secretKey", "must be the API user's secret key but was empty"));
        } else if (!isBase64(secretKey)) {
            // Never echo the key: it is a credential even when malformed.
            problems.add(problem("secretKey", "must be base64 as Spektrix issues it, but is not (value not shown)"));
        }
        if (venueZone == null) {
            problems.add(problem("venueZone", "must be the venue's time zone, for example Europe/London"));
        }
        if (defaultPhoneRegion == null || !REGION.matcher(defaultPhoneRegion).matches()) {
            problems.add(problem("defaultPhoneRegion", "must be a two-letter ISO 3166 region such as GB but was "
                    + quoted(defaultPhoneRegion)));
        }
        if (cacheExpiry == null || cacheExpiry.isNegative()) {
            problems.add(problem("cacheExpiry", "must be zero (no caching) or positive but was " + cacheExpiry));
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add(problem("requestTimeout", "must be positive but was " + requestTimeout));
        }
        if (retryPolicy == null) {
            problems.add(problem("retryPolicy", "must be set"));
        }
        if (syncPageLimit < 1 || syncPageLimit > 10_000) {
            problems.add(problem("syncPageLimit", "must be between 1 and 10000 but was " + syncPageLimit));
        }
        if (orderHistory == null || orderHistory.isNegative() || orderHistory.isZero()) {
            problems.add(problem("orderHistory", "must be positive but was " + orderHistory));
        }
        if (instanceLookback == null || instanceLookback.isNegative()) {
            problems.add(problem("instanceLookback", "must be zero or positive but was " + instanceLookback));
        }
        if (userAgent == null || userAgent.isBlank()) {
            problems.add(problem("userAgent", "must identify this integration (Cloudflare blocks default agents) but was "
                    + quoted(userAgent)));
        }
        if (syncSinceZone == null) {
            problems.add(problem("syncSinceZone", "must be the zone Spektrix reads orders/sync's 'since' in, for example UTC"));
        }
        if (heldBackRetention == null || heldBackRetention.isNegative() || heldBackRetention.isZero()) {
            problems.add(problem("heldBackRetention", "must be positive but was " + heldBackRetention));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
        }
    }

    /** A builder with every default set; client name, login name, secret key and venue zone are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The default base URL for a client: {@code https://system.spektrix.com/{clientName}/api/v3}. */
    public static String defaultBaseUrl(String clientName) {
        return DEFAULT_HOST + "/" + clientName + "/api/v3";
    }

    /** Everything but the secret key. */
    @Override
    public String toString() {
        return "SpektrixConfig[clientName=" + clientName + ", baseUrl=" + baseUrl + ", loginName=" + loginName
                + ", secretKey=(hidden), venueZone=" + venueZone + ", defaultPhoneRegion=" + defaultPhoneRegion
                + ", cacheExpiry=" + cacheExpiry + ", requestTimeout=" + requestTimeout + ", retryPolicy=" + retryPolicy
                + ", syncPageLimit=" + syncPageLimit + ", orderHistory=" + orderHistory + ", instanceLookback="
                + instanceLookback + ", userAgent=" + userAgent + ", syncSinceZone=" + syncSinceZone
                + ", heldBackRetention=" + heldBackRetention + "]";
    }

    private static void checkBaseUrl(String baseUrl, List<ValidationException.Problem> problems) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            problems.add(problem("baseUrl", "must be an absolute URL but was '" + baseUrl + "': " + e.getReason()));
            return;
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        String host = Optional.ofNullable(uri.getHost()).orElse("");
        if (host.isEmpty()) {
            problems.add(problem("baseUrl", "must be an absolute URL with a host but was '" + baseUrl + "'"));
        } else if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
            // Signed requests carry customer data; plain HTTP is only for a loopback fake server.
            problems.add(problem("baseUrl", "must use https (http is allowed only for a loopback test server) but was '"
                    + baseUrl + "'"));
        } else if (!scheme.equals("https") && !scheme.equals("http")) {
            problems.add(problem("baseUrl", "must use https but was '" + baseUrl + "'"));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(problem("baseUrl", "must not have a query or fragment but was '" + baseUrl + "'"));
        }
    }

    private static boolean isBase64(String value) {
        try {
            return Base64.getDecoder().decode(value).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ValidationException.Problem problem(String field, String message) {
        return new ValidationException.Problem("spektrix." + field, message);
    }

    private static String quoted(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    /**
     * Builds a {@link SpektrixConfig}. Each value may be set once; setting one twice is a mistake in
     * the caller's wiring and is reported by {@link #build()} with the others.
     */
    public static final class Builder {
        private final List<ValidationException.Problem> setTwice = new ArrayList<>();
        private final Set<String> set = new java.util.HashSet<>();
        private String clientName;
        private String baseUrl;
        private String loginName;
        private String secretKey;
        private ZoneId venueZone;
        private String defaultPhoneRegion = DEFAULT_PHONE_REGION;
        private Duration cacheExpiry = DEFAULT_CACHE_EXPIRY;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int syncPageLimit = DEFAULT_SYNC_PAGE_LIMIT;
        private Duration orderHistory = DEFAULT_ORDER_HISTORY;
        private Duration instanceLookback = DEFAULT_INSTANCE_LOOKBACK;
        private String userAgent = DEFAULT_USER_AGENT;
        private ZoneId syncSinceZone = DEFAULT_SYNC_SINCE_ZONE;
        private Duration heldBackRetention = DEFAULT_HELD_BACK_RETENTION;

        private Builder() {
        }

        private void once(String field) {
            if (!set.add(field)) {
                setTwice.add(problem(field, "was set twice; set each value once"));
            }
        }

        /** The Spektrix client name. Required. */
        public Builder clientName(String clientName) {
            once("clientName");
            this.clientName = clientName;
            return this;
        }

        /** The API root, for a custom domain or a fake server; default from the client name. */
        public Builder baseUrl(String baseUrl) {
            once("baseUrl");
            this.baseUrl = baseUrl;
            return this;
        }

        /** The API user's login name. Required. */
        public Builder loginName(String loginName) {
            once("loginName");
            this.loginName = loginName;
            return this;
        }

        /** The API user's secret key, base64. Required. */
        public Builder secretKey(String secretKey) {
            once("secretKey");
            this.secretKey = secretKey;
            return this;
        }

        /** The venue's zone. Required. */
        public Builder venueZone(ZoneId venueZone) {
            once("venueZone");
            this.venueZone = venueZone;
            return this;
        }

        /** The region for national-form mobiles; default {@code GB}. */
        public Builder defaultPhoneRegion(String region) {
            once("defaultPhoneRegion");
            this.defaultPhoneRegion = region;
            return this;
        }

        /** How long reference data is cached; default 5 minutes; zero for none. */
        public Builder cacheExpiry(Duration cacheExpiry) {
            once("cacheExpiry");
            this.cacheExpiry = cacheExpiry;
            return this;
        }

        /** The per-request timeout; default 20 seconds. */
        public Builder requestTimeout(Duration requestTimeout) {
            once("requestTimeout");
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Retries; default {@link RetryPolicy#DEFAULT}. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            once("retryPolicy");
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** The {@code orders/sync} page size to assume when an answer does not state it; default 100. */
        public Builder syncPageLimit(int syncPageLimit) {
            once("syncPageLimit");
            this.syncPageLimit = syncPageLimit;
            return this;
        }

        /** How far back the booking index reads orders; default 400 days. */
        public Builder orderHistory(Duration orderHistory) {
            once("orderHistory");
            this.orderHistory = orderHistory;
            return this;
        }

        /** How far before today instance listings start; default 14 days. */
        public Builder instanceLookback(Duration instanceLookback) {
            once("instanceLookback");
            this.instanceLookback = instanceLookback;
            return this;
        }

        /** The User-Agent header; default {@link #DEFAULT_USER_AGENT}. */
        public Builder userAgent(String userAgent) {
            once("userAgent");
            this.userAgent = userAgent;
            return this;
        }

        /**
         * The zone Spektrix reads {@code orders/sync?since=} in; default UTC. Set it to the venue's zone
         * if {@code check spektrix} reports that {@code paging.next} is written in local time.
         */
        public Builder syncSinceZone(ZoneId syncSinceZone) {
            once("syncSinceZone");
            this.syncSinceZone = syncSinceZone;
            return this;
        }

        /** How long a booking whose performance cannot be read is held back and retried; default 3 days. */
        public Builder heldBackRetention(Duration heldBackRetention) {
            once("heldBackRetention");
            this.heldBackRetention = heldBackRetention;
            return this;
        }

        /**
         * The config.
         *
         * @throws ValidationException (INVALID_CONFIGURATION) listing every problem at once
         */
        public SpektrixConfig build() {
            List<ValidationException.Problem> problems = new ArrayList<>(setTwice);
            String resolvedBaseUrl = baseUrl != null ? baseUrl
                    : clientName != null ? defaultBaseUrl(clientName) : null;
            try {
                SpektrixConfig config = new SpektrixConfig(clientName, resolvedBaseUrl, loginName, secretKey, venueZone,
                        defaultPhoneRegion, cacheExpiry, requestTimeout, retryPolicy, syncPageLimit, orderHistory,
                        instanceLookback, userAgent, syncSinceZone, heldBackRetention);
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
