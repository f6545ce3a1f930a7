package io.crowdengage.store;

import java.time.Duration;
import java.util.Optional;

/**
 * One holder's handle on the lease that lets a single instance of a venue's runtime tick while the
 * others stand by. The active instance renews it (a heartbeat) well within its {@link #duration()};
 * if it dies, the lease lapses and a standby's {@link #tryAcquire()} takes it over. The send ledger's
 * claims stay the safety net: a lease only keeps two instances from doing the same work, it is not
 * what prevents a message going twice.
 *
 * <p>Time is read on one arbiter clock shared by every holder (the PostgreSQL lease uses the
 * database's clock, so instances whose clocks disagree still agree on who holds it). A holder must
 * not judge its own lease by comparing {@link LeaseGrant#expiresAt()} with its local wall clock:
 * it should count the lease as its own for {@link #duration()} from the moment it <em>sent</em> the
 * successful acquire or renew, on a monotonic timer ({@code System.nanoTime()}), minus a margin,
 * and stop ticking when that runs out without a successful renewal.
 *
 * <p>Implementations are thread-safe. Each handle remembers the generation it was granted; a
 * handle that lost the lease (it lapsed and another took it, or it was released) must
 * {@link #tryAcquire()} again, and gets a new generation.
 */
public interface TickerLease {

    /** The name this handle acquires under: for reports and logs (a host name and process id, say). */
    String holder();

    /** How long a grant lasts from its acquisition or last renewal. */
    Duration duration();

    /**
     * Takes the lease if nobody holds it, if the holder's grant has lapsed or was released, or renews
     * it if this handle already holds it.
     *
     * @return the grant, or empty while another holder's grant is live
     */
    Optional<LeaseGrant> tryAcquire();

    /**
     * The heartbeat: extends this handle's grant by {@link #duration()} from now, in the same
     * generation. A grant that lapsed is still renewed if nobody took the lease meanwhile (nobody else
     * held it in between, so nothing was done twice).
     *
     * @return the extended grant, or empty when this handle no longer holds the lease: stop ticking
     */
    Optional<LeaseGrant> renew();

    /**
     * Gives the lease up, if this handle holds it, so a standby can take over at once instead of
     * waiting for it to lapse (on an orderly shutdown). Does nothing otherwise.
     */
    void release();

    /** The live grant, whoever holds it; empty when the lease is free, lapsed or released. */
    Optional<LeaseGrant> current();
}
