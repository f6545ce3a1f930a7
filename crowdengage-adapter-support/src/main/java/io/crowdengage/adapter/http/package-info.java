/**
 * What the HTTP adapters' own code shares: {@link io.crowdengage.adapter.http.Sleeper} (waiting between
 * tries, replaced by tests), {@link io.crowdengage.adapter.http.Backoff} (doubling waits with a cap),
 * {@link io.crowdengage.adapter.http.RetryAfter} (the header as seconds or an HTTP date) and
 * {@link io.crowdengage.adapter.http.FormParams} (form bodies and query strings).
 *
 * <p>For adapter authors, not for applications: an application configures an adapter's own retry
 * policy, never these types. They may change between minor versions.
 */
package io.crowdengage.adapter.http;
