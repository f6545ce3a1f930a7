package io.crowdengage.template;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.internal.Checks;

/**
 * Thrown by a {@link TemplateFunction} to say why it cannot give a value, so that the recipient is
 * treated accordingly instead of as a broken template. A function that calls a partner (a review
 * link, say) throws it; any other exception from a function is a {@code TEMPLATE_ERROR}.
 *
 * <p>The renderer turns the {@link #reason()} into a {@link RenderResult.Skip} with an engine
 * reason; in every case nothing is sent, and the message never goes out with a hole:
 * <ul>
 *   <li>{@link Reason#RETRY_LATER} and {@link Reason#MISCONFIGURED} become
 *       {@code FUNCTION_UNAVAILABLE}: the runtime reports the send as deferred, leaves it unclaimed and
 *       renders it again on a later tick, until its deadline;</li>
 *   <li>{@link Reason#NO_VALUE_FOR_ARGUMENT} becomes {@code FUNCTION_NO_VALUE}: the runtime reports the
 *       recipient as skipped.</li>
 * </ul>
 *
 * <pre>{@code
 * throw TemplateFunctionException.retryLater("Show-Score is rate limiting us until 22:31:05");
 * }</pre>
 *
 * <p>The message is shown to people (in decision events and logs), so it should say what happened
 * and, for {@link Reason#MISCONFIGURED}, which setting to fix. It must never contain a credential.
 */
public final class TemplateFunctionException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** Why the function has no value. */
    public enum Reason {
        /**
         * Not now: the partner is busy, rate limiting, down or slow. Trying again later may succeed,
         * so the send is deferred to a later tick.
         */
        RETRY_LATER,
        /**
         * Not for this argument: the partner does not know the value given (an unknown show id, say).
         * The recipient is skipped; the same argument will most likely fail again.
         */
        NO_VALUE_FOR_ARGUMENT,
        /**
         * Not until someone fixes the configuration (the partner refused the API key, say). The send
         * is deferred like {@link #RETRY_LATER}, so that it still goes out if the configuration is
         * fixed before its deadline; the message names the setting to fix.
         */
        MISCONFIGURED
    }

    private final Reason reason;

    /**
     * @param reason  why there is no value
     * @param message what happened, for people; no credentials
     * @param cause   the underlying failure, if any (may be null)
     */
    public TemplateFunctionException(Reason reason, String message, Throwable cause) {
        super(Checks.notBlank(message, "message"), cause);
        this.reason = Checks.notNull(reason, "reason");
    }

    /** The partner cannot answer now; the send is tried again on a later tick. */
    public static TemplateFunctionException retryLater(String message) {
        return new TemplateFunctionException(Reason.RETRY_LATER, message, null);
    }

    /** The partner has no value for the argument; the recipient is skipped. */
    public static TemplateFunctionException noValueForArgument(String message) {
        return new TemplateFunctionException(Reason.NO_VALUE_FOR_ARGUMENT, message, null);
    }

    /** The function's configuration is wrong; {@code message} names the setting to fix. */
    public static TemplateFunctionException misconfigured(String message) {
        return new TemplateFunctionException(Reason.MISCONFIGURED, message, null);
    }

    @Override
    public Reason reason() {
        return reason;
    }

    /** True for {@link Reason#RETRY_LATER}: the same call may succeed later without anyone changing anything. */
    @Override
    public boolean retryable() {
        return reason == Reason.RETRY_LATER;
    }

    @Override
    protected String area() {
        return "TEMPLATE_FUNCTION";
    }
}
