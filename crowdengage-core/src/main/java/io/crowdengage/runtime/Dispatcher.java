package io.crowdengage.runtime;

import io.crowdengage.internal.Redaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs send jobs against the provider with bounded concurrency, so that a wave goes at the
 * provider's rate and not at one message per round trip.
 *
 * <p>How many run at once follows Little's law: the declared rate times the observed time a job
 * takes, with half as much again for jitter, at least one and at most {@code maxInFlight}. A job
 * that takes under {@link #INLINE_BELOW} (a provider in memory) runs on the dispatcher's own
 * thread: handing it to another would cost more than it saves. Jobs start earliest deadline first,
 * one per permit of the throttle, so when more is due than the rate allows, what would miss its
 * deadline soonest goes first.
 *
 * <p>With {@code maxInFlight} 1 nothing is concurrent: every job runs on the thread that hands it
 * over, in deadline order, which keeps simulations and tests deterministic.
 *
 * <p>The per-message checks (deadline, quiet hours, consent) and the claim are the job's own, so
 * they run just before its provider call, whenever that turns out to be.
 */
final class Dispatcher {
    /** A job whose run takes less than this runs on the dispatcher's thread rather than a worker. */
    static final Duration INLINE_BELOW = Duration.ofNanos(200_000);
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final double HEADROOM = 1.5;
    /** How long a job may run on the pump's own thread before another pump takes over. */
    private static final Duration STUCK_AFTER = Duration.ofMillis(250);
    /** The latency assumed until the first job has been measured. */
    private static final Duration ASSUMED_LATENCY = Duration.ofMillis(100);
    /** Weight of the newest latency in the running average: a provider that slows is followed within ten jobs. */
    private static final double SMOOTHING = 0.2;
    private static final Comparator<Queued> EARLIEST_DEADLINE_FIRST =
            Comparator.comparing((Queued q) -> q.job.deadline()).thenComparingLong(q -> q.order);

    /** One message's work: checks, claim, provider call, record. Must not throw for a message's own faults. */
    interface Job {
        /** When it stops being worth sending: the order jobs start in. */
        Instant deadline();

        void run();
    }

    private record Queued(Job job, long order, Batch batch) {
    }

    /** The jobs one caller waits for. */
    private static final class Batch {
        int remaining;

        Batch(int size) {
            remaining = size;
        }
    }

    private final Throttle throttle;
    private final double ratePerSecond;
    private final int maxInFlight;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    private final PriorityQueue<Queued> queue = new PriorityQueue<>(EARLIEST_DEADLINE_FIRST);
    /** When each job in flight started (by identity: two jobs may be equal records). */
    private final Map<Queued, Long> runningSince = new IdentityHashMap<>();
    private long order;
    private int inFlight;
    /** The running average of a job's duration; unknown (negative) before the first. */
    private double averageNanos = -1;
    private boolean closing;
    private Thread pump;
    private Thread watchdog;
    /** When the job the pump is running itself started; -1 when it runs none. */
    private long inlineSince = -1;
    private ExecutorService workers;

    /**
     * @param throttle      paces the starts of jobs
     * @param ratePerSecond the provider's declared throughput, which sizes the concurrency
     * @param maxInFlight   the most jobs running at once; 1 runs every job on the caller's thread
     * @param nanoTime      a monotonic time source, for measuring how long jobs take
     */
    Dispatcher(Throttle throttle, double ratePerSecond, int maxInFlight, LongSupplier nanoTime) {
        this.throttle = throttle;
        this.ratePerSecond = ratePerSecond;
        this.maxInFlight = maxInFlight;
        this.nanoTime = nanoTime;
    }

    /** Runs the jobs, earliest deadline first, and returns once every one of them has finished. */
    void runAll(List<? extends Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        Batch batch = new Batch(jobs.size());
        boolean queued;
        synchronized (lock) {
            // Decided under the lock close() takes: a batch is either queued while the pump still runs, or run here.
            queued = !runsOnCaller();
            if (queued) {
                jobs.forEach(job -> queue.add(new Queued(job, order++, batch)));
                startPumpIfNeeded();
                lock.notifyAll();
            }
        }
        if (!queued) {
            List<Job> ordered = new ArrayList<>(jobs);
            ordered.sort(Comparator.comparing(Job::deadline));
            ordered.forEach(this::runHere);
            return;
        }
        boolean interrupted = false;
        synchronized (lock) {
            // Not interruptible: returning while jobs of this batch are in flight would leave sends between the
            // provider and the ledger when the caller goes on (or the application stops).
            while (batch.remaining > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a job to run in the background (a confirmation); on the caller's thread when nothing is concurrent. */
    void submit(Job job) {
        synchronized (lock) {
            if (!runsOnCaller()) {
                queue.add(new Queued(job, order++, null));
                startPumpIfNeeded();
                lock.notifyAll();
                return;
            }
        }
        runHere(job);
    }

    /** Waits until nothing is queued or in flight, up to {@code timeout}; whether that happened. */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!queue.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** The concurrency the dispatcher would use now; for tests and the benchmark's report. */
    int currentLimit() {
        synchronized (lock) {
            return limit();
        }
    }

    /**
     * Stops taking jobs in the background and waits, up to {@code timeout}, for those queued and in
     * flight to finish. Jobs handed over afterwards run on the caller's thread.
     *
     * @return whether everything finished in time
     */
    boolean close(Duration timeout) {
        Thread running;
        ExecutorService pool;
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            running = pump;
            pool = workers;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (running != null) {
                running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (pool != null) {
                pool.shutdown();
                return pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        && (running == null || !running.isAlive());
            }
            return running == null || !running.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Called holding {@link #lock}. */
    private boolean runsOnCaller() {
        return maxInFlight == 1 || closing;
    }

    private void runHere(Job job) {
        throttle.acquire();
        long started = nanoTime.getAsLong();
        try {
            job.run();
        } catch (RuntimeException e) {
            LOG.error("a send job failed; its message is left as the ledger last recorded it: {}", Redaction.throwable(e));
        } finally {
            long took = nanoTime.getAsLong() - started;
            synchronized (lock) {
                observe(took);
            }
        }
    }

    private void startPumpIfNeeded() {
        if (pump == null || !pump.isAlive()) {
            newPump();
        }
        // Only while there is work: an idle runtime keeps no thread awake.
        if (watchdog == null || !watchdog.isAlive()) {
            watchdog = new Thread(this::watchInlineJobs, "crowdengage-dispatch-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private void newPump() {
        pump = new Thread(this::pumpJobs, "crowdengage-dispatch");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * A job run on the pump's own thread that does not return (a provider that suddenly hangs) would
     * hold every other job behind it: past {@link #STUCK_AFTER}, a new pump takes over, the slow job
     * counts as slow (so jobs go to workers from now on), and the old pump ends once its job returns.
     */
    private void watchInlineJobs() {
        while (true) {
            try {
                Thread.sleep(STUCK_AFTER.toMillis() / 2);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (queue.isEmpty() && inFlight == 0) {
                    watchdog = null;
                    return;
                }
                if (inlineSince >= 0 && nanoTime.getAsLong() - inlineSince > STUCK_AFTER.toNanos()) {
                    LOG.warn("a send has been running on the dispatcher's thread for over {}; another takes over",
                            STUCK_AFTER);
                    inlineSince = -1;
                    averageNanos = Math.max(averageNanos, STUCK_AFTER.toNanos());
                    newPump();
                    lock.notifyAll();
                }
            }
        }
    }

    /** The dispatcher's thread: waits for a job and a free slot, takes a throttle permit, starts the earliest job. */
    private void pumpJobs() {
        while (true) {
            synchronized (lock) {
                // A pump replaced while it was stuck in a job goes once that job returns.
                if (Thread.currentThread() != pump) {
                    return;
                }
                while (queue.isEmpty() || inFlight >= limit()) {
                    if (queue.isEmpty() && closing && inFlight == 0) {
                        return;
                    }
                    try {
                        // Timed while jobs are running: the limit grows as a stuck one ages.
                        lock.wait(inFlight > 0 ? STUCK_AFTER.toMillis() / 2 : 0);
                    } catch (InterruptedException e) {
                        // Only close() stops the pump, and only once the queue is drained.
                    }
                }
            }
            // Outside the lock: the permit may take a while, and jobs finishing or arriving must not wait for it.
            try {
                throttle.acquire();
            } catch (RuntimeException e) {
                LOG.error("the throttle failed; the send goes unthrottled: {}", Redaction.throwable(e));
            }
            Queued next;
            boolean inline;
            synchronized (lock) {
                // Only this thread takes from the queue, so it is not empty now; a job that arrived meanwhile with an
                // earlier deadline is taken first.
                next = queue.poll();
                inFlight++;
                long now = nanoTime.getAsLong();
                runningSince.put(next, now);
                inline = averageNanos >= 0 && averageNanos < INLINE_BELOW.toNanos();
                if (inline) {
                    inlineSince = now;
                }
            }
            if (inline) {
                runAndFinish(next);
            } else {
                try {
                    workers().execute(() -> runAndFinish(next));
                } catch (RejectedExecutionException e) {
                    runAndFinish(next);
                }
            }
        }
    }

    private ExecutorService workers() {
        synchronized (lock) {
            if (workers == null) {
                workers = Executors.newCachedThreadPool(task -> {
                    Thread thread = new Thread(task, "crowdengage-send");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return workers;
        }
    }

    private void runAndFinish(Queued queued) {
        long started = nanoTime.getAsLong();
        try {
            queued.job.run();
        } catch (Throwable e) {
            // Whatever one job throws (an Error from a provider or a listener included), the dispatcher's threads go on:
            // a dead pump would leave every later wave and confirmation waiting for ever.
            LOG.error("a send job failed; its message is left as the ledger last recorded it: {}", Redaction.throwable(e));
        } finally {
            long took = nanoTime.getAsLong() - started;
            synchronized (lock) {
                observe(took);
                runningSince.remove(queued);
                // The pump's own job is done (a pump replaced while stuck must not clear its successor's mark).
                if (Thread.currentThread() == pump) {
                    inlineSince = -1;
                }
                inFlight--;
                if (queued.batch != null) {
                    queued.batch.remaining--;
                }
                lock.notifyAll();
            }
        }
    }

    private void observe(long tookNanos) {
        averageNanos = averageNanos < 0 ? tookNanos : averageNanos + SMOOTHING * (tookNanos - averageNanos);
    }

    /** Little's law with headroom: the rate times the time a job takes, at least 1, at most {@code maxInFlight}. */
    private int limit() {
        // Before anything is measured, a typical provider's round trip: one slow or stuck first call must not hold
        // the whole wave behind it. A job running longer than the average is evidence too: a provider that hangs
        // on one call must not keep the slot the average grants, or a fast wave would stop behind it.
        double nanos = averageNanos < 0 ? ASSUMED_LATENCY.toNanos() : averageNanos;
        long now = nanoTime.getAsLong();
        for (long started : runningSince.values()) {
            nanos = Math.max(nanos, now - started);
        }
        double needed = Math.ceil(ratePerSecond * nanos / 1e9 * HEADROOM);
        return (int) Math.max(1, Math.min(maxInFlight, needed));
    }
}
