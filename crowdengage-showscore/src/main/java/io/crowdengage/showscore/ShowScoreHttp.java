package io.crowdengage.showscore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdengage.adapter.http.RetryAfter;
import io.crowdengage.adapter.http.Sleeper;
import io.crowdengage.internal.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two partner-token requests, with retries. Requests carry the show id, the count and the key,
 * nothing else: no customer, booking or number ever reaches this class.
 */
final class ShowScoreHttp {
    static final String GENERATE_PATH = "/api/v2/webhooks/partner_tokens/generate";
    static final String BULK_PATH = "/api/v2/webhooks/partner_tokens/bulk_generate";
    /** Longest review URL accepted; {@code show_score_url} declares the same maximum. */
    static final int MAX_REVIEW_URL_LENGTH = 200;

    /** Redirects followed within one request, at most. */
    static final int MAX_REDIRECTS = 3;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> SHOW_SCORE_HOSTS = Set.of("show-score.com", "www.show-score.com");
    private static final Logger LOG = LoggerFactory.getLogger(ShowScoreHttp.class);

    private final Set<String> redirectNoted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final ShowScoreConfig config;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final Clock clock;
    /** Jackson's default already leaves the source out of error locations; said here so that no upgrade brings it back. */
    private final ObjectMapper json = JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    ShowScoreHttp(ShowScoreConfig config, HttpClient client, Sleeper sleeper) {
        this.config = config;
        this.client = client;
        this.sleeper = sleeper;
        this.clock = config.clock();
    }

    /** The default client: the configured connect timeout, no redirects (a redirect could carry the key elsewhere). */
    static HttpClient defaultClient(ShowScoreConfig config) {
        return HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One new link for {@code showId}. */
    PartnerToken generate(String showId) throws ShowScoreException {
        Reply reply = generateReply(showId);
        requireSuccess(reply.body(), "generate");
        return token(reply.body(), "generate answer", Optional.empty());
    }

    /** The answer of one {@code generate} for {@code showId} as it came (for the live check), redirects followed. */
    Reply generateReply(String showId) throws ShowScoreException {
        URI uri = URI.create(config.generateBaseUrl() + GENERATE_PATH + "?show_id=" + encode(showId));
        return exchange("generate", uri, "X-Partner-API-Key", config.apiKey(), "showscore.apiKey", showId);
    }

    /**
     * A {@code bulk_generate} answer: the links, and the show id Show-Score said they are for (its own
     * documented example answers a request for show 2418 with show 1, so a difference is not fatal).
     */
    record Bulk(List<PartnerToken> tokens, Optional<String> answeredFor) {
    }

    /** {@code count} (at most 500) new links for {@code showId}. */
    Bulk bulkGenerate(String showId, int count) throws ShowScoreException {
        if (count < 1 || count > ShowScoreConfig.MAX_BULK_SIZE) {
            throw new IllegalArgumentException("count must be 1 to 500 but was " + count);
        }
        URI uri = URI.create(config.bulkBaseUrl() + BULK_PATH + "?show_id=" + encode(showId) + "&count=" + count);
        JsonNode body = exchange("bulk_generate", uri, "Authorization", "Bearer " + config.effectiveBulkKey(),
                config.bulkKeySetting(), showId).body();
        requireSuccess(body, "bulk_generate");
        JsonNode show = body.path("show");
        Optional<String> answeredFor = show.path("id").isValueNode() ? ShowIds.normalize(show.path("id").isNumber()
                ? show.path("id").numberValue() : show.path("id").asText()) : Optional.empty();
        JsonNode tokens = body.path("tokens");
        if (!tokens.isArray()) {
            throw new ShowScoreException(ShowScoreException.Reason.BAD_RESPONSE,
                    "bulk_generate for show " + showId + " answered without a 'tokens' list");
        }
        List<PartnerToken> result = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode node = tokens.get(i);
            String token = node.path("token").asText("");
            if (token.isBlank()) {
                throw new ShowScoreException(ShowScoreException.Reason.BAD_RESPONSE,
                        "bulk_generate for show " + showId + ": tokens[" + i + "] has no 'token'");
            }
            result.add(token(node, "bulk_generate tokens[" + i + "]", Optional.of(token)));
        }
        return new Bulk(result, answeredFor);
    }

    /** A success answer, and the redirects followed to get it (between Show-Score's own hosts only). */
    record Reply(JsonNode body, List<URI> redirectedTo) {
    }

    private Reply exchange(String endpoint, URI uri, String header, String headerValue, String keySetting,
                           String showId) throws ShowScoreException {
        ShowScoreRetry retry = config.retry();
        ShowScoreException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Optional<Duration> wait;
            try {
                List<URI> redirects = new ArrayList<>();
                HttpResponse<String> response = follow(endpoint, uri, header, headerValue, redirects);
                int status = response.statusCode();
                LOG.debug("GET {} -> {} (try {})", response.uri(), status, attempt);
                if (status >= 200 && status < 300) {
                    return new Reply(parse(response.body(), endpoint, showId), List.copyOf(redirects));
                }
                last = failure(status, response, endpoint, keySetting, showId);
                if (!last.retryable()) {
                    throw last;
                }
                if (last.reason() == ShowScoreException.Reason.RATE_LIMITED) {
                    // Without a Retry-After a quick retry would only be refused again within the same minute.
                    wait = last.retryAfter().filter(after -> after.compareTo(retry.backoffCap()) <= 0);
                    if (wait.isEmpty()) {
                        throw last;
                    }
                } else {
                    wait = Optional.of(retry.backoffAfter(attempt));
                }
            } catch (HttpTimeoutException e) {
                last = new ShowScoreException(ShowScoreException.Reason.UNAVAILABLE, "Show-Score did not answer "
                        + endpoint + " for show " + showId + " within " + config.requestTimeout(), Optional.empty(), e);
                wait = Optional.of(retry.backoffAfter(attempt));
            } catch (IOException e) {
                last = new ShowScoreException(ShowScoreException.Reason.UNAVAILABLE, "Show-Score could not be reached"
                        + " for " + endpoint + " (" + e.getClass().getSimpleName() + ")", Optional.empty(), e);
                wait = Optional.of(retry.backoffAfter(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShowScoreException(ShowScoreException.Reason.UNAVAILABLE,
                        "interrupted while calling Show-Score " + endpoint, Optional.empty(), e);
            }
            if (attempt < retry.maxAttempts()) {
                LOG.debug("{} for show {} failed ({}); trying again in {}", endpoint, showId, last.getMessage(),
                        wait.get());
                try {
                    sleeper.sleep(wait.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw last;
                }
            }
        }
        throw last;
    }

    /**
     * Sends the request, following redirects between Show-Score's own hosts (the configured base URLs,
     * {@code show-score.com} and {@code www.show-score.com} over https), at most {@link #MAX_REDIRECTS};
     * a redirect anywhere else is refused, since following it would carry the key there.
     */
    private HttpResponse<String> follow(String endpoint, URI first, String header, String headerValue,
                                        List<URI> redirects) throws IOException, InterruptedException, ShowScoreException {
        URI uri = first;
        for (int hop = 0; ; hop++) {
            HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(config.requestTimeout())
                    .header(header, headerValue).header("Accept", "application/json")
                    .header("User-Agent", config.userAgent()).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (!REDIRECTS.contains(status)) {
                return response;
            }
            URI from = uri;
            Optional<URI> target = response.headers().firstValue("Location").flatMap(location -> resolve(from, location));
            if (target.isEmpty() || !ownHost(target.get())) {
                throw new ShowScoreException(ShowScoreException.Reason.REDIRECTED, "Show-Score answered " + endpoint
                        + " with a redirect (HTTP " + status + ") to " + target.map(ShowScoreHttp::origin).orElse("nowhere readable")
                        + ", which is not one of Show-Score's hosts, so the key was not sent there; check "
                        + (endpoint.equals("generate") ? "showscore.generateBaseUrl" : "showscore.bulkBaseUrl"));
            }
            if (hop >= MAX_REDIRECTS) {
                throw new ShowScoreException(ShowScoreException.Reason.REDIRECTED, "Show-Score redirected " + endpoint
                        + " more than " + MAX_REDIRECTS + " times; check "
                        + (endpoint.equals("generate") ? "showscore.generateBaseUrl" : "showscore.bulkBaseUrl"));
            }
            redirects.add(target.get());
            if (redirectNoted.add(endpoint)) {
                LOG.info("Show-Score redirects {} from {} to {}; following it (setting the base URL to the latter saves"
                        + " a request)", endpoint, origin(uri), origin(target.get()));
            }
            uri = target.get();
        }
    }

    private static Optional<URI> resolve(URI base, String location) {
        try {
            return Optional.of(base.resolve(new URI(location.strip())));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code target} is one of Show-Score's hosts: under a configured base URL, or its public hosts over https. */
    private boolean ownHost(URI target) {
        String text = target.toString();
        for (String base : List.of(config.generateBaseUrl(), config.bulkBaseUrl())) {
            if (text.startsWith(base + "/")) {
                return true;
            }
        }
        String host = Optional.ofNullable(target.getHost()).orElse("").toLowerCase(Locale.ROOT);
        return "https".equalsIgnoreCase(target.getScheme()) && SHOW_SCORE_HOSTS.contains(host);
    }

    /** Scheme, host and port, never a path or query. */
    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private ShowScoreException failure(int status, HttpResponse<String> response, String endpoint, String keySetting,
                                       String showId) {
        switch (status) {
            case 401:
            case 403:
                return new ShowScoreException(ShowScoreException.Reason.INVALID_API_KEY, "Show-Score refused the"
                        + " partner API key (HTTP " + status + " on " + endpoint + "): set a valid key in " + keySetting
                        + " (ShowScoreConfig) and restart; show_score_url stops until then");
            case 404:
                return new ShowScoreException(ShowScoreException.Reason.UNKNOWN_SHOW, "Show-Score does not know show id "
                        + showId + " (HTTP 404 on " + endpoint + "); check the event's ShowScoreID");
            case 429:
                Optional<Duration> after = retryAfter(response);
                return new ShowScoreException(ShowScoreException.Reason.RATE_LIMITED, "Show-Score is rate limiting"
                        + " partner requests (HTTP 429 on " + endpoint + ")"
                        + after.map(d -> "; it asked us to wait " + d.toSeconds() + " s").orElse(""), after, null);
            case 408:
                return new ShowScoreException(ShowScoreException.Reason.UNAVAILABLE,
                        "Show-Score timed out " + endpoint + " (HTTP 408)");
            default:
                if (status >= 500) {
                    return new ShowScoreException(ShowScoreException.Reason.UNAVAILABLE,
                            "Show-Score failed " + endpoint + " for show " + showId + " (HTTP " + status + ")");
                }
                return new ShowScoreException(ShowScoreException.Reason.REFUSED, "Show-Score refused " + endpoint
                        + " for show id " + showId + " (HTTP " + status + errorText(response.body()) + ")");
        }
    }

    private Optional<Duration> retryAfter(HttpResponse<String> response) {
        return RetryAfter.of(response.headers(), clock);
    }

    private String errorText(String body) {
        try {
            JsonNode node = json.readTree(body);
            String text = node.path("error").asText(node.path("message").asText("")).strip();
            // Text from outside: numbers and emails masked, and cut short.
            String cut = text.length() > 120 ? text.substring(0, 120) + "..." : text;
            return text.isBlank() ? "" : ": " + Redaction.personalData(cut);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private JsonNode parse(String body, String endpoint, String showId) throws ShowScoreException {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ShowScoreException(ShowScoreException.Reason.BAD_RESPONSE,
                        endpoint + " for show " + showId + " answered something other than a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Not kept as the cause: Jackson's message quotes the offending token.
            throw new ShowScoreException(ShowScoreException.Reason.BAD_RESPONSE, endpoint + " for show " + showId
                    + " answered with a body that is not JSON: " + JsonErrors.describe(e));
        }
    }

    private static void requireSuccess(JsonNode body, String endpoint) throws ShowScoreException {
        if (!body.path("success").asBoolean(false)) {
            throw new ShowScoreException(ShowScoreException.Reason.BAD_RESPONSE,
                    endpoint + " answered without \"success\": true");
        }
    }

    private PartnerToken token(JsonNode node, String where, Optional<String> token) throws ShowScoreException {
        String url = node.path("review_url").asText("");
        if (!isReviewUrl(url)) {
            throw new ShowScoreException(ShowScoreException.Reason.BAD_RESPONSE, where + " has no usable 'review_url'"
                    + " (an absolute http(s) URL without spaces, at most " + MAX_REVIEW_URL_LENGTH + " characters)");
        }
        Optional<Instant> expiresAt = expiry(node.path("expires_at").asText(""));
        return new PartnerToken(token.orElse(url), url, expiresAt, clock.instant());
    }

    private static boolean isReviewUrl(String url) {
        if (url.isBlank() || url.length() > MAX_REVIEW_URL_LENGTH || url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /**
     * Reads {@code expires_at}: ISO 8601 with an offset or {@code Z}; without one, as UTC. Anything
     * else (missing, or a time without a date, as in Show-Score's own bulk example
     * {@code "T11:59:40.724-04:00"}) is an unknown expiry.
     */
    static Optional<Instant> expiry(String text) {
        String trimmed = text.strip();
        try {
            return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
