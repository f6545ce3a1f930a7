package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The dispatcher")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatcherTest {
    static final Instant T0 = Instant.parse("2026-04-10T21:30:00Z");

    /** A job that takes {@code took} and writes down when it ran. */
    static final class Recorded implements Dispatcher.Job {
        final Instant deadline;
        final Duration took;
        final ConcurrentLinkedQueue<Recorded> started;
        final AtomicInteger running;
        final AtomicInteger mostRunning;
        volatile Thread ranOn;
        volatile boolean finished;

        Recorded(Instant deadline, Duration took, ConcurrentLinkedQueue<Recorded> started, AtomicInteger running,
                 AtomicInteger mostRunning) {
            this.deadline = deadline;
            this.took = took;
            this.started = started;
            this.running = running;
            this.mostRunning = mostRunning;
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public void run() {
            ranOn = Thread.currentThread();
            started.add(this);
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (!took.isZero()) {
                LockSupport.parkNanos(took.toNanos());
            }
            running.decrementAndGet();
            finished = true;
        }
    }

    final ConcurrentLinkedQueue<Recorded> started = new ConcurrentLinkedQueue<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();

    List<Recorded> jobs(int count, Duration took, Random random) {
        List<Recorded> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(new Recorded(T0.plusSeconds(i), took, started, running, mostRunning));
        }
        Collections.shuffle(jobs, random);
        return jobs;
    }

    @Test
    @DisplayName("starts the earliest deadline first when it can run only one at a time")
    void earliestDeadlineFirst() {
        // 1 msg/s declared: Little's law asks for one in flight for any job shorter than two thirds of a second.
        Dispatcher dispatcher = new Dispatcher(Throttle.none(), 1, 64, System::nanoTime);
        List<Recorded> jobs = jobs(30, Duration.ofMillis(1), new Random(3));

        dispatcher.runAll(jobs);

        assertThat(started).extracting(job -> job.deadline).isSorted().hasSize(30);
        assertThat(mostRunning).hasValue(1);
    }

    @Test
    @DisplayName("runs as many at once as the rate and the observed latency need, never more than maxInFlight")
    void boundedConcurrency() {
        // 1,000 msg/s at 10 ms a job needs 15 in flight; the cap is 4.
        Dispatcher dispatcher = new Dispatcher(Throttle.none(), 1_000, 4, System::nanoTime);
        List<Recorded> jobs = jobs(60, Duration.ofMillis(10), new Random(4));

        dispatcher.runAll(jobs);

        assertThat(jobs).allSatisfy(job -> assertThat(job.finished).isTrue());
        assertThat(mostRunning.get()).isBetween(2, 4);
        assertThat(dispatcher.currentLimit()).isEqualTo(4);
    }

    @Test
    @DisplayName("runs fast jobs on its own thread, not a worker each: handing over would cost more than the job")
    void fastJobsInline() {
        Dispatcher dispatcher = new Dispatcher(Throttle.none(), 1_000_000, 64, System::nanoTime);
        List<Recorded> jobs = jobs(200, Duration.ZERO, new Random(5));

        dispatcher.runAll(jobs);

        assertThat(jobs).allSatisfy(job -> assertThat(job.finished).isTrue());
        assertThat(jobs.stream().map(job -> job.ranOn.getName()).filter("crowdengage-dispatch"::equals).count())
                .isGreaterThan(150);
    }

    @Test
    @DisplayName("with maxInFlight 1, runs every job on the caller's thread, in deadline order")
    void sequential() {
        Dispatcher dispatcher = new Dispatcher(Throttle.none(), 1_000, 1, System::nanoTime);
        List<Recorded> jobs = jobs(20, Duration.ZERO, new Random(6));
        Recorded background = new Recorded(T0, Duration.ZERO, started, running, mostRunning);

        dispatcher.runAll(jobs);
        dispatcher.submit(background);

        assertThat(jobs).allSatisfy(job -> assertThat(job.ranOn).isSameAs(Thread.currentThread()));
        assertThat(background.finished).isTrue();
        assertThat(new ArrayList<>(started).subList(0, 20)).extracting(job -> job.deadline).isSorted();
    }

    @Test
    @DisplayName("a job that throws does not stop the others")
    void failingJob() {
        Dispatcher dispatcher = new Dispatcher(Throttle.none(), 1_000, 8, System::nanoTime);
        AtomicInteger ran = new AtomicInteger();
        List<Dispatcher.Job> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int index = i;
            jobs.add(new Dispatcher.Job() {
                @Override
                public Instant deadline() {
                    return T0.plusSeconds(index);
                }

                @Override
                public void run() {
                    ran.incrementAndGet();
                    if (index % 3 == 0) {
                        throw new IllegalStateException("job " + index + " broke");
                    }
                }
            });
        }

        dispatcher.runAll(jobs);

        assertThat(ran).hasValue(20);
    }

    @Test
    @DisplayName("close() waits for jobs queued in the background and in flight, and later jobs run on the caller")
    void closeWaits() {
        Dispatcher dispatcher = new Dispatcher(Throttle.none(), 100, 8, System::nanoTime);
        List<Recorded> jobs = jobs(12, Duration.ofMillis(20), new Random(7));
        jobs.forEach(dispatcher::submit);

        assertThat(dispatcher.close(Duration.ofSeconds(30))).isTrue();

        assertThat(jobs).allSatisfy(job -> assertThat(job.finished).isTrue());
        Recorded late = new Recorded(T0, Duration.ZERO, started, running, mostRunning);
        dispatcher.submit(late);
        assertThat(late.ranOn).isSameAs(Thread.currentThread());
    }
}
