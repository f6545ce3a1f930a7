package io.crowdengage.template;

import io.crowdengage.flow.Audience;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.template.internal.CompiledTemplate;
import io.crowdengage.template.internal.LiquidRuntime;
import java.util.Optional;

/**
 * An {@link Audience} written as a Liquid condition, the way box-office staff write the condition
 * of an {@code {% if %}}: {@code customer.tags contains "Member"},
 * {@code customer.attributes.FirstVisit == "true" and customer.first_name}. Bare values follow
 * the template rules: missing, blank, zero and empty are false.
 *
 * <p>Create one with {@link TemplateEngine#audience(String)}, which refuses a condition with
 * problems. Evaluating never throws: a condition that cannot be evaluated for a customer leaves
 * the customer out, which is the side on which no message is sent.
 */
public final class LiquidAudience implements Audience {
    private final String condition;
    private final LiquidRuntime runtime;
    private final CompiledTemplate compiled;

    LiquidAudience(String condition, LiquidRuntime runtime, CompiledTemplate compiled) {
        this.condition = condition;
        this.runtime = runtime;
        this.compiled = compiled;
    }

    /** The condition as written. */
    public String condition() {
        return condition;
    }

    /** Whether the condition holds for the subject; false when it cannot be evaluated. */
    @Override
    public boolean includes(AudienceSubject subject) {
        try {
            LiquidRuntime.RawRender result = runtime.render(compiled, subject,
                    new FunctionContext(Optional.empty(), subject, false), false);
            return result.succeeded() && result.text().equals("Y");
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "customers for whom " + condition.strip() + " holds";
    }

    @Override
    public String toString() {
        return describe();
    }
}
