package io.crowdengage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MutableClock")
class MutableClockTest {

    private static final Instant T0 = Instant.parse("2025-03-29T18:00:00Z");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    @DisplayName("reads the instant it was made at, in UTC unless told otherwise")
    void startsWhereTold() {
        assertThat(MutableClock.at(T0).instant()).isEqualTo(T0);
        assertThat(MutableClock.at(T0).getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(MutableClock.of(T0, LONDON).getZone()).isEqualTo(LONDON);
        assertThat(MutableClock.at(T0).millis()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    @DisplayName("moves forward and back with advance, and jumps with set")
    void advanceAndSet() {
        MutableClock clock = MutableClock.at(T0);

        assertThat(clock.advance(Duration.ofHours(2))).isEqualTo(T0.plusSeconds(7_200));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(7_200));
        clock.advance(Duration.ofMinutes(-30));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5_400));
        clock.set(T0);
        assertThat(clock.instant()).isEqualTo(T0);
    }

    @Test
    @DisplayName("shares its time source with views made by withZone")
    void withZoneSharesTime() {
        MutableClock utc = MutableClock.at(T0);
        MutableClock london = utc.withZone(LONDON);

        utc.advance(Duration.ofDays(1));

        assertThat(london.instant()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(london.getZone()).isEqualTo(LONDON);
        // 2025-03-30 is the spring clock change: 18:00Z is 19:00 BST.
        assertThat(java.time.LocalDateTime.now(london)).isEqualTo("2025-03-30T19:00");
        london.set(T0);
        assertThat(utc.instant()).isEqualTo(T0);
        assertThat(utc.withZone(ZoneOffset.UTC)).isSameAs(utc);
        assertThat(london).isEqualTo(utc.withZone(LONDON)).isNotEqualTo(utc)
                .hasSameHashCodeAs(utc.withZone(LONDON));
        assertThat(MutableClock.at(T0)).isNotEqualTo(utc);
    }

    @Test
    @DisplayName("loses no advance when many threads move it at once")
    void threadSafe() throws InterruptedException {
        MutableClock clock = MutableClock.at(T0);
        int threads = 8;
        int advancesEach = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < advancesEach; i++) {
                    clock.advance(Duration.ofMillis(1));
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(10_000);
        }

        assertThat(clock.instant()).isEqualTo(T0.plusMillis((long) threads * advancesEach));
    }

    @Test
    @DisplayName("refuses nulls, naming the argument")
    void refusesNulls() {
        MutableClock clock = MutableClock.at(T0);
        assertThatThrownBy(() -> MutableClock.at(null)).isInstanceOf(ValidationException.class).hasMessageContaining("instant");
        assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(ValidationException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> clock.set(null)).isInstanceOf(ValidationException.class).hasMessageContaining("instant");
        assertThatThrownBy(() -> clock.withZone(null)).isInstanceOf(ValidationException.class).hasMessageContaining("zone");
    }
}
