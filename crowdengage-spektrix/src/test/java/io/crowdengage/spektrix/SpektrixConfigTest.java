package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SpektrixConfigTest {
    private static final String KEY = "dGhpcyBpcyBhIHRlc3Q=";

    @Test
    void defaultsTheBaseUrlFromTheClientName() {
        SpektrixConfig config = SpektrixConfig.builder().clientName("apitesting").loginName("login").secretKey(KEY)
                .venueZone(ZoneId.of("Europe/London")).build();

        assertThat(config.baseUrl()).isEqualTo("https://system.spektrix.com/apitesting/api/v3");
        assertThat(config.defaultPhoneRegion()).isEqualTo("GB");
        assertThat(config.cacheExpiry()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.syncPageLimit()).isEqualTo(100);
    }

    @Test
    void acceptsACustomDomainAndDropsATrailingSlash() {
        SpektrixConfig config = SpektrixConfig.builder().clientName("musicacademywest")
                .baseUrl("https://spektrix.musicacademy.org/musicacademywest/api/v3/").loginName("login").secretKey(KEY)
                .venueZone(ZoneId.of("America/Los_Angeles")).build();

        assertThat(config.baseUrl()).isEqualTo("https://spektrix.musicacademy.org/musicacademywest/api/v3");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> SpektrixConfig.builder().clientName("has space").baseUrl("http://example.com/x")
                .secretKey("not base64 !!").defaultPhoneRegion("gb").cacheExpiry(Duration.ofSeconds(-1))
                .requestTimeout(Duration.ZERO).loginName("a").loginName("b").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_CONFIGURATION);
                    assertThat(e.problems()).extracting(ValidationException.Problem::path).contains(
                            "spektrix.clientName", "spektrix.baseUrl", "spektrix.secretKey", "spektrix.venueZone",
                            "spektrix.defaultPhoneRegion", "spektrix.cacheExpiry", "spektrix.requestTimeout",
                            "spektrix.loginName");
                    assertThat(e.getMessage()).doesNotContain("not base64 !!").contains("must use https");
                });
    }

    @Test
    void hidesTheSecretKey() {
        SpektrixConfig config = SpektrixConfig.builder().clientName("apitesting").loginName("login").secretKey(KEY)
                .venueZone(ZoneId.of("Europe/London")).build();

        assertThat(config.toString()).doesNotContain(KEY).contains("secretKey=(hidden)").contains("login");
    }
}
