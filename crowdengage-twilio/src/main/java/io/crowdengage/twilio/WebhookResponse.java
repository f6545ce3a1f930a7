package io.crowdengage.twilio;

import io.crowdengage.internal.Checks;
import java.util.Map;

/**
 * What to answer Twilio: a binding writes it to its server's response as it is.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} of the body
 * @param body        the body, possibly empty
 * @param headers     further headers to send (for example {@code Allow} with a 405)
 */
public record WebhookResponse(int status, String contentType, String body, Map<String, String> headers) {

    /** An empty TwiML document: the answer to an inbound text when we send no reply through TwiML. */
    public static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String XML = "text/xml; charset=utf-8";

    /** Validates the status and that every field is present; copies the headers. */
    public WebhookResponse {
        Checks.require(status >= 100 && status <= 599, "status", () -> "must be an HTTP status but was " + status);
        Checks.notBlank(contentType, "contentType");
        Checks.notNull(body, "body");
        headers = Map.copyOf(Checks.noNullEntries(headers, "headers"));
    }

    static WebhookResponse text(int status, String body) {
        return new WebhookResponse(status, TEXT, body, Map.of());
    }

    static WebhookResponse emptyTwiml() {
        return new WebhookResponse(200, XML, EMPTY_TWIML, Map.of());
    }
}
