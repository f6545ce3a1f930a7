/**
 * Flows and their steps: what is sent, to whom, for which performances and when.
 */
package io.crowdengage.flow;
