/**
 * The exception root shared by every crowdengage module. It lives in the lowest module so that
 * the SMS SPI, core and every adapter throw from one hierarchy.
 */
package io.crowdengage.error;
