/**
 * Test support for code that embeds crowdengage and for adapters that plug into it: a
 * {@link io.crowdengage.testkit.MutableClock} that tests move by hand, and compatibility kits
 * (abstract JUnit 5 classes) that every implementation of an SPI extends.
 */
package io.crowdengage.testkit;
