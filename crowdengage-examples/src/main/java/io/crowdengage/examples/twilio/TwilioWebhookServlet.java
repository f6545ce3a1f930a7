package io.crowdengage.examples.twilio;

import io.crowdengage.twilio.TwilioWebhookHandler;
import io.crowdengage.twilio.WebhookRequest;
import io.crowdengage.twilio.WebhookResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TwilioWebhookHandler} in a Jakarta Servlet container (Tomcat, Jetty, Spring Boot's embedded
 * one): register one instance per webhook, for example
 * <pre>{@code
 * servletContext.addServlet("twilio-status", new TwilioWebhookServlet(webhooks, Route.STATUS_CALLBACK))
 *         .addMapping("/twilio/status");
 * servletContext.addServlet("twilio-inbound", new TwilioWebhookServlet(webhooks, Route.INBOUND_MESSAGE))
 *         .addMapping("/twilio/inbound");
 * }</pre>
 * The servlet API is a {@code provided}, optional dependency of the examples: this compiles against it
 * and the container brings it. The URL checked against the signature is the configured public one with
 * the query the request came with, so a proxy in front does not matter.
 */
public final class TwilioWebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The handler is wired in code, not serialized with the servlet. */
    private final transient TwilioWebhookHandler handler;
    private final TwilioWebhookHandler.Route route;

    /** A servlet for {@code route} of {@code handler}. */
    public TwilioWebhookServlet(TwilioWebhookHandler handler, TwilioWebhookHandler.Route route) {
        this.handler = handler;
        this.route = route;
        handler.publicUrl(route, null); // refuses a route without a configured public URL at wiring time
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Read the raw body first: getParameter() would consume a form body and the signature needs it whole.
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(TwilioWebhookHandler.MAX_BODY_BYTES + 1);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        WebhookResponse answer = handler.handle(route, new WebhookRequest(request.getMethod(),
                handler.publicUrl(route, request.getQueryString()), headers, body));
        response.setStatus(answer.status());
        response.setContentType(answer.contentType());
        answer.headers().forEach(response::setHeader);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
