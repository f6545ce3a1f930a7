/**
 * The Spektrix API v3 adapter: {@link io.crowdengage.spektrix.SpektrixTicketingSystem}, configured
 * by {@link io.crowdengage.spektrix.SpektrixConfig}. A loopback fake Spektrix server for tests is
 * in {@link io.crowdengage.spektrix.testing}.
 */
package io.crowdengage.spektrix;
