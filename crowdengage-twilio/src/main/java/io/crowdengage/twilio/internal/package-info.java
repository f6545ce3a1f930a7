/** Implementation details shared by the Twilio adapter, its webhook handler and its fake server (keyword reading). Not API. */
package io.crowdengage.twilio.internal;
