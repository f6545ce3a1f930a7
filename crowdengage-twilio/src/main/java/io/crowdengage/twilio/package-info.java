/**
 * Twilio Programmable Messaging for crowdengage: {@link io.crowdengage.twilio.TwilioSmsProvider} sends,
 * {@link io.crowdengage.twilio.TwilioWebhookHandler} turns Twilio's signed webhooks into inbound texts and
 * delivery reports for an {@link io.crowdengage.twilio.InboundSink}, and
 * {@link io.crowdengage.twilio.TwilioHttpServerBinding} serves it on the JDK's web server. Configured by one
 * {@link io.crowdengage.twilio.TwilioConfig}. Depends on the SMS SPI, Jackson and SLF4J only; not on
 * Twilio's SDK. See docs/twilio.md.
 */
package io.crowdengage.twilio;
