/**
 * The compatibility kit every {@link io.crowdengage.sms.SmsProvider} adapter passes: extend
 * {@link io.crowdengage.testkit.sms.SmsProviderCompatibilityKit} in the adapter's tests.
 */
package io.crowdengage.testkit.sms;
