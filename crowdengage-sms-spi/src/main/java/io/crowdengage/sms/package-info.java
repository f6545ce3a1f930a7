/**
 * The SMS provider SPI: phone numbers, message encoding and segments, inbound keywords, and the
 * interface every SMS provider adapter implements. This module depends on nothing else of
 * crowdengage.
 */
package io.crowdengage.sms;
