package io.crowdengage.spektrix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's own behaviour, seen from a plain HTTP client that signs by hand. */
class FakeSpektrixServerTest {
    private final FakeSpektrixServer spektrix = FakeSpektrixServer.builder().venueZone(ZoneId.of("America/Winnipeg"))
            .start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() {
        spektrix.close();
    }

    @Test
    void servesRealShapesToASignedRequest() throws Exception {
        String withId = spektrix.addEvent("Carmen", Duration.ofMinutes(180), Map.of("attribute_ShowScoreID", "42"));
        spektrix.addEvent("Tosca", Duration.ofMinutes(170), Map.of("attribute_Genre", "Opera"));
        String instance = spektrix.addInstance(withId, LocalDateTime.parse("2025-08-23T16:30"));

        HttpResponse<String> events = get("events", FakeSpektrixServer.DEFAULT_SECRET_KEY);
        HttpResponse<String> instances = get("instances", FakeSpektrixServer.DEFAULT_SECRET_KEY);

        assertThat(events.statusCode()).isEqualTo(200);
        JsonNode eventArray = json.readTree(events.body());
        assertThat(eventArray.isArray()).as("a bare array, no envelope").isTrue();
        assertThat(eventArray.get(1).get("attribute_ShowScoreID").asText())
                .as("every event carries every attribute key, empty when unset").isEmpty();
        assertThat(eventArray.get(0).get("duration").asInt()).isEqualTo(180);
        JsonNode first = json.readTree(instances.body()).get(0);
        assertThat(first.get("id").asText()).isEqualTo(instance).hasSize(33);
        assertThat(first.get("event").get("id").asText()).isEqualTo(withId);
        assertThat(first.get("start").asText()).isEqualTo("2025-08-23T16:30:00");
        assertThat(first.get("startUtc").asText()).isEqualTo("2025-08-23T21:30:00");
        assertThat(first.get("startSellingAtWebUtc").asText()).endsWith("Z");
    }

    @Test
    void answers401ToAWrongOrMissingSignatureAndRecordsWithoutTheCredential() throws Exception {
        String customer = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withEmail("ada@example.invalid"));

        assertThat(get("customers/" + customer, Base64.getEncoder().encodeToString("wrong".getBytes(StandardCharsets.UTF_8)))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(spektrix.baseUrl() + "/customers/" + customer))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(get("customers/" + customer, FakeSpektrixServer.DEFAULT_SECRET_KEY).statusCode()).isEqualTo(200);

        assertThat(spektrix.requests()).extracting(RecordedRequest::signatureValid).containsExactly(false, false, true);
        assertThat(spektrix.requests()).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("authorization"));
    }

    @Test
    void answersAnEmailLookupWithOneObjectOr404() throws Exception {
        spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withEmail("ada@example.invalid"));

        HttpResponse<String> found = get("customers?email=ada%40example.invalid", FakeSpektrixServer.DEFAULT_SECRET_KEY);
        assertThat(json.readTree(found.body()).get("firstName").asText()).isEqualTo("Ada");
        assertThat(get("customers?email=nobody%40example.invalid", FakeSpektrixServer.DEFAULT_SECRET_KEY).statusCode())
                .isEqualTo(404);
    }

    @Test
    void injectsScriptedFaultsOnlyForTheirPathAndCount() throws Exception {
        spektrix.failNext(2, "orders/sync", Fault.tooManyRequests(Duration.ofSeconds(3)));
        String since = "orders/sync?since=2025-01-01T00:00:00.0000000";

        assertThat(get("events", FakeSpektrixServer.DEFAULT_SECRET_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = get(since, FakeSpektrixServer.DEFAULT_SECRET_KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
        assertThat(get(since, FakeSpektrixServer.DEFAULT_SECRET_KEY).statusCode()).isEqualTo(429);
        assertThat(get(since, FakeSpektrixServer.DEFAULT_SECRET_KEY).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String relative, String key) throws IOException, InterruptedException {
        String url = spektrix.baseUrl() + "/" + relative;
        String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
                .format(Instant.parse("2025-01-06T09:05:00Z").atOffset(ZoneOffset.UTC)); // the fake does not check clock skew
        String signature;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA1"));
            signature = Base64.getEncoder().encodeToString(
                    mac.doFinal(("GET\n" + url + "\n" + date).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Date", date)
                .header("Authorization", "SpektrixAPI3 crowdengage-test:" + signature).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
