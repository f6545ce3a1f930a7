package io.crowdengage.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.store.LeaseGrant;
import io.crowdengage.store.TickerLease;
import io.crowdengage.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TickerLease} keeps, as tests, with the arbiter clock in the test's hand:
 * one live holder at a time, renewals in the same generation, a lapsed or released lease going to the
 * next holder with a higher generation, and a holder that lost it told so. A store passes it by saying
 * how to make a fresh lease whose time is read on the kit's {@link MutableClock}:
 *
 * <pre>{@code
 * class InMemoryTickerLeaseCompatibilityTest extends TickerLeaseCompatibilityKit {
 *     @Override
 *     protected Holders createLease(MutableClock clock) {
 *         return InMemoryTickerLeases.create(clock)::forHolder;
 *     }
 * }
 * }</pre>
 *
 * <p>Times here are whole milliseconds, which every store keeps exactly.
 */
public abstract class TickerLeaseCompatibilityKit {

    /** Where the kit's clock starts. */
    protected static final Instant KIT_START = Instant.parse("2025-06-14T17:30:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** Hands out handles on one lease, each for a named holder. */
    @FunctionalInterface
    public interface Holders {
        /** A new handle on the lease for {@code holder}, whose grants last {@code duration}. */
        TickerLease forHolder(String holder, Duration duration);
    }

    /** The arbiter clock; move it to make time pass for the lease. */
    protected MutableClock clock;
    private Holders holders;
    private TickerLease a;
    private TickerLease b;

    /**
     * A fresh lease nobody ever held, whose time is read on {@code clock}. Called once before each test.
     */
    protected abstract Holders createLease(MutableClock clock);

    @BeforeEach
    void createLeaseUnderTest() {
        clock = MutableClock.at(KIT_START);
        holders = createLease(clock);
        a = holders.forHolder("instance-a", LEASE);
        b = holders.forHolder("instance-b", LEASE);
    }

    private LeaseGrant granted(TickerLease lease) {
        Optional<LeaseGrant> grant = lease.tryAcquire();
        assertThat(grant).as("%s acquiring at %s", lease.holder(), clock.instant()).isPresent();
        return grant.get();
    }

    @Nested
    @DisplayName("A free lease")
    class Free {

        @Test
        @DisplayName("is granted to the first holder that asks, for its duration from now")
        void granted() {
            LeaseGrant grant = TickerLeaseCompatibilityKit.this.granted(a);

            assertThat(grant.holder()).isEqualTo("instance-a");
            assertThat(grant.generation()).isPositive();
            assertThat(grant.acquiredAt()).isEqualTo(KIT_START);
            assertThat(grant.expiresAt()).isEqualTo(KIT_START.plus(LEASE));
            assertThat(a.holder()).isEqualTo("instance-a");
            assertThat(a.duration()).isEqualTo(LEASE);
        }

        @Test
        @DisplayName("has no current holder, and cannot be renewed by a handle that never acquired it")
        void noHolder() {
            assertThat(a.current()).isEmpty();
            assertThat(a.renew()).isEmpty();
            a.release();
            assertThat(b.current()).isEmpty();
        }

        @Test
        @DisplayName("is granted to exactly one of 16 holders asking at once")
        void oneOfMany() {
            List<TickerLease> handles = new java.util.ArrayList<>();
            for (int i = 0; i < Race.THREADS; i++) {
                handles.add(holders.forHolder("instance-" + i, LEASE));
            }

            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () ->
                    handles.get(thread).tryAcquire().isPresent());

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            List<Integer> winners = results.stream().filter(r -> r.value().orElse(false)).map(Race.Result::thread)
                    .collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            assertThat(a.current()).map(LeaseGrant::holder).contains("instance-" + winners.get(0));
        }
    }

    @Nested
    @DisplayName("A live lease")
    class Live {

        @Test
        @DisplayName("is refused to another holder, and named as the current one")
        void refusedToOthers() {
            LeaseGrant grant = granted(a);
            clock.advance(LEASE.minusMillis(1));

            assertThat(b.tryAcquire()).isEmpty();
            assertThat(b.renew()).isEmpty();
            assertThat(b.current()).contains(grant);
        }

        @Test
        @DisplayName("is renewed by its holder in the same generation, to a duration after the renewal")
        void renewed() {
            LeaseGrant grant = granted(a);
            clock.advance(Duration.ofSeconds(10));

            Optional<LeaseGrant> renewed = a.renew();

            assertThat(renewed).contains(new LeaseGrant("instance-a", grant.generation(), KIT_START,
                    KIT_START.plusSeconds(10).plus(LEASE)));
            clock.advance(LEASE.minusMillis(1));
            assertThat(b.tryAcquire()).as("just before the renewed expiry").isEmpty();
        }

        @Test
        @DisplayName("asked for again by its holder is renewed, not granted anew")
        void reacquireRenews() {
            LeaseGrant grant = granted(a);
            clock.advance(Duration.ofSeconds(5));

            LeaseGrant again = granted(a);

            assertThat(again.generation()).isEqualTo(grant.generation());
            assertThat(again.acquiredAt()).isEqualTo(grant.acquiredAt());
            assertThat(again.expiresAt()).isEqualTo(KIT_START.plusSeconds(5).plus(LEASE));
        }

        @Test
        @DisplayName("held by one handle is not held by another handle of the same name")
        void sameNameIsAnotherHolder() {
            granted(a);
            TickerLease twin = holders.forHolder("instance-a", LEASE);

            assertThat(twin.tryAcquire()).isEmpty();
            assertThat(twin.renew()).isEmpty();
        }
    }

    @Nested
    @DisplayName("A lease that lapses")
    class Lapsed {

        @Test
        @DisplayName("lapses at its expiry: a standby is refused a millisecond before and granted at it")
        void atExpiry() {
            LeaseGrant grant = granted(a);
            clock.set(grant.expiresAt().minusMillis(1));
            assertThat(b.tryAcquire()).isEmpty();

            clock.set(grant.expiresAt());

            assertThat(a.current()).isEmpty();
            LeaseGrant taken = granted(b);
            assertThat(taken.holder()).isEqualTo("instance-b");
            assertThat(taken.generation()).isGreaterThan(grant.generation());
            assertThat(taken.acquiredAt()).isEqualTo(grant.expiresAt());
        }

        @Test
        @DisplayName("taken over tells the old holder: its renewal fails, and it gets it back only by acquiring anew")
        void oldHolderTold() {
            LeaseGrant first = granted(a);
            clock.advance(LEASE.plusSeconds(1));
            LeaseGrant second = granted(b);

            assertThat(a.renew()).isEmpty();
            assertThat(a.tryAcquire()).isEmpty();
            assertThat(a.current()).contains(second);

            clock.advance(LEASE);
            LeaseGrant third = granted(a);
            assertThat(third.generation()).isGreaterThan(second.generation()).isGreaterThan(first.generation());
            assertThat(b.renew()).isEmpty();
        }

        @Test
        @DisplayName("that nobody took is renewed by its holder in the same generation")
        void renewedAfterLapse() {
            LeaseGrant grant = granted(a);
            clock.advance(LEASE.plusSeconds(5));
            assertThat(a.current()).isEmpty();

            Optional<LeaseGrant> renewed = a.renew();

            assertThat(renewed).map(LeaseGrant::generation).contains(grant.generation());
            assertThat(b.tryAcquire()).isEmpty();
        }
    }

    @Nested
    @DisplayName("A released lease")
    class Released {

        @Test
        @DisplayName("goes to a standby at once, in a higher generation")
        void standbyTakesOver() {
            LeaseGrant grant = granted(a);
            clock.advance(Duration.ofSeconds(1));

            a.release();

            assertThat(b.current()).isEmpty();
            LeaseGrant taken = granted(b);
            assertThat(taken.generation()).isGreaterThan(grant.generation());
        }

        @Test
        @DisplayName("cannot be renewed by the holder that released it")
        void noRenewAfterRelease() {
            granted(a);

            a.release();

            assertThat(a.renew()).isEmpty();
            assertThat(a.current()).isEmpty();
        }

        @Test
        @DisplayName("by a handle that does not hold it changes nothing")
        void releaseByOther() {
            LeaseGrant grant = granted(a);

            b.release();

            assertThat(a.current()).contains(grant);
            assertThat(a.renew()).map(LeaseGrant::generation).contains(grant.generation());
        }

        @Test
        @DisplayName("can be taken again by the same holder, in a new generation")
        void takenBackBySameHolder() {
            LeaseGrant grant = granted(a);
            a.release();

            LeaseGrant again = granted(a);

            assertThat(again.generation()).isGreaterThan(grant.generation());
        }
    }
}
