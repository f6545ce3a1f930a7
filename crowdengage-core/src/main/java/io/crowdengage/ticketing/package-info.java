/**
 * The ticketing SPI (what crowdengage reads from a box office) and {@link
 * io.crowdengage.ticketing.InMemoryTicketingSystem}, a faithful in-memory implementation for
 * tests and demos.
 */
package io.crowdengage.ticketing;
