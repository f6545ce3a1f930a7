package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The default throttle")
class PacedThrottleTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("spaces permits evenly across threads, with no burst after being idle")
    void noBurst() throws InterruptedException {
        Throttle throttle = Throttle.perSecond(200); // 5 ms apart
        Thread.sleep(50); // idle: a bursting limiter would now hand out a backlog at once
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    throttle.acquire();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // 40 permits, the first at once: the last cannot come before 39 intervals have passed (a lower bound,
        // which a slow machine cannot break).
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(39 * 5);
    }
}
