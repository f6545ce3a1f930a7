package io.crowdengage.engine;

import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;

/**
 * What "nothing twice" is counted on: a step, a performance and a number. However many bookings
 * or customers share a number, a step's message goes to it once per performance.
 *
 * @param step          the step's stable id
 * @param performanceId the performance
 * @param to            the number
 */
public record SendKey(StepId step, String performanceId, PhoneNumber to) {
    public SendKey {
        Checks.notNull(step, "step");
        Checks.notBlank(performanceId, "performanceId");
        Checks.notNull(to, "to");
    }

    /** A stable text form for logs and provider references, with the number masked. */
    @Override
    public String toString() {
        return step + "/" + performanceId + "/" + to.masked();
    }
}
