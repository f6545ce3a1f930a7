/**
 * Store SPIs the runtime writes through, each with its in-memory default: the send ledger (claims
 * and outcomes), the runtime's own state (change cursor, last tick, reference numbers) and the
 * ticker lease that lets one of several instances tick while the others stand by. The consent
 * ledger's SPI is {@link io.crowdengage.consent.ConsentLedger}. Durable implementations live in
 * {@code crowdengage-postgres}; the testkit has a compatibility kit for each SPI.
 */
package io.crowdengage.store;
