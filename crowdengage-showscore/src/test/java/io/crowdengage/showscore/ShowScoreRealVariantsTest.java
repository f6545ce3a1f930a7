package io.crowdengage.showscore;

import static io.crowdengage.showscore.ShowScorePartnerLinksTest.SHOW;
import static io.crowdengage.showscore.ShowScorePartnerLinksTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.BulkShowAnswer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.showscore.testing.FakeShowScoreServer.ExpiryStyle;
import io.crowdengage.showscore.testing.Fault;
import io.crowdengage.showscore.testing.RecordedRequest;
import io.crowdengage.template.TemplateFunctionException;
import io.crowdengage.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** show_score_url against the answers Show-Score's own documentation shows, and its hosts as they behave. */
@DisplayName("show_score_url against Show-Score as documented")
class ShowScoreRealVariantsTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-14T22:30:00Z"));
    private final RecordingLog log = new RecordingLog();
    private FakeShowScoreServer showScore;

    @AfterEach
    void stop() {
        showScore.close();
    }

    private ShowScorePartnerLinks start(UnaryOperator<FakeShowScoreServer.Builder> server) {
        return start(server, config -> config);
    }

    private ShowScorePartnerLinks start(UnaryOperator<FakeShowScoreServer.Builder> server,
                                        UnaryOperator<ShowScoreConfig.Builder> config) {
        showScore = server.apply(FakeShowScoreServer.builder().clock(clock)).start();
        showScore.addShow(SHOW, "Twelfth Night");
        return ShowScorePartnerLinks.builder(config.apply(showScore.configBuilder()).build())
                .sleeper(duration -> { }).operatorLog(log).build();
    }

    @Test
    @DisplayName("bulk answering for another show id (the documented example asks 2418, gets 1): links used, said once")
    void bulkForAnotherShowIdIsLoggedNotFatal() {
        ShowScorePartnerLinks links = start(server -> server.bulkShowAnswer(BulkShowAnswer.DOCUMENTED_EXAMPLE));

        assertThat(links.prefetch(SHOW, 30)).isEqualTo(30);
        links.prefetch(SHOW, 30);
        String link = call(links, 0, SHOW);

        assertThat(links.pooled(SHOW)).isEqualTo(59);
        assertThat(showScore.requestCount(Endpoint.GENERATE)).isZero();
        assertThat(link).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
        assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("show " + SHOW)
                .contains("answered for show '1'").contains("used all the same"));
    }

    @Test
    @DisplayName("bulk links whose expires_at has no date are used within the hour, not pooled for months")
    void bulkLinksWithoutADateAreUsedWithinTheWave() {
        ShowScorePartnerLinks links = start(server -> server.bulkExpiry(ExpiryStyle.TIME_ONLY));

        assertThat(links.prefetch(SHOW, 20)).isEqualTo(20);
        clock.advance(Duration.ofMinutes(30));
        String withinTheWave = call(links, 0, SHOW);
        assertThat(showScore.requestCount(Endpoint.GENERATE)).as("served from the pool").isZero();
        assertThat(links.pooled(SHOW)).isEqualTo(19);

        clock.advance(Duration.ofMinutes(31));
        assertThat(links.pooled(SHOW)).as("dropped an hour after they were fetched").isZero();
        String later = call(links, 1, SHOW);

        assertThat(showScore.requestCount(Endpoint.GENERATE)).isEqualTo(1);
        assertThat(later).isNotEqualTo(withinTheWave);
        assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("without a readable expiry"));
    }

    @Test
    @DisplayName("bulk links without expires_at at all are treated the same way")
    void bulkLinksWithoutExpiry() {
        ShowScorePartnerLinks links = start(server -> server.bulkExpiry(ExpiryStyle.MISSING));

        assertThat(links.prefetch(SHOW, 20)).isEqualTo(20);
        clock.advance(Duration.ofMinutes(61));
        assertThat(links.pooled(SHOW)).isZero();
    }

    @Test
    @DisplayName("an expiry with an offset is read as the instant it names; one without a date still sends at once")
    void generateExpiries() {
        ShowScorePartnerLinks offset = start(server -> server.generateExpiry(ExpiryStyle.OFFSET));
        assertThat(ShowScoreHttp.expiry("2026-09-12T07:59:40.724-04:00"))
                .contains(Instant.parse("2026-09-12T11:59:40.724Z"));
        assertThat(call(offset, 0, SHOW)).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
        showScore.close();

        ShowScorePartnerLinks timeOnly = start(server -> server.generateExpiry(ExpiryStyle.TIME_ONLY));
        assertThat(ShowScoreHttp.expiry("T11:59:40.724-04:00")).isEmpty();
        assertThat(call(timeOnly, 0, SHOW)).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
        assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("sent at once"));
    }

    @Test
    @DisplayName("a bare host redirecting to www is followed, key and all, and the show is not taken as unknown")
    void redirectsBetweenShowScoresHostsAreFollowed() {
        ShowScorePartnerLinks links = start(server -> server.apexRedirectsToWww(true));

        Set<String> sent = new HashSet<>();
        for (int n = 0; n < 3; n++) {
            sent.add(call(links, n, SHOW));
        }

        assertThat(sent).hasSize(3);
        List<RecordedRequest> requests = showScore.requests();
        assertThat(requests).hasSize(6);
        assertThat(requests).filteredOn(r -> r.path().startsWith("/www/")).hasSize(3)
                .allSatisfy(r -> assertThat(r.keyAccepted()).isTrue());
        assertThat(log.warnings).isEmpty();
    }

    @Test
    @DisplayName("a redirect to a host that is not Show-Score's is not followed: the send waits, naming the setting")
    void aRedirectElsewhereIsRefused() {
        ShowScorePartnerLinks links = start(server -> server);
        showScore.redirectNext(1, Endpoint.GENERATE, "https://tokens.example.net/steal");

        TemplateFunctionException refused = refusalOf(links, 0);

        assertThat(refused.reason()).isEqualTo(TemplateFunctionException.Reason.RETRY_LATER);
        assertThat(refused.getMessage()).contains("not one of Show-Score's hosts").contains("showscore.generateBaseUrl")
                .contains("https://tokens.example.net").doesNotContain("/steal");
        assertThat(showScore.requestCount()).isEqualTo(1);
        assertThat(log.warnings).noneSatisfy(w -> assertThat(w).contains("does not know show id"));
    }

    @Test
    @DisplayName("a failing bulk call pauses bulk only: the same renders are served one by one at once")
    void aFailingBulkCallNeverPausesGenerate() {
        ShowScorePartnerLinks links = start(server -> server);
        showScore.failNext(3, Endpoint.BULK_GENERATE, Fault.answer(200, "{\"success\": true, \"tokens\": 7}"));

        assertThat(links.pooled(SHOW)).isZero();
        assertThatThrownBy(() -> links.prefetch(SHOW, 50)).isInstanceOfSatisfying(ShowScoreException.class,
                e -> assertThat(e.reason()).isEqualTo(ShowScoreException.Reason.BAD_RESPONSE));
        String link = call(links, 0, SHOW);

        assertThat(link).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
        assertThat(showScore.requestCount(Endpoint.GENERATE)).isEqualTo(1);
        assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("no bulk_generate requests until")
                .contains("fetched one by one"));
    }

    @Test
    @DisplayName("a refused bulk key stops bulk only; generate, with its own key, goes on")
    void aRefusedBulkKeyStopsBulkOnly() {
        showScore = FakeShowScoreServer.builder().clock(clock).bulkApiKey("the-real-bulk-key").start();
        showScore.addShow(SHOW, "Twelfth Night");
        ShowScorePartnerLinks links = ShowScorePartnerLinks.builder(ShowScoreConfig.builder()
                        .apiKey(FakeShowScoreServer.DEFAULT_API_KEY).bulkApiKey("an-old-bulk-key")
                        .generateBaseUrl(showScore.generateBaseUrl()).bulkBaseUrl(showScore.bulkBaseUrl()).clock(clock).build())
                .sleeper(duration -> { }).operatorLog(log).build();

        assertThatThrownBy(() -> links.prefetch(SHOW, 20)).isInstanceOfSatisfying(ShowScoreException.class,
                e -> assertThat(e.reason()).isEqualTo(ShowScoreException.Reason.INVALID_API_KEY));
        String link = call(links, 0, SHOW);

        assertThat(link).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
        assertThat(links.stoppedBecause()).isEmpty();
        assertThat(links.bulkStoppedBecause()).hasValueSatisfying(why -> assertThat(why).contains("showscore.bulkApiKey")
                .doesNotContain("an-old-bulk-key"));
        assertThat(log.errors).singleElement().satisfies(e -> assertThat(e).contains("links are fetched one by one"));
    }

    private static TemplateFunctionException refusalOf(ShowScorePartnerLinks links, int n) {
        try {
            call(links, n, SHOW);
        } catch (TemplateFunctionException e) {
            return e;
        }
        throw new AssertionError("expected show_score_url to refuse");
    }
}
