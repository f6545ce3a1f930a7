package io.crowdengage.template;

import io.crowdengage.engine.Reason;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.SmsEncoding.MessageLength;

/**
 * What rendering a template for one recipient gave: a message to send, or a reasoned "do not
 * send". Rendering never throws for a "no"; a broken template is a {@link Skip} too.
 */
public sealed interface RenderResult permits RenderResult.Message, RenderResult.Skip {

    /**
     * A message ready to send: tidied, footer included, within the step's segment budget.
     *
     * @param body   the exact text to send
     * @param length its encoding, length and segment count
     */
    record Message(String body, MessageLength length) implements RenderResult {
        public Message {
            Checks.notBlank(body, "message.body");
            Checks.notNull(length, "message.length");
        }
    }

    /**
     * Nothing is sent to this recipient.
     *
     * @param reason      the engine's reason: {@code BLANK_MESSAGE}, {@code TOO_LONG}, {@code MISSING_VARIABLE},
     *                    {@code TEMPLATE_ERROR}, or, when a function threw a {@link TemplateFunctionException},
     *                    {@code FUNCTION_UNAVAILABLE} (try again later) or {@code FUNCTION_NO_VALUE}
     * @param explanation a plain sentence saying what happened, for logs and previews
     */
    record Skip(Reason reason, String explanation) implements RenderResult {
        public Skip {
            Checks.notNull(reason, "skip.reason");
            Checks.notBlank(explanation, "skip.explanation");
        }
    }

    /** Whether this is a message to send. */
    default boolean isMessage() {
        return this instanceof Message;
    }
}
