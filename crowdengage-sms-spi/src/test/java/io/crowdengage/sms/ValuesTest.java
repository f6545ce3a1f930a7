package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    private static final Instant AT = Instant.parse("2026-03-14T18:00:00Z");

    @Test
    @DisplayName("send results refuse missing fields and a negative retry-after")
    void sendResults() {
        assertThatThrownBy(() -> new SendResult.Accepted(" ")).isInstanceOf(ValidationException.class)
                .hasMessage("providerMessageId: must not be blank");
        assertThatThrownBy(() -> new SendResult.TransientFailure(FailureReason.RATE_LIMITED, "429",
                Optional.of(Duration.ofSeconds(-1)), "")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("retryAfter");
        assertThatThrownBy(() -> new SendResult.PermanentFailure(null, "21610", ""))
                .isInstanceOf(ValidationException.class).hasMessageContaining("reason");
        assertThat(new SendResult.Accepted("SM1").isAccepted()).isTrue();
        assertThat(new SendResult.PermanentFailure(FailureReason.INVALID_NUMBER, "21211", "").isAccepted()).isFalse();
    }

    @Test
    @DisplayName("a delivery report refuses a blank id and blank optional values")
    void deliveryReport() {
        assertThatThrownBy(() -> new DeliveryReport("", Optional.empty(), DeliveryStatus.DELIVERED, AT, Optional.empty()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("providerMessageId");
        assertThatThrownBy(() -> new DeliveryReport("SM1", Optional.of(" "), DeliveryStatus.DELIVERED, AT,
                Optional.empty())).isInstanceOf(ValidationException.class).hasMessageContaining("reference");
        assertThat(DeliveryStatus.DELIVERED.isDelivered()).isTrue();
        assertThat(DeliveryStatus.EXPIRED.isDelivered()).isFalse();
    }

    @Test
    @DisplayName("a delivery report may say why it failed, never for a delivered message; the old constructor gives none")
    void deliveryReportFailureReason() {
        DeliveryReport optedOut = new DeliveryReport("SM1", Optional.of("ce-1"), DeliveryStatus.FAILED, AT,
                Optional.of("21610"), Optional.of(FailureReason.OPTED_OUT_AT_PROVIDER));
        DeliveryReport plain = new DeliveryReport("SM1", Optional.of("ce-1"), DeliveryStatus.FAILED, AT,
                Optional.of("30003"));

        assertThat(optedOut.recipientOptedOut()).isTrue();
        assertThat(plain.failureReason()).isEmpty();
        assertThat(plain.recipientOptedOut()).isFalse();
        assertThat(new DeliveryReport("SM1", Optional.empty(), DeliveryStatus.UNDELIVERED, AT, Optional.empty(),
                Optional.of(FailureReason.INVALID_NUMBER)).recipientOptedOut()).isFalse();
        assertThatThrownBy(() -> new DeliveryReport("SM1", Optional.empty(), DeliveryStatus.DELIVERED, AT,
                Optional.empty(), Optional.of(FailureReason.OPTED_OUT_AT_PROVIDER)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("failureReason: must be empty for a DELIVERED report but was OPTED_OUT_AT_PROVIDER");
        assertThatThrownBy(() -> new DeliveryReport("SM1", Optional.empty(), DeliveryStatus.FAILED, AT,
                Optional.empty(), null)).isInstanceOf(ValidationException.class).hasMessageContaining("failureReason");
    }

    @Test
    @DisplayName("an inbound message may say how the provider answered it: only OPT_OUT, OPT_IN or HELP")
    void inboundProviderKeyword() {
        InboundSms answered = new InboundSms(ALICE, "+447400900900", "STOP", AT, Optional.of(Keyword.OPT_OUT));

        assertThat(answered.answeredByProviderAs(Keyword.OPT_OUT)).isTrue();
        assertThat(answered.answeredByProviderAs(Keyword.OPT_IN)).isFalse();
        assertThat(answered.toString()).contains("providerKeyword=OPT_OUT").doesNotContain("7400123456");
        assertThat(new InboundSms(ALICE, "60123", "STOP", AT).providerKeyword()).isEmpty();
        assertThat(new InboundSms(ALICE, "60123", "STOP", AT).answeredByProviderAs(Keyword.OPT_OUT)).isFalse();
        for (Keyword notActedOn : new Keyword[] {Keyword.OPT_OUT_PROBABLE, Keyword.OTHER}) {
            assertThatThrownBy(() -> new InboundSms(ALICE, "60123", "x", AT, Optional.of(notActedOn)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("providerKeyword")
                    .hasMessageContaining(notActedOn.name());
        }
    }

    @Test
    @DisplayName("an inbound message needs a destination but may have an empty body; its toString masks the number")
    void inbound() {
        InboundSms inbound = new InboundSms(ALICE, "60123", "", AT);

        assertThat(inbound.keyword(KeywordClassifier.english())).isEqualTo(Keyword.OTHER);
        assertThat(inbound.toString()).contains("+44*******456").doesNotContain("7400123456");
        assertThatThrownBy(() -> new InboundSms(ALICE, " ", "STOP", AT)).isInstanceOf(ValidationException.class)
                .hasMessage("to: must not be blank");
    }

    @Test
    @DisplayName("an outbound message measures its body and never prints it")
    void outbound() {
        OutboundSms sms = new OutboundSms(ALICE, Sender.alphanumeric("RoyalCourt"), "Your seat is F12 😀", "msg-1");

        assertThat(sms.length().encoding()).isEqualTo(SmsEncoding.Encoding.UCS_2);
        assertThat(sms.toString()).contains("+44*******456").doesNotContain("F12").doesNotContain("7400123456");
    }

    @Test
    @DisplayName("a provider exception carries its reason, retryability and provider code")
    void providerException() {
        SmsProviderException e = new SmsProviderException(FailureReason.PROVIDER_UNAVAILABLE, true, Optional.of("503"),
                "gateway timed out");

        assertThat(e.retryable()).isTrue();
        assertThat(e.providerCode()).contains("503");
        assertThat(e.code()).isEqualTo("SMS_PROVIDER.PROVIDER_UNAVAILABLE");
        assertThat(SmsProviderException.refused(FailureReason.REJECTED_CONTENT, "too long").providerCode()).isEmpty();
    }
}
