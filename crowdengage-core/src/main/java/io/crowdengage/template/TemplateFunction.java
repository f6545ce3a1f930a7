package io.crowdengage.template;

import java.util.List;

/**
 * A function a template can call, Jinja style {@code {{ show_score_url(event.raw.attribute_ShowScoreID) }}}
 * or Liquid style {@code {{ event.raw.attribute_ShowScoreID | show_score_url }}}. Register it in
 * {@link TemplateFunctions}; a template calling a name that is not registered is refused when saved.
 *
 * <p>Implementations are shared by every render on every thread, so they must be thread-safe and
 * keep no per-render state; what a render is about arrives in the {@link FunctionContext}.
 *
 * <p>Arguments are never null and never blank text: when a variable passed to a function is
 * missing or blank, the function is not called and the recipient is skipped with
 * {@code MISSING_VARIABLE}, because a message with a hole where a link should be is worse than no
 * message. A function that throws, or returns null, makes the render a {@code TEMPLATE_ERROR} skip,
 * unless it throws a {@link TemplateFunctionException} saying why it has no value: then the send waits
 * for a later tick ({@code FUNCTION_UNAVAILABLE}) or the recipient is skipped ({@code FUNCTION_NO_VALUE}).
 */
public interface TemplateFunction {

    /** The name templates call it by: lower case letters, digits and underscores, starting with a letter. */
    String name();

    /** How many arguments it takes; in the Liquid form the value before the {@code |} is the first. */
    int arity();

    /** What it returns and how long the result is, for length estimates. */
    Returns returns();

    /**
     * Whether it may do I/O (call a partner's server). Such functions are not called for previews
     * (their {@link #previewValue(List)} is used instead) and are refused in audience conditions,
     * which are evaluated often and must be cheap and pure.
     */
    boolean mayDoIo();

    /**
     * Computes the value for one render.
     *
     * @param context   whom the message is for (customer, booking, performance, venue, step)
     * @param arguments exactly {@link #arity()} values: text, numbers, booleans, lists, maps or a
     *                  {@link java.time.ZonedDateTime}; never null or blank text
     * @return the value to insert; printed as text. Must not be null
     * @throws TemplateFunctionException when the value cannot be produced now, or not for these arguments,
     *                                    or not with this configuration; see its reasons
     * @throws Exception when the value cannot be produced for another reason; the recipient is then skipped
     *                   ({@code TEMPLATE_ERROR}), never sent a broken text
     */
    Object call(FunctionContext context, List<Object> arguments) throws Exception;

    /**
     * A stand-in for previews, used instead of {@link #call} when {@link #mayDoIo()} is true. The
     * default is {@code x} repeated to the typical length, which keeps length estimates honest.
     */
    default Object previewValue(List<Object> arguments) {
        return "x".repeat(returns().typicalLength());
    }
}
