/**
 * Scenario files for the simulator: {@link io.crowdengage.simulation.ScenarioReader} reads and
 * checks one (every problem named by its field path), {@link io.crowdengage.simulation.ScenarioWorld}
 * turns it into the settings, flows and in-memory fakes the runtime is given, and
 * {@link io.crowdengage.simulation.ScheduledChange}s are what happens while virtual time passes.
 * The format is documented in {@code docs/scenario-format.md}.
 */
package io.crowdengage.simulation;
