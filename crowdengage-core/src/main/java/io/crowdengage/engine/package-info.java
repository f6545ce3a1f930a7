/**
 * The pure scheduling and eligibility engine. From a {@link io.crowdengage.engine.Snapshot} and an
 * instant, {@link io.crowdengage.engine.SchedulingEngine} says what is due and why anything else is
 * not, in the stable {@link io.crowdengage.engine.Reason} vocabulary. No I/O, no clock.
 */
package io.crowdengage.engine;
