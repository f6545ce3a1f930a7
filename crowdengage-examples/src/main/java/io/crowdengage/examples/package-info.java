/** Runnable examples of embedding crowdengage. Compiled and tested, never published as API. */
package io.crowdengage.examples;
