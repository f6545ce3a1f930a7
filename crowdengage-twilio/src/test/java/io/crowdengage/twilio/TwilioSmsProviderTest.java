package io.crowdengage.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.sms.Capability;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendOutcomeUnknownException;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SmsProviderException;
import io.crowdengage.twilio.testing.FakeMessage;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import io.crowdengage.twilio.testing.Fault;
import io.crowdengage.twilio.testing.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What each of Twilio's answers to a send becomes, over real HTTP against the fake. */
@DisplayName("TwilioSmsProvider")
class TwilioSmsProviderTest {
    private static final PhoneNumber PATRON = PhoneNumber.ofE164("+447400123456");
    private static final Sender BOX_OFFICE = Sender.number(PhoneNumber.ofE164(FakeTwilioServer.DEFAULT_NUMBER));

    private TwilioRig rig = TwilioRig.start();

    @AfterEach
    void stop() {
        rig.close();
    }

    private void restart(UnaryOperator<FakeTwilioServer.Builder> fake, UnaryOperator<TwilioConfig.Builder> config) {
        rig.close();
        rig = TwilioRig.start(fake, config);
    }

    private static OutboundSms message(String reference) {
        return new OutboundSms(PATRON, BOX_OFFICE, "Doors open at 7pm. Enjoy Hamlet!", reference);
    }

    private SendResult send(String reference) {
        return rig.provider.send(message(reference));
    }

    private RecordedRequest lastRequest() {
        return rig.twilio.requests().get(rig.twilio.requests().size() - 1);
    }

    @Nested
    @DisplayName("the request")
    class Request {

        @Test
        @DisplayName("is a form POST to the account's Messages.json with Basic auth, To, From, Body and the status callback carrying our reference")
        void shape() {
            send("ce-ab12-7");

            RecordedRequest request = lastRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + FakeTwilioServer.DEFAULT_ACCOUNT_SID
                    + "/Messages.json");
            assertThat(request.authenticated()).isTrue();
            assertThat(request.header("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/x-www-form-urlencoded"));
            assertThat(request.header("User-Agent")).contains(TwilioConfig.DEFAULT_USER_AGENT);
            assertThat(request.header("Authorization")).contains("(redacted)");
            assertThat(request.form()).containsEntry("To", PATRON.e164())
                    .containsEntry("From", FakeTwilioServer.DEFAULT_NUMBER)
                    .containsEntry("Body", "Doors open at 7pm. Enjoy Hamlet!")
                    .containsEntry("StatusCallback", rig.webhookUrl(TwilioRig.STATUS_PATH) + "?ce_ref=ce-ab12-7")
                    .doesNotContainKeys("MessagingServiceSid", "ValidityPeriod");
            assertThat(rig.twilio.messages()).singleElement().satisfies(m -> assertThat(m.reference()).contains("ce-ab12-7"));
        }

        @Test
        @DisplayName("adds the reference to a status-callback URL that has a query already, and encodes it")
        void referenceInAQuery() {
            assertThat(TwilioSmsProvider.withReference(java.net.URI.create("https://venue.example/sms?venue=7"), "a b&c"))
                    .isEqualTo("https://venue.example/sms?venue=7&ce_ref=a+b%26c");
            assertThat(TwilioSmsProvider.withReference(java.net.URI.create("https://venue.example/sms"), "ce-1"))
                    .isEqualTo("https://venue.example/sms?ce_ref=ce-1");
        }

        @Test
        @DisplayName("through a Messaging Service carries MessagingServiceSid instead of From, and the validity period")
        void messagingService() {
            restart(UnaryOperator.identity(), config -> config
                    .messagingServiceSid(FakeTwilioServer.DEFAULT_MESSAGING_SERVICE_SID)
                    .validityPeriod(Duration.ofMinutes(30)));

            assertThat(send("ce-1")).isInstanceOf(SendResult.Accepted.class);

            assertThat(lastRequest().form()).containsEntry("MessagingServiceSid",
                    FakeTwilioServer.DEFAULT_MESSAGING_SERVICE_SID).containsEntry("ValidityPeriod", "1800")
                    .doesNotContainKey("From");
            assertThat(rig.twilio.messages()).singleElement().satisfies(m -> {
                assertThat(m.status()).isEqualTo("accepted");
                assertThat(m.from()).as("the sender the service picked").isEqualTo(FakeTwilioServer.DEFAULT_NUMBER);
            });
        }

        @Test
        @DisplayName("authenticates with the API key when one is configured")
        void apiKey() {
            String keySid = "SK" + "0123456789abcdef".repeat(2);
            restart(fake -> fake.apiKey(keySid, "keysecretkeysecretkeysecret12345"), UnaryOperator.identity());

            assertThat(send("ce-1")).isInstanceOf(SendResult.Accepted.class);
            assertThat(lastRequest().authenticated()).isTrue();
            assertThat(rig.config.basicCredentials()[0]).isEqualTo(keySid);
        }
    }

    @Nested
    @DisplayName("Twilio's answer")
    class Answers {

        @Test
        @DisplayName("201: accepted with the message's sid")
        void accepted() {
            SendResult result = send("ce-1");

            FakeMessage created = rig.twilio.messages().get(0);
            assertThat(result).isEqualTo(new SendResult.Accepted(created.sid()));
            assertThat(created.sid()).matches("SM[0-9a-f]{32}");
        }

        @Test
        @DisplayName("HTTP 429 with error 20429: transient RATE_LIMITED, honouring Retry-After")
        void tooManyRequests() {
            rig.twilio.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(30)));

            assertThat(send("ce-1")).isEqualTo(new SendResult.TransientFailure(FailureReason.RATE_LIMITED, "20429",
                    Optional.of(Duration.ofSeconds(30)), "Twilio error 20429: Too Many Requests"));
            assertThat(rig.twilio.messages()).isEmpty();
        }

        @Test
        @DisplayName("HTTP 429 without a code or Retry-After: transient RATE_LIMITED, no wait asked")
        void plain429() {
            rig.twilio.failNext(1, Fault.answer(429, "Too Many Requests"));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.TransientFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
                assertThat(failure.providerCode()).isEqualTo("HTTP_429");
                assertThat(failure.retryAfter()).isEmpty();
            });
        }

        @Test
        @DisplayName("HTTP 500: transient PROVIDER_UNAVAILABLE")
        void serverError() {
            rig.twilio.failNext(1, Fault.serverError());

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.TransientFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
                assertThat(failure.providerCode()).isEqualTo("20500");
            });
            assertThat(rig.twilio.messages()).isEmpty();
        }

        @Test
        @DisplayName("HTTP 503 with Retry-After: transient PROVIDER_UNAVAILABLE, honouring it")
        void unavailable() {
            rig.twilio.failNext(1, new Fault(Fault.Kind.ANSWER, 503, Optional.empty(),
                    Optional.of(Duration.ofSeconds(120)), Optional.empty()));

            assertThat(send("ce-1")).isEqualTo(new SendResult.TransientFailure(FailureReason.PROVIDER_UNAVAILABLE,
                    "HTTP_503", Optional.of(Duration.ofSeconds(120)), "HTTP 503 from Twilio: Service Unavailable"));
        }

        @Test
        @DisplayName("21610, the recipient texted STOP: permanent OPTED_OUT_AT_PROVIDER, so the runtime records the opt-out")
        void unsubscribed() {
            rig.twilio.optOut(PATRON);

            assertThat(send("ce-1")).isEqualTo(new SendResult.PermanentFailure(FailureReason.OPTED_OUT_AT_PROVIDER,
                    "21610", "Twilio error 21610: Attempt to send to unsubscribed recipient"));
            assertThat(rig.twilio.messages()).isEmpty();
        }

        @Test
        @DisplayName("21211, invalid To: permanent INVALID_NUMBER, and the number Twilio quotes is masked")
        void invalidTo() {
            rig.twilio.failNext(1, Fault.error(21211));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.INVALID_NUMBER);
                assertThat(failure.providerCode()).isEqualTo("21211");
                assertThat(failure.detail()).startsWith("Twilio error 21211: Invalid 'To' Phone Number: +44")
                        .doesNotContain("7400123456");
            });
        }

        @Test
        @DisplayName("21614, not a mobile: permanent INVALID_NUMBER")
        void notMobile() {
            rig.twilio.failNext(1, Fault.error(21614));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.INVALID_NUMBER);
                assertThat(failure.providerCode()).isEqualTo("21614");
                assertThat(failure.detail()).doesNotContain("7400123456");
            });
        }

        @Test
        @DisplayName("21408, region not enabled: permanent AUTHENTICATION (the account's Geo Permissions)")
        void regionNotEnabled() {
            rig.twilio.failNext(1, Fault.error(21408));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.AUTHENTICATION);
                assertThat(failure.providerCode()).isEqualTo("21408");
                assertThat(failure.detail()).doesNotContain("7400123456");
            });
        }

        @Test
        @DisplayName("21612, cannot route to the number: permanent INVALID_NUMBER")
        void cannotRoute() {
            rig.twilio.failNext(1, Fault.error(21612));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.INVALID_NUMBER);
                assertThat(failure.providerCode()).isEqualTo("21612");
            });
        }

        @Test
        @DisplayName("21611, the sender's queue is full: transient RATE_LIMITED")
        void queueFull() {
            rig.twilio.failNext(1, Fault.error(21611));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.TransientFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.RATE_LIMITED);
                assertThat(failure.providerCode()).isEqualTo("21611");
            });
        }

        @Test
        @DisplayName("an error code we do not know: permanent UNKNOWN (when in doubt, do not send again)")
        void unknownCode() {
            rig.twilio.failNext(1, Fault.error(29999));

            assertThat(send("ce-1")).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.UNKNOWN);
                assertThat(failure.providerCode()).isEqualTo("29999");
            });
        }

        @Test
        @DisplayName("wrong credentials: the fake refuses them as Twilio does (401, 20003), permanent AUTHENTICATION")
        void wrongCredentials() {
            restart(fake -> fake.authToken("0".repeat(32)), UnaryOperator.identity());
            TwilioSmsProvider wrong = TwilioSmsProvider.create(TwilioConfig.builder()
                    .accountSid(FakeTwilioServer.DEFAULT_ACCOUNT_SID).authToken("1".repeat(32))
                    .baseUrl(rig.twilio.baseUrl()).throughputPerSecond(1).build());

            assertThat(wrong.send(message("ce-1"))).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                assertThat(failure.reason()).isEqualTo(FailureReason.AUTHENTICATION);
                assertThat(failure.providerCode()).isEqualTo("20003");
                assertThat(failure.detail()).doesNotContain("1".repeat(32));
            });
            assertThat(lastRequest().authenticated()).isFalse();
            assertThat(lastRequest().status()).isEqualTo(401);
            assertThat(rig.twilio.messages()).isEmpty();
        }

        @Test
        @DisplayName("another account's SID: 404 (20404), permanent AUTHENTICATION")
        void otherAccount() {
            TwilioSmsProvider elsewhere = TwilioSmsProvider.create(TwilioConfig.builder()
                    .accountSid("AC" + "1".repeat(32)).authToken(FakeTwilioServer.DEFAULT_AUTH_TOKEN)
                    .baseUrl(rig.twilio.baseUrl()).throughputPerSecond(1).build());

            assertThat(elsewhere.send(message("ce-1"))).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                    failure -> assertThat(failure.reason()).isEqualTo(FailureReason.AUTHENTICATION));
        }

        @Test
        @DisplayName("a From the account does not own: the fake refuses it as Twilio does (21606), permanent INVALID_SENDER")
        void unownedSender() {
            OutboundSms fromElsewhere = new OutboundSms(PATRON, Sender.number(PhoneNumber.ofE164("+447400555555")),
                    "hi", "ce-1");

            assertThat(rig.provider.send(fromElsewhere)).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                    failure -> {
                        assertThat(failure.reason()).isEqualTo(FailureReason.INVALID_SENDER);
                        assertThat(failure.providerCode()).isEqualTo("21606");
                        assertThat(failure.detail()).doesNotContain("7400555555");
                    });
        }
    }

    @Nested
    @DisplayName("when the outcome is unknown")
    class UnknownOutcome {

        @Test
        @DisplayName("no answer within the request timeout: SendOutcomeUnknownException TIMED_OUT, never a retryable failure")
        void noAnswer() {
            restart(UnaryOperator.identity(), config -> config.requestTimeout(Duration.ofMillis(300)));
            rig.twilio.failNext(1, Fault.noAnswer());

            assertThatThrownBy(() -> send("ce-1")).isInstanceOfSatisfying(SendOutcomeUnknownException.class, e -> {
                assertThat(e.reason()).isEqualTo(SendOutcomeUnknownException.Reason.TIMED_OUT);
                assertThat(e.retryable()).isFalse();
            }).hasMessageContaining("ce-1").hasMessageNotContaining(PATRON.e164());
        }

        @Test
        @DisplayName("accepted, then the connection breaks before the answer: CONNECTION_LOST, and Twilio has the message")
        void answerLost() {
            rig.twilio.failNext(1, Fault.acceptedButAnswerLost());

            assertThatThrownBy(() -> send("ce-1")).isInstanceOfSatisfying(SendOutcomeUnknownException.class,
                    e -> assertThat(e.reason()).isEqualTo(SendOutcomeUnknownException.Reason.CONNECTION_LOST));
            assertThat(rig.twilio.messages()).singleElement()
                    .satisfies(m -> assertThat(m.reference()).contains("ce-1"));
        }

        @Test
        @DisplayName("a 201 without a readable sid: UNREADABLE_ANSWER")
        void successWithoutSid() {
            rig.twilio.failNext(1, Fault.answer(201, "{\"status\":\"queued\"}"));

            assertThatThrownBy(() -> send("ce-1")).isInstanceOfSatisfying(SendOutcomeUnknownException.class,
                    e -> assertThat(e.reason()).isEqualTo(SendOutcomeUnknownException.Reason.UNREADABLE_ANSWER));
        }

        @Test
        @DisplayName("nothing listening: transient PROVIDER_UNAVAILABLE, since nothing was written")
        void connectionRefused() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            TwilioSmsProvider nowhere = TwilioSmsProvider.create(TwilioConfig.builder()
                    .accountSid(FakeTwilioServer.DEFAULT_ACCOUNT_SID).authToken(FakeTwilioServer.DEFAULT_AUTH_TOKEN)
                    .baseUrl("http://127.0.0.1:" + closedPort).throughputPerSecond(1).build());

            assertThat(nowhere.send(message("ce-1"))).isInstanceOfSatisfying(SendResult.TransientFailure.class,
                    failure -> {
                        assertThat(failure.reason()).isEqualTo(FailureReason.PROVIDER_UNAVAILABLE);
                        assertThat(failure.detail()).contains("nothing was sent");
                    });
        }
    }

    @Nested
    @DisplayName("misuse, refused before anything is sent")
    class Misuse {

        @Test
        @DisplayName("a body over 1600 characters: REJECTED_CONTENT")
        void tooLong() {
            OutboundSms long1601 = new OutboundSms(PATRON, BOX_OFFICE, "a".repeat(1601), "ce-1");

            assertThatThrownBy(() -> rig.provider.send(long1601)).isInstanceOfSatisfying(SmsProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FailureReason.REJECTED_CONTENT))
                    .hasMessageContaining("1601").hasMessageNotContaining(PATRON.e164());
            assertThat(rig.twilio.requests()).isEmpty();
        }

        @Test
        @DisplayName("an alphanumeric sender for a US number: INVALID_SENDER, as Twilio would refuse it")
        void alphanumericToUs() {
            OutboundSms toUs = new OutboundSms(PhoneNumber.ofE164("+12025550143"), Sender.alphanumeric("Playhouse"),
                    "hi", "ce-1");

            assertThatThrownBy(() -> rig.provider.send(toUs)).isInstanceOfSatisfying(SmsProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_SENDER))
                    .hasMessageNotContaining("2025550143");
            assertThat(rig.twilio.requests()).isEmpty();
        }
    }

    @Test
    @DisplayName("declares receipts with a status callback, and ANSWERS_KEYWORDS unless keyword handling is NONE")
    void capabilities() {
        assertThat(rig.provider.capabilities()).containsExactlyInAnyOrder(Capability.values());
        assertThat(rig.provider.id()).isEqualTo("twilio");
        assertThat(rig.provider.throughputPerSecond()).isEqualTo(10);
        TwilioSmsProvider bare = TwilioSmsProvider.create(rig.twilio.configBuilder().throughputPerSecond(1)
                .keywordHandling(TwilioKeywordHandling.NONE).build());
        assertThat(bare.capabilities()).containsExactlyInAnyOrder(Capability.INBOUND_MESSAGES,
                Capability.ALPHANUMERIC_SENDER, Capability.UNICODE);
    }
}
