package io.crowdengage.testkit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs one task per thread, all released at once by a start gate so that they really contend, and
 * gives back what each returned or threw. The time limit is a guard against a store that deadlocks,
 * not an assertion about speed.
 */
final class Race {
    /** How many threads the kits race: enough to contend on any pool, few enough for two cores. */
    static final int THREADS = 16;
    private static final long GUARD_SECONDS = 120;

    /** What one thread's task came to: a value or what it threw. */
    record Result<T>(int thread, Optional<T> value, Optional<Throwable> thrown) {
        boolean returned() {
            return thrown.isEmpty();
        }
    }

    @FunctionalInterface
    interface Task<T> {
        T run() throws Exception;
    }

    private Race() {
    }

    /** Runs {@code task.apply(i)} on thread i for i in 0..threads-1, all started together. */
    static <T> List<Result<T>> run(int threads, IntFunction<Task<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Result<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                Task<T> work = task.apply(thread);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Result<T>(thread, Optional.ofNullable(work.run()), Optional.empty());
                    } catch (Exception | AssertionError e) {
                        return new Result<T>(thread, Optional.empty(), Optional.of(e));
                    }
                }));
            }
            if (!ready.await(GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the racing threads did not all start");
            }
            go.countDown();
            List<Result<T>> results = new ArrayList<>();
            for (Future<Result<T>> future : futures) {
                results.add(future.get(GUARD_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } catch (TimeoutException e) {
            throw new AssertionError("a racing thread did not finish within " + GUARD_SECONDS + " s: a deadlock?", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a racing thread failed outside its task", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
