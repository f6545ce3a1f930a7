package io.crowdengage.showscore.testing;

import io.crowdengage.adapter.fake.Exchanges;
import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request {@link FakeShowScoreServer} received, for assertions. The values of the credential
 * headers ({@code X-Partner-API-Key}, {@code Authorization}) are replaced by {@code (redacted)};
 * {@code keyAccepted} says whether the right key came in the right header.
 *
 * @param at          when it arrived, by the server's clock
 * @param method      the HTTP method
 * @param endpoint    which partner-token endpoint it asked for, if any
 * @param path        the raw path, for example {@code /apex/api/v2/webhooks/partner_tokens/generate}
 * @param query       the decoded query parameters (the first value of each)
 * @param headers     every header by lower-case name, credentials redacted
 * @param body        the request body as text (empty for the GETs the API takes)
 * @param keyAccepted whether the endpoint's key was present and right
 */
public record RecordedRequest(Instant at, String method, Optional<FakeShowScoreServer.Endpoint> endpoint, String path,
                              Map<String, String> query, Map<String, List<String>> headers, String body,
                              boolean keyAccepted) {
    public RecordedRequest {
        Checks.notNull(at, "at");
        Checks.notBlank(method, "method");
        Checks.notNull(endpoint, "endpoint");
        Checks.notBlank(path, "path");
        query = Map.copyOf(Checks.notNull(query, "query"));
        headers = Map.copyOf(Checks.notNull(headers, "headers"));
        Checks.notNull(body, "body");
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        return Exchanges.firstHeader(headers, name);
    }

    /** Everything the request carried, as one text (path, query, headers, body), for "does X appear anywhere" checks. */
    public String everything() {
        StringBuilder all = new StringBuilder(method).append(' ').append(path);
        query.forEach((key, value) -> all.append('\n').append(key).append('=').append(value));
        headers.forEach((key, values) -> all.append('\n').append(key).append(": ").append(String.join(", ", values)));
        return all.append('\n').append(body).toString();
    }
}
