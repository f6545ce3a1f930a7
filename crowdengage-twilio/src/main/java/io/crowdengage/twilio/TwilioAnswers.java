package io.crowdengage.twilio;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdengage.adapter.http.RetryAfter;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.SendOutcomeUnknownException;
import io.crowdengage.sms.SendResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What Twilio's answers mean: the answer to {@code POST Messages.json} as a {@link SendResult}, and the
 * statuses and error codes of status callbacks. One table for the provider and the webhook handler.
 * The error codes are Twilio's (twilio.com/docs/api/errors); anything not known here is permanent and
 * {@code UNKNOWN}: when in doubt, do not send again.
 */
final class TwilioAnswers {
    /** Jackson's default leaves the source out of error locations; said here so that no upgrade brings it back. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    /** Twilio's error messages are short; anything longer is cut before it is masked and logged. */
    private static final int MAX_ERROR_TEXT = 160;

    private TwilioAnswers() {
    }

    /**
     * The answer to one send.
     *
     * @param status     the HTTP status
     * @param retryAfter the {@code Retry-After} header, if any
     * @param body       the response body as text
     * @param reference  our reference for the message, for the texts
     * @param clock      to read a {@code Retry-After} date
     * @throws SendOutcomeUnknownException for a success whose message SID cannot be read: Twilio has the
     *                                     message, but we cannot tell which
     */
    static SendResult ofSend(int status, Optional<String> retryAfter, String body, String reference, Clock clock) {
        if (status == 200 || status == 201) {
            return new SendResult.Accepted(sid(body).orElseThrow(() -> new SendOutcomeUnknownException(
                    SendOutcomeUnknownException.Reason.UNREADABLE_ANSWER, "Twilio answered HTTP " + status
                    + " to the send of " + reference + " without a readable message sid; the message may have gone out,"
                    + " so it is not sent again", null)));
        }
        Optional<JsonNode> error = json(body);
        Optional<Integer> code = error.map(node -> node.path("code")).filter(JsonNode::canConvertToInt)
                .map(JsonNode::asInt).filter(c -> c > 0);
        String text = error.map(node -> node.path("message").asText("")).map(TwilioAnswers::safeText).orElse("");
        String providerCode = code.map(String::valueOf).orElse("HTTP_" + status);
        String detail = (code.map(c -> "Twilio error " + c).orElse("HTTP " + status + " from Twilio"))
                + (text.isEmpty() ? "" : ": " + text);
        Optional<Duration> wait = retryAfter.flatMap(header -> RetryAfter.parse(header, clock));
        if (code.isPresent()) {
            Optional<SendResult> known = ofErrorCode(code.get(), providerCode, wait, detail);
            if (known.isPresent()) {
                return known.get();
            }
        }
        if (status == 429) {
            return new SendResult.TransientFailure(FailureReason.RATE_LIMITED, providerCode, wait, detail);
        }
        if (status >= 500 && status <= 599) {
            return new SendResult.TransientFailure(FailureReason.PROVIDER_UNAVAILABLE, providerCode, wait, detail);
        }
        if (status == 401 || status == 403) {
            return new SendResult.PermanentFailure(FailureReason.AUTHENTICATION, providerCode,
                    detail + " (check twilio.accountSid and the Auth Token or API key)");
        }
        if (status == 404) {
            return new SendResult.PermanentFailure(FailureReason.AUTHENTICATION, providerCode,
                    detail + " (no such account: check twilio.accountSid)");
        }
        return new SendResult.PermanentFailure(FailureReason.UNKNOWN, providerCode, detail);
    }

    /** The errors whose meaning does not depend on the HTTP status they came with. */
    private static Optional<SendResult> ofErrorCode(int code, String providerCode, Optional<Duration> wait,
                                                    String detail) {
        switch (code) {
            case 21610: // the recipient texted STOP to the sender or the service: suppress them on our side too
                return permanent(FailureReason.OPTED_OUT_AT_PROVIDER, providerCode, detail);
            case 21211: // invalid To
            case 21614: // To is not a mobile number
            case 21612: // Twilio cannot route to this number
            case 21635: // To is a landline
                return permanent(FailureReason.INVALID_NUMBER, providerCode, detail);
            case 21212: // invalid From
            case 21606: // From is not a number or sender of this account
                return permanent(FailureReason.INVALID_SENDER, providerCode, detail);
            case 21602: // Body is required
            case 21617: // Body exceeds 1600 characters
                return permanent(FailureReason.REJECTED_CONTENT, providerCode, detail);
            case 20003: // authentication failed
            case 20404: // no such account or resource
            case 21408: // sending to this region is not enabled on the account (Geo Permissions)
                return permanent(FailureReason.AUTHENTICATION, providerCode, detail);
            case 20429: // too many concurrent requests: never processed, safe to retry after waiting
                return Optional.of(new SendResult.TransientFailure(FailureReason.RATE_LIMITED, providerCode, wait,
                        detail));
            case 21611: // the sender's queue is full (about 10 hours of messages): it empties at the sender's rate
                return Optional.of(new SendResult.TransientFailure(FailureReason.RATE_LIMITED, providerCode, wait,
                        detail));
            default:
                return Optional.empty();
        }
    }

    private static Optional<SendResult> permanent(FailureReason reason, String providerCode, String detail) {
        return Optional.of(new SendResult.PermanentFailure(reason, providerCode, detail));
    }

    /** The final status a status callback reports, or empty for an intermediate one (queued, sending, sent...). */
    static Optional<DeliveryStatus> ofCallbackStatus(String messageStatus, Optional<String> errorCode) {
        switch (messageStatus.strip().toLowerCase(Locale.ROOT)) {
            case "delivered":
                return Optional.of(DeliveryStatus.DELIVERED);
            case "undelivered":
                return Optional.of(expired(errorCode) ? DeliveryStatus.EXPIRED : DeliveryStatus.UNDELIVERED);
            case "failed":
                return Optional.of(expired(errorCode) ? DeliveryStatus.EXPIRED : DeliveryStatus.FAILED);
            default:
                return Optional.empty();
        }
    }

    /** 30036: the message stayed in Twilio's queue past its validity period. */
    private static boolean expired(Optional<String> errorCode) {
        return errorCode.map(String::strip).filter("30036"::equals).isPresent();
    }

    /** Why a message that was not delivered failed, for the error codes whose meaning the runtime acts on. */
    static Optional<FailureReason> ofCallbackError(String errorCode) {
        switch (errorCode.strip()) {
            case "21610": // sent through a Messaging Service to a number that opted out: Twilio accepts, then fails it
                return Optional.of(FailureReason.OPTED_OUT_AT_PROVIDER);
            case "21211":
            case "21614":
            case "21612":
            case "30005": // unknown destination handset
            case "30006": // landline or unreachable carrier
                return Optional.of(FailureReason.INVALID_NUMBER);
            case "30007": // filtered by the carrier as spam
                return Optional.of(FailureReason.REJECTED_CONTENT);
            case "30001": // queue overflow
                return Optional.of(FailureReason.RATE_LIMITED);
            case "30003": // handset off or out of coverage
                return Optional.of(FailureReason.PROVIDER_UNAVAILABLE);
            default:
                return Optional.empty();
        }
    }

    /** Text from Twilio, short and without the phone numbers its error messages quote. */
    static String safeText(String text) {
        String stripped = text.strip();
        String cut = stripped.length() > MAX_ERROR_TEXT ? stripped.substring(0, MAX_ERROR_TEXT) + "..." : stripped;
        return Redaction.personalData(cut);
    }

    private static Optional<String> sid(String body) {
        return json(body).map(node -> node.path("sid")).filter(JsonNode::isTextual).map(JsonNode::asText)
                .map(String::strip).filter(sid -> !sid.isEmpty() && sid.chars().allMatch(Character::isLetterOrDigit));
    }

    private static Optional<JsonNode> json(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException | RuntimeException notJson) {
            // Never kept or logged: the parser's message may quote the body.
            return Optional.empty();
        }
    }
}
