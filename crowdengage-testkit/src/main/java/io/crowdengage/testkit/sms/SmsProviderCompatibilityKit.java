package io.crowdengage.testkit.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.KeywordClassifier;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SenderId;
import io.crowdengage.sms.SendOutcomeUnknownException;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.sms.SmsProviderException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link SmsProvider} keeps, as tests. An adapter's test class extends this,
 * supplies the provider under test and, where it can, a view of what the provider's side received:
 *
 * <pre>{@code
 * class InMemorySmsProviderCompatibilityTest extends SmsProviderCompatibilityKit {
 *     private final InMemorySmsProvider provider = InMemorySmsProvider.builder().build();
 *
 *     @Override protected SmsProvider provider() { return provider; }
 *     @Override protected Optional<List<ObservedSms>> observed() {
 *         return Optional.of(provider.all().stream().map(ObservedSms::of).toList());
 *     }
 *     ...
 * }
 * }</pre>
 *
 * <p>Tests are grouped by what they cover, one group per {@link Capability}. A group for a
 * capability the provider does not declare is skipped (an assumption, not a failure), and the
 * matching "does not declare" group checks that the provider refuses such messages rather than
 * garbling them. A provider that declares {@link Capability#DELIVERY_RECEIPTS} or
 * {@link Capability#INBOUND_MESSAGES} must override {@link #deliveryReport} or {@link #inbound}
 * so the kit can check them; otherwise those groups fail and say so. Two faults are checked only
 * when the adapter's test can script them: a lost answer ({@link #loseNextAnswer()}) and an
 * opt-out reported in a delivery report ({@link #optedOutReport}).
 *
 * <p>The provider under test must accept every message here (no simulated faults) and allow a
 * burst of a few messages. JUnit creates a new test instance for every test, so a provider held
 * in a field is fresh for each.
 */
public abstract class SmsProviderCompatibilityKit {

    private final AtomicInteger references = new AtomicInteger();

    /** The provider under test, the same object for the whole of one test. */
    protected abstract SmsProvider provider();

    /**
     * Every message the provider's side has received so far in this test, oldest first, for example
     * from the adapter's fake HTTP server. Empty (the default) if the adapter cannot observe it; the
     * tests that need it are then skipped.
     */
    protected Optional<List<ObservedSms>> observed() {
        return Optional.empty();
    }

    /**
     * Makes the provider report {@code status} for a message it accepted, and returns the report as
     * the adapter parses it (for an HTTP adapter: post the provider's callback to the adapter's
     * handler). Empty, the default, means the adapter cannot; required if it declares
     * {@link Capability#DELIVERY_RECEIPTS}.
     */
    protected Optional<DeliveryReport> deliveryReport(OutboundSms sent, SendResult.Accepted accepted,
                                                      DeliveryStatus status) {
        return Optional.empty();
    }

    /**
     * Makes the provider pass on a text from {@code from} to {@code to}, and returns it as the
     * adapter parses it. Empty, the default, means the adapter cannot; required if it declares
     * {@link Capability#INBOUND_MESSAGES}.
     */
    protected Optional<InboundSms> inbound(PhoneNumber from, String to, String body) {
        return Optional.empty();
    }

    /**
     * Makes the provider's side take the next message and lose its answer (the connection breaks, or
     * no answer comes before the adapter's timeout), and returns true; false, the default, means the
     * adapter's test cannot, and the group that needs it is skipped.
     */
    protected boolean loseNextAnswer() {
        return false;
    }

    /**
     * Makes the provider report that a message it accepted failed because the recipient had opted out
     * at the provider (Twilio: a failed status callback with error 21610), and returns the report as
     * the adapter parses it. Empty, the default, means the provider never reports that after
     * accepting, or the adapter's test cannot script it.
     */
    protected Optional<DeliveryReport> optedOutReport(OutboundSms sent, SendResult.Accepted accepted) {
        return Optional.empty();
    }

    /** The recipient used by every test; a valid UK mobile by default. */
    protected PhoneNumber recipient() {
        return PhoneNumber.ofE164("+447400123456");
    }

    /** The number sender used by default; override with a number the provider's account owns. */
    protected Sender numberSender() {
        return Sender.number(PhoneNumber.ofE164("+447400900900"));
    }

    /** The alphanumeric sender used by the ALPHANUMERIC_SENDER groups. */
    protected SenderId alphanumericSender() {
        return SenderId.of("BoxOffice");
    }

    /** The number or short code inbound texts are sent to. */
    protected String inboundDestination() {
        return numberSender().value();
    }

    /** A new message from {@link #numberSender()} to {@link #recipient()} with a fresh reference. */
    protected OutboundSms message(String body) {
        return message(numberSender(), body);
    }

    /** A new message from {@code from} to {@link #recipient()} with a fresh reference. */
    protected OutboundSms message(Sender from, String body) {
        return new OutboundSms(recipient(), from, body, "kit-" + references.incrementAndGet());
    }

    private SendResult.Accepted sendAccepted(OutboundSms message) {
        SendResult result = provider().send(message);
        assertThat(result).as("the provider's answer to %s", message).isInstanceOf(SendResult.Accepted.class);
        return (SendResult.Accepted) result;
    }

    private List<ObservedSms> observedOrSkip() {
        Optional<List<ObservedSms>> observed = observed();
        assumeTrue(observed.isPresent(), "the adapter's test does not observe what the provider received");
        return observed.get();
    }

    private void assertArrivedIntact(OutboundSms sent) {
        List<ObservedSms> observed = observedOrSkip();
        assertThat(observed).as("messages the provider received").isNotEmpty();
        ObservedSms last = observed.get(observed.size() - 1);
        assertThat(last.body()).as("body as received").isEqualTo(sent.body());
        assertThat(last.to()).as("recipient as received").isEqualTo(sent.to());
        assertThat(last.from()).as("sender as received").isEqualTo(sent.from().value());
    }

    private void assertNothingObserved() {
        observed().ifPresent(list -> assertThat(list).as("messages the provider received").isEmpty());
    }

    private void requireCapability(Capability capability) {
        assumeTrue(provider().supports(capability), () -> "the provider does not declare " + capability);
    }

    /** What every provider declares about itself. */
    @Nested
    @DisplayName("Every provider declares")
    class Declarations {

        @Test
        @DisplayName("a non-blank id")
        void id() {
            assertThat(provider().id()).isNotNull().isNotBlank();
        }

        @Test
        @DisplayName("a positive, finite throughput")
        void throughput() {
            double throughput = provider().throughputPerSecond();
            assertThat(throughput).isPositive();
            assertThat(Double.isFinite(throughput)).as("finite").isTrue();
        }

        @Test
        @DisplayName("an unmodifiable capability set that is the same on every call")
        void capabilities() {
            Set<Capability> capabilities = provider().capabilities();
            assertThat(capabilities).isNotNull().doesNotContainNull().isEqualTo(provider().capabilities());
            assertThatThrownBy(() -> capabilities.add(Capability.UNICODE))
                    .isInstanceOf(UnsupportedOperationException.class);
            for (Capability capability : Capability.values()) {
                assertThat(provider().supports(capability)).isEqualTo(capabilities.contains(capability));
            }
        }

        @Test
        @DisplayName("a maximum body length of at least one full single message")
        void maxBodyLength() {
            assertThat(provider().maxBodyLength()).isGreaterThanOrEqualTo(160);
        }
    }

    /** Sending plain GSM-7 messages from a number. */
    @Nested
    @DisplayName("Sending a message")
    class Sending {

        @Test
        @DisplayName("is accepted with a non-blank provider message id")
        void accepted() {
            SendResult.Accepted accepted = sendAccepted(message("Doors open at 7pm. Enjoy the show!"));
            assertThat(accepted.providerMessageId()).isNotBlank();
        }

        @Test
        @DisplayName("gives each accepted message its own provider message id")
        void distinctIds() {
            String first = sendAccepted(message("First")).providerMessageId();
            String second = sendAccepted(message("Second")).providerMessageId();
            assertThat(first).isNotEqualTo(second);
        }

        @Test
        @DisplayName("delivers the body intact, GSM extension characters and line breaks included")
        void bodyIntact() {
            OutboundSms sent = message("Row [F] {12} ~ £5 or €6 ^ | \\ @ Ç\r\nSee you at 7:30!");
            assertThat(SmsEncoding.measure(sent.body()).isGsm7()).as("the test body is GSM-7").isTrue();
            sendAccepted(sent);
            assertArrivedIntact(sent);
        }

        @Test
        @DisplayName("delivers a three-segment body intact")
        void multiSegment() {
            OutboundSms sent = message("Your tickets for Hamlet, Saturday 7:30pm. ".repeat(10) + "€");
            assertThat(sent.length().segments()).isEqualTo(3);
            sendAccepted(sent);
            assertArrivedIntact(sent);
        }

        @Test
        @DisplayName("accepts a body of exactly its maximum length")
        void maximumLength() {
            OutboundSms sent = message("a".repeat(provider().maxBodyLength()));
            sendAccepted(sent);
            assertArrivedIntact(sent);
        }

        @Test
        @DisplayName("passes our reference to the provider")
        void reference() {
            OutboundSms sent = message("Reference check");
            sendAccepted(sent);
            List<ObservedSms> observed = observedOrSkip();
            Optional<String> reference = observed.get(observed.size() - 1).reference();
            assumeTrue(reference.isPresent(), "the provider has no field for our reference");
            assertThat(reference).contains(sent.reference());
        }
    }

    /** Misuse is refused clearly and sends nothing. */
    @Nested
    @DisplayName("Misuse is refused")
    class Misuse {

        @Test
        @DisplayName("a null message, with an exception that names it")
        void nullMessage() {
            assertThatThrownBy(() -> provider().send(null)).isInstanceOf(CrowdEngageException.class)
                    .hasMessageContaining("message");
            assertNothingObserved();
        }

        @Test
        @DisplayName("a body over the maximum length, as REJECTED_CONTENT, not retryable, sending nothing")
        void tooLong() {
            OutboundSms tooLong = message("a".repeat(provider().maxBodyLength() + 1));
            assertThatThrownBy(() -> provider().send(tooLong))
                    .isInstanceOfSatisfying(SmsProviderException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.REJECTED_CONTENT);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining(String.valueOf(provider().maxBodyLength() + 1))
                    .hasMessageNotContaining(recipient().e164());
            assertNothingObserved();
        }
    }

    /** A send whose answer never came back. */
    @Nested
    @DisplayName("When the answer to a send is lost, it")
    class LostAnswer {

        @Test
        @DisplayName("throws SendOutcomeUnknownException, never a failure that would be retried or called final")
        void unknownOutcome() {
            OutboundSms sent = message("Doors open at 7pm");
            assumeTrue(loseNextAnswer(), "the adapter's test cannot lose an answer");
            assertThatThrownBy(() -> provider().send(sent))
                    .isInstanceOfSatisfying(SendOutcomeUnknownException.class,
                            e -> assertThat(e.retryable()).as("retryable").isFalse())
                    .hasMessageNotContaining(recipient().e164());
            // Why it must not be retried: the provider has the message.
            observed().ifPresent(list -> assertThat(list).as("messages the provider received")
                    .extracting(ObservedSms::body).contains(sent.body()));
        }
    }

    /** The UNICODE capability. */
    @Nested
    @DisplayName("When it declares UNICODE, it")
    class Unicode {

        @BeforeEach
        void requireUnicode() {
            requireCapability(Capability.UNICODE);
        }

        @Test
        @DisplayName("delivers a body with Welsh, curly quotes and emoji intact")
        void unicodeIntact() {
            OutboundSms sent = message("Croeso i’r ŵyl! “Hamlet” heno 🎭 – diolch 👨‍👩‍👧");
            assertThat(SmsEncoding.measure(sent.body()).isGsm7()).isFalse();
            sendAccepted(sent);
            assertArrivedIntact(sent);
        }

        @Test
        @DisplayName("delivers a multi-segment UCS-2 body with surrogate pairs at the boundaries intact")
        void unicodeMultiSegment() {
            OutboundSms sent = message("a".repeat(66) + "😀" + "a".repeat(66) + "🇬🇧");
            assertThat(sent.length().segments()).isEqualTo(3);
            sendAccepted(sent);
            assertArrivedIntact(sent);
        }
    }

    /** The absence of the UNICODE capability. */
    @Nested
    @DisplayName("When it does not declare UNICODE, it")
    class NoUnicode {

        @Test
        @DisplayName("refuses a body that needs UCS-2 rather than garbling it")
        void refusesUnicode() {
            assumeFalse(provider().supports(Capability.UNICODE), "the provider declares UNICODE");
            OutboundSms sent = message("Croeso i’r ŵyl");
            assertThatThrownBy(() -> provider().send(sent)).isInstanceOfSatisfying(SmsProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FailureReason.REJECTED_CONTENT));
            assertNothingObserved();
        }
    }

    /** The ALPHANUMERIC_SENDER capability. */
    @Nested
    @DisplayName("When it declares ALPHANUMERIC_SENDER, it")
    class AlphanumericSender {

        @Test
        @DisplayName("sends from an alphanumeric sender id, which arrives as given")
        void alphanumeric() {
            requireCapability(Capability.ALPHANUMERIC_SENDER);
            OutboundSms sent = message(alphanumericSender(), "Tonight's show starts at 7:30pm");
            sendAccepted(sent);
            assertArrivedIntact(sent);
        }
    }

    /** The absence of the ALPHANUMERIC_SENDER capability. */
    @Nested
    @DisplayName("When it does not declare ALPHANUMERIC_SENDER, it")
    class NoAlphanumericSender {

        @Test
        @DisplayName("refuses an alphanumeric sender as INVALID_SENDER")
        void refusesAlphanumeric() {
            assumeFalse(provider().supports(Capability.ALPHANUMERIC_SENDER), "the provider declares ALPHANUMERIC_SENDER");
            OutboundSms sent = message(alphanumericSender(), "hi");
            assertThatThrownBy(() -> provider().send(sent)).isInstanceOfSatisfying(SmsProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_SENDER));
            assertNothingObserved();
        }
    }

    /** The DELIVERY_RECEIPTS capability. */
    @Nested
    @DisplayName("When it declares DELIVERY_RECEIPTS, a report")
    class DeliveryReceipts {

        @BeforeEach
        void requireReceipts() {
            requireCapability(Capability.DELIVERY_RECEIPTS);
        }

        private DeliveryReport report(OutboundSms sent, SendResult.Accepted accepted, DeliveryStatus status) {
            return deliveryReport(sent, accepted, status).orElseGet(() -> fail(
                    "the provider declares DELIVERY_RECEIPTS: override deliveryReport(...) so the kit can check receipts"));
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(DeliveryStatus.class)
        @DisplayName("names the accepted message's provider id and carries its status")
        void matchesTheMessage(DeliveryStatus status) {
            OutboundSms sent = message("Receipt check");
            SendResult.Accepted accepted = sendAccepted(sent);
            DeliveryReport report = report(sent, accepted, status);
            assertThat(report.providerMessageId()).isEqualTo(accepted.providerMessageId());
            assertThat(report.status()).isEqualTo(status);
        }

        @Test
        @DisplayName("carries our reference back, if the provider echoes one")
        void reference() {
            OutboundSms sent = message("Receipt reference check");
            SendResult.Accepted accepted = sendAccepted(sent);
            DeliveryReport report = report(sent, accepted, DeliveryStatus.DELIVERED);
            assumeTrue(report.reference().isPresent(), "the provider does not echo our reference in receipts");
            assertThat(report.reference()).contains(sent.reference());
        }

        @Test
        @DisplayName("of an opt-out at the provider says so, so the number is suppressed, if the provider reports one")
        void optedOut() {
            OutboundSms sent = message("Opt-out receipt check");
            SendResult.Accepted accepted = sendAccepted(sent);
            Optional<DeliveryReport> report = optedOutReport(sent, accepted);
            assumeTrue(report.isPresent(), "the provider does not report opt-outs after accepting a message");
            assertThat(report.get().providerMessageId()).isEqualTo(accepted.providerMessageId());
            assertThat(report.get().status().isDelivered()).as("delivered").isFalse();
            assertThat(report.get().failureReason()).contains(FailureReason.OPTED_OUT_AT_PROVIDER);
            assertThat(report.get().recipientOptedOut()).isTrue();
        }
    }

    /** The INBOUND_MESSAGES capability. */
    @Nested
    @DisplayName("When it declares INBOUND_MESSAGES, an inbound text")
    class InboundMessages {

        @BeforeEach
        void requireInbound() {
            requireCapability(Capability.INBOUND_MESSAGES);
        }

        private InboundSms receive(String body) {
            return inbound(recipient(), inboundDestination(), body).orElseGet(() -> fail(
                    "the provider declares INBOUND_MESSAGES: override inbound(...) so the kit can check inbound texts"));
        }

        @Test
        @DisplayName("arrives with the sender's number, the destination and the body intact, so STOP is seen")
        void stop() {
            InboundSms received = receive("STOP");
            assertThat(received.from()).isEqualTo(recipient());
            assertThat(received.to()).isEqualTo(inboundDestination());
            assertThat(received.body()).isEqualTo("STOP");
            assertThat(KeywordClassifier.english().classify(received.body())).isEqualTo(Keyword.OPT_OUT);
        }

        @Test
        @DisplayName("keeps a Unicode body intact")
        void unicode() {
            String body = "Diolch! Ŵyl wych 👏 “Stop” – no, keep them coming";
            assertThat(receive(body).body()).isEqualTo(body);
        }

        @Test
        @DisplayName("carries no provider keyword unless the provider declares ANSWERS_KEYWORDS")
        void noProviderKeyword() {
            assumeFalse(provider().supports(Capability.ANSWERS_KEYWORDS), "the provider declares ANSWERS_KEYWORDS");
            assertThat(receive("STOP").providerKeyword()).as("provider keyword of STOP").isEmpty();
        }
    }

    /** The ANSWERS_KEYWORDS capability. */
    @Nested
    @DisplayName("When it declares ANSWERS_KEYWORDS, it")
    class AnswersKeywords {

        @BeforeEach
        void requireAnswers() {
            requireCapability(Capability.ANSWERS_KEYWORDS);
        }

        private InboundSms receive(String body) {
            return inbound(recipient(), inboundDestination(), body).orElseGet(() -> fail(
                    "the provider declares ANSWERS_KEYWORDS: override inbound(...) so the kit can check the answered texts"));
        }

        @Test
        @DisplayName("declares INBOUND_MESSAGES too, so the opt-outs it answers reach our consent ledger")
        void passesTextsOn() {
            assertThat(provider().supports(Capability.INBOUND_MESSAGES)).as("declares INBOUND_MESSAGES").isTrue();
        }

        @Test
        @DisplayName("passes STOP and START on marked as answered, so the runtime does not confirm them a second time")
        void marksAnswered() {
            InboundSms stop = receive("STOP");
            assertThat(stop.body()).isEqualTo("STOP");
            assertThat(stop.providerKeyword()).as("provider keyword of STOP").contains(Keyword.OPT_OUT);
            assertThat(receive("START").providerKeyword()).as("provider keyword of START").contains(Keyword.OPT_IN);
        }

        @Test
        @DisplayName("passes an ordinary reply on without a provider keyword")
        void ordinaryReply() {
            assertThat(receive("See you at the interval!").providerKeyword()).isEmpty();
        }
    }
}
