/**
 * Test support: {@link io.crowdengage.spektrix.testing.FakeSpektrixServer}, a loopback Spektrix API
 * v3 that serves real payload shapes, checks signatures and injects faults. It depends on nothing
 * but the JDK and Jackson, so it works under any test framework.
 */
package io.crowdengage.spektrix.testing;
