package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Reason;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.showscore.testing.Fault;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.store.InMemorySendLedger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What Show-Score's refusals do to the review wave, through the runtime on a virtual clock. */
@DisplayName("Show-Score's refusals, through the runtime")
class ShowScoreErrorsThroughRuntimeTest {
    private final ReviewSeason season = new ReviewSeason();
    private final FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(season.clock).start();
    private final RecordingLog log = new RecordingLog();

    @AfterEach
    void stop() {
        showScore.close();
    }

    private ShowScorePartnerLinks links(ShowScoreConfig.Builder config) {
        return ShowScorePartnerLinks.builder(config.build()).operatorLog(log).sleeper(duration -> { }).build();
    }

    private List<DecisionEvent> events(Outcome outcome) {
        return season.events.stream().filter(e -> e.outcome() == outcome).toList();
    }

    @Test
    @DisplayName("404: the step is skipped for that performance with FUNCTION_NO_VALUE; bulk's 404 leaves it to generate,"
            + " whose 404 decides; a warning and a request each")
    void unknownShowSkipsThePerformance() {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        season.performance("P2", "Hamlet", "55555");
        season.bookers("P1", 5);
        season.bookers("P2", 40);
        CrowdEngage runtime = season.runtime(links(showScore.configBuilder()), true, ReviewSeason.REVIEW_STEP).build();
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(30)), Duration.ofMinutes(1));

        assertThat(season.sms.count()).as("Twelfth Night's bookers").isEqualTo(5);
        assertThat(events(Outcome.SKIPPED)).hasSize(40).allSatisfy(e -> {
            assertThat(e.reason()).contains(Reason.FUNCTION_NO_VALUE);
            assertThat(e.performance()).contains("P2");
            assertThat(e.detail()).contains("Show-Score does not know show id 55555");
        });
        assertThat(log.warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("55555"));
        assertThat(showScore.requests()).filteredOn(r -> "55555".equals(r.query().get("show_id")))
                .as("the unknown id is asked about once by each endpoint while remembered")
                .extracting(r -> r.endpoint().orElseThrow()).containsExactly(Endpoint.BULK_GENERATE, Endpoint.GENERATE);
    }

    @Test
    @DisplayName("401: sends wait with a reason naming showscore.apiKey; fixed and restarted within the catch-up, they go")
    void refusedKeyThenFixed() {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        season.bookers("P1", 10);
        InMemorySendLedger ledger = InMemorySendLedger.create();
        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        ShowScoreConfig.Builder wrongKey = ShowScoreConfig.builder().apiKey("revoked-key")
                .generateBaseUrl(showScore.generateBaseUrl()).bulkBaseUrl(showScore.bulkBaseUrl()).clock(season.clock);
        CrowdEngage broken = season.runtime(links(wrongKey), true, ReviewSeason.REVIEW_STEP).sendLedger(ledger)
                .consentLedger(consent).build();
        season.tickUntil(broken, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(20)), Duration.ofMinutes(1));

        assertThat(season.sms.count()).isZero();
        assertThat(events(Outcome.DEFERRED)).hasSize(10).allSatisfy(e -> {
            assertThat(e.reason()).contains(Reason.FUNCTION_UNAVAILABLE);
            assertThat(e.detail()).contains("showscore.apiKey").doesNotContain("revoked-key");
        });
        assertThat(log.errors).hasSize(2).allSatisfy(e -> assertThat(e).contains("showscore.apiKey"));
        assertThat(showScore.requests()).as("a refused bulk_generate stops bulk; a refused generate stops the function")
                .extracting(r -> r.endpoint().orElseThrow()).containsExactly(Endpoint.BULK_GENERATE, Endpoint.GENERATE);

        CrowdEngage fixed = season.runtime(links(showScore.configBuilder()), true, ReviewSeason.REVIEW_STEP)
                .sendLedger(ledger).consentLedger(consent).build();
        season.tickUntil(fixed, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(25)), Duration.ofMinutes(1));
        assertThat(season.sms.count()).isEqualTo(10);
    }

    @Test
    @DisplayName("429 on bulk_generate: the wave waits for Retry-After, then goes, every link whole")
    void rateLimitedThenSent() {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        season.bookers("P1", 30);
        showScore.failNext(1, Endpoint.BULK_GENERATE, Fault.tooManyRequests(Duration.ofSeconds(150)));
        CrowdEngage runtime = season.runtime(links(showScore.configBuilder()), true, ReviewSeason.REVIEW_STEP).build();
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1));
        assertThat(season.sms.count()).as("nothing before the Retry-After").isZero();
        assertThat(events(Outcome.DEFERRED)).hasSize(30);
        assertThat(showScore.requestCount()).as("no request while paused").isEqualTo(1);

        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(3)), Duration.ofMinutes(1));
        assertThat(season.sms.count()).isEqualTo(30);
        assertThat(season.sms.all()).allSatisfy(m -> assertThat(m.body())
                .containsPattern("https://www\\.show-score\\.test/partner-reviews/[a-z0-9]{24}$"));
        assertThat(showScore.requests()).extracting(r -> r.endpoint().orElseThrow())
                .containsExactly(Endpoint.BULK_GENERATE, Endpoint.BULK_GENERATE);
    }

    @Test
    @DisplayName("500s past the catch-up: nothing is sent with a hole, and each send ends TOO_LATE")
    void outageOutlastsTheCatchUp() {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        season.bookers("P1", 3);
        showScore.failNext(10_000, Fault.serverError());
        CrowdEngage runtime = season.runtime(links(showScore.configBuilder()), true, ReviewSeason.REVIEW_STEP).build();
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofHours(3)), Duration.ofMinutes(1));

        assertThat(season.sms.count()).isZero();
        assertThat(season.events).extracting(e -> e.outcome() + " " + e.reason().orElseThrow())
                .containsOnly("DEFERRED FUNCTION_UNAVAILABLE", "SKIPPED TOO_LATE").hasSize(6);
        assertThat(showScore.requestCount()).as("each endpoint paused between its failed rounds (30 s doubling to"
                + " 10 min), not hammered").isLessThan(2 * 3 * 20);
    }
}
