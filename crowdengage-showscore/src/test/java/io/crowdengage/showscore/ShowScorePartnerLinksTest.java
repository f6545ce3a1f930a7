package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.StepId;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.showscore.testing.Fault;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.TemplateFunctionException;
import io.crowdengage.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("show_score_url")
class ShowScorePartnerLinksTest {
    static final String SHOW = "12345";

    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-14T22:30:00Z"));
    final FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).start();
    final RecordingLog log = new RecordingLog();
    final List<Duration> waits = new ArrayList<>();

    {
        showScore.addShow(SHOW, "Twelfth Night");
    }

    @AfterEach
    void stop() {
        showScore.close();
    }

    ShowScorePartnerLinks links(ShowScoreConfig.Builder config) {
        return ShowScorePartnerLinks.builder(config.build()).sleeper(waits::add).operatorLog(log).build();
    }

    ShowScorePartnerLinks links() {
        return links(showScore.configBuilder());
    }

    static FunctionContext context(int n, String step) {
        Event event = new Event("e1", "Twelfth Night", Duration.ofMinutes(150),
                RawAttributes.of(Map.of("attribute_ShowScoreID", SHOW)));
        Performance performance = Performance.of("P1", event, ReviewSeason.START);
        Customer customer = Customer.builder("c" + n).name("Patron" + n, "Surname").mobile(ReviewSeason.mobile(n)).build();
        Booking booking = Booking.of("b" + n, customer.id(), "P1", Instant.parse("2026-03-01T10:00:00Z"));
        return new FunctionContext(Optional.of(StepId.of(step)), new AudienceSubject(customer, booking, performance,
                ReviewSeason.VENUE), false);
    }

    static String call(ShowScorePartnerLinks links, int n, Object showId) {
        return (String) links.call(context(n, "review"), List.of(showId));
    }

    static TemplateFunctionException refusal(ShowScorePartnerLinks links, int n, Object showId) {
        try {
            call(links, n, showId);
        } catch (TemplateFunctionException e) {
            return e;
        }
        throw new AssertionError("expected show_score_url to refuse");
    }

    @Nested
    @DisplayName("links")
    class Links {
        @Test
        @DisplayName("without a pool, each recipient gets a link from generate, one request each")
        void generateOneByOne() {
            ShowScorePartnerLinks links = links();
            String first = call(links, 0, SHOW);
            String second = call(links, 1, SHOW);
            assertThat(first).isNotEqualTo(second).startsWith(FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE);
            assertThat(showScore.issuedReviewUrls()).containsExactly(first, second);
            assertThat(showScore.requests()).allSatisfy(r -> {
                assertThat(r.endpoint()).contains(Endpoint.GENERATE);
                assertThat(r.keyAccepted()).isTrue();
                assertThat(r.header("User-Agent")).contains(ShowScoreConfig.DEFAULT_USER_AGENT);
            });
        }

        @Test
        @DisplayName("the same send rendered again gets the same link, with no new request; another step gets another")
        void oneLinkPerSend() {
            ShowScorePartnerLinks links = links();
            String first = call(links, 0, SHOW);
            assertThat(call(links, 0, SHOW)).isEqualTo(first);
            assertThat(links.call(context(0, "review"), List.of(12345))).as("the id as a number is the same show")
                    .isEqualTo(first);
            assertThat(showScore.requestCount()).isEqualTo(1);
            assertThat(links.call(context(0, "reminder"), List.of(SHOW))).isNotEqualTo(first);
        }

        @Test
        @DisplayName("a prefetched pool serves recipients without further requests; prefetch asks in requests of at most 500")
        void prefetchedPool() {
            ShowScorePartnerLinks links = links();
            assertThat(links.prefetch(SHOW, 1200)).isEqualTo(1200);
            assertThat(showScore.requests()).extracting(r -> r.query().get("count")).containsExactly("500", "500", "200");
            assertThat(showScore.requests()).allSatisfy(r -> assertThat(r.endpoint()).contains(Endpoint.BULK_GENERATE));
            Set<String> handedOut = new HashSet<>();
            for (int n = 0; n < 1200; n++) {
                handedOut.add(call(links, n, SHOW));
            }
            assertThat(handedOut).hasSize(1200);
            assertThat(showScore.requestCount()).isEqualTo(3);
            assertThat(links.pooled(SHOW)).isZero();
            call(links, 1200, SHOW);
            assertThat(showScore.requestCount(Endpoint.GENERATE)).as("an empty pool falls back to generate").isEqualTo(1);
        }

        @Test
        @DisplayName("pooled links near expiry are dropped, never handed out")
        void nearExpiryDropped() {
            ShowScorePartnerLinks links = links();
            links.prefetch(SHOW, 5);
            List<String> prefetched = List.copyOf(showScore.issuedReviewUrls());
            clock.advance(FakeShowScoreServer.DEFAULT_TOKEN_LIFETIME.minus(Duration.ofDays(14)));
            assertThat(links.pooled(SHOW)).as("within the 14-day margin").isZero();
            String link = call(links, 0, SHOW);
            assertThat(prefetched).doesNotContain(link);
            assertThat(showScore.requestCount(Endpoint.GENERATE)).isEqualTo(1);
        }

        @Test
        @DisplayName("a bulk answer of links that all expire within the margin is not pooled, and says so once")
        void shortLivedBulkTokensNotPooled() {
            try (FakeShowScoreServer shortLived = FakeShowScoreServer.builder().clock(clock)
                    .tokenLifetime(Duration.ofDays(10)).start()) {
                shortLived.addShow(SHOW, "Twelfth Night");
                ShowScorePartnerLinks links = links(shortLived.configBuilder());
                assertThat(links.prefetch(SHOW, 50)).isZero();
                assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("50 expire within 14 days"));
                assertThat(call(links, 0, SHOW)).as("generate's own fresh link is still used").isNotBlank();
            }
        }

        @Test
        @DisplayName("what is not a show id is refused without a request")
        void notAShowId() {
            ShowScorePartnerLinks links = links();
            for (Object bad : List.of("12 345", "../admin", "12345&count=500", Map.of("id", 1), 12.5e300)) {
                assertThat(refusal(links, 0, bad).reason()).isEqualTo(TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT);
            }
            assertThat(showScore.requestCount()).isZero();
        }

        @Test
        @DisplayName("previews show a link-shaped stand-in and call nobody")
        void previews() {
            ShowScorePartnerLinks links = links();
            assertThat(links.previewValue(List.of(SHOW)))
                    .isEqualTo("https://www.show-score.com/review-link-preview?show_id=12345");
            assertThat(showScore.requestCount()).isZero();
            assertThat(links.mayDoIo()).isTrue();
            assertThat(links.toString()).doesNotContain(FakeShowScoreServer.DEFAULT_API_KEY);
        }
    }

    @Nested
    @DisplayName("when Show-Score says no")
    class Refusals {
        @Test
        @DisplayName("404: no value for that show, one request and one warning however many recipients; asked again later")
        void unknownShow() {
            ShowScorePartnerLinks links = links();
            for (int n = 0; n < 50; n++) {
                TemplateFunctionException refusal = refusal(links, n, "999");
                assertThat(refusal.reason()).isEqualTo(TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT);
                assertThat(refusal.getMessage()).contains("Show-Score does not know show id 999")
                        .contains("check the event's ShowScoreID");
            }
            assertThat(showScore.requestCount()).isEqualTo(1);
            assertThat(log.warnings).singleElement().satisfies(w -> assertThat(w).contains("999"));
            assertThat(call(links, 0, SHOW)).as("other shows are unaffected").isNotBlank();

            clock.advance(Duration.ofMinutes(61));
            showScore.addShow("999", "Added late");
            assertThat(call(links, 0, "999")).isNotBlank();
            assertThat(showScore.requestCount()).isEqualTo(3);
        }

        @Test
        @DisplayName("401: stops with an error naming the key setting, logged once; no more requests")
        void refusedKey() {
            ShowScorePartnerLinks links = links(ShowScoreConfig.builder().apiKey("a-revoked-key")
                    .generateBaseUrl(showScore.generateBaseUrl()).bulkBaseUrl(showScore.bulkBaseUrl()).clock(clock));
            TemplateFunctionException refusal = refusal(links, 0, SHOW);
            assertThat(refusal.reason()).isEqualTo(TemplateFunctionException.Reason.MISCONFIGURED);
            assertThat(refusal.getMessage()).contains("showscore.apiKey").contains("HTTP 401")
                    .doesNotContain("a-revoked-key");
            for (int n = 1; n < 20; n++) {
                assertThat(refusal(links, n, SHOW).reason()).isEqualTo(TemplateFunctionException.Reason.MISCONFIGURED);
            }
            links.prepare(List.of());
            assertThat(showScore.requestCount()).isEqualTo(1);
            assertThat(log.errors).singleElement().satisfies(e -> assertThat(e).contains("showscore.apiKey"));
            assertThat(links.stoppedBecause()).hasValueSatisfying(why -> assertThat(why).contains("showscore.apiKey"));
            assertThatThrownBy(() -> links.prefetch(SHOW, 10)).isInstanceOfSatisfying(ShowScoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(ShowScoreException.Reason.INVALID_API_KEY));
        }

        @Test
        @DisplayName("401 from bulk_generate with its own key names showscore.bulkApiKey")
        void refusedBulkKey() {
            try (FakeShowScoreServer twoKeys = FakeShowScoreServer.builder().clock(clock).bulkApiKey("bulk-key").start()) {
                twoKeys.addShow(SHOW, "Twelfth Night");
                ShowScoreConfig.Builder config = ShowScoreConfig.builder().apiKey(FakeShowScoreServer.DEFAULT_API_KEY)
                        .bulkApiKey("not-the-bulk-key").generateBaseUrl(twoKeys.generateBaseUrl())
                        .bulkBaseUrl(twoKeys.bulkBaseUrl()).clock(clock);
                ShowScorePartnerLinks links = links(config);
                assertThatThrownBy(() -> links.prefetch(SHOW, 10)).isInstanceOfSatisfying(ShowScoreException.class,
                        e -> assertThat(e.getMessage()).contains("showscore.bulkApiKey").doesNotContain("not-the-bulk-key"));
                assertThat(links(twoKeys.configBuilder()).prefetch(SHOW, 10)).as("with the right keys").isEqualTo(10);
            }
        }

        @Test
        @DisplayName("429 with a long Retry-After: try again later, no requests until then, one warning")
        void rateLimitedLong() {
            ShowScorePartnerLinks links = links();
            showScore.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(40)));
            TemplateFunctionException refusal = refusal(links, 0, SHOW);
            assertThat(refusal.reason()).isEqualTo(TemplateFunctionException.Reason.RETRY_LATER);
            assertThat(refusal.getMessage()).contains("HTTP 429").contains("2026-03-14T22:30:40Z");
            for (int n = 1; n < 30; n++) {
                assertThat(refusal(links, n, SHOW).reason()).isEqualTo(TemplateFunctionException.Reason.RETRY_LATER);
            }
            assertThat(showScore.requestCount()).isEqualTo(1);
            assertThat(waits).as("a wait longer than the cap is not slept").isEmpty();
            assertThat(log.warnings).hasSize(1);

            clock.advance(Duration.ofSeconds(40));
            assertThat(call(links, 0, SHOW)).isNotBlank();
            assertThat(showScore.requestCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("429 with a short Retry-After is waited out within the request")
        void rateLimitedShort() {
            ShowScorePartnerLinks links = links();
            showScore.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(1)));
            assertThat(call(links, 0, SHOW)).isNotBlank();
            assertThat(waits).containsExactly(Duration.ofSeconds(1));
            assertThat(showScore.requestCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("500 then success: retried with backoff within the request")
        void serverErrorRetried() {
            ShowScorePartnerLinks links = links();
            showScore.failNext(2, Endpoint.GENERATE, Fault.serverError());
            assertThat(call(links, 0, SHOW)).isNotBlank();
            assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        }

        @Test
        @DisplayName("5xx that outlasts the retries: try again later, paused 30 s, then 60 s after another failed round")
        void outagePauses() {
            ShowScorePartnerLinks links = links();
            showScore.failNext(6, Fault.status(503));
            assertThat(refusal(links, 0, SHOW).reason()).isEqualTo(TemplateFunctionException.Reason.RETRY_LATER);
            assertThat(showScore.requestCount()).isEqualTo(3);
            assertThat(refusal(links, 1, SHOW).getMessage()).contains("22:30:30Z");
            assertThat(showScore.requestCount()).as("no requests while paused").isEqualTo(3);
            clock.advance(Duration.ofSeconds(30));
            assertThat(refusal(links, 1, SHOW).getMessage()).contains("22:31:30Z");
            assertThat(showScore.requestCount()).isEqualTo(6);
            clock.advance(Duration.ofSeconds(60));
            assertThat(call(links, 1, SHOW)).isNotBlank();
        }

        @Test
        @DisplayName("a slow answer times out and is retried")
        void slowAnswer() {
            ShowScorePartnerLinks links = links(showScore.configBuilder().requestTimeout(Duration.ofMillis(300)));
            showScore.failNext(1, Fault.slow(Duration.ofSeconds(3)));
            assertThat(call(links, 0, SHOW)).isNotBlank();
            assertThat(showScore.requestCount()).isEqualTo(2);
            assertThat(waits).hasSize(1);
        }

        @Test
        @DisplayName("links are never sent from a prefetch that failed, and the pool is used during a pause")
        void poolServesDuringPause() {
            ShowScorePartnerLinks links = links();
            links.prefetch(SHOW, 3);
            showScore.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(50)));
            assertThatThrownBy(() -> links.prefetch(SHOW, 500)).isInstanceOfSatisfying(ShowScoreException.class,
                    e -> assertThat(e.reason()).isEqualTo(ShowScoreException.Reason.RATE_LIMITED));
            for (int n = 0; n < 3; n++) {
                assertThat(call(links, n, SHOW)).isNotBlank();
            }
            assertThat(refusal(links, 3, SHOW).reason()).isEqualTo(TemplateFunctionException.Reason.RETRY_LATER);
            assertThat(showScore.requestCount()).isEqualTo(2);
        }
    }
}
