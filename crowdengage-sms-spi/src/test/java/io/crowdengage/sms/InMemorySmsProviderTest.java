package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import io.crowdengage.sms.InMemorySmsProvider.FailureKind;
import io.crowdengage.sms.SendResult.Accepted;
import io.crowdengage.sms.SendResult.PermanentFailure;
import io.crowdengage.sms.SendResult.TransientFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemorySmsProviderTest {

    private static final Instant START = Instant.parse("2026-03-14T18:00:00Z");
    private static final PhoneNumber ALICE = PhoneNumber.parse("07400 123456", "GB");
    private static final PhoneNumber BOB = PhoneNumber.parse("07400 654321", "GB");
    private static final Sender BOX_OFFICE = Sender.number(PhoneNumber.parse("07400 900900", "GB"));

    private final TestClock clock = new TestClock(START);

    private static OutboundSms sms(PhoneNumber to, String body, String reference) {
        return new OutboundSms(to, BOX_OFFICE, body, reference);
    }

    private InMemorySmsProvider.Builder builder() {
        return InMemorySmsProvider.builder().clock(clock);
    }

    @Nested
    @DisplayName("recording")
    class Recording {

        @Test
        @DisplayName("records an accepted message as an immutable value with the provider id and time")
        void recordsAccepted() {
            InMemorySmsProvider provider = builder().build();

            SendResult result = provider.send(sms(ALICE, "Doors open at 7pm", "msg-1"));

            assertThat(result).isEqualTo(new Accepted("in-memory-1"));
            assertThat(provider.last()).contains(new SentSms(ALICE, BOX_OFFICE, "Doors open at 7pm", "msg-1",
                    "in-memory-1", START));
            assertThat(provider.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("answers queries by recipient, count and last, and forgets on clear")
        void queries() {
            InMemorySmsProvider provider = builder().build();
            provider.send(sms(ALICE, "one", "r1"));
            provider.send(sms(BOB, "two", "r2"));
            provider.send(sms(ALICE, "three", "r3"));

            assertThat(provider.sentTo(ALICE)).extracting(SentSms::body).containsExactly("one", "three");
            assertThat(provider.all()).extracting(SentSms::reference).containsExactly("r1", "r2", "r3");
            assertThat(provider.last()).map(SentSms::body).contains("three");
            assertThatThrownBy(() -> provider.all().clear()).isInstanceOf(UnsupportedOperationException.class);

            provider.clear();

            assertThat(provider.count()).isZero();
            assertThat(provider.last()).isEmpty();
            assertThat(provider.attempts()).isEmpty();
            assertThat(provider.send(sms(BOB, "four", "r4"))).isEqualTo(new Accepted("in-memory-4"));
        }

        @Test
        @DisplayName("accepts a reference sent twice but shows it in duplicates")
        void duplicates() {
            InMemorySmsProvider provider = builder().build();
            provider.send(sms(ALICE, "Reminder", "ref-7"));
            provider.send(sms(BOB, "Other", "ref-8"));
            SendResult second = provider.send(sms(ALICE, "Reminder", "ref-7"));

            assertThat(second.isAccepted()).isTrue();
            assertThat(provider.duplicates()).singleElement()
                    .satisfies(d -> assertThat(d.reference()).isEqualTo("ref-7"))
                    .satisfies(d -> assertThat(d.providerMessageId()).isEqualTo("in-memory-3"));
        }

        @Test
        @DisplayName("stays consistent when many threads send at once")
        void threadSafe() throws Exception {
            InMemorySmsProvider provider = builder().enforceThroughput(false).build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<SendResult>> futures = new ArrayList<>();
                for (int i = 0; i < 800; i++) {
                    String reference = "r" + i;
                    futures.add(pool.submit(() -> provider.send(sms(ALICE, "hi", reference))));
                }
                Set<String> ids = new java.util.HashSet<>();
                for (Future<SendResult> future : futures) {
                    ids.add(((Accepted) future.get()).providerMessageId());
                }
                assertThat(ids).hasSize(800);
            } finally {
                pool.shutdownNow();
            }
            assertThat(provider.count()).isEqualTo(800);
            assertThat(provider.duplicates()).isEmpty();
        }
    }

    @Nested
    @DisplayName("faults")
    class Faults {

        @Test
        @DisplayName("fails the seeded share of sends, the same ones on every run")
        void failurePercentageIsSeeded() {
            List<Boolean> first = outcomes(builder().random(new Random(42)).failurePercentage(30).build());
            List<Boolean> second = outcomes(new InMemorySmsProviderTest().builder().random(new Random(42))
                    .failurePercentage(30).build());
            Random replica = new Random(42);
            List<Boolean> expected = IntStream.range(0, 50).mapToObj(i -> replica.nextDouble() * 100 >= 30).toList();

            assertThat(first).isEqualTo(expected).isEqualTo(second);
            assertThat(first).contains(true, false);
        }

        private List<Boolean> outcomes(InMemorySmsProvider provider) {
            List<Boolean> accepted = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                clock.advance(Duration.ofSeconds(1));
                SendResult result = provider.send(sms(ALICE, "hi", "r" + i));
                if (result instanceof TransientFailure failure) {
                    assertThat(failure.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
                    assertThat(failure.providerCode()).isEqualTo(InMemorySmsProvider.UNAVAILABLE_CODE);
                }
                accepted.add(result.isAccepted());
            }
            return accepted;
        }

        @Test
        @DisplayName("fails the next sends to one number as scripted, then recovers")
        void scriptedFailures() {
            InMemorySmsProvider provider = builder().build();
            provider.failNext(ALICE, 2, FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
            provider.failNext(ALICE, 1, FailureKind.PERMANENT, FailureReason.INVALID_NUMBER);

            assertThat(provider.send(sms(BOB, "unaffected", "b1")).isAccepted()).isTrue();
            assertThat(provider.send(sms(ALICE, "1", "a1"))).isInstanceOfSatisfying(TransientFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE));
            assertThat(provider.send(sms(ALICE, "2", "a1"))).isInstanceOf(TransientFailure.class);
            assertThat(provider.send(sms(ALICE, "3", "a1"))).isInstanceOfSatisfying(PermanentFailure.class,
                    f -> assertThat(f.reason()).isEqualTo(FailureReason.INVALID_NUMBER));
            assertThat(provider.send(sms(ALICE, "4", "a1")).isAccepted()).isTrue();
            assertThat(provider.attempts()).hasSize(5);
            assertThat(provider.sentTo(ALICE)).extracting(SentSms::body).containsExactly("4");
        }

        @Test
        @DisplayName("refuses for good a number that opted out at the provider")
        void optedOutAtProvider() {
            InMemorySmsProvider provider = builder().build();
            provider.optOutAtProvider(ALICE);

            assertThat(provider.send(sms(ALICE, "hi", "r1"))).isEqualTo(new PermanentFailure(
                    FailureReason.OPTED_OUT_AT_PROVIDER, "21610", "simulated: +44*******456 opted out at the provider"));
            assertThat(provider.count()).isZero();
        }

        @Test
        @DisplayName("rate-limits above its throughput on the injected clock, with an exact retry-after")
        void rateLimiting() {
            InMemorySmsProvider provider = builder().throughputPerSecond(2).build();

            assertThat(provider.send(sms(ALICE, "1", "r1")).isAccepted()).isTrue();
            assertThat(provider.send(sms(ALICE, "2", "r2")).isAccepted()).isTrue();
            assertThat(provider.send(sms(ALICE, "3", "r3"))).isEqualTo(new TransientFailure(FailureReason.RATE_LIMITED,
                    "429", Optional.of(Duration.ofMillis(500)), "simulated: more than 2.0 messages per second"));

            clock.advance(Duration.ofMillis(499));
            assertThat(provider.send(sms(ALICE, "3", "r3"))).isInstanceOfSatisfying(TransientFailure.class,
                    f -> assertThat(f.retryAfter()).contains(Duration.ofMillis(1)));

            clock.advance(Duration.ofMillis(1));
            assertThat(provider.send(sms(ALICE, "3", "r3")).isAccepted()).isTrue();
            assertThat(provider.count()).isEqualTo(3);
        }

        @Test
        @DisplayName("a throughput below one a second allows one message per interval")
        void slowThroughput() {
            InMemorySmsProvider provider = builder().throughputPerSecond(0.5).build();

            assertThat(provider.send(sms(ALICE, "1", "r1")).isAccepted()).isTrue();
            assertThat(provider.send(sms(ALICE, "2", "r2"))).isInstanceOfSatisfying(TransientFailure.class,
                    f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(2)));
            clock.advance(Duration.ofSeconds(2));
            assertThat(provider.send(sms(ALICE, "2", "r2")).isAccepted()).isTrue();
        }

        @Test
        @DisplayName("stamps messages with simulated latency and waits only through the given sleeper")
        void latency() {
            InMemorySmsProvider simulated = builder().latency(Duration.ofMillis(200)).build();
            simulated.send(sms(ALICE, "hi", "r1"));

            assertThat(simulated.last()).map(SentSms::acceptedAt).contains(START.plusMillis(200));
            assertThat(clock.instant()).as("nothing waited").isEqualTo(START);

            InMemorySmsProvider advancing = InMemorySmsProvider.builder().clock(clock)
                    .latency(Duration.ofMillis(200)).sleeper(clock::advance).build();
            advancing.send(sms(ALICE, "hi", "r1"));
            advancing.send(sms(ALICE, "hi", "r2"));

            assertThat(advancing.all()).extracting(SentSms::acceptedAt)
                    .containsExactly(START.plusMillis(200), START.plusMillis(400));
            assertThat(clock.instant()).isEqualTo(START.plusMillis(400));
        }
    }

    @Nested
    @DisplayName("misuse")
    class Misuse {

        @Test
        @DisplayName("a null message, a null body and a blank reference are refused naming the field")
        void nulls() {
            InMemorySmsProvider provider = builder().build();

            assertThatThrownBy(() -> provider.send(null)).isInstanceOf(ValidationException.class)
                    .hasMessage("message: is required but was null");
            assertThatThrownBy(() -> sms(ALICE, null, "r1")).isInstanceOf(ValidationException.class)
                    .hasMessage("body: is required but was null");
            assertThatThrownBy(() -> sms(ALICE, "hi", "  ")).isInstanceOf(ValidationException.class)
                    .hasMessage("reference: must not be blank");
            assertThatThrownBy(() -> sms(ALICE, "", "r1")).isInstanceOf(ValidationException.class)
                    .hasMessage("body: must not be empty");
        }

        @Test
        @DisplayName("a body over 1600 characters is refused, with the number masked, and nothing is sent")
        void tooLong() {
            InMemorySmsProvider provider = builder().build();

            assertThat(provider.send(sms(ALICE, "a".repeat(1600), "r0")).isAccepted()).isTrue();
            assertThatThrownBy(() -> provider.send(sms(ALICE, "a".repeat(1601), "r1")))
                    .isInstanceOfSatisfying(SmsProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.REJECTED_CONTENT);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.code()).isEqualTo("SMS_PROVIDER.REJECTED_CONTENT");
                    })
                    .hasMessageContaining("1601 characters")
                    .hasMessageContaining("+44*******456")
                    .hasMessageNotContaining("7400123456");
            assertThat(provider.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("a Unicode body or an alphanumeric sender is refused when not declared")
        void undeclaredCapabilities() {
            InMemorySmsProvider provider = builder().capabilities(Capability.DELIVERY_RECEIPTS).build();

            assertThatThrownBy(() -> provider.send(sms(ALICE, "Croeso i’r ŵyl", "r1")))
                    .isInstanceOfSatisfying(SmsProviderException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.REJECTED_CONTENT))
                    .hasMessageContaining("[’, ŵ]").hasMessageContaining("UNICODE");
            assertThatThrownBy(() -> provider.send(new OutboundSms(ALICE, Sender.alphanumeric("RoyalCourt"), "hi", "r2")))
                    .isInstanceOfSatisfying(SmsProviderException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_SENDER))
                    .hasMessageContaining("ALPHANUMERIC_SENDER");
            assertThatThrownBy(() -> provider.inbound(ALICE, "60123", "STOP")).isInstanceOf(SmsProviderException.class)
                    .hasMessageContaining("INBOUND_MESSAGES");
            assertThat(provider.count()).isZero();
        }

        @Test
        @DisplayName("the builder reports every bad setting at once")
        void builderProblems() {
            assertThatThrownBy(() -> InMemorySmsProvider.builder().throughputPerSecond(-1).failurePercentage(101)
                    .clock(clock).clock(clock).latency(Duration.ofSeconds(-1)).id(" ").build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                            .extracting(ValidationException.Problem::path)
                            .containsExactly("throughputPerSecond", "failurePercentage", "clock", "latency", "id"))
                    .hasMessageStartingWith("5 problems:");
        }
    }

    @Nested
    @DisplayName("receipts and replies")
    class ReceiptsAndReplies {

        @Test
        @DisplayName("builds a delivery report that carries the provider id and our reference")
        void deliveryReport() {
            InMemorySmsProvider provider = builder().build();
            provider.send(sms(ALICE, "hi", "msg-9"));
            clock.advance(Duration.ofSeconds(5));

            DeliveryReport report = provider.deliveryReport(provider.last().orElseThrow(), DeliveryStatus.DELIVERED);

            assertThat(report).isEqualTo(new DeliveryReport("in-memory-1", Optional.of("msg-9"),
                    DeliveryStatus.DELIVERED, START.plusSeconds(5), Optional.empty()));
        }

        @Test
        @DisplayName("a reply comes from the recipient to the sender, but an alphanumeric sender cannot get one")
        void replies() {
            InMemorySmsProvider provider = builder().build();
            provider.send(sms(ALICE, "hi", "r1"));
            provider.send(new OutboundSms(BOB, Sender.alphanumeric("RoyalCourt"), "hi", "r2"));

            InboundSms reply = provider.reply(provider.sentTo(ALICE).get(0), "STOP");

            assertThat(reply).isEqualTo(new InboundSms(ALICE, "+447400900900", "STOP", START));
            assertThat(reply.keyword(KeywordClassifier.english())).isEqualTo(Keyword.OPT_OUT);
            assertThatThrownBy(() -> provider.reply(provider.sentTo(BOB).get(0), "STOP"))
                    .isInstanceOf(SmsProviderException.class).hasMessageContaining("cannot receive a reply");
        }
    }

    @Test
    @DisplayName("declares what it was built with")
    void declarations() {
        InMemorySmsProvider provider = builder().id("fake").throughputPerSecond(7.5)
                .capabilities(Capability.UNICODE, Capability.INBOUND_MESSAGES).maxBodyLength(918).build();

        assertThat(provider.id()).isEqualTo("fake");
        assertThat(provider.throughputPerSecond()).isEqualTo(7.5);
        assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.UNICODE, Capability.INBOUND_MESSAGES);
        assertThat(provider.supports(Capability.DELIVERY_RECEIPTS)).isFalse();
        assertThat(provider.maxBodyLength()).isEqualTo(918);
        assertThat(InMemorySmsProvider.builder().build().capabilities()).containsExactlyInAnyOrder(
                Capability.DELIVERY_RECEIPTS, Capability.INBOUND_MESSAGES, Capability.ALPHANUMERIC_SENDER,
                Capability.UNICODE);
        assertThatThrownBy(() -> builder().capabilities(Capability.UNICODE).answersKeywords().build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("answersKeywords: needs INBOUND_MESSAGES");
    }

    @Nested
    @DisplayName("answering keywords itself, as Twilio does by default")
    class AnsweringKeywords {

        private InMemorySmsProvider answering() {
            return builder().answersKeywords().build();
        }

        @Test
        @DisplayName("declares ANSWERS_KEYWORDS then, besides the defaults")
        void declares() {
            assertThat(answering().capabilities()).containsExactlyInAnyOrder(Capability.values());
        }

        @Test
        @DisplayName("marks a whole-body STOP as answered, and refuses later sends to the number as opted out")
        void stop() {
            InMemorySmsProvider provider = answering();

            InboundSms stop = provider.inbound(ALICE, "+447400900900", " stop ");

            assertThat(stop.providerKeyword()).contains(Keyword.OPT_OUT);
            assertThat(stop.answeredByProviderAs(Keyword.OPT_OUT)).isTrue();
            assertThat(provider.send(sms(ALICE, "Doors open at 7pm", "r1"))).isInstanceOfSatisfying(
                    PermanentFailure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.OPTED_OUT_AT_PROVIDER));
            assertThat(provider.send(sms(BOB, "Doors open at 7pm", "r2")).isAccepted()).isTrue();
        }

        @Test
        @DisplayName("START takes the number off its list again; HELP is answered and changes nothing")
        void startAndHelp() {
            InMemorySmsProvider provider = answering();
            provider.inbound(ALICE, "+447400900900", "STOP");

            assertThat(provider.inbound(ALICE, "+447400900900", "Start").providerKeyword()).contains(Keyword.OPT_IN);
            assertThat(provider.inbound(ALICE, "+447400900900", "HELP").providerKeyword()).contains(Keyword.HELP);
            assertThat(provider.send(sms(ALICE, "Welcome back", "r1")).isAccepted()).isTrue();
        }

        @Test
        @DisplayName("leaves a keyword inside a longer text alone, as providers matching whole bodies do")
        void notWholeBody() {
            InMemorySmsProvider provider = answering();

            InboundSms text = provider.inbound(ALICE, "+447400900900", "stop please");

            assertThat(text.providerKeyword()).isEmpty();
            assertThat(text.keyword(KeywordClassifier.english())).as("our own reading").isEqualTo(Keyword.OPT_OUT);
            assertThat(provider.send(sms(ALICE, "hi", "r1")).isAccepted()).isTrue();
        }

        @Test
        @DisplayName("without answersKeywords() no text carries a provider keyword, even with every capability declared")
        void notDeclared() {
            assertThat(builder().build().inbound(ALICE, "+447400900900", "STOP").providerKeyword()).isEmpty();
            InMemorySmsProvider declaredOnly = builder().capabilities(Capability.values()).build();
            assertThat(declaredOnly.inbound(ALICE, "+447400900900", "STOP").providerKeyword()).isEmpty();
            assertThat(declaredOnly.send(sms(ALICE, "You have been unsubscribed", "r1")).isAccepted())
                    .as("as before the capability existed: no opt-out list of its own").isTrue();
        }
    }

    @Test
    @DisplayName("a lost answer: the message is recorded as sent and the call throws SendOutcomeUnknownException")
    void lostAnswer() {
        InMemorySmsProvider provider = builder().build();
        provider.loseNextAnswer(ALICE);

        assertThatThrownBy(() -> provider.send(sms(ALICE, "Doors open at 7pm", "r1")))
                .isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SendOutcomeUnknownException.Reason.CONNECTION_LOST);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.code()).isEqualTo("SMS_PROVIDER.CONNECTION_LOST");
                })
                .hasMessageContaining("r1").hasMessageNotContaining(ALICE.e164());
        assertThat(provider.sentTo(ALICE)).extracting(SentSms::reference).containsExactly("r1");
        assertThat(provider.attempts()).isEmpty();
        assertThat(provider.send(sms(ALICE, "again", "r2")).isAccepted()).as("only the next one").isTrue();
    }
}
