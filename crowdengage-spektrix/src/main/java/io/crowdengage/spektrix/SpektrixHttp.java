package io.crowdengage.spektrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdengage.adapter.http.RetryAfter;
import io.crowdengage.adapter.http.Sleeper;
import io.crowdengage.internal.Redaction;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed GET requests to one Spektrix system, with retries, and answers turned into JSON or a
 * {@link TicketingException} that says what to do. Never logs the Authorization header or the key.
 */
final class SpektrixHttp {
    private static final Logger LOG = LoggerFactory.getLogger(SpektrixHttp.class);

    private final SpektrixConfig config;
    private final Clock clock;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final RequestSigner signer;
    private final ObjectMapper json;

    SpektrixHttp(SpektrixConfig config, Clock clock, HttpClient client, Sleeper sleeper, ObjectMapper json) {
        this.config = config;
        this.clock = clock;
        this.client = client;
        this.sleeper = sleeper;
        this.signer = new RequestSigner(config.loginName(), config.secretKey());
        this.json = json;
    }

    /** The absolute URL of a path below the API root, such as {@code events} or {@code orders/sync?since=...}. */
    String url(String relative) {
        return config.baseUrl() + "/" + relative;
    }

    /**
     * GETs {@code relative} and parses the JSON answer; a 404 is an empty answer.
     *
     * @param relative path and query below the API root, already encoded
     * @param what     what is being read, for error messages ("customer 'X'")
     */
    Optional<JsonNode> getOrNotFound(String relative, String what) {
        return exchange(relative, what, false).map(Answer::body);
    }

    /**
     * GETs {@code relative} where Spektrix may not offer it: a 404 or a 400 (an expansion or a
     * sub-resource this system does not have) is an empty answer.
     */
    Optional<JsonNode> getIfOffered(String relative, String what) {
        return exchange(relative, what, true).map(Answer::body);
    }

    /** GETs {@code relative} with the time the answer was made, by Spektrix's {@code Date} header; 404 is BAD_RESPONSE. */
    Answer getAnswer(String relative, String what) {
        return exchange(relative, what, false).orElseThrow(() -> notFound(relative, what));
    }

    /** A JSON answer and the instant Spektrix says it was made, when its {@code Date} header is readable. */
    record Answer(JsonNode body, Optional<java.time.Instant> date) {
    }

    private Optional<Answer> exchange(String relative, String what, boolean badRequestIsAbsence) {
        String url = url(relative);
        URI uri = URI.create(url);
        // The signature covers the URL byte for byte; make sure the client will send exactly it.
        if (!uri.toString().equals(url)) {
            throw new TicketingException(Reason.MISUSE, "the URL for " + what + " would be re-encoded: " + url);
        }
        RetryPolicy retry = config.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= retry.maxAttempts();
            Failure failure;
            try {
                HttpResponse<byte[]> response = send(uri, url);
                int status = response.statusCode();
                LOG.debug("GET {} -> {} (attempt {})", url, status, attempt);
                if (status >= 200 && status < 300) {
                    return Optional.of(new Answer(parse(response, url, what), date(response)));
                }
                if (status == 404 || (status == 400 && badRequestIsAbsence)) {
                    return Optional.empty();
                }
                if (status == 401 || status == 403) {
                    throw authenticationFailure(response, url);
                }
                if (status == 429) {
                    Optional<Duration> retryAfter = retryAfter(response);
                    failure = new Failure(Reason.RATE_LIMITED, "Spektrix answered 429 Too Many Requests for " + url
                            + retryAfter.map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse(""), retryAfter);
                } else if (status >= 500) {
                    failure = new Failure(Reason.UNAVAILABLE, "Spektrix answered " + status + " for " + url
                            + htmlNote(response), Optional.empty());
                } else {
                    throw new TicketingException(Reason.BAD_RESPONSE, "Spektrix answered " + status + " for " + what
                            + " (" + url + ") with " + bodySummary(response) + htmlNote(response));
                }
            } catch (HttpTimeoutException e) {
                failure = new Failure(Reason.UNAVAILABLE, "Spektrix did not answer " + url + " within "
                        + config.requestTimeout(), Optional.empty());
            } catch (IOException e) {
                failure = new Failure(Reason.UNAVAILABLE, "could not reach Spektrix at " + url + ": " + e, Optional.empty());
            }
            if (last) {
                throw new TicketingException(failure.reason, failure.message + " (gave up after " + attempt
                        + (attempt == 1 ? " attempt)" : " attempts)"));
            }
            Duration wait = failure.retryAfter.orElse(retry.backoffAfter(attempt));
            if (wait.compareTo(retry.backoffCap()) > 0) {
                throw new TicketingException(failure.reason, failure.message + ": Spektrix asks to wait longer than the "
                        + "retry policy's cap of " + retry.backoffCap() + ", so this tick gives up");
            }
            LOG.warn("{}; trying again in {} ms (attempt {} of {})", failure.message, wait.toMillis(), attempt + 1,
                    retry.maxAttempts());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TicketingException(Reason.UNAVAILABLE, "interrupted while waiting to retry " + url, e);
            }
        }
    }

    /** GETs {@code relative}; a 404 is a BAD_RESPONSE naming what was read. */
    JsonNode get(String relative, String what) {
        return getOrNotFound(relative, what).orElseThrow(() -> notFound(relative, what));
    }

    private TicketingException notFound(String relative, String what) {
        return new TicketingException(Reason.BAD_RESPONSE, "Spektrix answered 404 Not Found for " + what + " ("
                + url(relative) + "): check the client name '" + config.clientName() + "' and the base URL");
    }

    private static Optional<java.time.Instant> date(HttpResponse<byte[]> response) {
        try {
            return response.headers().firstValue("Date")
                    .map(text -> ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private HttpResponse<byte[]> send(URI uri, String url) throws IOException {
        String date = RequestSigner.dateHeader(clock.instant());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(config.requestTimeout())
                .header("Date", date)
                .header("Authorization", signer.authorization("GET", url, date, Optional.empty()))
                .header("Accept", "application/json")
                .header("User-Agent", config.userAgent())
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TicketingException(Reason.UNAVAILABLE, "interrupted while reading " + url, e);
        }
    }

    private JsonNode parse(HttpResponse<byte[]> response, String url, String what) {
        if (looksLikeHtml(response)) {
            // A 2xx HTML page is not a passing outage: it is a proxy, a login page or a wrong base URL,
            // and retrying will not change it, so it is BAD_RESPONSE (not retryable) rather than UNAVAILABLE.
            throw new TicketingException(Reason.BAD_RESPONSE, "Spektrix answered " + what + " (" + url
                    + ") with an HTML page instead of JSON (" + SafeText.htmlTitle(response.body()) + "); this usually"
                    + " comes from Cloudflare or a proxy in front of Spektrix, or from a base URL that is not the API root");
        }
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            // Neither the body nor Jackson's message (which quotes the offending token) is repeated, nor is the
            // exception kept as the cause: the body holds customers' names, emails and mobiles.
            throw new TicketingException(Reason.BAD_RESPONSE, "Spektrix answered " + what + " (" + url
                    + ") with a body that is not JSON: " + SafeText.jsonError(e) + "; " + response.body().length
                    + " bytes, not quoted here since Spektrix's answers hold personal data");
        } catch (IOException e) {
            throw new TicketingException(Reason.BAD_RESPONSE, "could not read Spektrix's answer for " + what + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private TicketingException authenticationFailure(HttpResponse<byte[]> response, String url) {
        return new TicketingException(Reason.AUTHENTICATION, "Spektrix refused the signed request for " + url + " with "
                + response.statusCode() + ": check the API login name ('" + config.loginName()
                + "'), the secret key, and this server's clock (the signed Date header was '"
                + response.request().headers().firstValue("Date").orElse("?")
                + "'; Spektrix rejects signatures from a clock that is off)" + htmlNote(response));
    }

    private static String htmlNote(HttpResponse<byte[]> response) {
        return looksLikeHtml(response)
                ? "; the answer was an HTML page, which comes from Cloudflare in front of Spektrix rather than from the "
                + "API (a blocked User-Agent or a challenge page)"
                : "";
    }

    private static boolean looksLikeHtml(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return true;
        }
        String start = new String(response.body(), 0, Math.min(response.body().length, 64), StandardCharsets.UTF_8)
                .stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /**
     * What an error answer held, without its text: Spektrix's messages may quote a customer, and names
     * cannot be masked the way numbers and emails can.
     */
    private static String bodySummary(HttpResponse<byte[]> response) {
        if (response.body().length == 0) {
            return "an empty body";
        }
        String type = response.headers().firstValue("Content-Type").orElse("no Content-Type");
        return "a body of " + response.body().length + " bytes (" + Redaction.personalData(type)
                + "), not quoted here since Spektrix's answers may hold personal data";
    }

    /** Retry-After as delta-seconds or an HTTP date; an unreadable one is ignored (the backoff applies). */
    private Optional<Duration> retryAfter(HttpResponse<byte[]> response) {
        Optional<String> header = response.headers().firstValue(RetryAfter.HEADER);
        Optional<Duration> wait = header.flatMap(value -> RetryAfter.parse(value, clock));
        if (header.isPresent() && wait.isEmpty()) {
            LOG.debug("ignoring unreadable Retry-After '{}'", header.get());
        }
        return wait;
    }

    private record Failure(Reason reason, String message, Optional<Duration> retryAfter) {
    }
}
