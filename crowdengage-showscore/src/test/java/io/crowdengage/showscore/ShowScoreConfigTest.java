package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ShowScoreConfig")
class ShowScoreConfigTest {
    private static final String KEY = "pk_live_s3cr3t-partner-key";

    @Test
    @DisplayName("only the key is required; the defaults are Show-Score's documented hosts and limits")
    void defaults() {
        ShowScoreConfig config = ShowScoreConfig.builder().apiKey(KEY).build();
        assertThat(config.generateBaseUrl()).isEqualTo("https://show-score.com");
        assertThat(config.bulkBaseUrl()).isEqualTo("https://www.show-score.com");
        assertThat(config.bulkSize()).isEqualTo(500);
        assertThat(config.minimumRefill()).isEqualTo(20);
        assertThat(config.nearExpiryMargin()).isEqualTo(Duration.ofDays(14));
        assertThat(config.unknownShowRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(config.showIdAttribute()).isEqualTo("attribute_ShowScoreID");
        assertThat(config.retry()).isEqualTo(ShowScoreRetry.DEFAULT);
        assertThat(config.clock()).isEqualTo(Clock.systemUTC());
        assertThat(config.effectiveBulkKey()).isEqualTo(KEY);
        assertThat(config.bulkKeySetting()).isEqualTo("showscore.apiKey");
    }

    @Test
    @DisplayName("every problem is reported at once, by setting")
    void everyProblemAtOnce() {
        assertThatThrownBy(() -> ShowScoreConfig.builder().generateBaseUrl("http://show-score.com")
                .bulkBaseUrl("ftp://www.show-score.com").requestTimeout(Duration.ZERO).bulkSize(501).minimumRefill(0)
                .nearExpiryMargin(Duration.ofHours(1)).unknownShowRetention(Duration.ofDays(2))
                .showIdAttribute("attribute ShowScoreID").userAgent(" ").clock(null).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_CONFIGURATION);
                    assertThat(e.problems()).extracting(ValidationException.Problem::path).containsExactly(
                            "showscore.apiKey", "showscore.generateBaseUrl", "showscore.bulkBaseUrl",
                            "showscore.requestTimeout", "showscore.bulkSize", "showscore.minimumRefill",
                            "showscore.nearExpiryMargin", "showscore.unknownShowRetention", "showscore.showIdAttribute",
                            "showscore.userAgent", "showscore.clock");
                    assertThat(e.getMessage()).contains("http is allowed only for a loopback test server")
                            .contains("Show-Score's maximum per bulk_generate");
                });
    }

    @Test
    @DisplayName("keys are never shown: not in toString, not in errors, even when malformed")
    void keysNeverShown() {
        ShowScoreConfig config = ShowScoreConfig.builder().apiKey(KEY).bulkApiKey("bulk-" + KEY).build();
        assertThat(config.toString()).doesNotContain(KEY).contains("apiKey=(hidden)").contains("bulkApiKey=(hidden)");
        assertThat(config.bulkKeySetting()).isEqualTo("showscore.bulkApiKey");
        String malformed = "pk live\r\nX-Injected: yes";
        assertThatThrownBy(() -> ShowScoreConfig.builder().apiKey(malformed).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                        .contains("showscore.apiKey").contains("value not shown").doesNotContain("pk live")
                        .doesNotContain("Injected"));
    }

    @Test
    @DisplayName("a value set twice is a wiring mistake, reported with the rest; loopback http is allowed for fakes")
    void setTwiceAndLoopback() {
        assertThatThrownBy(() -> ShowScoreConfig.builder().apiKey(KEY).apiKey(KEY).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(ValidationException.Problem::toString)
                        .containsExactly("showscore.apiKey: was set twice; set each value once"));
        ShowScoreConfig loopback = ShowScoreConfig.builder().apiKey(KEY).generateBaseUrl("http://127.0.0.1:8080/apex/")
                .bulkBaseUrl("http://localhost:8080").build();
        assertThat(loopback.generateBaseUrl()).isEqualTo("http://127.0.0.1:8080/apex");
    }

    @Test
    @DisplayName("retry values are checked, and the backoff doubles to its cap")
    void retry() {
        assertThat(ShowScoreRetry.DEFAULT.backoffAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(ShowScoreRetry.DEFAULT.backoffAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(ShowScoreRetry.DEFAULT.backoffAfter(9)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ShowScoreRetry.DEFAULT.pauseAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ShowScoreRetry.DEFAULT.pauseAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(ShowScoreRetry.DEFAULT.pauseAfter(30)).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> new ShowScoreRetry(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("showscore.retry.maxAttempts");
        assertThatThrownBy(() -> new ShowScoreRetry(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("showscore.retry.backoffCap");
    }
}
