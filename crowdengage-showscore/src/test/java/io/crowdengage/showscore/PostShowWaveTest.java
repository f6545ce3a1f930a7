package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.Reason;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.runtime.TickReport;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.sms.SentSms;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A thousand bookers of one performance against the fake's 200 requests a minute, on a virtual
 * clock: with bulk prefetch every review request goes in the tick it is due; one by one, 200 a
 * minute. (The same wave in real time is measured by crowdengage-benchmarks' ShowScoreWave.)
 */
@DisplayName("A post-show wave of 1,000 review requests within Show-Score's rate limit")
class PostShowWaveTest {
    private static final int BOOKERS = 1_000;

    private final ReviewSeason season = new ReviewSeason();
    private final FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(season.clock).start();
    private final RecordingLog log = new RecordingLog();

    {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        season.bookers("P1", BOOKERS);
    }

    @AfterEach
    void stop() {
        showScore.close();
    }

    private ShowScorePartnerLinks links() {
        return ShowScorePartnerLinks.builder(showScore.configBuilder().build()).operatorLog(log)
                .sleeper(duration -> { }).build();
    }

    private Map<Instant, Long> sentByInstant() {
        return season.sms.all().stream().collect(Collectors.groupingBy(SentSms::acceptedAt, Collectors.counting()));
    }

    @Test
    @DisplayName("with bulk prefetch: all 1,000 in the tick they are due, from two bulk requests, never a 429")
    void bulkPrefetch() {
        CrowdEngage runtime = season.runtime(links(), true, ReviewSeason.REVIEW_STEP).build();
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.minus(Duration.ofMinutes(1)), Duration.ofMinutes(1));
        TickReport due = runtime.tick();

        assertThat(due.sent()).isEqualTo(BOOKERS);
        assertThat(sentByInstant()).containsOnly(Map.entry(ReviewSeason.REVIEW_DUE, (long) BOOKERS));
        assertThat(showScore.requests()).extracting(r -> r.endpoint().orElseThrow() + " " + r.query().get("count"))
                .containsExactly("BULK_GENERATE 500", "BULK_GENERATE 500");
        assertThat(showScore.rateLimitedCount()).isZero();
        assertThat(season.sms.all()).extracting(SentSms::body).doesNotHaveDuplicates();
        assertThat(log.warnings).isEmpty();
    }

    @Test
    @DisplayName("one by one: 200 a minute; the rest wait (deferred, unclaimed) and go on later ticks, none with a hole")
    void oneByOne() {
        CrowdEngage runtime = season.runtime(links(), false, ReviewSeason.REVIEW_STEP).build();
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.minus(Duration.ofMinutes(1)), Duration.ofMinutes(1));
        TickReport due = runtime.tick();
        assertThat(due.sent()).isEqualTo(200);
        assertThat(due.deferred()).isEqualTo(BOOKERS - 200);
        assertThat(showScore.rateLimitedCount()).as("one 429, then the client leaves Show-Score alone").isEqualTo(1);
        assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("HTTP 429"));

        season.clock.advance(Duration.ofMinutes(1));
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1));

        assertThat(season.sms.count()).isEqualTo(BOOKERS);
        assertThat(sentByInstant()).as("200 a minute, the last at due + 4 minutes").containsOnly(
                Map.entry(ReviewSeason.REVIEW_DUE, 200L),
                Map.entry(ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(1)), 200L),
                Map.entry(ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(2)), 200L),
                Map.entry(ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(3)), 200L),
                Map.entry(ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(4)), 200L));
        assertThat(showScore.requestCount(Endpoint.GENERATE)).isEqualTo(BOOKERS + 4);
        assertThat(season.sms.all()).extracting(SentSms::body).doesNotHaveDuplicates()
                .allSatisfy(body -> assertThat(body).contains("https://www.show-score.test/partner-reviews/"));
        List<DecisionEvent> deferred = season.events.stream().filter(e -> e.outcome() == Outcome.DEFERRED).toList();
        assertThat(deferred).as("each waiting send reported once").hasSize(BOOKERS - 200)
                .allSatisfy(e -> assertThat(e.reason()).contains(Reason.FUNCTION_UNAVAILABLE));
        assertThat(season.events).noneMatch(e -> e.outcome() == Outcome.SKIPPED || e.outcome() == Outcome.FAILED);
    }
}
