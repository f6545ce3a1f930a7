/**
 * The scaffolding of the adapters' loopback fake servers, written once: {@link
 * io.crowdengage.adapter.fake.LoopbackServer} (a JDK HTTP server that listens on loopback only, with
 * {@code TCP_NODELAY}), {@link io.crowdengage.adapter.fake.FaultScript} (scripted faults, taken in the
 * order they were scripted), {@link io.crowdengage.adapter.fake.HttpFault} (an HTTP answer instead of the
 * usual one), {@link io.crowdengage.adapter.fake.RequestLog} (what a fake received) and {@link
 * io.crowdengage.adapter.fake.Exchanges} (reading a request, writing an answer, recording headers without
 * credentials).
 *
 * <p>For the authors of fakes such as {@code FakeSpektrixServer}, {@code FakeShowScoreServer} and {@code
 * FakeTwilioServer}; tests use those fakes, not this package. May change between minor versions.
 */
package io.crowdengage.adapter.fake;
