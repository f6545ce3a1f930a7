package io.crowdengage.testkit.store;

import io.crowdengage.store.InMemoryRuntimeStateStore;
import io.crowdengage.store.RuntimeStateStore;

class InMemoryRuntimeStateStoreCompatibilityTest extends RuntimeStateStoreCompatibilityKit {
    @Override
    protected RuntimeStateStore createStore() {
        return InMemoryRuntimeStateStore.create();
    }
}
