package io.crowdengage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.KeywordClassifier;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The edges of what counts as telling someone how to refuse, one text at a time. */
class RefusalOfferTest {
    static final RefusalOffer ENGLISH = RefusalOffer.of(KeywordClassifier.english(), "");

    @ParameterizedTest(name = "[{0}] offers no refusal")
    @DisplayName("prose that uses a keyword as an ordinary word, or a keyword neither upper case nor quoted, offers nothing")
    @ValueSource(strings = {
            "We will text the end time",
            "We will text you the END time",
            "Bus stop to 100",
            "Bus stop to 60123",
            "Reply END to opt out",
            "Text CANCEL to 60123",
            "Send QUIT to 60123",
            "Reply REMOVE to opt out",
            "Reply REVOKE",
            "QUIT to 60123",
            "reply stop to opt out",
            "Reply Stop to opt out",
            "text unsubscribe to 60123",
            "Text STOP-ALL now",
            "Reply STOPPED",
            "Reply STOP's not the word",
            "STOP to 100m away",
            "Send the STOP time to 60123",
            "Non-STOP fun: reply now"})
    void lookalikes(String text) {
        assertThat(ENGLISH.offeredIn(text)).isFalse();
    }

    @ParameterizedTest(name = "[{0}] offers refusal")
    @DisplayName("the keyword in upper case or quoted, after a verb of sending or before where to send it")
    @ValueSource(strings = {
            "Reply STOP to opt out",
            "reply with the word 'stop' to opt out",
            "Text \u201Cstop\u201D to 60123",
            "TEXT STOP TO OPT OUT",
            "Send STOPALL to 60123",
            "Reply UNSUBSCRIBE",
            "Just reply UNSUB.",
            "No more? STOP to 60123",
            "No more? 'stop' to 07400 999999",
            "Message us: STOP",
            "Text back with the word STOP ALL",
            "Reply \uFF33\uFF34\uFF2F\uFF30 to opt out"})
    void instructions(String text) {
        assertThat(ENGLISH.offeredIn(text)).isTrue();
    }

    @Test
    @DisplayName("only configured keywords count: a venue without STOP cannot offer it, one with STOPSMS can")
    void configuredKeywords() {
        KeywordClassifier custom = KeywordClassifier.builder(Locale.UK).optOut("STOPSMS", "END").build();
        RefusalOffer offer = RefusalOffer.of(custom, "");
        assertThat(offer.offeredIn("Text STOPSMS to 88000")).isTrue();
        assertThat(offer.offeredIn("Reply STOP to opt out")).isFalse();
        // A configured keyword that is an ordinary word still reads as prose.
        assertThat(offer.offeredIn("Reply END to opt out")).isFalse();
        assertThat(offer.instructionKeywords()).containsExactly("STOPSMS");
        assertThat(ENGLISH.instructionKeywords()).contains("STOP", "STOPALL", "UNSUBSCRIBE")
                .doesNotContain("END", "CANCEL", "QUIT", "REMOVE", "REVOKE");
    }

    @Test
    @DisplayName("the venue's own instruction counts word for word, case included, as a phrase of its own")
    void configuredInstruction() {
        RefusalOffer venue = RefusalOffer.of(List.of("STOP"), "Opt out: STOPSMS to 88000");
        assertThat(venue.offeredIn("Thanks! Opt out:   STOPSMS  to 88000")).isTrue();
        assertThat(venue.offeredIn("Thanks! opt out: stopsms to 88000")).isFalse();
        assertThat(venue.offeredIn("Thanks! Opt out: STOPSMS to 880001")).isFalse();
        assertThat(venue.offeredIn("Thanks! Opt out")).isFalse();
    }

    @ParameterizedTest(name = "[{0}] asks for a reply")
    @DisplayName("for a one-way sender: reply or respond at all, or send a keyword with no number to send it to")
    @ValueSource(strings = {
            "Respond STOP to opt out",
            "Send STOP to opt out",
            "REPLY STOP",
            "Reply STOP to 60123",
            "Reply to this message to opt out",
            "Text START to resubscribe",
            "Send HELP for help",
            "sms stop to end",
            "Message us 'end' for no more",
            "Text END for no more"})
    void replyRequests(String text) {
        assertThat(ENGLISH.replyRequestIn(text)).as(text).isPresent();
    }

    @ParameterizedTest(name = "[{0}] asks for no reply")
    @DisplayName("for a one-way sender: a keyword with the number to send it to, or no request at all")
    @ValueSource(strings = {
            "Text STOP to 60123 to opt out",
            "Send 'stop' to 07400 999999",
            "SMS START to 60123 to resubscribe",
            "You have been unsubscribed and will receive no more texts from us.",
            "We will text the end time",
            "Please do not reply to this message",
            "You cannot reply to this number",
            "Thanks for booking Hamilton"})
    void noReplyRequests(String text) {
        assertThat(ENGLISH.replyRequestIn(text)).as(text).isEmpty();
    }

    @Test
    @DisplayName("the request is quoted as written")
    void requestQuoted() {
        assertThat(ENGLISH.replyRequestIn("Thanks. Respond 'STOP' to opt out.")).contains("Respond 'STOP'");
    }
}
