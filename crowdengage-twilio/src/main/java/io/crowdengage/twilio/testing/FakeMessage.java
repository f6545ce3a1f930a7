package io.crowdengage.twilio.testing;

import io.crowdengage.adapter.http.FormParams;
import io.crowdengage.internal.Checks;
import io.crowdengage.twilio.TwilioConfig;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * A message {@link FakeTwilioServer} created, as it stands now.
 *
 * @param sid                 its SID, {@code SM} and 32 hexadecimal digits
 * @param to                  the recipient, as sent ({@code To})
 * @param from                the sender it went from: {@code From}, or the one the Messaging Service picked
 * @param messagingServiceSid the Messaging Service it was sent through, if any
 * @param body                the text, decoded
 * @param statusCallback      the {@code StatusCallback} URL, as sent
 * @param validityPeriod      the {@code ValidityPeriod} in seconds, if sent
 * @param status              its status now: {@code queued} or {@code accepted}, then what was delivered for it
 * @param errorCode           its error code, if it failed
 * @param segments            the segments the body takes
 * @param createdAt           when it was created, by the fake's clock
 */
public record FakeMessage(String sid, String to, String from, Optional<String> messagingServiceSid, String body,
                          Optional<String> statusCallback, Optional<Integer> validityPeriod, String status,
                          Optional<Integer> errorCode, int segments, Instant createdAt) {

    /** Validates that every field is present. */
    public FakeMessage {
        Checks.notBlank(sid, "sid");
        Checks.notBlank(to, "to");
        Checks.notBlank(from, "from");
        Checks.notNull(messagingServiceSid, "messagingServiceSid");
        Checks.notNull(body, "body");
        Checks.notNull(statusCallback, "statusCallback");
        Checks.notNull(validityPeriod, "validityPeriod");
        Checks.notBlank(status, "status");
        Checks.notNull(errorCode, "errorCode");
        Checks.notNull(createdAt, "createdAt");
    }

    /** Our reference, as the status-callback URL carries it ({@value TwilioConfig#REFERENCE_PARAMETER}). */
    public Optional<String> reference() {
        return statusCallback.map(URI::create).map(URI::getRawQuery).map(FormParams::decode)
                .flatMap(query -> query.nonBlank(TwilioConfig.REFERENCE_PARAMETER));
    }

    FakeMessage withStatus(String newStatus, Optional<Integer> newErrorCode) {
        return new FakeMessage(sid, to, from, messagingServiceSid, body, statusCallback, validityPeriod, newStatus,
                newErrorCode, segments, createdAt);
    }

    /** The recipient and body are left out: tests print these. */
    @Override
    public String toString() {
        return "FakeMessage[" + sid + ", status=" + status + errorCode.map(c -> " (" + c + ")").orElse("") + ", "
                + body.length() + " chars]";
    }
}
