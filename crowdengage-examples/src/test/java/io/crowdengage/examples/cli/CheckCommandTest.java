package io.crowdengage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.showscore.testing.FakeShowScoreServer.ExpiryStyle;
import io.crowdengage.spektrix.testing.CustomerCollections;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.spektrix.testing.OrderShape;
import io.crowdengage.spektrix.testing.RecordedRequest;
import io.crowdengage.testkit.MutableClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} against the fakes, in the shapes Spektrix and Show-Score may really answer in: what
 * it prints, the exit code, that it sends nothing, and that no secret ever appears.
 */
@DisplayName("check")
class CheckCommandTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String SPEKTRIX_KEY = FakeSpektrixServer.DEFAULT_SECRET_KEY;
    private static final String SHOW_SCORE_KEY = "fake-show-score-partner-key-7731";
    private static final String SHOW = "12345";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-10T12:00:00Z"));
    private FakeSpektrixServer spektrix;
    private FakeShowScoreServer showScore;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @AfterEach
    void stop() {
        if (spektrix != null) {
            spektrix.close();
        }
        if (showScore != null) {
            showScore.close();
        }
    }

    /** A venue with one performance that began half an hour ago: two bookers with mobiles, one without. */
    private void venue(UnaryOperator<FakeSpektrixServer.Builder> server) {
        spektrix = server.apply(FakeSpektrixServer.builder().clock(clock).venueZone(LONDON)).start();
        String event = spektrix.addEvent("Twelfth Night", Duration.ofMinutes(165), Map.of("attribute_ShowScoreID", SHOW));
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2026-06-10T12:30"));
        for (FakeCustomer customer : new FakeCustomer[] {
                FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456").withTag("Member"),
                FakeCustomer.named("Grace", "Hopper").withMobile("+44 7400 654321").withAgreedStatement("Text me"),
                FakeCustomer.named("Alan", "Turing").withMobile("020 7946 0018")}) {
            spektrix.addOrder(spektrix.addCustomer(customer), clock.instant().minus(Duration.ofDays(3)), instance);
        }
        showScore = FakeShowScoreServer.builder().clock(clock).apiKey(SHOW_SCORE_KEY).start();
        showScore.addShow(SHOW, "Twelfth Night");
    }

    private Path config(String spektrixSecret, String extraShowScore) throws IOException {
        Files.writeString(dir.resolve("flows.json"), FLOWS);
        Path file = dir.resolve("check.json");
        Files.writeString(file, """
                {
                  "spektrix": {
                    "clientName": "fakevenue",
                    "baseUrl": "%s",
                    "loginName": "crowdengage-test",
                    "secretKey": %s,
                    "venueZone": "Europe/London"
                  },
                  "showscore": {
                    "apiKey": {"env": "SHOW_SCORE_KEY"},
                    "generateBaseUrl": "%s",
                    "bulkBaseUrl": "%s"%s
                  },
                  "flows": "flows.json"
                }
                """.formatted(spektrix.baseUrl(), spektrixSecret, showScore.generateBaseUrl(), showScore.bulkBaseUrl(),
                extraShowScore));
        return file;
    }

    private Path config() throws IOException {
        return config("{\"env\": \"SPEKTRIX_KEY\"}", "");
    }

    private Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CrowdEngageCli.run(args, new PrintWriter(out), new PrintWriter(err), environment, clock);
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(Map.of("SPEKTRIX_KEY", SPEKTRIX_KEY, "SHOW_SCORE_KEY", SHOW_SCORE_KEY), args);
    }

    @Test
    @DisplayName("finds everything on a Spektrix in the assumed shape: exit 0, a forecast, nothing sent, no secret shown")
    void allFound() throws IOException {
        venue(server -> server);

        Run run = run("check", "--config", config().toString());

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).contains("== Spektrix (fakevenue) ==", "OK        orders/sync: values[].customerId (documented)",
                        "OK        customers/{id}: mobile (documented)", "found: a valid mobile on 2 of 3 customers read",
                        "agree in Europe/London", "== Show-Score ==", "Result: everything crowdengage needs was found (exit 0)")
                .doesNotContain("DEGRADED ", "BLOCKING ");
        assertThat(run.out()).contains("showscore-review (Show-Score review request (3 hours post-show)): 2 messages"
                + " to 2 people, for 1 performance", "not sent: NO_VALID_MOBILE 1", "in all: 2 messages to 2 people");
        assertThat(run.all()).doesNotContain(SPEKTRIX_KEY, SHOW_SCORE_KEY, "Lovelace", "7400 123456", "654321");
        assertThat(spektrix.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.signatureValid()).isTrue();
        });
        assertThat(showScore.requestCount(Endpoint.GENERATE) + showScore.requestCount(Endpoint.BULK_GENERATE))
                .as("no token spent without --spend-one-token").isZero();
    }

    @Test
    @DisplayName("a Spektrix answering only what it documents works, degraded: exit 1, saying what it costs")
    void documentedShapeIsDegraded() throws IOException {
        venue(server -> server.orderShape(OrderShape.DOCUMENTED_ONLY)
                .customerCollections(CustomerCollections.EXPAND_OR_SUB_RESOURCE));

        Run run = run("check", "spektrix", "--config", config().toString());

        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("DEGRADED  orders/sync: values[].tickets (inferred)",
                "found: no ticket list in orders/sync; orders/{id} has one", "one more request (orders/{id})",
                "OK        orders/sync: values[].confirmedUtc (inferred)", "in orders/{id}, which the adapter reads",
                "tags (inferred; for audience rules on tags, ticketing consent by tag)", "in customers/{id}/tags",
                "under $expand", "2 messages to 2 people", "Result: DEGRADED");
        assertThat(spektrix.requests()).extracting(RecordedRequest::apiPath).anyMatch(path -> path.startsWith("orders/")
                && !path.equals("orders/sync"));
    }

    @Test
    @DisplayName("tickets that name only their event: crowdengage cannot work, exit 2, and no forecast is made")
    void eventOnlyTicketsCannotWork() throws IOException {
        venue(server -> server.orderShape(OrderShape.EVENT_ONLY_TICKETS));

        Run run = run("check", "spektrix", "--config", config().toString());

        assertThat(run.code()).as(run.all()).isEqualTo(2);
        assertThat(run.out()).contains("BLOCKING  orders/sync: tickets[].instance.id", "no booking can be placed on a"
                + " performance", "Result: CANNOT WORK").doesNotContain("Forecast,");
    }

    @Test
    @DisplayName("orders/sync reading since in venue time west of UTC: blocking, naming the setting to change")
    void sinceZoneWestOfTheSettingIsBlocking() throws IOException {
        ZoneId newYork = ZoneId.of("America/New_York");
        spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(newYork).sinceZone(newYork).syncPageSize(2).start();
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2026-06-11T19:30"));
        for (int i = 0; i < 3; i++) {
            spektrix.addOrder(spektrix.addCustomer(FakeCustomer.named("P" + i, "Q")), clock.instant(), instance);
            clock.advance(Duration.ofSeconds(1));
        }
        showScore = FakeShowScoreServer.builder().clock(clock).apiKey(SHOW_SCORE_KEY).start();
        Path file = config();
        Files.writeString(file, Files.readString(file).replace("Europe/London", "America/New_York"));

        Run run = run("check", "spektrix", "--config", file.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(2);
        assertThat(run.out()).contains("BLOCKING  orders/sync: the zone of since",
                "set spektrix.syncSinceZone to America/New_York; as configured, changes would be missed");
    }

    @Test
    @DisplayName("a refused signature: exit 2, telling what to check, without the key")
    void wrongSecret() throws IOException {
        venue(server -> server);

        Run run = run(Map.of("SPEKTRIX_KEY", "d3Jvbmcga2V5", "SHOW_SCORE_KEY", SHOW_SCORE_KEY),
                "check", "spektrix", "--config", config().toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).contains("BLOCKING  orders/sync: a signed GET", "AUTHENTICATION",
                "fix the login name, the secret key or this server's clock");
        assertThat(run.all()).doesNotContain("d3Jvbmcga2V5");
    }

    @Test
    @DisplayName("a secret written in the config file is refused, without repeating it")
    void secretInTheFileIsRefused() throws IOException {
        venue(server -> server);

        Run run = run("check", "--config", config("\"" + SPEKTRIX_KEY + "\"", "").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("spektrix.secretKey", "support ticket", "{\"env\": \"NAME\"}");
        assertThat(run.all()).doesNotContain(SPEKTRIX_KEY);
        assertThat(spektrix.requestCount()).as("nothing is read with a config that cannot be used").isZero();
    }

    @Test
    @DisplayName("secrets come from the environment variable or the file the config names")
    void secretsFromEnvironmentOrFile() throws IOException {
        venue(server -> server);
        Files.writeString(dir.resolve("spektrix.key"), SPEKTRIX_KEY + "\n");

        Run missing = run(Map.of("SHOW_SCORE_KEY", SHOW_SCORE_KEY), "check", "--config", config().toString());
        Run fromFile = run(Map.of("SHOW_SCORE_KEY", SHOW_SCORE_KEY), "check", "spektrix", "--config",
                config("{\"file\": \"spektrix.key\"}", "").toString());

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("spektrix.secretKey", "environment variable SPEKTRIX_KEY is not set");
        assertThat(fromFile.code()).as(fromFile.all()).isZero();
        assertThat(fromFile.all()).doesNotContain(SPEKTRIX_KEY);
    }

    @Test
    @DisplayName("--spend-one-token makes exactly one generate call and shows the link's host, never its token")
    void spendOneToken() throws IOException {
        venue(server -> server);

        Run run = run("check", "showscore", "--config", config().toString(), "--spend-one-token");

        assertThat(run.code()).as(run.all()).isZero();
        assertThat(showScore.requestCount(Endpoint.GENERATE)).isEqualTo(1);
        assertThat(showScore.requestCount(Endpoint.BULK_GENERATE)).isZero();
        assertThat(run.out()).contains("spent one token: generate for show " + SHOW, "OK        generate: success",
                "a link on www.show-score.test", "its token is not shown", "in 182 days",
                "1 of 1 events with one have a usable id (" + SHOW + ")");
        assertThat(showScore.issuedReviewUrls()).singleElement().satisfies(url -> assertThat(run.all())
                .doesNotContain(url.substring(url.lastIndexOf('/') + 1)));
        assertThat(run.all()).doesNotContain(SHOW_SCORE_KEY);
    }

    @Test
    @DisplayName("an expiry without a date (as Show-Score's bulk example) is degraded; a bare host's redirect is followed")
    void showScoreAsDocumented() throws IOException {
        spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start();
        showScore = FakeShowScoreServer.builder().clock(clock).apiKey(SHOW_SCORE_KEY).generateExpiry(ExpiryStyle.TIME_ONLY)
                .apexRedirectsToWww(true).start();
        showScore.addShow(SHOW, "Twelfth Night");

        Run run = run("check", "showscore", "--config", config("{\"env\": \"SPEKTRIX_KEY\"}",
                ",\n    \"showId\": \"" + SHOW + "\"").toString(), "--spend-one-token");

        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("generate host: " + showScore.generateBaseUrl(), "reachable; redirects to",
                "OK        generate: redirect", "DEGRADED  generate: expires_at", "without a readable date");
        assertThat(showScore.requestCount(Endpoint.GENERATE)).as("the 301 and the answer").isEqualTo(2);
    }

    private static final String FLOWS = """
            {
              "venue": {"name": "Fake Venue", "timeZone": "Europe/London", "sender": "07400 100900"},
              "flows": [{
                "name": "Default Flow",
                "steps": [{
                  "id": "showscore-review",
                  "name": "Show-Score review request (3 hours post-show)",
                  "performances": {"hasAttribute": "ShowScoreID"},
                  "template": "{% if event.raw.attribute_ShowScoreID %}{{ customer.first_name }}, please review {{ event.name }} on Show-Score: {{ show_score_url(event.raw.attribute_ShowScoreID) }}{% endif %}",
                  "at": {"hours": 3, "direction": "after"}
                }]
              }],
              "simulate": {"from": "2026-06-10T12:00:00Z", "until": "2026-06-10T12:01:00Z"}
            }
            """;
}
