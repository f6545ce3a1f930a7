package io.crowdengage.showscore;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdengage.adapter.http.Sleeper;
import io.crowdengage.check.CheckReport;
import io.crowdengage.check.Finding;
import io.crowdengage.internal.Checks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live check of Show-Score's partner-token API for one venue. By default it spends nothing: it
 * asks each host for its front page without a key (is it reachable from here, does it redirect),
 * and checks the venue's show ids. Only when allowed does it make one {@code generate} call,
 * which spends one token, to see the key accepted and the answer's shape. It never calls
 * {@code bulk_generate}. Findings never hold the key or a review link's token.
 */
public final class ShowScoreCheck {
    private final ShowScoreConfig config;
    private final HttpClient client;
    private final ShowScoreHttp http;

    private ShowScoreCheck(ShowScoreConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
        this.http = new ShowScoreHttp(config, client, Sleeper.REAL);
    }

    /** A check with the JDK's HTTP client configured from {@code config} (no redirects followed by the client). */
    public static ShowScoreCheck create(ShowScoreConfig config) {
        return create(config, ShowScoreHttp.defaultClient(Checks.notNull(config, "config")));
    }

    /** A check over your own HTTP client; it must not follow redirects. */
    public static ShowScoreCheck create(ShowScoreConfig config, HttpClient client) {
        return new ShowScoreCheck(Checks.notNull(config, "config"), Checks.notNull(client, "client"));
    }

    /**
     * Runs the check.
     *
     * @param showIdsByEvent  the ShowScoreID of each event about to be performed, as typed in the ticketing
     *                        system, by event id (may be empty)
     * @param spendOneToken   whether one {@code generate} call may be made; it spends one token
     * @param showId          the show to spend it on; by default the first usable id of {@code showIdsByEvent}
     */
    public CheckReport run(Map<String, String> showIdsByEvent, boolean spendOneToken, Optional<String> showId) {
        Checks.notNull(showIdsByEvent, "showIdsByEvent");
        Checks.notNull(showId, "showId");
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("generate at " + config.generateBaseUrl() + ", bulk_generate at " + config.bulkBaseUrl()
                + (config.bulkApiKey().isPresent() ? " (its own key)" : " (the same key)"));
        host("generate host", config.generateBaseUrl(), findings);
        host("bulk_generate host", config.bulkBaseUrl(), findings);
        Map<String, String> usable = showIds(showIdsByEvent, findings, notes);
        if (!spendOneToken) {
            findings.add(Finding.ok("generate", "the key and the answer's shape", "not called",
                    "run with --spend-one-token to spend one token on checking them"));
        } else {
            Optional<String> chosen = showId.flatMap(ShowIds::normalize).or(() -> usable.values().stream().findFirst());
            if (chosen.isEmpty()) {
                findings.add(Finding.degraded("generate", "a show id to ask for", "none",
                        "set showscore.showId in the config, or give an event a ShowScoreID"));
            } else {
                generate(chosen.get(), findings, notes);
            }
        }
        notes.add("bulk_generate is never called by the check (every call spends tokens); its answers are read as"
                + " Show-Score documents them, another show id and an expiry without a date included");
        return new CheckReport("Show-Score", findings, notes);
    }

    /** A plain GET of the host's front page, without the key: reachable from here, and where it redirects. */
    private void host(String item, String base, List<Finding> findings) {
        URI root = URI.create(base + "/");
        HttpRequest request = HttpRequest.newBuilder(root).GET().timeout(config.requestTimeout())
                .header("User-Agent", config.userAgent()).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                URI target = root.resolve(location.get().strip());
                String host = Optional.ofNullable(target.getHost()).orElse("");
                boolean own = host.equalsIgnoreCase("show-score.com") || host.equalsIgnoreCase("www.show-score.com")
                        || target.toString().startsWith(config.generateBaseUrl()) || target.toString().startsWith(config.bulkBaseUrl());
                String origin = target.getScheme() + "://" + host + (target.getPort() < 0 ? "" : ":" + target.getPort());
                findings.add(own ? Finding.ok(item, base, "reachable; redirects to " + origin,
                        "redirects between Show-Score's hosts are followed, key and all (setting the base URL to "
                                + origin + " saves a request)")
                        : Finding.blocking(item, base, "redirects to " + origin + ", which is not Show-Score's",
                        "the key is not sent there: check the base URL setting"));
            } else {
                findings.add(Finding.ok(item, base, "reachable (HTTP " + status + " at the front page)"));
            }
        } catch (IOException e) {
            findings.add(Finding.blocking(item, base, "not reachable from here (" + e.getClass().getSimpleName() + ")",
                    "no link can be fetched: check the network, a proxy or the base URL"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add(Finding.blocking(item, base, "interrupted", "run the check again"));
        }
    }

    private Map<String, String> showIds(Map<String, String> byEvent, List<Finding> findings, List<String> notes) {
        Map<String, String> usable = new LinkedHashMap<>();
        if (byEvent.isEmpty()) {
            notes.add("no show ids given (no ticketing section, or no event about to be performed has a ShowScoreID):"
                    + " review texts go only to performances whose event has one");
            return usable;
        }
        byEvent.forEach((event, typed) -> {
            Optional<String> id = ShowIds.normalize(typed);
            if (id.isPresent()) {
                usable.put(event, id.get());
            } else {
                findings.add(Finding.degraded("show ids", "event '" + event + "' attribute_ShowScoreID",
                        ShowIds.describe(typed) + ", which is not a show id",
                        "its review texts are skipped (FUNCTION_NO_VALUE) until it is corrected"));
            }
        });
        findings.add(Finding.ok("show ids", "attribute_ShowScoreID", usable.size() + " of " + byEvent.size()
                + " events with one have a usable id (" + String.join(", ", new java.util.LinkedHashSet<>(usable.values())) + ")"));
        return usable;
    }

    private void generate(String showId, List<Finding> findings, List<String> notes) {
        String area = "generate";
        notes.add("spent one token: generate for show " + showId);
        ShowScoreHttp.Reply reply;
        try {
            reply = http.generateReply(showId);
        } catch (ShowScoreException e) {
            Finding.Status status = switch (e.reason()) {
                case UNKNOWN_SHOW, RATE_LIMITED, UNAVAILABLE -> Finding.Status.DEGRADED;
                default -> Finding.Status.BLOCKING;
            };
            String then = switch (e.reason()) {
                case INVALID_API_KEY -> "no link can be fetched: set a valid key";
                case UNKNOWN_SHOW -> "texts for that show are skipped: check the event's ShowScoreID with Show-Score";
                case RATE_LIMITED, UNAVAILABLE -> "the key could not be checked now: run the check again later";
                default -> "no link can be fetched this way";
            };
            findings.add(new Finding(area, "show " + showId, status, e.reason() + ": " + e.getMessage(), then));
            return;
        }
        for (URI hop : reply.redirectedTo()) {
            findings.add(Finding.ok(area, "redirect", "followed to " + hop.getScheme() + "://" + hop.getHost()
                    + (hop.getPort() < 0 ? "" : ":" + hop.getPort()), "set showscore.generateBaseUrl there to save a request"));
        }
        JsonNode body = reply.body();
        findings.add(body.path("success").asBoolean(false) ? Finding.ok(area, "success (documented)", "true")
                : Finding.blocking(area, "success (documented)", "not true", "a link is never taken from such an answer"));
        String url = body.path("review_url").asText("");
        Optional<URI> review = Optional.empty();
        try {
            review = url.isBlank() ? Optional.empty() : Optional.of(new URI(url));
        } catch (java.net.URISyntaxException e) {
            review = Optional.empty();
        }
        boolean usableUrl = review.isPresent() && review.get().getHost() != null
                && url.length() <= ShowScoreHttp.MAX_REVIEW_URL_LENGTH;
        findings.add(usableUrl ? Finding.ok(area, "review_url (documented)", "a link on " + review.get().getHost()
                + " of " + url.length() + " characters (its token is not shown)")
                : Finding.blocking(area, "review_url (documented)", url.isBlank() ? "absent" : "not a usable link",
                "no link can be sent from such an answer"));
        String expiresText = body.path("expires_at").asText("");
        Optional<Instant> expiry = ShowScoreHttp.expiry(expiresText);
        if (expiry.isPresent()) {
            long days = Duration.between(config.clock().instant(), expiry.get()).toDays();
            findings.add(Finding.ok(area, "expires_at (documented, format not)", expiry.get() + ", in " + days + " days"));
        } else {
            findings.add(Finding.degraded(area, "expires_at (documented, format not)", expiresText.isBlank() ? "absent"
                    : "without a readable date", "links are sent at once; pooled ones are handed out only within "
                    + PartnerToken.UNKNOWN_EXPIRY_USE.toMinutes() + " minutes of being fetched"));
        }
    }
}
