package io.crowdengage.testkit.store;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.InMemoryConsentLedger;

class InMemoryConsentLedgerCompatibilityTest extends ConsentLedgerCompatibilityKit {
    @Override
    protected ConsentLedger createLedger() {
        return InMemoryConsentLedger.create();
    }
}
