package io.crowdengage.twilio.testing;

import io.crowdengage.adapter.fake.Exchanges;
import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request {@link FakeTwilioServer} received on its REST API, for assertions. The {@code Authorization}
 * header's value is replaced by {@code (redacted)}; {@code authenticated} says whether it was right.
 *
 * @param at            when it arrived, by the fake's clock
 * @param method        the HTTP method
 * @param path          the raw path, for example {@code /2010-04-01/Accounts/AC.../Messages.json}
 * @param form          the form parameters, decoded (the first value of each)
 * @param headers       every header by lower-case name, the credentials redacted
 * @param authenticated whether the Basic credentials were the account's or its API key's
 * @param status        the HTTP status answered, or 0 if none was (a fault that hangs or drops the connection)
 */
public record RecordedRequest(Instant at, String method, String path, Map<String, String> form,
                              Map<String, List<String>> headers, boolean authenticated, int status) {

    /** Validates and copies. */
    public RecordedRequest {
        Checks.notNull(at, "at");
        Checks.notBlank(method, "method");
        Checks.notBlank(path, "path");
        form = Map.copyOf(Checks.notNull(form, "form"));
        headers = Map.copyOf(Checks.notNull(headers, "headers"));
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        return Exchanges.firstHeader(headers, name);
    }

    /** Everything the request carried, as one text, for "does X appear anywhere" checks. */
    public String everything() {
        StringBuilder all = new StringBuilder(method).append(' ').append(path);
        headers.forEach((key, values) -> all.append('\n').append(key).append(": ").append(String.join(", ", values)));
        form.forEach((key, value) -> all.append('\n').append(key).append('=').append(value));
        return all.toString();
    }

    /** Leaves out the form, which holds numbers and texts. */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + " -> " + status + ", authenticated=" + authenticated + "]";
    }
}
