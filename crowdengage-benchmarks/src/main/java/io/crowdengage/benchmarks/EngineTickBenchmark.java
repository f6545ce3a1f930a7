package io.crowdengage.benchmarks;

import io.crowdengage.engine.Plan;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine tick ({@link SchedulingEngine#plan(Snapshot, Instant, Instant)}, a minute after the
 * previous one) over the issue's season: 1,000,000 bookings, 1,000 performances, 3 flow steps (see
 * {@link SeasonGenerator}). Single-threaded; the season is built once per fork.
 *
 * <ul>
 *   <li>{@link #busyTick}: the gala night at 16:31, when the directions step falls due for the ten
 *       19:30 performances at once: about 10,000 sends (checked in set-up);</li>
 *   <li>{@link #nightTick}: a Tuesday at 04:00, when no step's window is open: no candidates at all
 *       (checked in set-up);</li>
 *   <li>{@link #tickWhileWindowsOpen}: the gala night at 16:50, twenty minutes after the busy tick,
 *       every key sent then claimed: nothing new to send but the odd late booker, yet the directions
 *       windows of the ten performances are open until 18:30, so the engine walks their 10,000
 *       bookings again (and re-reports the ~300 skips, which are never claimed).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineTickBenchmark {
    private SchedulingEngine engine;

    private Snapshot busySnapshot;
    private Instant busySince;
    private Instant busyNow;

    private Snapshot steadySnapshot;
    private Instant steadySince;
    private Instant steadyNow;

    private Instant nightSince;
    private Instant nightNow;

    /** Builds the season, the send ledgers and the instants, and checks each tick has the load it claims. */
    @Setup(Level.Trial)
    public void buildSeason() {
        long started = System.nanoTime();
        GeneratedSeason generated = SeasonGenerator.generate(SeasonGenerator.Config.issueTarget());
        engine = generated.engine();

        Instant directionsDue = generated.galaStart().minus(Duration.ofHours(3));
        busyNow = directionsDue.plus(Duration.ofMinutes(1));
        busySince = directionsDue;
        busySnapshot = generated.snapshot(generated.claimedBefore(directionsDue));

        steadyNow = directionsDue.plus(Duration.ofMinutes(20));
        steadySince = steadyNow.minus(Duration.ofMinutes(1));
        steadySnapshot = generated.snapshot(generated.claimedBefore(steadyNow));

        nightNow = LocalDateTime.of(2026, 11, 10, 4, 0).atZone(SeasonGenerator.LONDON).toInstant();
        nightSince = nightNow.minus(Duration.ofMinutes(1));

        Plan busy = engine.plan(busySnapshot, busySince, busyNow);
        int sends = busy.sends().size();
        if (sends < 9_500 || sends > 10_500) {
            throw new IllegalStateException("the busy tick should have about 10,000 sends but has " + sends
                    + " (of " + busy.candidates().size() + " candidates)");
        }
        Plan night = engine.plan(steadySnapshot, nightSince, nightNow);
        if (!night.candidates().isEmpty()) {
            throw new IllegalStateException("the night tick should have no candidates but has "
                    + night.candidates().size());
        }
        Plan steady = engine.plan(steadySnapshot, steadySince, steadyNow);
        if (steady.sends().size() > 100) {
            throw new IllegalStateException("the tick while windows are open should send almost nothing but sends "
                    + steady.sends().size());
        }
        // Building the season churns gigabytes; let the collector settle it before the first iteration.
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        System.out.printf("%nseason: %,d performances, %,d bookings, %,d customers, built in %.1f s;"
                        + " busy tick %,d candidates (%,d sends, %,d skips); night tick 0 candidates;"
                        + " open-window tick %,d candidates (%,d sends, %,d skips)%n",
                generated.season().performances().size(), generated.season().bookingCount(),
                generated.season().customerCount(), (System.nanoTime() - started) / 1e9,
                busy.candidates().size(), sends, busy.skips().size(),
                steady.candidates().size(), steady.sends().size(), steady.skips().size());
    }

    /** A tick with about 10,000 sends due. Target: at most 50 ms. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Plan busyTick() {
        return engine.plan(busySnapshot, busySince, busyNow);
    }

    /** A tick with nothing due. Target: at most 1 ms. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Plan nightTick() {
        return engine.plan(steadySnapshot, nightSince, nightNow);
    }

    /** A tick with nothing new to send while 10,000 already-claimed keys' windows are still open. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Plan tickWhileWindowsOpen() {
        return engine.plan(steadySnapshot, steadySince, steadyNow);
    }
}
