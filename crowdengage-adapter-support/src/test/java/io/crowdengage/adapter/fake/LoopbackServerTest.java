package io.crowdengage.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesOnAnEphemeralLoopbackPort() throws Exception {
        RequestLog<String> log = new RequestLog<>();
        try (LoopbackServer server = LoopbackServer.start("fake-test", exchange -> {
            try (exchange) {
                log.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                        + Exchanges.query(exchange) + " "
                        + Exchanges.headersRedacting(exchange.getRequestHeaders(), Set.of("Authorization"))
                        .get("authorization") + " " + new String(Exchanges.body(exchange), StandardCharsets.UTF_8));
                Exchanges.respond(exchange, 429, HttpFault.JSON, "{}".getBytes(StandardCharsets.UTF_8),
                        Optional.of(Duration.ofSeconds(7)));
            }
        })) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.address().getPort()).isPositive();
            assertThat(server.baseUrl()).startsWith("http://").endsWith(":" + server.address().getPort());
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/a/b?x=1&y=two+words&x=2"))
                    .header("Authorization", "Basic c2VjcmV0").POST(HttpRequest.BodyPublishers.ofString("hello"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).contains("7");
            assertThat(response.headers().firstValue("Content-Type")).contains(HttpFault.JSON);
            assertThat(response.body()).isEqualTo("{}");
            assertThat(log.all()).containsExactly("POST /a/b {x=1, y=two words} [(redacted)] hello");
            assertThat(log.count()).isEqualTo(1);
            assertThat(log.count(line -> line.startsWith("GET"))).isZero();
        }
    }

    @Test
    void switchesNagleOffUnlessToldOtherwise() {
        try (LoopbackServer server = LoopbackServer.start("fake-test", exchange -> exchange.close())) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(System.getProperty(LoopbackServer.NODELAY_PROPERTY)).isNotNull();
        }
    }

    @Test
    void refusesToListenBeyondLoopback() throws Exception {
        assertThatThrownBy(() -> LoopbackServer.start("fake-test", new InetSocketAddress(0), exchange -> exchange.close()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("address")
                .hasMessageContaining("loopback");
        InetSocketAddress documentation = new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 0);
        assertThatThrownBy(() -> LoopbackServer.start("fake-test", documentation, exchange -> exchange.close()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("192.0.2.10");
        assertThatThrownBy(() -> LoopbackServer.start("fake-test", InetSocketAddress.createUnresolved("localhost", 0),
                exchange -> exchange.close())).isInstanceOf(ValidationException.class);
    }

    @Test
    void closeStopsServing() throws Exception {
        LoopbackServer server = LoopbackServer.start("fake-test", exchange -> {
            try (exchange) {
                Exchanges.respondJson(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
            }
        });
        URI uri = URI.create(server.baseUrl() + "/");
        assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        server.close();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void recordedHeadersLeaveOutOrRedactCredentialsByAnyCase() {
        com.sun.net.httpserver.Headers headers = new com.sun.net.httpserver.Headers();
        headers.add("Authorization", "Bearer key");
        headers.add("X-Partner-API-Key", "key");
        headers.add("Accept", "application/json");
        Map<String, List<String>> redacted = Exchanges.headersRedacting(headers, Set.of("authorization", "X-PARTNER-api-key"));
        assertThat(redacted).containsEntry("authorization", List.of(Exchanges.REDACTED))
                .containsEntry("x-partner-api-key", List.of(Exchanges.REDACTED))
                .containsEntry("accept", List.of("application/json"));
        Map<String, List<String>> without = Exchanges.headersWithout(headers, Set.of("AUTHORIZATION"));
        assertThat(without).doesNotContainKey("authorization").containsKey("x-partner-api-key");
        assertThat(Exchanges.firstHeader(without, "Accept")).contains("application/json");
        assertThat(Exchanges.firstHeader(without, "Date")).isEmpty();
    }
}
