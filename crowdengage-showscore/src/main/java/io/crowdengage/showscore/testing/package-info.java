/**
 * Test support: {@link io.crowdengage.showscore.testing.FakeShowScoreServer}, a loopback Show-Score
 * partner-token API that answers in the documented shapes, issues unique links, limits requests to
 * 200 a minute, injects faults and records every request. It depends on nothing but the JDK and
 * Jackson, so it works under any test framework.
 */
package io.crowdengage.showscore.testing;
