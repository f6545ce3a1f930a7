/**
 * The compatibility kits every store passes: extend
 * {@link io.crowdengage.testkit.store.SendLedgerCompatibilityKit},
 * {@link io.crowdengage.testkit.store.ConsentLedgerCompatibilityKit},
 * {@link io.crowdengage.testkit.store.RuntimeStateStoreCompatibilityKit} and
 * {@link io.crowdengage.testkit.store.TickerLeaseCompatibilityKit} in the store's tests, saying how to
 * make an empty store (and, for a store shared between instances, a second handle on it).
 */
package io.crowdengage.testkit.store;
