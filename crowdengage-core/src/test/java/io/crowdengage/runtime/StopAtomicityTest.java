package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Once {@code onInboundSms(STOP)} has returned, no provider call to that number starts", and a
 * STOP waits for at most the one provider call to that number already under way. Every event
 * (a provider call starting, a STOP returning) takes a number from one global sequence, so the
 * order they happened in can be checked afterwards.
 */
@DisplayName("a STOP and a send to the same number")
class StopAtomicityTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    static final PhoneNumber VENUE_NUMBER = PhoneNumber.parse("07400 999999", "GB");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review")
            .template("{{ customer.first_name }}, please review {{ event.name }}.")
            .timing(Timing.afterStart(0, 3, 0)).build();

    final AtomicLong sequence = new AtomicLong();
    /** Provider calls: the number and the sequence value when the call started. */
    final Queue calls = new Queue();
    final Map<PhoneNumber, Long> stopReturnedAt = new ConcurrentHashMap<>();

    static final class Queue extends ConcurrentLinkedQueue<Map.Entry<PhoneNumber, Long>> {
        private static final long serialVersionUID = 1L;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("the worst interleaving: a STOP arriving between the consent check and the provider call waits for that call")
    void worstInterleaving() throws InterruptedException {
        World world = new World(1);
        PhoneNumber alice = world.numbers.get(0);
        Thread[] stopper = new Thread[1];
        CrowdEngage[] runtime = new CrowdEngage[1];
        // The last ledger write before the provider call lets Alice's STOP in from another thread, then waits
        // until that thread has returned or is parked (it cannot get further without the runtime letting it).
        world.ledger.onAttempt = record -> {
            stopper[0] = new Thread(() -> {
                runtime[0].onInboundSms(new InboundSms(alice, VENUE_NUMBER.e164(), "STOP", world.clock.instant()));
                stopReturnedAt.put(alice, sequence.incrementAndGet());
            }, "stop-sender");
            stopper[0].start();
            awaitReturnedOrParked(stopper[0]);
        };
        runtime[0] = world.runtime();

        runtime[0].tick();
        stopper[0].join(5_000);

        assertThat(stopper[0].isAlive()).as("the STOP returned once the one call was over").isFalse();
        assertThat(stopReturnedAt).containsKey(alice);
        assertThat(callsStartedAfterStop()).isEmpty();
        assertThat(calls).hasSize(1);

        // And nothing goes later either.
        world.clock.advance(Duration.ofMinutes(1));
        runtime[0].tick();
        assertThat(calls).hasSize(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("repeated races between a wave and STOPs for its numbers: zero provider calls start after a STOP returned")
    void repeatedRaces() throws InterruptedException {
        long stopAfter = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        int rounds = 0;
        int stopsTotal = 0;
        Random random = new Random(42);
        while (rounds < 40 && System.nanoTime() < stopAfter) {
            World world = new World(60);
            // Slow ledger writes widen the window between the check and the call, as a database would.
            world.ledger.writeDelayNanos = 200_000;
            CrowdEngage runtime = world.runtime();
            List<PhoneNumber> order = new ArrayList<>(world.numbers);
            Collections.shuffle(order, random);
            Thread stops = new Thread(() -> {
                for (PhoneNumber number : order) {
                    runtime.onInboundSms(new InboundSms(number, VENUE_NUMBER.e164(), "STOP", world.clock.instant()));
                    stopReturnedAt.put(number, sequence.incrementAndGet());
                    LockSupport.parkNanos(50_000);
                }
            }, "stops");
            Thread ticks = new Thread(runtime::tick, "tick");
            ticks.start();
            stops.start();
            ticks.join();
            stops.join();
            assertThat(callsStartedAfterStop()).as("round %d", rounds).isEmpty();
            stopsTotal += order.size();
            calls.clear();
            stopReturnedAt.clear();
            rounds++;
        }
        assertThat(rounds).isPositive();
        assertThat(stopsTotal).isEqualTo(rounds * 60);
    }

    private List<Map.Entry<PhoneNumber, Long>> callsStartedAfterStop() {
        return calls.stream().filter(call -> {
            Long stop = stopReturnedAt.get(call.getKey());
            return stop != null && call.getValue() > stop;
        }).toList();
    }

    private static void awaitReturnedOrParked(Thread thread) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            Thread.State state = thread.getState();
            if (state == Thread.State.TERMINATED || state == Thread.State.WAITING || state == Thread.State.BLOCKED) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** One performance whose review is due now, booked by {@code size} customers. */
    final class World {
        final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T22:30:00").atZone(LONDON).toInstant());
        final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        final HookedLedger ledger = new HookedLedger(InMemorySendLedger.create());
        final List<PhoneNumber> numbers = new ArrayList<>();

        World(int size) {
            Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
            boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
            for (int i = 0; i < size; i++) {
                PhoneNumber number = PhoneNumber.parse(String.format("07400 %06d", 100_000 + i), "GB");
                numbers.add(number);
                boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(number).build());
                boxOffice.addBooking(Booking.of("B" + i, "C" + i, "P1", Instant.parse("2026-04-01T12:00:00Z")));
            }
        }

        CrowdEngage runtime() {
            SmsProvider recording = new SmsProvider() {
                @Override
                public String id() {
                    return "recording";
                }

                @Override
                public Set<Capability> capabilities() {
                    return Set.of(Capability.values());
                }

                @Override
                public double throughputPerSecond() {
                    return 10_000;
                }

                @Override
                public SendResult send(OutboundSms message) {
                    if (!message.body().equals(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION)) {
                        calls.add(Map.entry(message.to(), sequence.incrementAndGet()));
                    }
                    return new SendResult.Accepted("id-" + message.reference());
                }
            };
            return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(recording)
                    .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                    .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(InMemoryConsentLedger.create())
                    .sendLedger(ledger).clock(clock).throttle(Throttle.none()).build();
        }
    }

    /** A send ledger that can run a hook on the attempt write (the last before the provider call) and write slowly. */
    static final class HookedLedger extends ForwardingSendLedger {
        volatile Consumer<SendRecord> onAttempt = record -> { };
        volatile long writeDelayNanos;

        HookedLedger(SendLedger delegate) {
            super(delegate);
        }

        @Override
        public void update(SendRecord record) {
            if (writeDelayNanos > 0) {
                LockSupport.parkNanos(writeDelayNanos);
            }
            delegate.update(record);
            if (record.status() == SendStatus.CLAIMED && record.attempts() > 0) {
                onAttempt.accept(record);
            }
        }
    }
}
