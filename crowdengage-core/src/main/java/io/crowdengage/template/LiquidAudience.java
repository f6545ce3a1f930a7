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
 * the template rules: missing, blank, zero and empty are false. A condition that reads a value
 * the customer does not have (an attribute they lack, say) leaves them out, whatever the comparison:
 * {@code customer.attributes.Visits < 5} does not hold for a customer with no Visits attribute, and
 * neither does {@code customer.attributes.Language != "cy"}. Leaving someone out is the safe side.
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
            if (runtime.readsMissingVariable(compiled, subject)) {
                return false;
            }
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
