/**
 * Test support: {@link io.crowdengage.twilio.testing.FakeTwilioServer}, Twilio's Messages API and its
 * webhooks on loopback. It refuses what Twilio refuses, records every request, injects scripted
 * {@link io.crowdengage.twilio.testing.Fault}s, and posts signed status callbacks and inbound messages
 * to your webhook handler. It depends on nothing but the JDK, Jackson and this module, so it works
 * under any test framework.
 */
package io.crowdengage.twilio.testing;
