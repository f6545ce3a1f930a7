package io.crowdengage.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crowdengage.error.ValidationException;
import io.crowdengage.store.OwedNotice;
import io.crowdengage.store.ReferenceBlock;
import io.crowdengage.store.RuntimeState;
import io.crowdengage.store.RuntimeStateStore;
import io.crowdengage.ticketing.ChangeCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RuntimeStateStore} keeps, as tests: what it gives back after a restart,
 * the compare-and-set that keeps two writers from both winning, and reference numbers that are never
 * handed out twice. A store passes it by extending it and saying how to make an empty store; a store
 * shared by several instances also overrides {@link #sameStore(RuntimeStateStore)}.
 */
public abstract class RuntimeStateStoreCompatibilityKit {

    /** A tick time with nanoseconds. */
    protected static final Instant KIT_TICK = Instant.parse("2025-06-14T17:30:00.123456789Z");

    /** The store under test, new and empty for each test. */
    protected RuntimeStateStore store;

    /**
     * A new store with nothing saved. Called once before each test.
     *
     * @return the store; closed after the test if it is {@link AutoCloseable}
     */
    protected abstract RuntimeStateStore createStore();

    /**
     * A second handle on the store behind {@code store}, as another instance, or the same application
     * after a restart, would have. Empty (the default) for a store that lives in one process.
     */
    protected Optional<RuntimeStateStore> sameStore(RuntimeStateStore store) {
        return Optional.empty();
    }

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable) {
            ((AutoCloseable) store).close();
        }
    }

    private RuntimeState saved(RuntimeState next) {
        Optional<RuntimeState> saved = store.save(next);
        assertThat(saved).as("saving %s", next).isPresent();
        return saved.get();
    }

    @Nested
    @DisplayName("The state")
    class State {

        @Test
        @DisplayName("of a store nothing was saved to is the initial one: revision 0, no cursor, no tick")
        void initial() {
            assertThat(store.load()).isEqualTo(RuntimeState.initial());
        }

        @Test
        @DisplayName("saved is given back exactly, one revision higher, cursor token and instant to the nanosecond")
        void roundTrip() {
            ChangeCursor cursor = new ChangeCursor("since:2025-06-14T17:29:00Z|page=https://example.org/x?a=1&b=ü");

            RuntimeState saved = saved(RuntimeState.initial().afterTick(cursor, KIT_TICK));

            assertThat(saved).isEqualTo(new RuntimeState(1, Optional.of(cursor), Optional.of(KIT_TICK)));
            assertThat(store.load()).isEqualTo(saved);
        }

        @Test
        @DisplayName("keeps the notices owed, in order, and lets a later save clear them")
        void owedNotices() {
            List<OwedNotice> owed = List.of(new OwedNotice("b-2", "p-1", "c-9"),
                    new OwedNotice("b-1", "p-1", "c-8"), new OwedNotice("b-ü 3", "perf/2?x=1", "c 7"));

            RuntimeState saved = saved(RuntimeState.initial().afterTick(new ChangeCursor("c1"), KIT_TICK, owed));

            assertThat(saved.owedNotices()).containsExactlyElementsOf(owed);
            assertThat(store.load()).isEqualTo(saved);
            sameStore(store).ifPresent(other -> assertThat(other.load()).isEqualTo(saved));

            RuntimeState settled = saved(saved.afterTick(new ChangeCursor("c2"), KIT_TICK.plusSeconds(60)));

            assertThat(store.load()).isEqualTo(settled);
            assertThat(store.load().owedNotices()).isEmpty();
        }

        @Test
        @DisplayName("moves on with each save derived from the one before")
        void successiveSaves() {
            RuntimeState first = saved(RuntimeState.initial().afterTick(new ChangeCursor("c1"), KIT_TICK));
            RuntimeState second = saved(first.afterTick(new ChangeCursor("c2"), KIT_TICK.plusSeconds(60)));

            assertThat(second.revision()).isEqualTo(2);
            assertThat(store.load()).isEqualTo(second);
        }

        @Test
        @DisplayName("is not overwritten by a save derived from an older revision: the stale writer is told")
        void staleSaveRefused() {
            RuntimeState first = saved(RuntimeState.initial().afterTick(new ChangeCursor("c1"), KIT_TICK));
            RuntimeState current = saved(first.afterTick(new ChangeCursor("c2"), KIT_TICK.plusSeconds(60)));

            assertThat(store.save(first.afterTick(new ChangeCursor("stale"), KIT_TICK.plusSeconds(30)))).isEmpty();
            assertThat(store.save(RuntimeState.initial().afterTick(new ChangeCursor("stale"), KIT_TICK))).isEmpty();

            assertThat(store.load()).isEqualTo(current);
        }

        @Test
        @DisplayName("may be saved back to no cursor and no tick")
        void emptyAgain() {
            RuntimeState first = saved(RuntimeState.initial().afterTick(new ChangeCursor("c1"), KIT_TICK));

            RuntimeState cleared = saved(new RuntimeState(first.revision(), Optional.empty(), Optional.empty()));

            assertThat(store.load()).isEqualTo(cleared).isEqualTo(new RuntimeState(2, Optional.empty(), Optional.empty()));
        }

        @Test
        @DisplayName("has one winner when 16 threads save from the same revision")
        void oneWinner() {
            RuntimeState base = saved(RuntimeState.initial().afterTick(new ChangeCursor("base"), KIT_TICK));

            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () -> store.save(
                    base.afterTick(new ChangeCursor("thread-" + thread), KIT_TICK.plusSeconds(thread))).isPresent());

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            List<Integer> winners = results.stream().filter(r -> r.value().orElse(false)).map(Race.Result::thread)
                    .collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            assertThat(store.load()).isEqualTo(new RuntimeState(2, Optional.of(new ChangeCursor("thread-" + winners.get(0))),
                    Optional.of(KIT_TICK.plusSeconds(winners.get(0)))));
        }
    }

    @Nested
    @DisplayName("Reference numbers")
    class References {

        @Test
        @DisplayName("come in blocks of the size asked for, numbered from 1 or more, never overlapping")
        void blocks() {
            ReferenceBlock first = store.reserveReferences(1);
            ReferenceBlock second = store.reserveReferences(100);
            ReferenceBlock third = store.reserveReferences(7);

            assertThat(first.size()).isEqualTo(1);
            assertThat(second.size()).isEqualTo(100);
            assertThat(first.first()).isGreaterThanOrEqualTo(1);
            assertThat(second.first()).isGreaterThan(first.last());
            assertThat(third.first()).isGreaterThan(second.last());
        }

        @Test
        @DisplayName("are refused for a block of fewer than one, naming the field")
        void badCount() {
            assertThatThrownBy(() -> store.reserveReferences(0)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("count");
            assertThatThrownBy(() -> store.reserveReferences(-5)).isInstanceOf(ValidationException.class);
        }

        @Test
        @DisplayName("are never handed out twice to 16 threads reserving at once")
        void noOverlapUnderContention() {
            List<Race.Result<List<ReferenceBlock>>> results = Race.run(Race.THREADS, thread -> () -> {
                List<ReferenceBlock> mine = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    mine.add(store.reserveReferences(1 + (thread + i) % 5));
                }
                return mine;
            });

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            assertDisjoint(results.stream().flatMap(r -> r.value().orElseThrow().stream()).collect(Collectors.toList()));
        }

        @Test
        @DisplayName("do not depend on the state: saving does not reuse or reset them")
        void independentOfState() {
            ReferenceBlock before = store.reserveReferences(10);
            saved(RuntimeState.initial().afterTick(new ChangeCursor("c1"), KIT_TICK));

            ReferenceBlock after = store.reserveReferences(10);

            assertThat(after.first()).isGreaterThan(before.last());
        }
    }

    @Nested
    @DisplayName("Across instances sharing the store, or after a restart")
    class AcrossInstances {

        private RuntimeStateStore other() {
            Optional<RuntimeStateStore> other = sameStore(store);
            assumeTrue(other.isPresent(), "the store under test lives in one process");
            return other.get();
        }

        @Test
        @DisplayName("the other handle loads what this one saved, and a save from a revision it never saw is refused")
        void loadAndCompareAcross() {
            RuntimeStateStore other = other();
            RuntimeState saved = saved(RuntimeState.initial().afterTick(new ChangeCursor("c1"), KIT_TICK));

            assertThat(other.load()).isEqualTo(saved);
            assertThat(other.save(RuntimeState.initial().afterTick(new ChangeCursor("stale"), KIT_TICK))).isEmpty();
            assertThat(other.save(saved.afterTick(new ChangeCursor("c2"), KIT_TICK.plusSeconds(60)))).isPresent();
            assertThat(store.load().changeCursor()).contains(new ChangeCursor("c2"));
        }

        @Test
        @DisplayName("reference blocks of the two never overlap, in turn or at once")
        void referencesAcross() {
            RuntimeStateStore other = other();
            List<ReferenceBlock> blocks = new ArrayList<>();
            blocks.add(store.reserveReferences(5));
            blocks.add(other.reserveReferences(5));
            blocks.add(store.reserveReferences(5));
            List<Race.Result<ReferenceBlock>> results = Race.run(Race.THREADS, thread -> () ->
                    (thread % 2 == 0 ? store : other).reserveReferences(3));

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            results.forEach(result -> blocks.add(result.value().orElseThrow()));
            assertDisjoint(blocks);
        }
    }

    private static void assertDisjoint(List<ReferenceBlock> blocks) {
        List<ReferenceBlock> sorted = new ArrayList<>(blocks);
        sorted.sort((a, b) -> Long.compare(a.first(), b.first()));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).first()).as("block %s after %s", sorted.get(i), sorted.get(i - 1))
                    .isGreaterThan(sorted.get(i - 1).last());
        }
    }
}
