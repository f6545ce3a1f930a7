package io.crowdengage.showscore.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.crowdengage.adapter.fake.Exchanges;
import io.crowdengage.adapter.fake.FaultScript;
import io.crowdengage.adapter.fake.HttpFault;
import io.crowdengage.adapter.fake.LoopbackServer;
import io.crowdengage.adapter.fake.RequestLog;
import io.crowdengage.internal.Checks;
import io.crowdengage.showscore.ShowScoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Show-Score's partner-token API on loopback, for tests: {@code generate} and {@code bulk_generate}
 * in the documented shapes, each link unique and expiring about six months after it is made (by
 * the clock given to the builder), at most 200 requests a minute (a sliding window; the 201st gets
 * 429 with a {@code Retry-After}), scripted faults, and a record of every request.
 *
 * <pre>{@code
 * try (FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).start()) {
 *     showScore.addShow("12345", "Twelfth Night");
 *     ShowScorePartnerLinks links = ShowScorePartnerLinks.create(showScore.configBuilder().build());
 *     ...
 *     showScore.failNext(1, Endpoint.GENERATE, Fault.serverError());
 *     assertThat(showScore.requests()).allSatisfy(r -> assertThat(r.everything()).doesNotContain("Ada"));
 * }
 * }</pre>
 *
 * <p>The two endpoints live on different hosts at Show-Score ({@code show-score.com} and
 * {@code www.show-score.com}); here they live under two path prefixes of one loopback port,
 * {@link #generateBaseUrl()} and {@link #bulkBaseUrl()}, and each answers 404 on the other's, so a
 * client that mixes them up fails. {@code generate} takes the key in {@code X-Partner-API-Key},
 * {@code bulk_generate} in {@code Authorization: Bearer}; anything else is 401. A show id the
 * server was not told about with {@link #addShow} is 404.
 *
 * <p>Where Show-Score's documentation is loose, the fake answers each way it may: what
 * {@code bulk_generate} says its show is ({@link Builder#bulkShowAnswer}; the documented example
 * answers a request for show 2418 with show 1), how {@code expires_at} is written
 * ({@link Builder#bulkExpiry}, {@link Builder#generateExpiry}; the documented bulk example has a time
 * and no date), a bare host that redirects to {@code www} ({@link Builder#apexRedirectsToWww}), and
 * scripted redirects elsewhere ({@link #redirectNext}).
 *
 * <p>The review links point at {@code https://www.show-score.test/...}, a reserved domain: they are
 * shaped like links but lead nowhere. Real {@code review_url} paths are Show-Score's own; clients
 * must pass them through unchanged. Thread-safe; each instance listens on its own ephemeral port.
 */
public final class FakeShowScoreServer implements AutoCloseable {
    /** The partner-token endpoints. */
    public enum Endpoint {
        /** {@code GET /api/v2/webhooks/partner_tokens/generate?show_id=}, one link. */
        GENERATE,
        /** {@code GET /api/v2/webhooks/partner_tokens/bulk_generate?show_id=&count=}, up to 500 links. */
        BULK_GENERATE
    }

    /** What {@code bulk_generate} says its links are for. */
    public enum BulkShowAnswer {
        /** The show asked for. */
        ASKED,
        /** Show 1, whatever was asked, as in Show-Score's own documented example (asked 2418, answered 1). */
        DOCUMENTED_EXAMPLE,
        /** No {@code show} at all. */
        NONE
    }

    /** How {@code expires_at} is written. */
    public enum ExpiryStyle {
        /** UTC with {@code Z}, as the documented {@code generate} example ({@code 2025-07-15T12:00:00Z}). */
        UTC,
        /** With an offset ({@code 2026-09-12T07:59:40.724-04:00}). */
        OFFSET,
        /** A time with an offset and no date, as the documented {@code bulk_generate} example ({@code T11:59:40.724-04:00}). */
        TIME_ONLY,
        /** Left out. */
        MISSING
    }

    /** The key the builder uses unless told otherwise. */
    public static final String DEFAULT_API_KEY = "fake-show-score-partner-key";
    /** Show-Score's documented limit. */
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 200;
    /** About six months, as Show-Score's links last. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(182);
    /** Where the fake's review links point: a reserved domain, so they lead nowhere. */
    public static final String DEFAULT_REVIEW_URL_BASE = "https://www.show-score.test/partner-reviews/";

    private static final String APEX = "/apex";
    private static final String WWW = "/www";
    private static final String GENERATE_PATH = "/api/v2/webhooks/partner_tokens/generate";
    private static final String BULK_PATH = "/api/v2/webhooks/partner_tokens/bulk_generate";
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final DateTimeFormatter EXPIRES_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ZoneOffset NEW_YORK_SUMMER = ZoneOffset.ofHours(-4);
    private static final DateTimeFormatter EXPIRES_AT_OFFSET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(NEW_YORK_SUMMER);
    private static final DateTimeFormatter EXPIRES_AT_TIME_ONLY =
            DateTimeFormatter.ofPattern("'T'HH:mm:ss.SSSxxx").withZone(NEW_YORK_SUMMER);
    private static final String TOKEN_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int TOKEN_LENGTH = 24;
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("Authorization", "X-Partner-API-Key");

    private final Clock clock;
    private final String apiKey;
    private final String bulkApiKey;
    private final int requestsPerMinute;
    private final Duration tokenLifetime;
    private final String reviewUrlBase;
    private final Random random;
    private final BulkShowAnswer bulkShowAnswer;
    private final ExpiryStyle generateExpiry;
    private final ExpiryStyle bulkExpiry;
    private final boolean apexRedirectsToWww;
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server;

    private final Object lock = new Object();
    private final Map<String, Show> shows = new LinkedHashMap<>();
    private final Set<String> tokens = new HashSet<>();
    private final List<String> issuedUrls = new ArrayList<>();
    private final Deque<Instant> window = new ArrayDeque<>();
    private final FaultScript<Endpoint, Fault> faults = new FaultScript<>();
    private final RequestLog<RecordedRequest> recorded = new RequestLog<>();
    private final FaultScript<Endpoint, String> redirects = new FaultScript<>();
    private int rateLimited;

    private FakeShowScoreServer(Builder builder) {
        this.clock = builder.clock;
        this.apiKey = builder.apiKey;
        this.bulkApiKey = builder.bulkApiKey.orElse(builder.apiKey);
        this.requestsPerMinute = builder.requestsPerMinute;
        this.tokenLifetime = builder.tokenLifetime;
        this.reviewUrlBase = builder.reviewUrlBase;
        this.random = builder.random;
        this.bulkShowAnswer = builder.bulkShowAnswer;
        this.generateExpiry = builder.generateExpiry;
        this.bulkExpiry = builder.bulkExpiry;
        this.apexRedirectsToWww = builder.apexRedirectsToWww;
        this.server = LoopbackServer.start("fake-show-score", this::handle);
    }

    /** A builder with the defaults: system clock, {@link #DEFAULT_API_KEY}, 200 requests a minute, 182-day links. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where {@code generate} lives, for {@link ShowScoreConfig.Builder#generateBaseUrl}. */
    public String generateBaseUrl() {
        return root() + APEX;
    }

    /** Where {@code bulk_generate} lives, for {@link ShowScoreConfig.Builder#bulkBaseUrl}. */
    public String bulkBaseUrl() {
        return root() + WWW;
    }

    /** A config builder holding this server's base URLs, keys and clock; add any other settings and build. */
    public ShowScoreConfig.Builder configBuilder() {
        ShowScoreConfig.Builder config = ShowScoreConfig.builder().apiKey(apiKey).generateBaseUrl(generateBaseUrl())
                .bulkBaseUrl(bulkBaseUrl()).clock(clock);
        return bulkApiKey.equals(apiKey) ? config : config.bulkApiKey(bulkApiKey);
    }

    private String root() {
        return server.baseUrl();
    }

    // ------------------------------------------------------------------ shows

    /** Makes {@code showId} known, with a title (its slug is made from the title). */
    public void addShow(String showId, String title) {
        Checks.notBlank(showId, "showId");
        Checks.notBlank(title, "title");
        synchronized (lock) {
            shows.put(showId, new Show(showId, title, slug(title)));
        }
    }

    /** Forgets a show: from now on its id is 404. */
    public void removeShow(String showId) {
        synchronized (lock) {
            shows.remove(showId);
        }
    }

    // ------------------------------------------------------------------ faults and recording

    /** Makes the next {@code times} requests to {@code endpoint} go wrong as {@code fault} says. */
    public void failNext(int times, Endpoint endpoint, Fault fault) {
        Checks.notNull(endpoint, "endpoint");
        faults.add(times, endpoint::equals, fault);
    }

    /** Makes the next {@code times} requests to either endpoint go wrong as {@code fault} says. */
    public void failNext(int times, Fault fault) {
        faults.add(times, fault);
    }

    /**
     * Makes the next {@code times} requests to {@code endpoint} answer {@code 301} with {@code location}
     * (a host that is not Show-Score's, say), before any key check.
     */
    public void redirectNext(int times, Endpoint endpoint, String location) {
        Checks.notNull(endpoint, "endpoint");
        redirects.add(times, endpoint::equals, Checks.notBlank(location, "location"));
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return recorded.all();
    }

    /** How many requests were received so far. */
    public int requestCount() {
        return recorded.count();
    }

    /** How many requests to {@code endpoint} were received so far. */
    public int requestCount(Endpoint endpoint) {
        return recorded.count(r -> r.endpoint().equals(Optional.of(endpoint)));
    }

    /** How many requests were refused with 429 by the rate limit (scripted 429s not counted). */
    public int rateLimitedCount() {
        synchronized (lock) {
            return rateLimited;
        }
    }

    /** Every review link issued so far, oldest first; each appears once. */
    public List<String> issuedReviewUrls() {
        synchronized (lock) {
            return List.copyOf(issuedUrls);
        }
    }

    /** Forgets the recorded requests (scripted faults, shows and issued links stay). */
    public void clearRequests() {
        recorded.clear();
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(Exchanges.body(exchange), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = Exchanges.query(exchange);
            Optional<Endpoint> endpoint = endpointOf(path);
            boolean keyAccepted = endpoint.map(e -> keyAccepted(e, exchange)).orElse(false);
            Optional<Fault> fault;
            Optional<Duration> limited;
            Optional<String> redirect;
            synchronized (lock) {
                Instant now = clock.instant();
                recorded.add(new RecordedRequest(now, exchange.getRequestMethod(), endpoint, path, query,
                        Exchanges.headersRedacting(exchange.getRequestHeaders(), CREDENTIAL_HEADERS), body, keyAccepted));
                redirect = endpoint.flatMap(redirects::take);
                if (redirect.isEmpty() && apexRedirectsToWww && path.startsWith(APEX + "/")) {
                    String rawQuery = exchange.getRequestURI().getRawQuery();
                    redirect = Optional.of(root() + WWW + path.substring(APEX.length()) + (rawQuery == null ? "" : "?" + rawQuery));
                }
                fault = redirect.isPresent() ? Optional.empty() : endpoint.flatMap(faults::take);
                limited = fault.isPresent() || endpoint.isEmpty() || redirect.isPresent() ? Optional.empty() : admit(now);
            }
            if (redirect.isPresent()) {
                exchange.getResponseHeaders().set("Location", redirect.get());
                respond(exchange, 301, error("Moved Permanently"), Optional.empty());
                return;
            }
            if (fault.isPresent() && applyFault(exchange, fault.get())) {
                return;
            }
            if (endpoint.isEmpty()) {
                respond(exchange, 404, error("no such path: " + path + " (generate is under " + APEX
                        + ", bulk_generate under " + WWW + ")"), Optional.empty());
                return;
            }
            if (limited.isPresent()) {
                respond(exchange, 429, error("Rate limit exceeded: " + requestsPerMinute + " requests per minute"),
                        limited);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, error("only GET is served"), Optional.empty());
                return;
            }
            if (!keyAccepted) {
                respond(exchange, 401, error("Invalid API key"), Optional.empty());
                return;
            }
            Answer answer;
            synchronized (lock) {
                answer = endpoint.get() == Endpoint.GENERATE ? generate(query) : bulkGenerate(query);
            }
            respond(exchange, answer.status, answer.body, Optional.empty());
        } catch (RuntimeException e) {
            respond(exchange, 500, error("the fake Show-Score server failed: " + e), Optional.empty());
        }
    }

    private Optional<Endpoint> endpointOf(String path) {
        if (path.equals(APEX + GENERATE_PATH) || (apexRedirectsToWww && path.equals(WWW + GENERATE_PATH))) {
            return Optional.of(Endpoint.GENERATE);
        }
        if (path.equals(WWW + BULK_PATH)) {
            return Optional.of(Endpoint.BULK_GENERATE);
        }
        return Optional.empty();
    }

    private boolean keyAccepted(Endpoint endpoint, HttpExchange exchange) {
        if (endpoint == Endpoint.GENERATE) {
            return apiKey.equals(exchange.getRequestHeaders().getFirst("X-Partner-API-Key"));
        }
        return ("Bearer " + bulkApiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /** Admits a request under the sliding one-minute window, or says how long until one would be admitted. */
    private Optional<Duration> admit(Instant now) {
        if (requestsPerMinute == 0) {
            return Optional.empty();
        }
        while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(WINDOW))) {
            window.pollFirst();
        }
        if (window.size() < requestsPerMinute) {
            window.addLast(now);
            return Optional.empty();
        }
        rateLimited++;
        Duration untilFree = Duration.between(now, window.peekFirst().plus(WINDOW));
        // Whole seconds, rounded up, and at least one: what a client can wait without being refused again.
        long seconds = Math.max(1, (untilFree.toMillis() + 999) / 1000);
        return Optional.of(Duration.ofSeconds(seconds));
    }

    private Answer generate(Map<String, String> query) {
        Optional<Answer> problem = showProblem(query);
        if (problem.isPresent()) {
            return problem.get();
        }
        ObjectNode body = json.createObjectNode();
        Instant expiresAt = clock.instant().plus(tokenLifetime);
        String token = newToken();
        body.put("success", true);
        body.put("review_url", reviewUrl(token));
        putExpiry(body, expiresAt, generateExpiry);
        return new Answer(200, body);
    }

    private Answer bulkGenerate(Map<String, String> query) {
        Optional<Answer> problem = showProblem(query);
        if (problem.isPresent()) {
            return problem.get();
        }
        int count;
        try {
            count = Integer.parseInt(query.getOrDefault("count", ""));
        } catch (NumberFormatException e) {
            return new Answer(400, error("count must be a whole number from 1 to 500"));
        }
        if (count < 1 || count > 500) {
            return new Answer(400, error("count must be from 1 to 500 but was " + count));
        }
        Show show = shows.get(query.get("show_id"));
        Instant expiresAt = clock.instant().plus(tokenLifetime);
        ObjectNode body = json.createObjectNode();
        body.put("success", true);
        body.put("count", count);
        if (bulkShowAnswer != BulkShowAnswer.NONE) {
            ObjectNode showNode = body.putObject("show");
            if (bulkShowAnswer == BulkShowAnswer.DOCUMENTED_EXAMPLE) {
                showNode.put("id", 1);
            } else if (show.id.chars().allMatch(Character::isDigit) && show.id.length() < 18) {
                showNode.put("id", Long.parseLong(show.id));
            } else {
                showNode.put("id", show.id);
            }
            showNode.put("title", show.title);
            showNode.put("slug", show.slug);
        }
        ArrayNode list = body.putArray("tokens");
        for (int i = 0; i < count; i++) {
            String token = newToken();
            putExpiry(list.addObject().put("token", token).put("review_url", reviewUrl(token)), expiresAt, bulkExpiry);
        }
        return new Answer(200, body);
    }

    private Optional<Answer> showProblem(Map<String, String> query) {
        String showId = query.get("show_id");
        if (showId == null || showId.isBlank()) {
            return Optional.of(new Answer(400, error("show_id is required")));
        }
        if (!shows.containsKey(showId)) {
            return Optional.of(new Answer(404, error("Show not found")));
        }
        return Optional.empty();
    }

    private String newToken() {
        String token;
        do {
            StringBuilder text = new StringBuilder(TOKEN_LENGTH);
            for (int i = 0; i < TOKEN_LENGTH; i++) {
                text.append(TOKEN_LETTERS.charAt(random.nextInt(TOKEN_LETTERS.length())));
            }
            token = text.toString();
        } while (!tokens.add(token));
        return token;
    }

    private String reviewUrl(String token) {
        String url = reviewUrlBase + token;
        issuedUrls.add(url);
        return url;
    }

    private static void putExpiry(ObjectNode node, Instant expiresAt, ExpiryStyle style) {
        switch (style) {
            case UTC -> node.put("expires_at", EXPIRES_AT.format(expiresAt));
            case OFFSET -> node.put("expires_at", EXPIRES_AT_OFFSET.format(expiresAt));
            case TIME_ONLY -> node.put("expires_at", EXPIRES_AT_TIME_ONLY.format(expiresAt));
            case MISSING -> {
            }
        }
    }

    /** Applies a fault; true if it answered (an error), false if the request should be served normally after all. */
    private boolean applyFault(HttpExchange exchange, Fault fault) throws IOException {
        return fault.http().answer(exchange, status -> {
            String message = switch (status) {
                case 401 -> "Invalid API key";
                case 404 -> "Show not found";
                case 429 -> "Rate limit exceeded";
                default -> status >= 500 ? "Internal server error, please retry later" : "Request refused";
            };
            try {
                return json.writeValueAsBytes(error(message));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private ObjectNode error(String message) {
        ObjectNode node = json.createObjectNode();
        node.put("success", false);
        node.put("error", message);
        return node;
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body, Optional<Duration> retryAfter)
            throws IOException {
        Exchanges.respond(exchange, status, HttpFault.JSON, json.writeValueAsBytes(body), retryAfter);
    }

    private static String slug(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "show" : slug;
    }

    private record Show(String id, String title, String slug) {
    }

    private record Answer(int status, ObjectNode body) {
    }

    /** Configures a {@link FakeShowScoreServer}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private String apiKey = DEFAULT_API_KEY;
        private Optional<String> bulkApiKey = Optional.empty();
        private int requestsPerMinute = DEFAULT_REQUESTS_PER_MINUTE;
        private Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        private String reviewUrlBase = DEFAULT_REVIEW_URL_BASE;
        private Random random = new Random();
        private BulkShowAnswer bulkShowAnswer = BulkShowAnswer.ASKED;
        private ExpiryStyle generateExpiry = ExpiryStyle.UTC;
        private ExpiryStyle bulkExpiry = ExpiryStyle.UTC;
        private boolean apexRedirectsToWww;

        private Builder() {
        }

        /** What {@code bulk_generate} says its links are for; default the show asked for. */
        public Builder bulkShowAnswer(BulkShowAnswer answer) {
            this.bulkShowAnswer = Checks.notNull(answer, "bulkShowAnswer");
            return this;
        }

        /** How {@code generate} writes {@code expires_at}; default {@link ExpiryStyle#UTC}, as documented. */
        public Builder generateExpiry(ExpiryStyle style) {
            this.generateExpiry = Checks.notNull(style, "generateExpiry");
            return this;
        }

        /**
         * How {@code bulk_generate} writes {@code expires_at}; default {@link ExpiryStyle#UTC}. Its documented
         * example is {@link ExpiryStyle#TIME_ONLY}.
         */
        public Builder bulkExpiry(ExpiryStyle style) {
            this.bulkExpiry = Checks.notNull(style, "bulkExpiry");
            return this;
        }

        /**
         * Whether every request to {@link #generateBaseUrl()} (Show-Score's bare host) is answered 301 to the
         * same path on {@link #bulkBaseUrl()} ({@code www}), which then serves {@code generate} too, as a web
         * host that canonicalises to {@code www} does; default false.
         */
        public Builder apexRedirectsToWww(boolean redirects) {
            this.apexRedirectsToWww = redirects;
            return this;
        }

        /** The clock link expiry and the rate-limit window are read from; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** The key both endpoints accept, unless {@link #bulkApiKey} sets another for bulk; default {@link #DEFAULT_API_KEY}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Checks.notBlank(apiKey, "apiKey");
            return this;
        }

        /** A separate key {@code bulk_generate} accepts; default the {@link #apiKey}. */
        public Builder bulkApiKey(String bulkApiKey) {
            this.bulkApiKey = Optional.of(Checks.notBlank(bulkApiKey, "bulkApiKey"));
            return this;
        }

        /** Requests a minute before 429; 0 turns the limit off; default 200. */
        public Builder requestsPerMinute(int requestsPerMinute) {
            Checks.notNegative(requestsPerMinute, "requestsPerMinute");
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        /** How long after it is made a link expires; default 182 days. */
        public Builder tokenLifetime(Duration tokenLifetime) {
            Checks.require(tokenLifetime != null && !tokenLifetime.isNegative() && !tokenLifetime.isZero(),
                    "tokenLifetime", "must be positive but was " + tokenLifetime);
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        /** What review links start with; the token follows; default {@link #DEFAULT_REVIEW_URL_BASE}. */
        public Builder reviewUrlBase(String base) {
            this.reviewUrlBase = Checks.notBlank(base, "reviewUrlBase");
            return this;
        }

        /** The randomness tokens are made from; seed it for repeatable links. Tokens are unique either way. */
        public Builder random(Random random) {
            this.random = Checks.notNull(random, "random");
            return this;
        }

        /** Starts the server on an ephemeral loopback port. */
        public FakeShowScoreServer start() {
            return new FakeShowScoreServer(this);
        }
    }
}
