package io.crowdengage.twilio;

import io.crowdengage.internal.Checks;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request from Twilio, as any server hands it over: what {@link TwilioWebhookHandler} reads.
 *
 * @param method  the HTTP method, for example {@code POST}
 * @param url     the full URL exactly as Twilio requested it, query included (behind a proxy, the public
 *                URL: build it from the configured public URL, not from the request's Host header)
 * @param headers the headers, by name in any case; names are kept in lower case
 * @param body    the raw body, unparsed, since the signature covers what was sent
 */
public record WebhookRequest(String method, URI url, Map<String, List<String>> headers, byte[] body) {

    /** Validates that every field is present, and copies the headers (lower-case names) and the body. */
    public WebhookRequest {
        Checks.notBlank(method, "method");
        Checks.notNull(url, "url");
        Checks.notNull(headers, "headers");
        Checks.notNull(body, "body");
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            Checks.notNull(name, "headers");
            lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(values == null ? List.of() : values);
        });
        Map<String, List<String>> copied = new LinkedHashMap<>();
        lower.forEach((name, values) -> copied.put(name, List.copyOf(values)));
        headers = Map.copyOf(copied);
        body = body.clone();
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(Checks.notNull(name, "name").toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Equal when every field is, the body compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookRequest that && method.equals(that.method) && url.equals(that.url)
                && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return ((method.hashCode() * 31 + url.hashCode()) * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    /** The method, the URL's path and the body's size: never the body, which holds numbers and texts. */
    @Override
    public String toString() {
        return "WebhookRequest[" + method + " " + url.getRawPath() + ", " + body.length + " bytes]";
    }
}
