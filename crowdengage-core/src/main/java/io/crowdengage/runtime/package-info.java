/**
 * The embedding runtime: {@link io.crowdengage.runtime.CrowdEngage}, the imperative shell that reads
 * the ticketing system, asks the pure engine what is due, renders, checks consent, claims, sends and
 * records; with inbound STOP/START handling, soft opt-in notices, replies and delivery reports.
 */
package io.crowdengage.runtime;
