package io.crowdengage.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TwilioConfig")
class TwilioConfigTest {
    private static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    private static final String TOKEN = "fedcba9876543210".repeat(2);
    private static final String KEY_SID = "SK" + "00112233445566778899aabbccddeeff";
    private static final String KEY_SECRET = "Vt3kQ9wLz0PmXr7sYb2cN5dF8gH1jK4e";

    private static TwilioConfig.Builder minimal() {
        return TwilioConfig.builder().accountSid(ACCOUNT).authToken(TOKEN).throughputPerSecond(10);
    }

    @Test
    @DisplayName("needs only the account, a credential and the throughput; the rest has documented defaults")
    void defaults() {
        TwilioConfig config = minimal().build();

        assertThat(config.baseUrl()).isEqualTo(URI.create("https://api.twilio.com"));
        assertThat(config.keywordHandling()).isEqualTo(TwilioKeywordHandling.TWILIO_DEFAULT);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.validityPeriod()).isEmpty();
        assertThat(config.statusCallbackUrl()).isEmpty();
        assertThat(config.webhookMemory()).isEqualTo(50_000);
        assertThat(config.basicCredentials()).containsExactly(ACCOUNT, TOKEN);
    }

    @Test
    @DisplayName("sends with the API key when one is given, and keeps the Auth Token for webhooks")
    void apiKey() {
        TwilioConfig config = minimal().apiKey(KEY_SID, KEY_SECRET).build();

        assertThat(config.basicCredentials()).containsExactly(KEY_SID, KEY_SECRET);
        assertThat(config.authToken()).contains(TOKEN);
        assertThat(TwilioConfig.builder().accountSid(ACCOUNT).apiKey(KEY_SID, KEY_SECRET).throughputPerSecond(1).build()
                .authToken()).as("a key alone is enough to send").isEmpty();
    }

    @Test
    @DisplayName("reports every problem at once, naming each field")
    void everyProblemAtOnce() {
        assertThatThrownBy(() -> TwilioConfig.builder().accountSid("AC123").apiKey(KEY_SID, null)
                .messagingServiceSid("MG1").statusCallbackUrl("http://venue.example/twilio/status")
                .inboundWebhookUrl("https://venue.example/twilio/in#x").validityPeriod(Duration.ofHours(11))
                .connectTimeout(Duration.ZERO).baseUrl("ftp://api.twilio.com").userAgent(" ").webhookMemory(0).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_CONFIGURATION);
                    assertThat(e.problems()).extracting(ValidationException.Problem::path).containsExactlyInAnyOrder(
                            "twilio.accountSid", "twilio.apiKey", "twilio.messagingServiceSid",
                            "twilio.statusCallbackUrl", "twilio.inboundWebhookUrl", "twilio.throughputPerSecond",
                            "twilio.validityPeriod", "twilio.connectTimeout", "twilio.baseUrl", "twilio.userAgent",
                            "twilio.webhookMemory");
                })
                .hasMessageContaining("AC and 32 hexadecimal digits")
                .hasMessageContaining("http is allowed only for a loopback test server")
                .hasMessageContaining("1 for a US long code");
    }

    @Test
    @DisplayName("needs a credential, and never shows one, even a malformed one")
    void credentials() {
        assertThatThrownBy(() -> TwilioConfig.builder().accountSid(ACCOUNT).throughputPerSecond(1).build())
                .isInstanceOf(ValidationException.class)
                .hasMessage("twilio.authToken: is required unless an API key (SID and secret) is given");
        assertThat(minimal().apiKey(KEY_SID, KEY_SECRET).build().toString()).doesNotContain(TOKEN)
                .doesNotContain(KEY_SECRET).contains("(hidden)").contains(KEY_SID);
        String leaked = "not-a-token-but-secret-anyway";
        assertThatThrownBy(() -> TwilioConfig.builder().accountSid(ACCOUNT).authToken(leaked)
                .apiKey(KEY_SID, "has a space").throughputPerSecond(1).build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("twilio.authToken").hasMessageContaining("twilio.apiKeySecret")
                .hasMessageNotContaining(leaked).hasMessageNotContaining("has a space");
    }

    @Test
    @DisplayName("refuses a value set twice, with the other problems")
    void setTwice() {
        assertThatThrownBy(() -> minimal().throughputPerSecond(5).accountSid(ACCOUNT).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(ValidationException.Problem::toString).containsExactly(
                                "twilio.throughputPerSecond: was set twice; set each value once",
                                "twilio.accountSid: was set twice; set each value once"));
    }

    @Test
    @DisplayName("webhook URLs: https or loopback http, different paths, and no reference parameter of our own")
    void webhookUrls() {
        TwilioConfig config = minimal().statusCallbackUrl("https://tickets.playhouse.example/twilio/status?venue=7")
                .inboundWebhookUrl("http://127.0.0.1:8080/twilio/inbound").build();
        assertThat(config.statusCallbackUrl()).contains(URI.create("https://tickets.playhouse.example/twilio/status?venue=7"));

        assertThatThrownBy(() -> minimal().statusCallbackUrl("https://venue.example/twilio")
                .inboundWebhookUrl("https://venue.example/twilio/").build())
                .hasMessageContaining("twilio.inboundWebhookUrl: must have a different path from statusCallbackUrl");
        assertThatThrownBy(() -> minimal().statusCallbackUrl("https://venue.example/s?ce_ref=x").build())
                .hasMessageContaining("must not have a 'ce_ref' query parameter");
        assertThatThrownBy(() -> minimal().statusCallbackUrl("/twilio/status").build())
                .hasMessageContaining("must be an absolute URL with a host");
        assertThatThrownBy(() -> minimal().statusCallbackUrl("https://user:pw@venue.example/s").build())
                .hasMessageContaining("must not carry a user name or password");
        assertThatThrownBy(() -> minimal().inboundWebhookUrl("https://venue example/s").build())
                .hasMessageContaining("twilio.inboundWebhookUrl: must be a URL");
    }

    @Test
    @DisplayName("the validity period is whole seconds from 1 second to 10 hours; the throughput positive and finite")
    void ranges() {
        assertThat(minimal().validityPeriod(Duration.ofHours(10)).build().validityPeriod()).contains(Duration.ofHours(10));
        assertThat(minimal().validityPeriod(Duration.ofSeconds(1)).build().validityPeriod()).contains(Duration.ofSeconds(1));
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(36_001)}) {
            assertThatThrownBy(() -> minimal().validityPeriod(bad).build()).hasMessageContaining("twilio.validityPeriod");
        }
        for (double bad : new double[] {0, -1, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> TwilioConfig.builder().accountSid(ACCOUNT).authToken(TOKEN)
                    .throughputPerSecond(bad).build()).hasMessageContaining("must be positive and finite");
        }
    }

    @Test
    @DisplayName("the record itself refuses nulls with a problem, not a NullPointerException")
    void recordNulls() {
        assertThatThrownBy(() -> new TwilioConfig(ACCOUNT, null, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 1, TwilioKeywordHandling.NONE, Optional.empty(),
                Duration.ofSeconds(1), Duration.ofSeconds(1), URI.create("https://api.twilio.com"), "ua", null, 1))
                .isInstanceOf(ValidationException.class).hasMessageContaining("twilio.authToken: must not be null")
                .hasMessageContaining("twilio.clock: must be set");
    }
}
