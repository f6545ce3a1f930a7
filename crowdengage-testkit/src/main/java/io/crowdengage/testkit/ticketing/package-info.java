/**
 * The ticketing compatibility kit: {@link io.crowdengage.testkit.ticketing.TicketingSystemCompatibilityKit},
 * the {@link io.crowdengage.testkit.ticketing.TicketingFixture} an adapter supplies to seed it, and
 * {@link io.crowdengage.testkit.ticketing.InMemoryTicketingFixture} for the in-memory system.
 */
package io.crowdengage.testkit.ticketing;
