/**
 * Store SPIs the runtime writes through: the send ledger (claims and outcomes) and its in-memory
 * default. The consent ledger's SPI is {@link io.crowdengage.consent.ConsentLedger}.
 */
package io.crowdengage.store;
