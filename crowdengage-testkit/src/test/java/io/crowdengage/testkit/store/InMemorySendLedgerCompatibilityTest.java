package io.crowdengage.testkit.store;

import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendLedger;

class InMemorySendLedgerCompatibilityTest extends SendLedgerCompatibilityKit {
    @Override
    protected SendLedger createLedger() {
        return InMemorySendLedger.create();
    }
}
