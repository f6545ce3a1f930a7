package io.crowdengage.showscore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.testkit.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FakeShowScoreServer")
class FakeShowScoreServerTest {
    private static final String KEY = FakeShowScoreServer.DEFAULT_API_KEY;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-14T22:30:00Z"));
    private final FakeShowScoreServer server = FakeShowScoreServer.builder().clock(clock).start();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    {
        server.addShow("12345", "Twelfth Night");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> generate(String showId, String header, String value) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.generateBaseUrl()
                + "/api/v2/webhooks/partner_tokens/generate?show_id=" + showId)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> bulk(String showId, int count, String authorization) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.bulkBaseUrl()
                + "/api/v2/webhooks/partner_tokens/bulk_generate?show_id=" + showId + "&count=" + count))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("generate answers success, review_url and expires_at about six months out")
    void generateShape() throws Exception {
        HttpResponse<String> response = generate("12345", "X-Partner-API-Key", KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("review_url").asText()).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
        assertThat(OffsetDateTime.parse(body.path("expires_at").asText()).toInstant())
                .isEqualTo(clock.instant().plus(Duration.ofDays(182)));
        assertThat(body.path("expires_at").asText()).isEqualTo("2026-09-12T22:30:00.000Z");
    }

    @Test
    @DisplayName("bulk_generate answers success, count, show {id, title, slug} and that many unique tokens")
    void bulkShape() throws Exception {
        JsonNode body = json.readTree(bulk("12345", 500, "Bearer " + KEY).body());
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("count").asInt()).isEqualTo(500);
        assertThat(body.path("show").path("id").asLong()).isEqualTo(12345);
        assertThat(body.path("show").path("title").asText()).isEqualTo("Twelfth Night");
        assertThat(body.path("show").path("slug").asText()).isEqualTo("twelfth-night");
        assertThat(body.path("tokens")).hasSize(500);
        Set<String> tokens = new HashSet<>();
        body.path("tokens").forEach(token -> {
            tokens.add(token.path("token").asText());
            assertThat(token.path("review_url").asText()).endsWith(token.path("token").asText());
            assertThat(token.path("expires_at").asText()).isEqualTo("2026-09-12T22:30:00.000Z");
        });
        assertThat(tokens).hasSize(500);
        assertThat(bulk("12345", 501, "Bearer " + KEY).statusCode()).isEqualTo(400);
        assertThat(server.issuedReviewUrls()).hasSize(500).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("each endpoint takes its own header and host; anything else is 401 or 404")
    void keysAndHosts() throws Exception {
        assertThat(generate("12345", "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(401);
        assertThat(generate("12345", "X-Partner-API-Key", "wrong").statusCode()).isEqualTo(401);
        assertThat(bulk("12345", 5, KEY).statusCode()).isEqualTo(401);
        assertThat(generate("999", "X-Partner-API-Key", KEY).statusCode()).isEqualTo(404);
        assertThat(bulk("999", 5, "Bearer " + KEY).statusCode()).isEqualTo(404);
        HttpResponse<String> wrongHost = http.send(HttpRequest.newBuilder(URI.create(server.bulkBaseUrl()
                + "/api/v2/webhooks/partner_tokens/generate?show_id=12345")).header("X-Partner-API-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongHost.statusCode()).isEqualTo(404);
        assertThat(server.requests()).extracting(RecordedRequest::keyAccepted)
                .containsExactly(false, false, false, true, true, false);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.everything()).doesNotContain(KEY));
    }

    @Test
    @DisplayName("200 requests a minute; the next gets 429 with Retry-After until the window slides")
    void rateLimit() throws Exception {
        for (int i = 0; i < 200; i++) {
            assertThat(generate("12345", "X-Partner-API-Key", KEY).statusCode()).isEqualTo(200);
            if (i == 99) {
                clock.advance(Duration.ofSeconds(20));
            }
        }
        HttpResponse<String> limited = generate("12345", "X-Partner-API-Key", KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("40");
        assertThat(server.rateLimitedCount()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(40));
        for (int i = 0; i < 100; i++) {
            assertThat(generate("12345", "X-Partner-API-Key", KEY).statusCode()).isEqualTo(200);
        }
        assertThat(generate("12345", "X-Partner-API-Key", KEY).statusCode()).isEqualTo(429);
        assertThat(server.issuedReviewUrls()).hasSize(300).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("scripted faults apply to the next requests of their endpoint, then it answers normally")
    void faults() throws Exception {
        server.failNext(2, Endpoint.BULK_GENERATE, Fault.serverError());
        server.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(7)));
        HttpResponse<String> limited = generate("12345", "X-Partner-API-Key", KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(bulk("12345", 1, "Bearer " + KEY).statusCode()).isEqualTo(500);
        assertThat(bulk("12345", 1, "Bearer " + KEY).statusCode()).isEqualTo(500);
        assertThat(bulk("12345", 1, "Bearer " + KEY).statusCode()).isEqualTo(200);
        assertThat(json.readTree(bulk("999", 1, "Bearer " + KEY).body()).path("error").asText())
                .isEqualTo("Show not found");
        assertThat(server.requestCount(Endpoint.BULK_GENERATE)).isEqualTo(4);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("X-Partner-API-Key").orElse("(redacted)"))
                .isEqualTo("(redacted)"));
    }
}
