package io.crowdengage.twilio.testing;

import io.crowdengage.internal.Checks;
import io.crowdengage.twilio.TwilioSignature;
import java.net.URI;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook {@link FakeTwilioServer} posted (a status callback or an inbound message) and what the
 * webhook answered. Post it again with {@link FakeTwilioServer#post(CallbackDelivery)}: as it is, that is
 * Twilio redelivering; changed with {@link #withParam}, {@link #withSignature}, {@link #signedWith} or
 * {@link #withoutSignature}, it is a forgery.
 *
 * @param url              the URL posted to, exactly
 * @param params           the form parameters, in the order sent
 * @param signature        the {@code X-Twilio-Signature} sent, if any
 * @param idempotencyToken the {@code I-Twilio-Idempotency-Token} sent: the same on a redelivery
 * @param status           the webhook's HTTP status, or 0 if this copy was not posted
 * @param responseBody     the webhook's answer
 * @param contentType      the webhook's {@code Content-Type}, or empty
 */
public record CallbackDelivery(URI url, Map<String, String> params, Optional<String> signature, String idempotencyToken,
                               int status, String responseBody, String contentType) {

    /** Validates and copies, keeping the parameters' order. */
    public CallbackDelivery {
        Checks.notNull(url, "url");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Checks.noNullEntries(params, "params")));
        Checks.notNull(signature, "signature");
        Checks.notBlank(idempotencyToken, "idempotencyToken");
        Checks.notNull(responseBody, "responseBody");
        Checks.notNull(contentType, "contentType");
    }

    /** A copy, not yet posted, with {@code name} set to {@code value} and the signature unchanged: a tampered body. */
    public CallbackDelivery withParam(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(params);
        changed.put(Checks.notBlank(name, "name"), Checks.notNull(value, "value"));
        return new CallbackDelivery(url, changed, signature, idempotencyToken, 0, "", "");
    }

    /** A copy, not yet posted, with this signature header. */
    public CallbackDelivery withSignature(String newSignature) {
        return new CallbackDelivery(url, params, Optional.of(Checks.notNull(newSignature, "signature")),
                idempotencyToken, 0, "", "");
    }

    /** A copy, not yet posted, signed with {@code authToken}: a forger who does not have the account's token. */
    public CallbackDelivery signedWith(String authToken) {
        return withSignature(TwilioSignature.compute(authToken, url.toString(), entries(params)));
    }

    /** A copy, not yet posted, with no signature header at all. */
    public CallbackDelivery withoutSignature() {
        return new CallbackDelivery(url, params, Optional.empty(), idempotencyToken, 0, "", "");
    }

    /** Whether the webhook answered 2xx. */
    public boolean accepted() {
        return status >= 200 && status < 300;
    }

    static List<Map.Entry<String, String>> entries(Map<String, String> params) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        params.forEach((name, value) -> list.add(new AbstractMap.SimpleImmutableEntry<>(name, value)));
        return list;
    }

    /** The URL's path and the answer; the parameters hold numbers and texts. */
    @Override
    public String toString() {
        return "CallbackDelivery[" + url.getRawPath() + " -> " + status + "]";
    }
}
