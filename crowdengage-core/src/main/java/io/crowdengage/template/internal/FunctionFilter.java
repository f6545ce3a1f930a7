package io.crowdengage.template.internal;

import io.crowdengage.engine.Reason;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.template.TemplateFunctionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * Lets Liqp call a registered {@link TemplateFunction} as a filter: the piped value is the first
 * argument. Stateless; everything about the render comes from the {@link RenderState}.
 */
final class FunctionFilter extends Filter {
    private final TemplateFunction function;
    private final boolean lenient;
    // Read once, as validation read them at registration: a function's declaration does not change.
    private final int arity;
    private final boolean mayDoIo;
    private final int maxLength;

    /**
     * @param lenient the variant for conditions: a missing argument makes the call nil (false) instead
     *                of failing the render, because conditions are evaluated before it is known which
     *                branch is taken
     */
    FunctionFilter(TemplateFunction function, boolean lenient) {
        super(lenient ? Translator.LENIENT_PREFIX + function.name() : function.name());
        this.function = function;
        this.lenient = lenient;
        this.arity = function.arity();
        this.mayDoIo = function.mayDoIo();
        this.maxLength = function.returns().maxLength();
    }

    @Override
    public Object apply(Object value, TemplateContext templateContext, Object... params) {
        RenderState state = RenderState.of(templateContext);
        List<Object> arguments = new ArrayList<>(arity);
        if (arity > 0) {
            arguments.add(value);
            Collections.addAll(arguments, params);
        }
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            if (argument == null || (argument instanceof CharSequence text && text.toString().isBlank())) {
                if (lenient) {
                    return null;
                }
                throw state.fail(Reason.MISSING_VARIABLE, "'" + function.name() + "' was given no value for argument " + (i + 1)
                        + ", so the message would be incomplete");
            }
            if (argument instanceof VenueDateTime dateTime) {
                arguments.set(i, dateTime.value());
            }
        }
        List<Object> frozen = Collections.unmodifiableList(arguments);
        Object result;
        try {
            result = state.context.preview() && mayDoIo
                    ? function.previewValue(frozen) : function.call(state.context, frozen);
        } catch (RenderState.StopRender stop) {
            throw stop;
        } catch (TemplateFunctionException e) {
            // The function said why it has no value; that decides whether the send waits or is skipped.
            Reason reason = e.reason() == TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT
                    ? Reason.FUNCTION_NO_VALUE : Reason.FUNCTION_UNAVAILABLE;
            throw state.fail(reason, "'" + function.name() + "': " + e.getMessage());
        } catch (Exception e) {
            throw state.fail(Reason.TEMPLATE_ERROR, "'" + function.name() + "' failed: " + e.getMessage());
        }
        if (result == null) {
            throw state.fail(Reason.TEMPLATE_ERROR, "'" + function.name() + "' returned no value");
        }
        if (result instanceof CharSequence text && text.length() > maxLength) {
            throw state.fail(Reason.TEMPLATE_ERROR, "'" + function.name() + "' returned " + text.length()
                    + " characters, more than the " + maxLength + " it declares");
        }
        return result;
    }
}
