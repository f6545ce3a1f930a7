/** Implementation details shared by the Twilio adapter, its webhook handler and its fake server. Not API. */
package io.crowdengage.twilio.internal;
