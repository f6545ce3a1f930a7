package io.crowdengage.testkit.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.SendResult;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The error mapping shown in docs/writing-an-sms-adapter.md, compiled and checked. */
class TwilioStyleErrorMappingTest {

    // docs: mapping
    /** Maps Twilio's answer to POST /Messages: HTTP status, Twilio error code (0 if none), sid, message. */
    static SendResult mapTwilio(int httpStatus, int errorCode, String sid, String message,
                                Optional<Duration> retryAfter) {
        if (httpStatus == 201) {
            return new SendResult.Accepted(sid);
        }
        String code = errorCode == 0 ? "HTTP_" + httpStatus : String.valueOf(errorCode);
        switch (errorCode) {
            case 21610:                                   // the recipient texted STOP: suppress them
                return new SendResult.PermanentFailure(FailureReason.OPTED_OUT_AT_PROVIDER, code, message);
            case 21211: case 21614: case 21635: case 30006:
                return new SendResult.PermanentFailure(FailureReason.INVALID_NUMBER, code, message);
            case 21212: case 21606: case 30042:
                return new SendResult.PermanentFailure(FailureReason.INVALID_SENDER, code, message);
            case 20429: case 30001:
                return new SendResult.TransientFailure(FailureReason.RATE_LIMITED, code, retryAfter, message);
            default:
                break;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return new SendResult.PermanentFailure(FailureReason.AUTHENTICATION, code, message);
        }
        if (httpStatus == 429) {
            return new SendResult.TransientFailure(FailureReason.RATE_LIMITED, code, retryAfter, message);
        }
        if (httpStatus >= 500) {
            return new SendResult.TransientFailure(FailureReason.PROVIDER_UNAVAILABLE, code, retryAfter, message);
        }
        return new SendResult.PermanentFailure(FailureReason.UNKNOWN, code, message);  // when in doubt, do not resend
    }
    // end

    @ParameterizedTest(name = "HTTP {0}, error {1} -> {2} {3}")
    @CsvSource({
            "201, 0,     Accepted,",
            "400, 21610, PermanentFailure, OPTED_OUT_AT_PROVIDER",
            "400, 21211, PermanentFailure, INVALID_NUMBER",
            "400, 21212, PermanentFailure, INVALID_SENDER",
            "429, 20429, TransientFailure, RATE_LIMITED",
            "429, 0,     TransientFailure, RATE_LIMITED",
            "503, 0,     TransientFailure, PROVIDER_UNAVAILABLE",
            "401, 20003, PermanentFailure, AUTHENTICATION",
            "400, 99999, PermanentFailure, UNKNOWN"})
    void mapsTwilioAnswers(int status, int code, String kind, FailureReason reason) {
        SendResult result = mapTwilio(status, code, "SM123", "detail", Optional.empty());

        assertThat(result.getClass().getSimpleName()).isEqualTo(kind);
        if (result instanceof SendResult.PermanentFailure failure) {
            assertThat(failure.reason()).isEqualTo(reason);
        } else if (result instanceof SendResult.TransientFailure failure) {
            assertThat(failure.reason()).isEqualTo(reason);
        } else {
            assertThat(((SendResult.Accepted) result).providerMessageId()).isEqualTo("SM123");
        }
    }
}
