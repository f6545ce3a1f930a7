package io.crowdengage.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpFaultTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void refusesWhatNoServerCouldAnswer() {
        assertThatThrownBy(() -> new HttpFault(42, Optional.empty(), Duration.ZERO, Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fault.status");
        assertThatThrownBy(() -> new HttpFault(0, Optional.empty(), Duration.ZERO, Optional.of("{}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fault.body");
        assertThatThrownBy(() -> new HttpFault(500, Optional.empty(), Duration.ofSeconds(-1), Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fault.delay");
        assertThatThrownBy(() -> new HttpFault(429, Optional.of(Duration.ofSeconds(-1)), Duration.ZERO, Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fault.retryAfter");
    }

    @Test
    void answersTheUsualErrorBodyWithRetryAfter() throws Exception {
        HttpFault fault = new HttpFault(429, Optional.of(Duration.ofSeconds(3)), Duration.ZERO, Optional.empty());
        HttpResponse<String> response = serve(fault, new AtomicReference<>());
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("3");
        assertThat(response.body()).isEqualTo("{\"status\":429}");
    }

    @Test
    void answersAVerbatimBodyInItsContentType() throws Exception {
        HttpFault fault = new HttpFault(503, Optional.empty(), Duration.ZERO, Optional.of("<html>down</html>"),
                "text/html; charset=UTF-8");
        HttpResponse<String> response = serve(fault, new AtomicReference<>());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=UTF-8");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(response.body()).isEqualTo("<html>down</html>");
    }

    @Test
    void statusZeroLeavesTheRequestToTheUsualAnswer() throws Exception {
        AtomicReference<String> served = new AtomicReference<>();
        HttpResponse<String> response = serve(new HttpFault(0, Optional.empty(), Duration.ofMillis(1), Optional.empty()),
                served);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(served.get()).isEqualTo("usual");
    }

    private HttpResponse<String> serve(HttpFault fault, AtomicReference<String> served) throws Exception {
        try (LoopbackServer server = LoopbackServer.start("fake-test", exchange -> {
            try (exchange) {
                if (!fault.answer(exchange, status -> ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8))) {
                    served.set("usual");
                    Exchanges.respondJson(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
                }
            }
        })) {
            return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
