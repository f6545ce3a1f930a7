package io.crowdengage.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.sms.PhoneNumber;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Consent history")
class ConsentHistoryTest {
    static final PhoneNumber NUMBER = PhoneNumber.parse("07400 123456", "GB");
    static final PhoneNumber OTHER = PhoneNumber.parse("07400 654321", "GB");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    @DisplayName("STOP cancels the soft opt-in; START restores consent as express consent")
    void stopThenStart() {
        ConsentHistory history = ConsentHistory.of(List.of(
                new ConsentRecord.SoftOptInNoticeSent(NUMBER, t(0), "n1"),
                new ConsentRecord.OptedOut(NUMBER, t(10), ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP"),
                new ConsentRecord.OptedIn(NUMBER, t(20), "START")));
        assertThat(history.stateAt(t(5)).marketingBasis()).contains(LawfulBasis.SOFT_OPT_IN);
        assertThat(history.stateAt(t(10)).optedOut()).isTrue();
        assertThat(history.stateAt(t(10)).marketingBasis()).isEmpty();
        assertThat(history.stateAt(t(20)).optedOut()).isFalse();
        assertThat(history.stateAt(t(20)).marketingBasis()).contains(LawfulBasis.EXPRESS);
    }

    @Test
    @DisplayName("the soft opt-in needs the notice strictly earlier, and is not revived by an old notice after STOP")
    void softOptInTiming() {
        ConsentHistory history = ConsentHistory.of(List.of(
                new ConsentRecord.SoftOptInNoticeSent(NUMBER, t(0), "n1"),
                new ConsentRecord.OptedOut(NUMBER, t(10), ConsentRecord.OptOutSource.PROVIDER, false, "21610")));
        assertThat(history.stateAt(t(0)).marketingBasis()).isEmpty();
        assertThat(history.stateAt(t(1)).marketingBasis()).contains(LawfulBasis.SOFT_OPT_IN);
        assertThat(history.stateAt(t(100)).marketingBasis()).isEmpty();
        assertThat(history.softOptInNoticeEverSent()).isTrue();
    }

    @Test
    @DisplayName("a notice reported undelivered stops being a basis from the report on; express consent is untouched")
    void undeliveredNotice() {
        ConsentHistory history = ConsentHistory.of(List.of(
                new ConsentRecord.SoftOptInNoticeSent(NUMBER, t(0), "n1"),
                new ConsentRecord.SoftOptInNoticeUndelivered(NUMBER, t(30), "n1", "delivery report: EXPIRED"),
                new ConsentRecord.OptedIn(NUMBER, t(60), "START")));
        assertThat(history.stateAt(t(29)).marketingBasis()).contains(LawfulBasis.SOFT_OPT_IN);
        assertThat(history.stateAt(t(30)).marketingBasis()).isEmpty();
        assertThat(history.stateAt(t(30)).softOptInSince()).isEmpty();
        assertThat(history.stateAt(t(60)).marketingBasis()).contains(LawfulBasis.EXPRESS);
        assertThat(history.softOptInNoticeEverSent()).as("one notice per number, even undelivered").isTrue();
    }

    @Test
    @DisplayName("a probable opt-out counts as an opt-out, flagged")
    void probable() {
        ConsentHistory history = ConsentHistory.empty().append(
                new ConsentRecord.OptedOut(NUMBER, t(0), ConsentRecord.OptOutSource.SMS_KEYWORD, true, "please stop"));
        assertThat(history.stateAt(t(1)).optedOut()).isTrue();
        assertThat(history.stateAt(t(1)).probableOptOut()).isTrue();
    }

    @Test
    @DisplayName("texting in opens a conversation, which is never a marketing basis")
    void implied() {
        ConsentHistory history = ConsentHistory.empty().append(new ConsentRecord.ConversationOpened(NUMBER, t(0)));
        assertThat(history.stateAt(t(1)).conversationOpenedAt()).contains(t(0));
        assertThat(history.stateAt(t(1)).marketingBasis()).isEmpty();
    }

    @Test
    @DisplayName("records in the future are not yet in force; same-instant records apply in append order")
    void ordering() {
        ConsentHistory history = ConsentHistory.of(List.of(
                new ConsentRecord.OptedIn(NUMBER, t(5), "START"),
                new ConsentRecord.OptedOut(NUMBER, t(5), ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP")));
        assertThat(history.stateAt(t(4)).optedOut()).isFalse();
        assertThat(history.stateAt(t(5)).optedOut()).isTrue();
    }

    @Test
    @DisplayName("is append-only and for one number")
    void oneNumber() {
        ConsentHistory history = ConsentHistory.empty().append(new ConsentRecord.ConversationOpened(NUMBER, t(0)));
        assertThatThrownBy(() -> history.append(new ConsentRecord.ConversationOpened(OTHER, t(1))))
                .hasMessageContaining("+44*******321").hasMessageNotContaining("7400654321");
        InMemoryConsentLedger ledger = InMemoryConsentLedger.create();
        ledger.append(new ConsentRecord.ConversationOpened(NUMBER, t(0)));
        ledger.append(new ConsentRecord.OptedOut(NUMBER, t(1), ConsentRecord.OptOutSource.STAFF, false, "phoned"));
        assertThat(ledger.history(NUMBER).records()).hasSize(2);
        assertThat(ledger.history(OTHER).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("express consent keeps its evidence")
    void evidence() {
        ConsentEvidence evidence = new ConsentEvidence("website", "Text me offers", java.util.Optional.of("Alice"),
                java.util.Optional.of("a@example.org"), java.util.Optional.empty(), java.util.Optional.of("form-7"),
                java.util.Optional.of("192.0.2.1"));
        ConsentRecord.ExpressConsent record = new ConsentRecord.ExpressConsent(NUMBER, t(0), evidence);
        assertThat(record.evidence().ipAddress()).contains("192.0.2.1");
        assertThatThrownBy(() -> ConsentEvidence.of("website", " ")).hasMessageContaining("evidence.wording");
    }
}
