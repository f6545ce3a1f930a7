package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.InMemorySmsProvider.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The code in docs/sms.md, compiled and run. Keep the two in step. */
class DocsExamplesTest {

    @Test
    void segments() {
        // docs: segments
        SmsEncoding.MessageLength length = SmsEncoding.measure("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(length.encoding()).isEqualTo(SmsEncoding.Encoding.GSM_7);
        assertThat(length.units()).isEqualTo(306);     // septets: the euro costs two
        assertThat(length.segments()).isEqualTo(3);    // not 2: the euro cannot straddle a boundary
        assertThat(SmsEncoding.split("a".repeat(152) + "€" + "a".repeat(152))).hasSize(3);

        SmsEncoding.MessageLength welsh = SmsEncoding.measure("Croeso i’r ŵyl");
        assertThat(welsh.encoding()).isEqualTo(SmsEncoding.Encoding.UCS_2);
        assertThat(welsh.nonGsmCharacters()).containsExactly("’", "ŵ");
        // end
    }

    @Test
    void downgrade() {
        // docs: downgrade
        SmsEncoding.Downgrade result = SmsEncoding.downgrade("It’s “Hamlet” — 7:30pm…");
        assertThat(result.text()).isEqualTo("It's \"Hamlet\" - 7:30pm...");
        assertThat(result.replacements()).extracting(SmsEncoding.Replacement::original)
                .containsExactly("’", "“", "”", "—", "…");
        assertThat(SmsEncoding.measure(result.text()).isGsm7()).isTrue();
        // end
    }

    @Test
    void keywords() {
        // docs: keywords
        KeywordClassifier keywords = KeywordClassifier.english();
        assertThat(keywords.classify(" Stop. ")).isEqualTo(Keyword.OPT_OUT);
        assertThat(keywords.classify("stop please")).isEqualTo(Keyword.OPT_OUT);
        assertThat(keywords.classify("Please don't stop the show")).isEqualTo(Keyword.OPT_OUT_PROBABLE);
        assertThat(keywords.classify("START")).isEqualTo(Keyword.OPT_IN);
        assertThat(keywords.classify("Please don't stop the show").isOptOut()).isTrue();
        // end
    }

    @Test
    void senders() {
        // docs: senders
        Sender sender = Sender.alphanumeric("RoyalCourt");
        assertThat(sender.canReceiveReplies()).isFalse();
        assertThat(sender.optOutWarning()).contains(Sender.ONE_WAY_WARNING);
        assertThat(Sender.shortCode("60123").canReceiveReplies()).isTrue();
        // end
    }

    @Test
    void inMemoryProvider() {
        TestClock clock = new TestClock(Instant.parse("2026-03-14T18:00:00Z"));
        // docs: in-memory
        PhoneNumber alice = PhoneNumber.parse("07400 123456", "GB");
        InMemorySmsProvider provider = InMemorySmsProvider.builder()
                .clock(clock)                    // a test clock: rate limits follow it, not wall time
                .random(new Random(42))          // faults are repeatable
                .throughputPerSecond(1)
                .build();
        provider.failNext(alice, 1, FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
        Sender from = Sender.alphanumeric("RoyalCourt");

        SendResult first = provider.send(new OutboundSms(alice, from, "Doors open at 7pm", "msg-1"));
        assertThat(first).isInstanceOf(SendResult.TransientFailure.class);       // scripted

        SendResult second = provider.send(new OutboundSms(alice, from, "Doors open at 7pm", "msg-1"));
        assertThat(second).isInstanceOfSatisfying(SendResult.TransientFailure.class,
                f -> assertThat(f.reason()).isEqualTo(FailureReason.RATE_LIMITED)); // 1 a second

        clock.advance(Duration.ofSeconds(1));
        SendResult third = provider.send(new OutboundSms(alice, from, "Doors open at 7pm", "msg-1"));
        assertThat(third.isAccepted()).isTrue();
        assertThat(provider.sentTo(alice)).singleElement()
                .satisfies(sms -> assertThat(sms.body()).isEqualTo("Doors open at 7pm"));
        assertThat(provider.duplicates()).isEmpty();
        // end
    }
}
