package io.crowdengage.engine;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.sms.PhoneNumber;

/** Read access to the consent ledger, as the engine needs it. */
@FunctionalInterface
public interface ConsentView {
    /** The history of {@code phone}; empty if nothing was recorded. */
    ConsentHistory history(PhoneNumber phone);
}
