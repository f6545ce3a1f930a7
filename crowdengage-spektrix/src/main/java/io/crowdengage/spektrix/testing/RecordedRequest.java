package io.crowdengage.spektrix.testing;

import io.crowdengage.adapter.fake.Exchanges;
import io.crowdengage.internal.Checks;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request {@link FakeSpektrixServer} received, for assertions. The {@code Authorization} header
 * is left out of {@code headers} (it is a credential); {@code signatureValid} says how it fared.
 *
 * @param method         the HTTP method
 * @param pathAndQuery   the raw path and query, for example {@code /apitesting/api/v3/orders/sync?since=...}
 * @param apiPath        the part below the API root without the query, for example {@code orders/sync}
 * @param headers        headers by lower-case name, {@code Authorization} removed
 * @param signatureValid whether a signature was present and matched
 */
public record RecordedRequest(String method, String pathAndQuery, String apiPath, Map<String, List<String>> headers,
                              boolean signatureValid) {
    public RecordedRequest {
        Checks.notBlank(method, "method");
        Checks.notBlank(pathAndQuery, "pathAndQuery");
        Checks.notNull(apiPath, "apiPath");
        headers = Map.copyOf(headers);
        Checks.notNull(headers, "headers");
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        return Exchanges.firstHeader(headers, name);
    }
}
