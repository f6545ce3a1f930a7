package io.crowdengage.template.internal;

import io.crowdengage.engine.Reason;
import io.crowdengage.template.TemplateFunction;
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

    FunctionFilter(TemplateFunction function) {
        super(function.name());
        this.function = function;
    }

    @Override
    public Object apply(Object value, TemplateContext templateContext, Object... params) {
        RenderState state = RenderState.of(templateContext);
        int arity = function.arity();
        List<Object> arguments = new ArrayList<>(arity);
        if (arity > 0) {
            arguments.add(value);
            Collections.addAll(arguments, params);
        }
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            if (argument == null || (argument instanceof CharSequence text && text.toString().isBlank())) {
                throw state.fail(Reason.MISSING_VARIABLE, "'" + name + "' was given no value for argument " + (i + 1)
                        + ", so the message would be incomplete");
            }
            if (argument instanceof VenueDateTime dateTime) {
                arguments.set(i, dateTime.value());
            }
        }
        List<Object> frozen = Collections.unmodifiableList(arguments);
        Object result;
        try {
            result = state.context.preview() && function.mayDoIo()
                    ? function.previewValue(frozen) : function.call(state.context, frozen);
        } catch (RenderState.StopRender stop) {
            throw stop;
        } catch (Exception e) {
            throw state.fail(Reason.TEMPLATE_ERROR, "'" + name + "' failed: " + e.getMessage());
        }
        if (result == null) {
            throw state.fail(Reason.TEMPLATE_ERROR, "'" + name + "' returned no value");
        }
        if (result instanceof CharSequence text && text.length() > function.returns().maxLength()) {
            throw state.fail(Reason.TEMPLATE_ERROR, "'" + name + "' returned " + text.length()
                    + " characters, more than the " + function.returns().maxLength() + " it declares");
        }
        return result;
    }
}
