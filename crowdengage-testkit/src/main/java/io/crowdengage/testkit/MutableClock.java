package io.crowdengage.testkit;

import io.crowdengage.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} whose instant a test moves by hand, the way Caffeine's {@code FakeTicker} moves
 * its ticker: inject it wherever crowdengage takes a {@code Clock}, then {@link #advance(Duration)}
 * to make time pass without sleeping.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2025-03-29T18:00:00Z"));
 * InMemoryTicketingSystem ticketing = InMemoryTicketingSystem.create(ZoneId.of("Europe/London"), clock);
 * clock.advance(Duration.ofHours(2));
 * }</pre>
 *
 * <p>Thread-safe: reads and moves are atomic, so a test thread may move the clock while the
 * code under test reads it on other threads. Copies made with {@link #withZone(ZoneId)} share the
 * same time source: moving one moves them all, only the zone differs.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * A clock reading {@code instant}, in UTC.
     *
     * @param instant where time starts
     * @return a new clock with its own time source
     */
    public static MutableClock at(Instant instant) {
        return of(instant, ZoneOffset.UTC);
    }

    /**
     * A clock reading {@code instant} in {@code zone}.
     *
     * @param instant where time starts
     * @param zone    the zone {@link #getZone()} reports; it does not change the instant
     * @return a new clock with its own time source
     */
    public static MutableClock of(Instant instant, ZoneId zone) {
        Checks.notNull(instant, "instant");
        Checks.notNull(zone, "zone");
        return new MutableClock(new AtomicReference<>(instant), zone);
    }

    /**
     * Moves time forward (or, with a negative duration, back) by {@code duration}.
     *
     * @param duration how far to move; negative moves back, which real clocks also do now and then
     * @return the instant after the move
     */
    public Instant advance(Duration duration) {
        Checks.notNull(duration, "duration");
        return now.updateAndGet(current -> current.plus(duration));
    }

    /**
     * Sets the time to {@code instant}, forward or back.
     *
     * @param instant the new reading
     */
    public void set(Instant instant) {
        Checks.notNull(instant, "instant");
        now.set(instant);
    }

    /** The current reading. */
    @Override
    public Instant instant() {
        return now.get();
    }

    /** The zone this view reports; it has no effect on {@link #instant()}. */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of the same time source in another zone: advancing either clock moves both.
     *
     * @param zone the zone the returned clock reports
     * @return this clock if the zone is the same, otherwise a view sharing this clock's time
     */
    @Override
    public MutableClock withZone(ZoneId zone) {
        Checks.notNull(zone, "zone");
        return zone.equals(this.zone) ? this : new MutableClock(now, zone);
    }

    /** Equal when both share one time source and report the same zone. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MutableClock
                && ((MutableClock) other).now == now
                && ((MutableClock) other).zone.equals(zone);
    }

    /** Consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return System.identityHashCode(now) * 31 + zone.hashCode();
    }

    /** The reading and zone, for assertion messages. */
    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
