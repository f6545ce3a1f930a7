package io.crowdengage.examples.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.twilio.InboundSink;
import io.crowdengage.twilio.TwilioConfig;
import io.crowdengage.twilio.TwilioSignature;
import io.crowdengage.twilio.TwilioWebhookHandler;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The servlet example, served a request the way a container hands one over: the container's objects are
 * stood in for by small proxies answering the few calls the servlet makes, and failing on any other.
 */
@DisplayName("The Twilio webhook servlet example")
class TwilioWebhookServletTest {
    private static final String PUBLIC_STATUS = "https://tickets.playhouse.example/twilio/status";

    private final List<DeliveryReport> reports = new ArrayList<>();
    private final TwilioWebhookHandler handler = TwilioWebhookHandler.create(TwilioConfig.builder()
            .accountSid(FakeTwilioServer.DEFAULT_ACCOUNT_SID).authToken(FakeTwilioServer.DEFAULT_AUTH_TOKEN)
            .throughputPerSecond(1).statusCallbackUrl(PUBLIC_STATUS).build(),
            InboundSink.of((InboundSms inbound) -> { }, reports::add));
    private final TwilioWebhookServlet servlet = new TwilioWebhookServlet(handler,
            TwilioWebhookHandler.Route.STATUS_CALLBACK);

    @Test
    @DisplayName("passes the raw body and the query on, so a signed receipt is recorded and a forged one is refused")
    void signedAndForged() throws Exception {
        List<Map.Entry<String, String>> params = List.of(
                new SimpleImmutableEntry<>("AccountSid", FakeTwilioServer.DEFAULT_ACCOUNT_SID),
                new SimpleImmutableEntry<>("MessageSid", "SM" + "c".repeat(32)),
                new SimpleImmutableEntry<>("MessageStatus", "delivered"));
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> param : params) {
            form.append(form.length() == 0 ? "" : "&").append(param.getKey()).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
        }
        String signature = TwilioSignature.compute(FakeTwilioServer.DEFAULT_AUTH_TOKEN,
                PUBLIC_STATUS + "?ce_ref=ce-1", params);

        Answer genuine = serve(form.toString(), "ce_ref=ce-1", signature);
        Answer forged = serve(form.toString().replace("delivered", "failed"), "ce_ref=ce-1", signature);

        assertThat(genuine.status).isEqualTo(200);
        assertThat(forged.status).isEqualTo(403);
        assertThat(forged.body).isEqualTo("invalid signature");
        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(report.reference()).contains("ce-1");
        });
    }

    private static final class Answer {
        int status;
        String contentType;
        String body;
    }

    private Answer serve(String body, String query, String signature) throws Exception {
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8",
                TwilioSignature.HEADER, signature);
        ByteArrayInputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        ServletInputStream input = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "POST";
                    case "getInputStream" -> input;
                    case "getQueryString" -> query;
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(List.of(headers.get((String) args[0])));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Answer answer = new Answer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream output = new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> answer.status = (Integer) args[0];
                        case "setContentType" -> answer.contentType = (String) args[0];
                        case "setHeader", "setContentLength" -> { }
                        case "getOutputStream" -> {
                            return output;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        servlet.service(request, response);
        answer.body = out.toString(StandardCharsets.UTF_8);
        assertThat(answer.contentType).startsWith("text/plain");
        return answer;
    }
}
