package io.crowdengage.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** X-Twilio-Signature: Twilio's published example and vectors computed outside Java; the rule's properties are in {@link TwilioSignatureProperties}. */
@DisplayName("TwilioSignature")
class TwilioSignatureTest {
    private static final String TOKEN = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";

    private static Map.Entry<String, String> p(String name, String value) {
        return new SimpleImmutableEntry<>(name, value);
    }

    /** The example in Twilio's "Webhooks security" guide: Auth Token 12345. */
    private static final String PUBLISHED_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final List<Map.Entry<String, String>> PUBLISHED_PARAMS = List.of(
            p("CallSid", "CA1234567890ABCDE"), p("Caller", "+12349013030"), p("Digits", "1234"),
            p("From", "+12349013030"), p("To", "+18005551212"));

    /** A status callback as Twilio would post it for one of our sends, signed by Python's hmac module. */
    private static final String CALLBACK_URL = "https://tickets.playhouse.example/twilio/status?ce_ref=ce-3f9a1c2e-42";
    private static final List<Map.Entry<String, String>> CALLBACK_PARAMS = List.of(
            p("To", "+447400123456"), p("SmsStatus", "delivered"), p("MessageStatus", "delivered"),
            p("SmsSid", "SM0123456789abcdef0123456789abcdef"), p("MessageSid", "SM0123456789abcdef0123456789abcdef"),
            p("From", "+447400900900"), p("ApiVersion", "2010-04-01"),
            p("AccountSid", "ACfacefacefacefacefacefacefaceface"));

    @Test
    @DisplayName("reproduces the example Twilio publishes, and accepts it")
    void publishedExample() {
        assertThat(TwilioSignature.compute("12345", PUBLISHED_URL, PUBLISHED_PARAMS))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.matches("12345", PUBLISHED_URL, PUBLISHED_PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isTrue();
        assertThat(TwilioSignature.matches("54321", PUBLISHED_URL, PUBLISHED_PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .as("another token").isFalse();
    }

    @Test
    @DisplayName("matches vectors computed by another implementation: a status callback with our reference, and a Unicode body")
    void ownVectors() {
        assertThat(TwilioSignature.compute(TOKEN, CALLBACK_URL, CALLBACK_PARAMS)).isEqualTo("WYCpbUxuPV+N4nq7plwMEXF8EJ0=");
        assertThat(TwilioSignature.compute(TOKEN, "https://tickets.playhouse.example:443/twilio/status?ce_ref=ce-3f9a1c2e-42",
                CALLBACK_PARAMS)).isEqualTo("cWjvQYEwgmyuQCrqE5L71Gz+8MI=");
        assertThat(TwilioSignature.compute(TOKEN, "https://tickets.playhouse.example/twilio/inbound", List.of(
                p("To", "+447400900900"), p("MessageSid", "SMffffffffffffffffffffffffffffffff"),
                p("From", "+447400123456"), p("Body", "Diolch! Ŵyl wych 👏"))))
                .isEqualTo("FDOITwEmnPuCTqugOdw4yjNEL8M=");
    }

    @Test
    @DisplayName("accepts the URL with its default port added or removed, as Twilio's validators do, and no other port")
    void defaultPort() {
        String signedWithoutPort = "WYCpbUxuPV+N4nq7plwMEXF8EJ0=";
        String signedWithPort = "cWjvQYEwgmyuQCrqE5L71Gz+8MI=";

        assertThat(TwilioSignature.matches(TOKEN, "https://tickets.playhouse.example:443/twilio/status?ce_ref=ce-3f9a1c2e-42",
                CALLBACK_PARAMS, signedWithoutPort)).as("request with :443, signed without").isTrue();
        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL, CALLBACK_PARAMS, signedWithPort))
                .as("request without a port, signed with :443").isTrue();
        assertThat(TwilioSignature.matches(TOKEN, "https://tickets.playhouse.example:8443/twilio/status?ce_ref=ce-3f9a1c2e-42",
                CALLBACK_PARAMS, signedWithoutPort)).as("another port").isFalse();
        assertThat(TwilioSignature.urlVariants("http://127.0.0.1/x?a=1")).containsExactly("http://127.0.0.1/x?a=1",
                "http://127.0.0.1:80/x?a=1");
        assertThat(TwilioSignature.urlVariants("http://127.0.0.1:80/x")).containsExactly("http://127.0.0.1:80/x",
                "http://127.0.0.1/x");
        assertThat(TwilioSignature.urlVariants("http://127.0.0.1:8080/x")).containsExactly("http://127.0.0.1:8080/x");
    }

    @Test
    @DisplayName("refuses a blank signature, one byte off, another reference in the URL, and a changed or extra parameter")
    void refusals() {
        String good = TwilioSignature.compute(TOKEN, CALLBACK_URL, CALLBACK_PARAMS);
        List<Map.Entry<String, String>> failed = new ArrayList<>(CALLBACK_PARAMS);
        failed.set(2, p("MessageStatus", "failed"));
        List<Map.Entry<String, String>> extra = new ArrayList<>(CALLBACK_PARAMS);
        extra.add(p("ErrorCode", "21610"));

        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL, CALLBACK_PARAMS, good)).isTrue();
        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL, CALLBACK_PARAMS, " ")).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL, CALLBACK_PARAMS, good.substring(1))).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL.replace("-42", "-43"), CALLBACK_PARAMS, good)).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL, failed, good)).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, CALLBACK_URL, extra, good)).isFalse();
    }
}
