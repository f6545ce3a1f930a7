/**
 * Values for live checks of the systems crowdengage reads ({@link io.crowdengage.check.Finding},
 * {@link io.crowdengage.check.CheckReport}): each adapter says what it needs, what it found and
 * what it will do about anything missing, and the command line prints it.
 */
package io.crowdengage.check;
