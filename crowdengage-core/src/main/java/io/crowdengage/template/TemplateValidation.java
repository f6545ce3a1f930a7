package io.crowdengage.template;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.SmsEncoding.MessageLength;
import java.util.List;
import java.util.Optional;

/**
 * What a box-office user sees when saving a template: every error with its line and column,
 * warnings, a preview against sample data, and how long the message typically is and can be.
 *
 * @param errors    problems that stop the template from being saved; empty when it is valid
 * @param warnings  things worth knowing (UCS-2 characters, a worst case over the segment budget...)
 * @param preview   the message the sample recipient would get, footer included; empty when the template
 *                  has errors or renders nothing for the sample
 * @param typical   the preview's length; empty without a preview
 * @param worstCase the longest message the template can produce, assuming every value at its longest
 *                  (and a loop body once), footer included; empty when the template has errors
 */
public record TemplateValidation(List<TemplateProblem> errors, List<TemplateProblem> warnings,
                                 Optional<String> preview, Optional<MessageLength> typical,
                                 Optional<MessageLength> worstCase) {
    public TemplateValidation {
        errors = List.copyOf(Checks.noNullElements(errors, "errors"));
        warnings = List.copyOf(Checks.noNullElements(warnings, "warnings"));
        Checks.notNull(preview, "preview");
        Checks.notNull(typical, "typical");
        Checks.notNull(worstCase, "worstCase");
    }

    /** Whether the template may be saved. */
    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * This validation when valid.
     *
     * @throws TemplateException listing every error, when there are any
     */
    public TemplateValidation orThrow() {
        if (!valid()) {
            throw new TemplateException(TemplateException.Reason.INVALID_TEMPLATE, errors);
        }
        return this;
    }
}
