/**
 * Consent: the append-only per-number ledger (opt-outs, opt-ins, express consent with evidence,
 * soft opt-in notices, conversations), the state derived from it, and the lawful bases.
 */
package io.crowdengage.consent;
