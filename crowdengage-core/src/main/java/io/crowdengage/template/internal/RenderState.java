package io.crowdengage.template.internal;

import io.crowdengage.engine.Reason;
import io.crowdengage.template.FunctionContext;
import liqp.TemplateContext;

/**
 * Per-render state the filters need: whom the render is for, and why it failed if a filter made it
 * fail. It travels in the render's variables under a name templates cannot use (names starting with
 * {@code __ce} are refused at validation), so shared filter instances stay stateless.
 */
final class RenderState {
    static final String KEY = "__ce_state";

    final FunctionContext context;
    private Reason failure;
    private String explanation;

    RenderState(FunctionContext context) {
        this.context = context;
    }

    static RenderState of(TemplateContext context) {
        Object state = context.get(KEY);
        if (state instanceof RenderState renderState) {
            return renderState;
        }
        throw new IllegalStateException("template rendered without crowdengage render state");
    }

    /** Records the first failure and returns the exception that stops the render. */
    RuntimeException fail(Reason reason, String why) {
        if (failure == null) {
            failure = reason;
            explanation = why;
        }
        return new StopRender(why);
    }

    boolean failed() {
        return failure != null;
    }

    Reason failure() {
        return failure;
    }

    String explanation() {
        return explanation;
    }

    /** Thrown through Liqp to stop a render whose reason is already recorded. */
    static final class StopRender extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopRender(String message) {
            super(message, null, false, false);
        }
    }
}
