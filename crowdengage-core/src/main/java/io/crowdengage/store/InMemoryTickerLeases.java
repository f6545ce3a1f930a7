package io.crowdengage.store;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One lease in memory, shared by the handles it gives out: for tests and simulations of several
 * instances in one JVM, with a clock the test moves. The clock given is the arbiter.
 *
 * <pre>{@code
 * InMemoryTickerLeases lease = InMemoryTickerLeases.create(clock);
 * TickerLease active = lease.forHolder("instance-a", Duration.ofSeconds(30));
 * TickerLease standby = lease.forHolder("instance-b", Duration.ofSeconds(30));
 * }</pre>
 */
public final class InMemoryTickerLeases {
    private final Clock clock;
    /** The latest grant, live or not; empty before the first acquisition. */
    private Optional<LeaseGrant> latest = Optional.empty();
    /** Whether the latest grant was given up; it is kept so that the next generation still counts up. */
    private boolean released;

    private InMemoryTickerLeases(Clock clock) {
        this.clock = clock;
    }

    /** A lease nobody holds, whose time is read on {@code clock}. */
    public static InMemoryTickerLeases create(Clock clock) {
        return new InMemoryTickerLeases(Checks.notNull(clock, "clock"));
    }

    /** A handle on this lease for {@code holder}, whose grants last {@code duration}. */
    public TickerLease forHolder(String holder, Duration duration) {
        Checks.notBlank(holder, "holder");
        Checks.notNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "duration",
                    "must be positive but was " + duration);
        }
        return new Handle(holder, duration);
    }

    private synchronized Optional<LeaseGrant> acquire(Handle handle) {
        Instant now = clock.instant();
        if (ownedBy(handle)) {
            return extend(handle, now);
        }
        if (current().isPresent()) {
            return Optional.empty();
        }
        long generation = latest.map(grant -> grant.generation() + 1).orElse(1L);
        latest = Optional.of(new LeaseGrant(handle.holder, generation, now, now.plus(handle.duration)));
        released = false;
        handle.generation = generation;
        return latest;
    }

    private synchronized Optional<LeaseGrant> renew(Handle handle) {
        if (!ownedBy(handle)) {
            handle.generation = 0;
            return Optional.empty();
        }
        return extend(handle, clock.instant());
    }

    private synchronized void release(Handle handle) {
        if (ownedBy(handle)) {
            released = true;
        }
        handle.generation = 0;
    }

    private synchronized Optional<LeaseGrant> current() {
        Instant now = clock.instant();
        return latest.filter(grant -> !released && now.isBefore(grant.expiresAt()));
    }

    private boolean ownedBy(Handle handle) {
        return handle.generation > 0 && !released && latest.isPresent()
                && latest.get().generation() == handle.generation && latest.get().holder().equals(handle.holder);
    }

    private Optional<LeaseGrant> extend(Handle handle, Instant now) {
        LeaseGrant grant = latest.orElseThrow();
        Instant expiry = now.plus(handle.duration);
        // A clock moved back past the acquisition must not make an invalid grant; it lapses at once instead.
        latest = Optional.of(new LeaseGrant(grant.holder(), grant.generation(), grant.acquiredAt(),
                expiry.isBefore(grant.acquiredAt()) ? grant.acquiredAt() : expiry));
        return latest;
    }

    private final class Handle implements TickerLease {
        private final String holder;
        private final Duration duration;
        /** The generation this handle was granted, 0 when it holds none. Guarded by the outer lock. */
        private long generation;

        Handle(String holder, Duration duration) {
            this.holder = holder;
            this.duration = duration;
        }

        @Override
        public String holder() {
            return holder;
        }

        @Override
        public Duration duration() {
            return duration;
        }

        @Override
        public Optional<LeaseGrant> tryAcquire() {
            return acquire(this);
        }

        @Override
        public Optional<LeaseGrant> renew() {
            return InMemoryTickerLeases.this.renew(this);
        }

        @Override
        public void release() {
            InMemoryTickerLeases.this.release(this);
        }

        @Override
        public Optional<LeaseGrant> current() {
            return InMemoryTickerLeases.this.current();
        }

        @Override
        public String toString() {
            return "TickerLease[" + holder + "]";
        }
    }
}
