package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.Flow;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
/**
 * Faults around the dispatcher, from outside: Errors from providers and listeners, a provider that
 * never answers, clocks that step back, receipts that overtake answers, listeners that call back
 * into the runtime. Found by a review that tried to break the concurrent runtime; each failed before
 * its fix.
 */
@DisplayName("The dispatcher under faults")
class DispatcherFaultsTest extends WaveFixture {
    final List<DecisionEvent> events = Collections.synchronizedList(new ArrayList<>());

    CrowdEngage.Builder builder(SmsProvider through) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(through)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent).sendLedger(sends)
                .clock(clock).listener(events::add);
    }

    /** Whether {@code future} returns within the time; one that fails throws, as its get() does. */
    static boolean returnsWithin(Future<?> future, int seconds) throws InterruptedException, ExecutionException {
        try {
            future.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Whether {@code future} ends within the time, returning or failing. */
    static boolean endsWithin(Future<?> future, int seconds) throws InterruptedException {
        try {
            return returnsWithin(future, seconds);
        } catch (ExecutionException e) {
            return true;
        }
    }

    static void sleep(long ms) {
        try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    /** F1: a STOP from B waits for a provider call to A, because a STOP from A holds the global inbound lock. */
    @Test
    @DisplayName("an inbound text from one number does not wait for a provider call to another")
    void stopFromOneNumberWaitsForProviderCallToAnother() throws Exception {
        book(1);
        PhoneNumber a = numbers.get(0);
        CountDownLatch atProvider = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CrowdEngage runtime = builder(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms m) {
                if (m.to().equals(a) && m.body().contains("review")) {
                    atProvider.countDown();
                    try { release.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                }
                return super.send(m);
            }
        }).throttle(Throttle.none()).build();
        CompletableFuture<TickReport> wave = CompletableFuture.supplyAsync(runtime::tick);
        assertThat(atProvider.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopA = CompletableFuture.runAsync(() ->
                runtime.onInboundSms(new InboundSms(a, VENUE_NUMBER.e164(), "STOP", clock.instant())));
        sleep(300); // stopA is now waiting for A's number lock (allowed: one call to the same number)
        long t0 = System.nanoTime();
        CompletableFuture<Void> stopB = CompletableFuture.runAsync(() ->
                runtime.onInboundSms(new InboundSms(OUTSIDER, VENUE_NUMBER.e164(), "STOP", clock.instant())));
        boolean bReturned = returnsWithin(stopB, 3);
        release.countDown();
        wave.get(20, TimeUnit.SECONDS);
        stopA.get(20, TimeUnit.SECONDS);
        stopB.get(20, TimeUnit.SECONDS);
        assertThat(bReturned).as("a STOP from another number must not wait for a provider call to A").isTrue();
    }

    /** F2: an Error from a fast (in-memory) provider, run inline on the dispatcher thread, kills the pump. */
    @Test
    @DisplayName("an Error thrown by a fast provider does not stop the dispatcher: the tick returns")
    void errorFromFastProviderHangsTheTick() throws Exception {
        book(20);
        AtomicInteger calls = new AtomicInteger();
        CrowdEngage runtime = builder(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms m) {
                if (calls.incrementAndGet() == 6) {
                    throw new StackOverflowError("simulated");
                }
                return super.send(m);
            }
        }).throttle(Throttle.none()).build();
        CompletableFuture<TickReport> wave = CompletableFuture.supplyAsync(runtime::tick);
        boolean finished = endsWithin(wave, 10);
        assertThat(finished).as("tick returns after a provider Error").isTrue();
    }

    /** F2b: a listener that throws an Error (e.g. an AssertionError in a test listener) does the same. */
    @Test
    @DisplayName("an Error thrown by the listener does not stop the dispatcher: the tick returns")
    void errorFromListenerHangsTheTick() throws Exception {
        book(20);
        AtomicInteger seen = new AtomicInteger();
        CrowdEngage runtime = builder(provider).throttle(Throttle.none()).build();
        // replace listener: build a second runtime with a throwing listener
        CrowdEngage throwing = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent)
                .sendLedger(InMemorySendLedger.create()).clock(clock).throttle(Throttle.none())
                .listener(e -> { if (seen.incrementAndGet() == 6) throw new AssertionError("listener assertion"); })
                .build();
        CompletableFuture<TickReport> wave = CompletableFuture.supplyAsync(throwing::tick);
        boolean finished = endsWithin(wave, 10);
        assertThat(finished).isTrue();
    }

    /** F3: an Error from a slow provider (on a worker): record stays CLAIMED, no decision, delivery report parked forever. */
    @Test
    @DisplayName("an Error from the provider after it took the message: UNKNOWN is reported, and a later delivery report settles it")
    void errorOnWorkerLeavesClaimAndSwallowsReport() throws Exception {
        book(4);
        PhoneNumber victim = numbers.get(2);
        CrowdEngage runtime = builder(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms m) {
                sleep(5);
                SendResult r = super.send(m);
                if (m.to().equals(victim)) {
                    throw new NoClassDefFoundError("simulated: after the provider took it");
                }
                return r;
            }
        }).throttle(Throttle.none()).build();
        TickReport report = runtime.tick();
        SendRecord record = sends.find(new SendKey(REVIEW.id(), "P1", victim)).orElseThrow();
        long decisionsForVictim = events.stream().filter(e -> e.to().map(victim::equals).orElse(false)).count();
        SentSms sent = provider.sentTo(victim).get(0);
        runtime.onDeliveryReport(provider.deliveryReport(sent, DeliveryStatus.DELIVERED));
        runtime.close();
        SendRecord after = sends.find(new SendKey(REVIEW.id(), "P1", victim)).orElseThrow();
        assertThat(decisionsForVictim).as("a decision for the victim").isPositive();
        assertThat(after.status()).as("the delivery report is applied").isEqualTo(SendStatus.DELIVERED);
    }

    /** F4: a clock that steps back (NTP) after a STOP: the next tick sends to the opted-out number. */
    @Test
    @DisplayName("a clock stepped back after a STOP does not let the next tick send to the number")
    void clockStepBackAfterStop() {
        book(1);
        PhoneNumber a = numbers.get(0);
        CrowdEngage runtime = builder(provider).throttle(Throttle.none()).maxInFlight(1).build();
        Instant t = clock.instant();
        clock.set(t.plusSeconds(2));
        runtime.onInboundSms(new InboundSms(a, VENUE_NUMBER.e164(), "STOP", clock.instant()));
        clock.set(t); // system clock corrected back by 2 s
        runtime.tick();
        List<SentSms> toA = provider.sentTo(a);
        assertThat(toA).allSatisfy(s -> assertThat(s.body()).isEqualTo(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION));
    }

    /** F6: one provider call that never returns: later ticks, other numbers' STOPs. */
    @Test
    @DisplayName("a provider call that never returns holds up neither the rest of the wave nor other numbers' texts")
    void providerBlocksForeverOnOneNumber() throws Exception {
        book(5);
        PhoneNumber a = numbers.get(0);
        CountDownLatch never = new CountDownLatch(1);
        CrowdEngage runtime = builder(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms m) {
                if (m.to().equals(a) && m.body().contains("review")) {
                    try { never.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                }
                return super.send(m);
            }
        }).throttle(Throttle.none()).build();
        try {
            CompletableFuture<TickReport> first = CompletableFuture.supplyAsync(runtime::tick);
            sleep(1000);
            CompletableFuture<TickReport> later = CompletableFuture.supplyAsync(runtime::tick);
            CompletableFuture<Void> stopA = CompletableFuture.runAsync(() ->
                    runtime.onInboundSms(new InboundSms(a, VENUE_NUMBER.e164(), "STOP", clock.instant())));
            sleep(200);
            CompletableFuture<Void> stopB = CompletableFuture.runAsync(() ->
                    runtime.onInboundSms(new InboundSms(OUTSIDER, VENUE_NUMBER.e164(), "hello", clock.instant())));
            sleep(3000);
            assertThat(stopB.isDone()).as("an unrelated inbound text is not blocked by a hung call to A").isTrue();
            assertThat(provider.count()).as("the other four reviews went").isGreaterThanOrEqualTo(4);
        } finally {
            never.countDown();
        }
    }

    /** F8: an early delivery report plus a failed outcome write: no decision, report lost. */
    @Test
    @DisplayName("a receipt that overtook the answer is still applied when recording the answer failed")
    void earlyReportAndFailedOutcomeWrite() {
        book(3);
        PhoneNumber victim = numbers.get(1);
        AtomicBoolean down = new AtomicBoolean(false);
        CrowdEngage[] rt = new CrowdEngage[1];
        rt[0] = CrowdEngage.builder().ticketingSystem(boxOffice)
                .smsProvider(new CrowdEngageTest.DelegatingProvider(provider) {
                    @Override
                    public SendResult send(OutboundSms m) {
                        SendResult r = super.send(m);
                        if (m.to().equals(victim)) {
                            rt[0].onDeliveryReport(new DeliveryReport(((SendResult.Accepted) r).providerMessageId(),
                                    Optional.of(m.reference()), DeliveryStatus.DELIVERED, clock.instant(), Optional.empty()));
                            down.set(true);
                        }
                        return r;
                    }
                })
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent)
                .sendLedger(new ForwardingSendLedger(sends) {
                    @Override
                    public void update(SendRecord r) {
                        if (down.getAndSet(false)) {
                            throw new RuntimeException("ledger blip");
                        }
                        super.update(r);
                    }
                    @Override
                    public Optional<SendRecord> findByReference(String ref) {
                        return super.findByReference(ref);
                    }
                })
                .clock(clock).listener(events::add).throttle(Throttle.none()).build();
        TickReport r = rt[0].tick();
        long forVictim = events.stream().filter(e -> e.to().map(victim::equals).orElse(false)).count();
        SendRecord rec = sends.find(new SendKey(REVIEW.id(), "P1", victim)).orElseThrow();
        assertThat(forVictim).isPositive();
        assertThat(rec.status()).as("the receipt that came first is applied").isEqualTo(SendStatus.DELIVERED);
    }

    /** F9: a listener that calls explain() (support tooling) deadlocks a tick against a confirmation's event. */
    @Test
    @DisplayName("a listener may call explain() from any decision without deadlocking a tick")
    void listenerCallingExplainDeadlocks() throws Exception {
        book(3);
        PhoneNumber y = numbers.get(0);
        CountDownLatch inSync = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean block = new AtomicBoolean(false);
        CrowdEngage[] rt = new CrowdEngage[1];
        SendKey someKey = new SendKey(REVIEW.id(), "P1", numbers.get(1));
        rt[0] = CrowdEngage.builder().ticketingSystem(new ForwardingTicketingSystem(boxOffice) {
                    @Override
                    public List<Performance> performancesStartingBetween(Instant from, Instant to) {
                        if (block.getAndSet(false)) {
                            inSync.countDown();
                            try { release.await(); } catch (InterruptedException e) { }
                        }
                        return super.performancesStartingBetween(from, to);
                    }
                }).smsProvider(provider)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent).sendLedger(sends)
                .clock(clock).throttle(Throttle.none())
                .listener(e -> { if (e.purpose() == MessagePurpose.OPT_OUT_CONFIRMATION) rt[0].explain(someKey); })
                .build();
        rt[0].onInboundSms(new InboundSms(y, VENUE_NUMBER.e164(), "STOP", clock.instant()));
        rt[0].awaitDispatched(Duration.ofSeconds(5));
        block.set(true);
        CompletableFuture<TickReport> tick = CompletableFuture.supplyAsync(rt[0]::tick);
        assertThat(inSync.await(10, TimeUnit.SECONDS)).isTrue();
        rt[0].onInboundSms(new InboundSms(OUTSIDER, VENUE_NUMBER.e164(), "STOP", clock.instant()));
        sleep(500); // the confirmation's event is in the listener, waiting in explain() for the tick's season lock
        release.countDown();
        boolean finished = returnsWithin(tick, 10);
        assertThat(finished).as("the tick finished").isTrue();
    }

    @Test
    @DisplayName("two runtimes on one ledger retrying the same records: each retry goes once (the attempt is a compare-and-set)")
    void twoRuntimesRetryOnce() throws Exception {
        book(30);
        numbers.forEach(n -> provider.failNext(n, 1, InMemorySmsProvider.FailureKind.TRANSIENT,
                FailureReason.RATE_LIMITED));
        CrowdEngage first = builder(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public double throughputPerSecond() {
                return 20;
            }

            @Override
            public SendResult send(OutboundSms m) {
                sleep(20);
                return super.send(m);
            }
        }).random(new Random(3)).build();
        first.tick();
        assertThat(sends.unsettled()).as("every review waits for its retry").hasSize(30);
        clock.advance(Duration.ofMinutes(2));
        CompletableFuture<TickReport> wave = CompletableFuture.supplyAsync(first::tick);
        sleep(300); // the first runtime's retries are queued behind its 20/s throttle
        CrowdEngage second = builder(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms m) {
                sleep(20);
                return super.send(m);
            }
        }).throttle(Throttle.none()).build();
        second.tick();
        wave.get(60, TimeUnit.SECONDS);
        first.close();
        second.close();

        assertThat(provider.duplicates()).isEmpty();
        assertThat(provider.count()).isEqualTo(30);
        for (PhoneNumber number : numbers) {
            assertThat(sends.find(new SendKey(REVIEW.id(), "P1", number)).orElseThrow().status())
                    .as("%s, accepted once, is not recorded FAILED", number.masked()).isNotEqualTo(SendStatus.FAILED);
        }
    }
}
