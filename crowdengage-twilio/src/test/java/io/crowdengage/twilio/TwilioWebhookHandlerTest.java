package io.crowdengage.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.crowdengage.adapter.http.FormParams;
import io.crowdengage.error.ValidationException;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.twilio.TwilioWebhookHandler.Route;
import io.crowdengage.twilio.testing.CallbackDelivery;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Twilio's webhooks through the JDK server binding, posted and signed by the fake. */
@DisplayName("TwilioWebhookHandler")
class TwilioWebhookHandlerTest {
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

    private String sendOne(String reference) {
        SendResult result = rig.provider.send(new OutboundSms(PATRON, BOX_OFFICE, "Doors open at 7pm", reference));
        return ((SendResult.Accepted) result).providerMessageId();
    }

    @Nested
    @DisplayName("an inbound message")
    class Inbound {

        @Test
        @DisplayName("becomes an InboundSms with the sender, our number and the body intact, answered with empty TwiML")
        void delivered() {
            String body = "Diolch! Ŵyl wych 👏 “Stop” – no, keep them coming & see you at 7:30";

            CallbackDelivery delivery = rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, body);

            assertThat(delivery.status()).isEqualTo(200);
            assertThat(delivery.contentType()).startsWith("text/xml");
            assertThat(delivery.responseBody()).isEqualTo(WebhookResponse.EMPTY_TWIML);
            assertThat(rig.sink.inbound).singleElement().satisfies(inbound -> {
                assertThat(inbound.from()).isEqualTo(PATRON);
                assertThat(inbound.to()).isEqualTo(FakeTwilioServer.DEFAULT_NUMBER);
                assertThat(inbound.body()).isEqualTo(body);
                assertThat(inbound.providerKeyword()).isEmpty();
            });
        }

        @Test
        @DisplayName("with Twilio's default handling: a whole-body STOP or START is marked as answered by Twilio, 'stop please' is not")
        void twilioDefault() {
            rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, " Stop ");
            rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "stop please");
            rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "YES");

            assertThat(rig.sink.inbound).extracting(InboundSms::providerKeyword).containsExactly(
                    Optional.of(Keyword.OPT_OUT), Optional.empty(), Optional.of(Keyword.OPT_IN));
            assertThat(rig.twilio.autoReplies()).extracting(FakeTwilioServer.AutoReply::keyword)
                    .as("Twilio answered the two keywords and not the sentence")
                    .containsExactly(Keyword.OPT_OUT, Keyword.OPT_IN);
        }

        @Test
        @DisplayName("with Advanced Opt-Out: Twilio's OptOutType decides, not the body")
        void advancedOptOut() {
            restart(fake -> fake.keywordHandling(TwilioKeywordHandling.ADVANCED_OPT_OUT), UnaryOperator.identity());

            CallbackDelivery stop = rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "STOP");
            assertThat(stop.params()).containsEntry("OptOutType", "STOP");
            // A service whose keywords were changed: Twilio did nothing with this STOP, so it names no OptOutType.
            rig.twilio.post(stop.withParam("MessageSid", "SM" + "1".repeat(32)).withParam("OptOutType", "")
                    .signedWith(rig.twilio.authToken()));
            rig.twilio.post(stop.withParam("MessageSid", "SM" + "2".repeat(32)).withParam("Body", "ARRET")
                    .withParam("OptOutType", "STOP").signedWith(rig.twilio.authToken()));

            assertThat(rig.sink.inbound).extracting(InboundSms::providerKeyword).containsExactly(
                    Optional.of(Keyword.OPT_OUT), Optional.empty(), Optional.of(Keyword.OPT_OUT));
        }

        @Test
        @DisplayName("with keyword handling NONE: no text is marked as answered, and the provider does not declare ANSWERS_KEYWORDS")
        void none() {
            restart(fake -> fake.keywordHandling(TwilioKeywordHandling.NONE), UnaryOperator.identity());

            rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "STOP");

            assertThat(rig.sink.inbound).singleElement().satisfies(i -> assertThat(i.providerKeyword()).isEmpty());
            assertThat(rig.twilio.autoReplies()).isEmpty();
            assertThat(rig.provider.supports(io.crowdengage.sms.Capability.ANSWERS_KEYWORDS)).isFalse();
        }

        @Test
        @DisplayName("from a sender that is not a phone number (WhatsApp) is acknowledged and not passed on")
        void notAPhoneNumber() {
            CallbackDelivery stop = rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "STOP");
            rig.sink.inbound.clear();

            CallbackDelivery whatsapp = rig.twilio.post(stop.withParam("MessageSid", "SM" + "3".repeat(32))
                    .withParam("From", "whatsapp:+447400123456").signedWith(rig.twilio.authToken()));

            assertThat(whatsapp.status()).isEqualTo(200);
            assertThat(rig.sink.inbound).isEmpty();
        }
    }

    @Nested
    @DisplayName("a status callback")
    class StatusCallbacks {

        @Test
        @DisplayName("'delivered' becomes a DELIVERED report naming Twilio's sid and our reference from the callback URL")
        void delivered() {
            String sid = sendOne("ce-77aa-1");

            CallbackDelivery delivery = rig.twilio.deliverStatus(sid, "delivered");

            assertThat(delivery.status()).isEqualTo(200);
            assertThat(rig.sink.reports).singleElement().satisfies(report -> {
                assertThat(report.providerMessageId()).isEqualTo(sid);
                assertThat(report.reference()).contains("ce-77aa-1");
                assertThat(report.status()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(report.providerCode()).isEmpty();
                assertThat(report.failureReason()).isEmpty();
            });
        }

        @Test
        @DisplayName("'undelivered', 'failed' and a run-out validity period (30036) become UNDELIVERED, FAILED and EXPIRED with the code")
        void failures() {
            String undelivered = sendOne("ce-1");
            String failed = sendOne("ce-2");
            String expired = sendOne("ce-3");

            rig.twilio.deliverStatus(undelivered, "undelivered", 30003);
            rig.twilio.deliverStatus(failed, "failed", 30007);
            rig.twilio.deliverStatus(expired, "failed", 30036);

            assertThat(rig.sink.reports).extracting(DeliveryReport::status, DeliveryReport::providerCode,
                    DeliveryReport::failureReason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(DeliveryStatus.UNDELIVERED, Optional.of("30003"),
                            Optional.of(FailureReason.PROVIDER_UNAVAILABLE)),
                    org.assertj.core.groups.Tuple.tuple(DeliveryStatus.FAILED, Optional.of("30007"),
                            Optional.of(FailureReason.REJECTED_CONTENT)),
                    org.assertj.core.groups.Tuple.tuple(DeliveryStatus.EXPIRED, Optional.of("30036"), Optional.empty()));
        }

        @Test
        @DisplayName("21610 on a Messaging Service send (Twilio accepts, then fails it) says OPTED_OUT_AT_PROVIDER")
        void optedOutThroughAService() {
            restart(UnaryOperator.identity(),
                    config -> config.messagingServiceSid(FakeTwilioServer.DEFAULT_MESSAGING_SERVICE_SID));
            rig.twilio.optOut(PATRON);
            String sid = sendOne("ce-9");
            assertThat(rig.twilio.message(sid)).hasValueSatisfying(m -> assertThat(m.errorCode()).contains(21610));

            rig.twilio.deliverStatus(sid, "failed", 21610);

            assertThat(rig.sink.reports).singleElement().satisfies(report -> {
                assertThat(report.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(report.recipientOptedOut()).isTrue();
                assertThat(report.reference()).contains("ce-9");
            });
        }

        @Test
        @DisplayName("with an intermediate status (queued, sending, sent) is acknowledged and reports nothing")
        void intermediate() {
            String sid = sendOne("ce-1");

            for (String status : List.of("queued", "sending", "sent")) {
                assertThat(rig.twilio.deliverStatus(sid, status).status()).isEqualTo(200);
            }

            assertThat(rig.sink.reports).isEmpty();
        }
    }

    @Nested
    @DisplayName("a forged request gets 403 and changes nothing")
    class Forgeries {

        private CallbackDelivery genuine;

        private CallbackDelivery genuine() {
            String sid = sendOne("ce-1");
            genuine = rig.twilio.deliverStatus(sid, "delivered");
            rig.sink.reports.clear();
            return genuine;
        }

        @Test
        @DisplayName("without a signature")
        void unsigned() {
            CallbackDelivery forged = rig.twilio.post(genuine().withParam("MessageSid", "SM" + "4".repeat(32))
                    .withoutSignature());

            assertThat(forged.status()).isEqualTo(403);
            assertThat(rig.sink.reports).isEmpty();
        }

        @Test
        @DisplayName("with a parameter changed after signing")
        void tampered() {
            CallbackDelivery forged = rig.twilio.post(genuine().withParam("MessageStatus", "undelivered"));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(rig.sink.reports).isEmpty();
        }

        @Test
        @DisplayName("signed with another token")
        void wrongToken() {
            CallbackDelivery forged = rig.twilio.post(genuine().withParam("MessageSid", "SM" + "5".repeat(32))
                    .signedWith("0".repeat(32)));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(rig.sink.reports).isEmpty();
        }

        @Test
        @DisplayName("signed, but for another account")
        void otherAccount() {
            CallbackDelivery forged = rig.twilio.post(genuine().withParam("MessageSid", "SM" + "6".repeat(32))
                    .withParam("AccountSid", "AC" + "7".repeat(32)).signedWith(rig.twilio.authToken()));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(forged.responseBody()).isEqualTo("webhook for another account");
            assertThat(rig.sink.reports).isEmpty();
        }

        @Test
        @DisplayName("an inbound STOP without a valid signature records no opt-out")
        void forgedStop() {
            CallbackDelivery stop = rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "hello");
            rig.sink.inbound.clear();

            CallbackDelivery forged = rig.twilio.post(stop.withParam("Body", "STOP"));

            assertThat(forged.status()).isEqualTo(403);
            assertThat(rig.sink.inbound).isEmpty();
        }
    }

    @Nested
    @DisplayName("a redelivered webhook")
    class Redelivery {

        @Test
        @DisplayName("is acknowledged and changes nothing twice: a status callback and an inbound message")
        void twice() {
            String sid = sendOne("ce-1");
            CallbackDelivery report = rig.twilio.deliverStatus(sid, "delivered");
            CallbackDelivery stop = rig.twilio.sendInbound(PATRON, FakeTwilioServer.DEFAULT_NUMBER, "STOP");

            assertThat(rig.twilio.post(report).status()).isEqualTo(200);
            assertThat(rig.twilio.post(stop).status()).isEqualTo(200);

            assertThat(rig.sink.reports).hasSize(1);
            assertThat(rig.sink.inbound).hasSize(1);
        }

        @Test
        @DisplayName("arriving eight times at once is delivered once")
        void atOnce() throws Exception {
            String sid = sendOne("ce-1");
            CallbackDelivery report = rig.twilio.deliverStatus(sid, "undelivered", 30003);
            rig.sink.reports.clear();
            CallbackDelivery fresh = report.withParam("MessageSid", "SM" + "8".repeat(32))
                    .withParam("SmsSid", "SM" + "8".repeat(32)).signedWith(rig.twilio.authToken());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Callable<Integer> post = () -> {
                        start.await();
                        return rig.twilio.post(fresh).status();
                    };
                    answers.add(threads.submit(post));
                }
                start.countDown();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(rig.sink.reports).singleElement()
                    .satisfies(r -> assertThat(r.providerMessageId()).isEqualTo("SM" + "8".repeat(32)));
        }

        @Test
        @DisplayName("after the sink failed (500) is processed, once")
        void afterAFailure() {
            String sid = sendOne("ce-1");
            rig.sink.failures.set(1);

            CallbackDelivery failed = rig.twilio.deliverStatus(sid, "delivered");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.responseBody()).doesNotContain("7400123456");
            assertThat(rig.sink.reports).isEmpty();

            assertThat(rig.twilio.post(failed).status()).isEqualTo(200);
            assertThat(rig.twilio.post(failed).status()).isEqualTo(200);
            assertThat(rig.sink.reports).hasSize(1);
        }
    }

    @Nested
    @DisplayName("HTTP")
    class Http {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        private HttpResponse<String> post(String url, String contentType, String body, Optional<String> signature)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
            signature.ifPresent(s -> request.header(TwilioSignature.HEADER, s));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        @DisplayName("answers 405 to anything but POST, 415 to another encoding, 413 to a huge body, 404 under the path")
        void refusals() throws Exception {
            String inbound = rig.webhookUrl(TwilioRig.INBOUND_PATH);
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(inbound)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).contains("POST");
            assertThat(post(inbound, "application/json", "{\"Body\":\"STOP\"}", Optional.empty()).statusCode())
                    .isEqualTo(415);
            assertThat(post(inbound, "application/x-www-form-urlencoded",
                    "Body=" + "a".repeat(TwilioWebhookHandler.MAX_BODY_BYTES), Optional.empty()).statusCode())
                    .isEqualTo(413);
            assertThat(post(inbound + "/extra", "application/x-www-form-urlencoded", "Body=STOP", Optional.empty())
                    .statusCode()).isEqualTo(404);
            assertThat(post(inbound, "application/x-www-form-urlencoded", "Body=%ZZ", Optional.empty()).statusCode())
                    .isEqualTo(400);
            assertThat(rig.sink.inbound).isEmpty();
        }

        @Test
        @DisplayName("behind a proxy: the signature is checked on the configured public URL, with the query as received")
        void behindAProxy() throws Exception {
            String publicStatus = "https://tickets.playhouse.example/sms/twilio/status";
            TwilioConfig config = rig.twilio.configBuilder().throughputPerSecond(1).statusCallbackUrl(publicStatus)
                    .build();
            CapturingSink sink = new CapturingSink();
            HttpServer local = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TwilioHttpServerBinding.register(local, TwilioWebhookHandler.create(config, sink), Route.STATUS_CALLBACK,
                    "/twilio/status");
            local.start();
            try {
                String localUrl = "http://127.0.0.1:" + local.getAddress().getPort() + "/twilio/status?ce_ref=ce-5";
                Map<String, String> params = new LinkedHashMap<>();
                params.put("AccountSid", rig.twilio.accountSid());
                params.put("MessageSid", "SM" + "9".repeat(32));
                params.put("MessageStatus", "delivered");
                String form = FormParams.of(params).encode();
                List<Map.Entry<String, String>> entries = new ArrayList<>(params.entrySet());

                String overLocalUrl = TwilioSignature.compute(rig.twilio.authToken(), localUrl, entries);
                assertThat(post(localUrl, "application/x-www-form-urlencoded", form, Optional.of(overLocalUrl))
                        .statusCode()).as("signed over the URL the proxy forwarded to").isEqualTo(403);

                String overPublicUrl = TwilioSignature.compute(rig.twilio.authToken(),
                        "https://tickets.playhouse.example:443/sms/twilio/status?ce_ref=ce-5", entries);
                assertThat(post(localUrl, "application/x-www-form-urlencoded", form, Optional.of(overPublicUrl))
                        .statusCode()).as("signed over the public URL, with its default port").isEqualTo(200);
            } finally {
                local.stop(0);
            }
            assertThat(sink.reports).singleElement().satisfies(r -> assertThat(r.reference()).contains("ce-5"));
        }
    }

    @Nested
    @DisplayName("without a server")
    class Pure {

        private WebhookRequest signed(String url, Map<String, String> params) {
            String signature = TwilioSignature.compute(FakeTwilioServer.DEFAULT_AUTH_TOKEN, url,
                    new ArrayList<>(params.entrySet()));
            return new WebhookRequest("POST", URI.create(url), Map.of("content-type",
                    List.of("application/x-www-form-urlencoded"), "x-twilio-signature", List.of(signature)),
                    FormParams.of(params).encode().getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("routes by the public URL's path, stamps with the configured clock, and answers 404 elsewhere")
        void routes() {
            Instant now = Instant.parse("2026-03-14T22:31:00Z");
            CapturingSink sink = new CapturingSink();
            TwilioConfig config = TwilioConfig.builder().accountSid(FakeTwilioServer.DEFAULT_ACCOUNT_SID)
                    .authToken(FakeTwilioServer.DEFAULT_AUTH_TOKEN).throughputPerSecond(1)
                    .inboundWebhookUrl("https://tickets.playhouse.example/twilio/inbound")
                    .statusCallbackUrl("https://tickets.playhouse.example/twilio/status")
                    .clock(java.time.Clock.fixed(now, ZoneOffset.UTC)).build();
            TwilioWebhookHandler handler = TwilioWebhookHandler.create(config, sink);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("MessageSid", "SM" + "a".repeat(32));
            params.put("From", "447400123456");
            params.put("To", "60123");
            params.put("Body", "HELP");

            assertThat(handler.handle(signed("https://tickets.playhouse.example/twilio/inbound", params)).status())
                    .isEqualTo(200);
            assertThat(handler.handle(signed("https://tickets.playhouse.example/elsewhere", params)).status())
                    .isEqualTo(404);
            assertThat(sink.inbound).singleElement().satisfies(inbound -> {
                assertThat(inbound.from()).as("a From without its +").isEqualTo(PATRON);
                assertThat(inbound.to()).isEqualTo("60123");
                assertThat(inbound.receivedAt()).isEqualTo(now);
                assertThat(inbound.providerKeyword()).contains(Keyword.HELP);
            });
            assertThat(handler.publicUrl(Route.STATUS_CALLBACK, "ce_ref=a%20b"))
                    .isEqualTo(URI.create("https://tickets.playhouse.example/twilio/status?ce_ref=a%20b"));
        }

        @Test
        @DisplayName("a signed request missing MessageSid, From or To is refused with 400 and changes nothing")
        void missingFields() {
            CapturingSink sink = new CapturingSink();
            TwilioWebhookHandler handler = TwilioWebhookHandler.create(rig.config, sink);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("Body", "STOP");
            params.put("From", PATRON.e164());

            assertThat(handler.handle(Route.INBOUND_MESSAGE, signed("https://x.example/in", params)).status())
                    .isEqualTo(400);
            assertThat(sink.inbound).isEmpty();
        }

        @Test
        @DisplayName("cannot be made without the Auth Token, which signs webhooks, nor without a webhook URL")
        void needsTokenAndUrls() {
            String keySid = "SK" + "00112233445566778899aabbccddeeff";
            TwilioConfig keyOnly = TwilioConfig.builder().accountSid(FakeTwilioServer.DEFAULT_ACCOUNT_SID)
                    .apiKey(keySid, "secretsecretsecretsecret").throughputPerSecond(1).build();

            assertThatThrownBy(() -> TwilioWebhookHandler.create(keyOnly, new CapturingSink()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("twilio.authToken: is required for webhooks")
                    .hasMessageContaining("twilio.inboundWebhookUrl: or twilio.statusCallbackUrl must be set");
        }
    }
}
