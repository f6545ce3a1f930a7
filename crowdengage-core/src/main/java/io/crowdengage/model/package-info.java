/**
 * The domain model: venues, events, performances, customers and bookings, as immutable values.
 * Every record keeps what the ticketing system returned verbatim in {@code raw}.
 */
package io.crowdengage.model;
