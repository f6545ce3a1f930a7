package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.check.CheckReport;
import io.crowdengage.check.Finding;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.showscore.testing.FakeShowScoreServer.ExpiryStyle;
import io.crowdengage.showscore.testing.Fault;
import io.crowdengage.testkit.MutableClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ShowScoreCheck}: what it judges, and that it spends at most one token and only when allowed. */
class ShowScoreCheckTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-14T22:30:00Z"));
    private FakeShowScoreServer showScore;

    @AfterEach
    void stop() {
        showScore.close();
    }

    private ShowScoreCheck check(UnaryOperator<FakeShowScoreServer.Builder> server,
                                 UnaryOperator<ShowScoreConfig.Builder> config) {
        showScore = server.apply(FakeShowScoreServer.builder().clock(clock)).start();
        showScore.addShow("12345", "Twelfth Night");
        return ShowScoreCheck.create(config.apply(showScore.configBuilder()).build());
    }

    private static Finding finding(CheckReport report, String area, String itemStart) {
        return report.findings().stream().filter(f -> f.area().equals(area) && f.item().startsWith(itemStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + area + " " + itemStart + " in " + report.findings()));
    }

    @Test
    void withoutLeaveItSpendsNothingAndJudgesTheShowIds() {
        ShowScoreCheck check = check(server -> server, config -> config);
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("E1", "12345");
        ids.put("E2", "see the programme");

        CheckReport report = check.run(ids, false, Optional.empty());

        assertThat(showScore.requestCount(Endpoint.GENERATE) + showScore.requestCount(Endpoint.BULK_GENERATE)).isZero();
        assertThat(showScore.requests()).allSatisfy(r -> assertThat(r.header("X-Partner-API-Key")).isEmpty());
        assertThat(finding(report, "show ids", "event 'E2'").status()).isEqualTo(Finding.Status.DEGRADED);
        assertThat(finding(report, "generate", "the key").found()).isEqualTo("not called");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void withLeaveItSpendsOneTokenAndReadsTheAnswer() {
        CheckReport report = check(server -> server.generateExpiry(ExpiryStyle.OFFSET), config -> config)
                .run(Map.of("E1", "12345"), true, Optional.empty());

        assertThat(showScore.requestCount(Endpoint.GENERATE)).isEqualTo(1);
        assertThat(showScore.requestCount(Endpoint.BULK_GENERATE)).isZero();
        assertThat(finding(report, "generate", "expires_at").found()).contains("in 182 days");
        assertThat(report.findings()).extracting(Finding::found)
                .noneSatisfy(found -> assertThat(showScore.issuedReviewUrls().get(0)).contains(found));
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void aRefusedKeyIsBlockingAndAnUnknownShowDegraded() {
        ShowScoreCheck refused = check(server -> server, config -> config);
        showScore.failNext(1, Endpoint.GENERATE, Fault.unauthorized());
        CheckReport key = refused.run(Map.of(), true, Optional.of("12345"));
        assertThat(finding(key, "generate", "show 12345").status()).isEqualTo(Finding.Status.BLOCKING);
        assertThat(key.exitCode()).isEqualTo(2);
        showScore.close();

        CheckReport unknown = check(server -> server, config -> config).run(Map.of(), true, Optional.of("99999"));
        assertThat(finding(unknown, "generate", "show 99999").status()).isEqualTo(Finding.Status.DEGRADED);
        assertThat(finding(unknown, "generate", "show 99999").consequence()).contains("check the event's ShowScoreID");
    }

    @Test
    void aHostThatCannotBeReachedIsBlocking() {
        showScore = FakeShowScoreServer.builder().clock(clock).start();
        ShowScoreCheck check = ShowScoreCheck.create(ShowScoreConfig.builder().apiKey(FakeShowScoreServer.DEFAULT_API_KEY)
                .generateBaseUrl("http://127.0.0.1:9").bulkBaseUrl(showScore.bulkBaseUrl()).clock(clock).build());

        CheckReport report = check.run(Map.of(), false, Optional.empty());

        assertThat(finding(report, "generate host", "http://127.0.0.1:9").status()).isEqualTo(Finding.Status.BLOCKING);
        assertThat(finding(report, "bulk_generate host", showScore.bulkBaseUrl()).status()).isEqualTo(Finding.Status.OK);
    }
}
