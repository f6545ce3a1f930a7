package io.crowdengage.twilio.testing;

import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * Something to go wrong on a send to {@link FakeTwilioServer}, scripted with
 * {@link FakeTwilioServer#failNext(int, Fault)}. Faults apply only to sends the fake would otherwise
 * accept, so a scripted fault never hides a real refusal (bad credentials, a missing field).
 *
 * @param kind       what happens
 * @param status     the HTTP status answered, for {@link Kind#ANSWER}
 * @param errorCode  the Twilio error code in the answer's body, if any
 * @param retryAfter a {@code Retry-After} header, in whole seconds, if any
 * @param body       a body to answer verbatim instead of Twilio's error body, if any
 */
public record Fault(Kind kind, int status, Optional<Integer> errorCode, Optional<Duration> retryAfter,
                    Optional<String> body) {

    /** What the fault does. */
    public enum Kind {
        /** Answers {@link #status()} with Twilio's error body (or {@link #body()}); creates no message. */
        ANSWER,
        /** Creates no message and never answers: the client's request timeout runs out. */
        NO_ANSWER,
        /** Creates the message, as Twilio would, then closes the connection without answering. */
        ANSWER_LOST
    }

    /** Validates the status for an answer and that every field is present. */
    public Fault {
        Checks.notNull(kind, "fault.kind");
        Checks.notNull(errorCode, "fault.errorCode");
        Checks.notNull(retryAfter, "fault.retryAfter");
        retryAfter.ifPresent(after -> Checks.notNegative(after, "fault.retryAfter"));
        Checks.notNull(body, "fault.body");
        Checks.require(kind != Kind.ANSWER || (status >= 100 && status <= 599), "fault.status",
                () -> "must be an HTTP status but was " + status);
    }

    /** HTTP 429 with error 20429 (too many concurrent requests) and a {@code Retry-After} in whole seconds. */
    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(Kind.ANSWER, 429, Optional.of(20429), Optional.of(retryAfter), Optional.empty());
    }

    /** HTTP 429 with error 20429 and no {@code Retry-After}. */
    public static Fault tooManyRequests() {
        return new Fault(Kind.ANSWER, 429, Optional.of(20429), Optional.empty(), Optional.empty());
    }

    /** HTTP 500 with error 20500, Twilio's internal error. */
    public static Fault serverError() {
        return new Fault(Kind.ANSWER, 500, Optional.of(20500), Optional.empty(), Optional.empty());
    }

    /** Any HTTP status, with Twilio's error body and no code. */
    public static Fault status(int status) {
        return new Fault(Kind.ANSWER, status, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * HTTP 400 with Twilio error {@code code} and its message: 21610 (unsubscribed recipient), 21211
     * (invalid To), 21614 (not a mobile), 21408 (region not enabled), 21612 (cannot route), 21611 (the
     * sender's queue is full)...
     */
    public static Fault error(int code) {
        return new Fault(Kind.ANSWER, 400, Optional.of(code), Optional.empty(), Optional.empty());
    }

    /** {@code status} with exactly {@code body}: a success without a sid, say, to see what the client makes of it. */
    public static Fault answer(int status, String body) {
        return new Fault(Kind.ANSWER, status, Optional.empty(), Optional.empty(), Optional.of(Checks.notNull(body, "body")));
    }

    /** A request that never gets an answer, and creates no message. */
    public static Fault noAnswer() {
        return new Fault(Kind.NO_ANSWER, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A message Twilio creates (and will report on) whose answer is lost on the way back. */
    public static Fault acceptedButAnswerLost() {
        return new Fault(Kind.ANSWER_LOST, 0, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
