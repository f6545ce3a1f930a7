package io.crowdengage.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.StepId;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link SendLedger} keeps, as tests: what its Javadoc promises and what "nothing
 * twice" rests on. A store passes it by extending it and saying how to make an empty ledger:
 *
 * <pre>{@code
 * class InMemorySendLedgerCompatibilityTest extends SendLedgerCompatibilityKit {
 *     @Override
 *     protected SendLedger createLedger() {
 *         return InMemorySendLedger.create();
 *     }
 * }
 * }</pre>
 *
 * <p>A store that several instances share (a database) also overrides {@link #sameStore(SendLedger)}
 * to give a second, independent handle on the same data (its own connections, no shared cache); the
 * "Across instances" group is skipped otherwise. A ledger that is {@link AutoCloseable} is closed
 * after each test.
 *
 * <p>The kit's instants carry nanoseconds on purpose: the runtime's clock has them, and a store that
 * rounds can reorder two events.
 */
public abstract class SendLedgerCompatibilityKit {

    /** Where the kit's times start: a Saturday evening, with nanoseconds. */
    protected static final Instant KIT_START = Instant.parse("2025-06-14T17:30:00.123456789Z");
    private static final Duration VALIDITY = Duration.ofHours(6);
    private static final PhoneNumber NUMBER = PhoneNumber.ofE164("+447400123456");
    private static final SendKey KEY = new SendKey(StepId.of("pre-show"), "P1", NUMBER);

    /** The ledger under test, new and empty for each test. */
    protected SendLedger ledger;

    /**
     * A new, empty ledger. Called once before each test.
     *
     * @return the ledger; closed after the test if it is {@link AutoCloseable}
     */
    protected abstract SendLedger createLedger();

    /**
     * A second handle on the store behind {@code ledger}, as another instance of the application would
     * have: its own connections, nothing shared in memory. Empty (the default) for a store that
     * lives in one process; the tests that need it are then skipped.
     */
    protected Optional<SendLedger> sameStore(SendLedger ledger) {
        return Optional.empty();
    }

    @BeforeEach
    void createLedgerUnderTest() {
        ledger = createLedger();
    }

    @AfterEach
    void closeLedger() throws Exception {
        if (ledger instanceof AutoCloseable) {
            ((AutoCloseable) ledger).close();
        }
    }

    private static SendKey key(String step, String performance, String e164) {
        return new SendKey(StepId.of(step), performance, PhoneNumber.ofE164(e164));
    }

    private static SendKey numbered(int i) {
        return key("review", "P" + (i % 7), "+4474001" + String.format("%05d", i));
    }

    private SendRecord claim(SendKey key, String reference) {
        return claim(key, reference, KIT_START);
    }

    private SendRecord claim(SendKey key, String reference, Instant at) {
        Optional<SendRecord> claimed = ledger.claim(key, reference, "Doors open at 7pm.", at, at.plus(VALIDITY));
        assertThat(claimed).as("claim of %s with %s", key, reference).isPresent();
        return claimed.get();
    }

    private static SendRecord accepted(SendRecord claimed, String providerId) {
        return claimed.attempted(claimed.claimedAt().plusMillis(3)).moved(SendStatus.ACCEPTED, Optional.empty(),
                Optional.of(providerId), "accepted by the provider", claimed.claimedAt().plusMillis(5));
    }

    private static SendRecord moved(SendRecord record, SendStatus status) {
        Optional<Instant> next = status == SendStatus.RETRY_PENDING
                ? Optional.of(record.updatedAt().plusSeconds(60)) : Optional.empty();
        Optional<String> providerId = status == SendStatus.ACCEPTED ? Optional.of("SM-" + record.reference())
                : Optional.empty();
        return record.moved(status, next, providerId, "moved to " + status, record.updatedAt().plusMillis(7));
    }

    /** A record of {@link #KEY} taken to {@code status} by moves the table allows, and stored. */
    private SendRecord recordIn(SendStatus status) {
        SendRecord claimed = claim(KEY, "ref-" + status);
        switch (status) {
            case CLAIMED:
                return claimed;
            case DELIVERED: {
                SendRecord accepted = moved(claimed, SendStatus.ACCEPTED);
                ledger.update(accepted);
                SendRecord delivered = moved(accepted, SendStatus.DELIVERED);
                ledger.update(delivered);
                return delivered;
            }
            default: {
                SendRecord next = moved(claimed, status);
                ledger.update(next);
                return next;
            }
        }
    }

    private SendRecord stored(SendKey key) {
        return ledger.find(key).orElseThrow(() -> new AssertionError("no record of " + key));
    }

    @Nested
    @DisplayName("Claiming a key")
    class Claiming {

        @Test
        @DisplayName("gives a fresh CLAIMED record holding exactly what was claimed")
        void freshRecord() {
            Instant deadline = KIT_START.plus(VALIDITY);
            Optional<SendRecord> claimed = ledger.claim(KEY, "ref-1", "Doors open at 7pm.", KIT_START, deadline);

            assertThat(claimed).contains(SendRecord.claimed(KEY, "ref-1", "Doors open at 7pm.", KIT_START, deadline));
            assertThat(ledger.find(KEY)).isEqualTo(claimed);
        }

        @Test
        @DisplayName("refuses a second claim of the same key and leaves the first record as it was")
        void secondClaimRefused() {
            SendRecord first = claim(KEY, "ref-1");

            Optional<SendRecord> second = ledger.claim(KEY, "ref-2", "Another body", KIT_START.plusSeconds(60),
                    KIT_START.plus(VALIDITY).plusSeconds(60));

            assertThat(second).isEmpty();
            assertThat(stored(KEY)).isEqualTo(first);
            assertThat(ledger.findByReference("ref-2")).as("the losing claim's reference").isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.crowdengage.testkit.store.SendLedgerCompatibilityKit#allStatuses")
        @DisplayName("refuses a claim of a key already claimed, whatever became of it:")
        void claimedForever(SendStatus status) {
            SendRecord record = recordIn(status);

            assertThat(ledger.claim(KEY, "again", "Doors open at 7pm.", KIT_START.plusSeconds(1),
                    KIT_START.plus(VALIDITY))).isEmpty();
            assertThat(stored(KEY)).isEqualTo(record);
            assertThat(ledger.claimed(KEY)).isTrue();
        }

        @Test
        @DisplayName("tells keys apart by step, by performance and by number")
        void keysDiffer() {
            SendKey other = key("pre-show", "P1", "+447400123457");
            SendKey base = key("pre-show", "P1", "+447400123456");
            claim(base, "ref-base");

            claim(key("post-show", "P1", "+447400123456"), "ref-step");
            claim(key("pre-show", "P2", "+447400123456"), "ref-performance");
            claim(other, "ref-number");

            assertThat(stored(base).reference()).isEqualTo("ref-base");
            assertThat(stored(other).reference()).isEqualTo("ref-number");
        }

        @Test
        @DisplayName("is answered by claimed(key) from then on, and never for a key nobody claimed")
        void historyView() {
            assertThat(ledger.claimed(KEY)).isFalse();
            assertThat(ledger.find(KEY)).isEmpty();

            claim(KEY, "ref-1");

            assertThat(ledger.claimed(KEY)).isTrue();
            assertThat(ledger.claimed(key("pre-show", "P1", "+447400123457"))).isFalse();
        }

        @Test
        @DisplayName("is listed by claimedKeysOf, when the store lists keys: exactly the keys claimed for those performances, whatever their status")
        void listedByPerformance() {
            List<SendKey> keys = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                keys.add(numbered(i));
                SendRecord claimed = claim(numbered(i), "ref-list-" + i);
                if (i % 3 == 0) {
                    ledger.update(moved(claimed, SendStatus.ACCEPTED));
                }
            }
            List<String> asked = List.of("P1", "P2", "P-none");

            Optional<Set<SendKey>> listed = ledger.claimedKeysOf(asked);

            assumeTrue(listed.isPresent(),
                    "this store does not list keys (the default): the runtime asks it key by key");
            assertThat(listed.get()).containsExactlyInAnyOrderElementsOf(keys.stream()
                    .filter(key -> asked.contains(key.performanceId())).toList());
            assertThat(ledger.claimedKeysOf(List.of())).hasValue(Set.of());
        }

        @Test
        @DisplayName("is atomic: of 16 threads claiming one key at once, exactly one wins, and the record is the winner's")
        void oneWinner() {
            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () -> ledger.claim(KEY,
                    "race-" + thread, "body of thread " + thread, KIT_START.plusMillis(thread),
                    KIT_START.plus(VALIDITY)).isPresent());

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            List<Integer> winners = results.stream().filter(r -> r.value().orElse(false)).map(Race.Result::thread)
                    .collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            int winner = winners.get(0);
            SendRecord record = stored(KEY);
            assertThat(record.reference()).isEqualTo("race-" + winner);
            assertThat(record.body()).isEqualTo("body of thread " + winner);
            assertThat(record.claimedAt()).isEqualTo(KIT_START.plusMillis(winner));
            for (int thread = 0; thread < Race.THREADS; thread++) {
                if (thread != winner) {
                    assertThat(ledger.findByReference("race-" + thread)).as("loser %s's reference", thread).isEmpty();
                }
            }
        }

        @Test
        @DisplayName("with its first attempt (claimAttempting) gives and stores the record claimed and then attempted, and"
                + " refuses a key already claimed either way")
        void claimAttempting() {
            Instant deadline = KIT_START.plus(VALIDITY);
            Optional<SendRecord> attempting = ledger.claimAttempting(KEY, "ref-1", "Doors open at 7pm.", KIT_START,
                    deadline);

            SendRecord expected = SendRecord.claimed(KEY, "ref-1", "Doors open at 7pm.", KIT_START, deadline)
                    .attempted(KIT_START);
            assertThat(attempting).contains(expected);
            assertThat(ledger.find(KEY)).contains(expected);
            assertThat(ledger.claim(KEY, "ref-2", "Hi", KIT_START, deadline)).isEmpty();
            assertThat(ledger.claimAttempting(KEY, "ref-3", "Hi", KIT_START, deadline)).isEmpty();
            assertThat(ledger.unsettled()).containsExactly(expected);

            SendKey other = key("review", "P2", "+447400100002");
            claim(other, "ref-4");
            assertThat(ledger.claimAttempting(other, "ref-5", "Hi", KIT_START, deadline)).isEmpty();
            assertThat(stored(other).attempts()).isZero();
        }

        @Test
        @DisplayName("with its first attempt is atomic: of 16 threads, half claiming and half claiming with the attempt,"
                + " exactly one wins")
        void claimAttemptingOneWinner() {
            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () -> (thread % 2 == 0
                    ? ledger.claimAttempting(KEY, "race-" + thread, "body " + thread, KIT_START, KIT_START.plus(VALIDITY))
                    : ledger.claim(KEY, "race-" + thread, "body " + thread, KIT_START, KIT_START.plus(VALIDITY)))
                    .isPresent());

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            List<Integer> winners = results.stream().filter(r -> r.value().orElse(false)).map(Race.Result::thread)
                    .collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            SendRecord record = stored(KEY);
            assertThat(record.reference()).isEqualTo("race-" + winners.get(0));
            assertThat(record.attempts()).isEqualTo(winners.get(0) % 2 == 0 ? 1 : 0);
        }

        @Test
        @DisplayName("is atomic per key: 16 threads claiming the same 100 keys in their own orders win each key exactly once")
        void oneWinnerPerKey() {
            int keys = 100;
            List<Race.Result<List<Integer>>> results = Race.run(Race.THREADS, thread -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < keys; i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(thread));
                return () -> {
                    List<Integer> won = new ArrayList<>();
                    for (int i : order) {
                        if (ledger.claim(numbered(i), "t" + thread + "-k" + i, "Hi", KIT_START,
                                KIT_START.plus(VALIDITY)).isPresent()) {
                            won.add(i);
                        }
                    }
                    return won;
                };
            });

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            Map<Integer, Integer> winnerOf = new HashMap<>();
            for (Race.Result<List<Integer>> result : results) {
                for (int i : result.value().orElseThrow()) {
                    assertThat(winnerOf.put(i, result.thread())).as("a second winner of key %s", i).isNull();
                }
            }
            assertThat(winnerOf).hasSize(keys);
            winnerOf.forEach((i, thread) ->
                    assertThat(stored(numbered(i)).reference()).isEqualTo("t" + thread + "-k" + i));
        }
    }

    @Nested
    @DisplayName("Message references")
    class References {

        @Test
        @DisplayName("find the record they were claimed with, and nothing for a reference never used")
        void found() {
            SendRecord record = claim(KEY, "ref-1");

            assertThat(ledger.findByReference("ref-1")).contains(record);
            assertThat(ledger.findByReference("ref-unknown")).isEmpty();
        }

        @Test
        @DisplayName("are unique: another key's claim with a reference already held is refused and that key stays unclaimed")
        void unique() {
            SendRecord first = claim(KEY, "ref-1");
            SendKey other = key("pre-show", "P2", "+447400123456");

            assertThatThrownBy(() -> ledger.claim(other, "ref-1", "Hi", KIT_START, KIT_START.plus(VALIDITY)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ref-1");

            assertThat(ledger.claimed(other)).isFalse();
            assertThat(ledger.find(other)).isEmpty();
            assertThat(ledger.findByReference("ref-1")).contains(first);
            assertThat(ledger.unsettled()).containsExactly(first);
        }

        @Test
        @DisplayName("refused once leave the key free to be claimed with a fresh one")
        void refusedThenClaimed() {
            claim(KEY, "ref-1");
            SendKey other = key("pre-show", "P2", "+447400123456");
            assertThatThrownBy(() -> ledger.claim(other, "ref-1", "Hi", KIT_START, KIT_START.plus(VALIDITY)))
                    .isInstanceOf(IllegalStateException.class);

            SendRecord second = claim(other, "ref-2");

            assertThat(ledger.findByReference("ref-2")).contains(second);
        }

        @Test
        @DisplayName("of a claim that lost are not taken: another key can use them")
        void losingReferenceFree() {
            claim(KEY, "ref-1");
            assertThat(ledger.claim(KEY, "ref-2", "Hi", KIT_START, KIT_START.plus(VALIDITY))).isEmpty();

            SendRecord other = claim(key("pre-show", "P2", "+447400123456"), "ref-2");

            assertThat(ledger.findByReference("ref-2")).contains(other);
        }

        @Test
        @DisplayName("stay unique under contention: of 16 threads claiming 16 keys with one reference, exactly one succeeds")
        void uniqueUnderContention() {
            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () ->
                    ledger.claim(numbered(thread), "shared-ref", "Hi", KIT_START, KIT_START.plus(VALIDITY)).isPresent());

            List<Race.Result<Boolean>> succeeded = results.stream().filter(r -> r.value().orElse(false))
                    .collect(Collectors.toList());
            assertThat(succeeded).hasSize(1);
            assertThat(results).filteredOn(r -> !r.value().orElse(false)).allSatisfy(r ->
                    assertThat(r.thrown()).get().isInstanceOf(IllegalStateException.class));
            int winner = succeeded.get(0).thread();
            assertThat(ledger.findByReference("shared-ref")).map(SendRecord::key).contains(numbered(winner));
            for (int thread = 0; thread < Race.THREADS; thread++) {
                assertThat(ledger.claimed(numbered(thread))).as("key of thread %s claimed", thread)
                        .isEqualTo(thread == winner);
            }
        }

        @Test
        @DisplayName("are refused with a message that masks the number")
        void refusalMasked() {
            claim(KEY, "ref-1");

            assertThatThrownBy(() -> ledger.claim(key("pre-show", "P2", "+447400123456"), "ref-1", "Hi", KIT_START,
                    KIT_START.plus(VALIDITY))).satisfies(thrown ->
                    assertThat(String.valueOf(thrown.getMessage())).doesNotContain("7400123456"));
        }
    }

    @Nested
    @DisplayName("Updating a record")
    class Updating {

        @Test
        @DisplayName("updateIf takes the attempt once: of 16 threads moving a retry from the record they all read, one wins")
        void updateIfOneWinner() {
            SendRecord claimed = claim(KEY, "ref-retry");
            SendRecord retrying = claimed.attempted(KIT_START.plusSeconds(1)).moved(SendStatus.RETRY_PENDING,
                    Optional.of(KIT_START.plusSeconds(60)), Optional.empty(), "transient failure", KIT_START.plusSeconds(2));
            ledger.update(retrying);
            SendRecord read = stored(KEY);

            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () -> ledger.updateIf(read,
                    read.attempted(KIT_START.plusSeconds(61).plusMillis(thread))));

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            List<Integer> winners = results.stream().filter(r -> r.value().orElse(false)).map(Race.Result::thread)
                    .collect(Collectors.toList());
            assertThat(winners).hasSize(1);
            SendRecord after = stored(KEY);
            assertThat(after.attempts()).isEqualTo(read.attempts() + 1);
            assertThat(after.updatedAt()).isEqualTo(KIT_START.plusSeconds(61).plusMillis(winners.get(0)));
        }

        @Test
        @DisplayName("updateIf refuses, writing nothing, when the stored record is no longer the one expected")
        void updateIfStale() {
            SendRecord claimed = claim(KEY, "ref-stale");
            SendRecord accepted = accepted(claimed, "SM-stale");
            ledger.update(accepted);

            boolean recorded = ledger.updateIf(claimed, claimed.attempted(KIT_START.plusSeconds(9)));

            assertThat(recorded).isFalse();
            assertThat(stored(KEY)).isEqualTo(accepted);
            assertThat(ledger.updateIf(accepted, moved(accepted, SendStatus.DELIVERED))).isTrue();
            assertThat(stored(KEY).status()).isEqualTo(SendStatus.DELIVERED);
        }

        @Test
        @DisplayName("replaces what it says: attempts, next attempt, provider id, detail and update time")
        void replaces() {
            SendRecord claimed = claim(KEY, "ref-1");
            SendRecord retrying = claimed.attempted(KIT_START.plusSeconds(1)).moved(SendStatus.RETRY_PENDING,
                    Optional.of(KIT_START.plusSeconds(61)), Optional.empty(), "provider busy (429)",
                    KIT_START.plusSeconds(2));

            ledger.update(retrying);

            assertThat(stored(KEY)).isEqualTo(retrying);
            SendRecord accepted = retrying.attempted(KIT_START.plusSeconds(61)).moved(SendStatus.ACCEPTED,
                    Optional.empty(), Optional.of("SM-77"), "accepted", KIT_START.plusSeconds(62));
            ledger.update(accepted);
            assertThat(stored(KEY)).isEqualTo(accepted);
            assertThat(stored(KEY).attempts()).isEqualTo(2);
            assertThat(ledger.findByReference("ref-1")).contains(accepted);
        }

        @Test
        @DisplayName("keeps every instant to the nanosecond")
        void nanoseconds() {
            Instant at = Instant.parse("2025-06-14T17:30:00.000000001Z");
            Instant deadline = Instant.parse("2025-06-14T23:59:59.999999999Z");
            SendRecord claimed = ledger.claim(KEY, "ref-1", "Hi", at, deadline).orElseThrow();
            SendRecord retrying = claimed.moved(SendStatus.RETRY_PENDING,
                    Optional.of(Instant.parse("2025-06-14T17:31:00.000000999Z")), Optional.empty(), "retry",
                    Instant.parse("2025-06-14T17:30:00.000001001Z"));

            ledger.update(retrying);

            SendRecord found = stored(KEY);
            assertThat(found.claimedAt()).isEqualTo(at);
            assertThat(found.deadline()).isEqualTo(deadline);
            assertThat(found.nextAttemptAt()).contains(Instant.parse("2025-06-14T17:31:00.000000999Z"));
            assertThat(found.updatedAt()).isEqualTo(Instant.parse("2025-06-14T17:30:00.000001001Z"));
        }

        @Test
        @DisplayName("keeps bodies and details of any text exactly: accents, emoji, quotes, line breaks, an empty detail")
        void textExact() {
            String body = "Café ☕ \"Hamlet\" — it's 'tonight'!\r\nRow [F] {12} \\ 100% 😀 ۱۲۳ 𝄞";
            SendRecord claimed = ledger.claim(KEY, "ref-ü-1", body, KIT_START, KIT_START.plus(VALIDITY)).orElseThrow();
            assertThat(stored(KEY).body()).isEqualTo(body);

            SendRecord failed = claimed.moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), "",
                    KIT_START.plusSeconds(1));
            ledger.update(failed);

            assertThat(stored(KEY)).isEqualTo(failed);
            assertThat(ledger.findByReference("ref-ü-1")).contains(failed);
        }

        @Test
        @DisplayName("refuses a key that was never claimed, and does not create it")
        void neverClaimed() {
            SendRecord unclaimed = SendRecord.claimed(KEY, "ref-1", "Hi", KIT_START, KIT_START.plus(VALIDITY))
                    .moved(SendStatus.ACCEPTED, Optional.empty(), Optional.of("SM-1"), "accepted", KIT_START);

            assertThatThrownBy(() -> ledger.update(unclaimed)).isInstanceOf(IllegalStateException.class)
                    .satisfies(thrown -> assertThat(thrown.getMessage()).doesNotContain("7400123456"));

            assertThat(ledger.find(KEY)).isEmpty();
            assertThat(ledger.claimed(KEY)).isFalse();
            assertThat(ledger.findByReference("ref-1")).isEmpty();
            assertThat(ledger.findByProviderMessageId("SM-1")).isEmpty();
        }

        @ParameterizedTest(name = "its {0}")
        @MethodSource("io.crowdengage.testkit.store.SendLedgerCompatibilityKit#claimFields")
        @DisplayName("refuses to change what the claim fixed, and keeps the record as it was:")
        void claimFieldsFixed(String field, UnaryOperator<SendRecord> change) {
            SendRecord claimed = claim(KEY, "ref-1");
            SendRecord attempted = claimed.attempted(KIT_START.plusSeconds(1));
            ledger.update(attempted);

            assertThatThrownBy(() -> ledger.update(change.apply(attempted))).isInstanceOf(IllegalStateException.class);

            assertThat(stored(KEY)).isEqualTo(attempted);
            assertThat(ledger.findByReference("ref-1")).contains(attempted);
        }
    }

    @Nested
    @DisplayName("A status")
    class Statuses {

        @ParameterizedTest(name = "from {0} to {1}")
        @MethodSource("io.crowdengage.testkit.store.SendLedgerCompatibilityKit#statusPairs")
        @DisplayName("moves only as SendStatus.canMoveTo allows, and a refused move changes nothing:")
        void table(SendStatus from, SendStatus to) {
            SendRecord current = recordIn(from);
            SendRecord next = moved(current, to);

            if (from.canMoveTo(to)) {
                ledger.update(next);
                assertThat(stored(KEY)).isEqualTo(next);
            } else {
                assertThatThrownBy(() -> ledger.update(next)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(from.name()).hasMessageContaining(to.name())
                        .satisfies(thrown -> assertThat(thrown.getMessage()).doesNotContain("7400123456"));
                assertThat(stored(KEY)).isEqualTo(current);
            }
        }

        @Test
        @DisplayName("never moves from settled back to CLAIMED or RETRY_PENDING, so a settled send is never retried")
        void settledStaysSettled() {
            for (SendStatus settled : EnumSet.allOf(SendStatus.class)) {
                if (!settled.settled()) {
                    continue;
                }
                assertThat(settled.canMoveTo(SendStatus.CLAIMED)).as("%s to CLAIMED", settled).isFalse();
                assertThat(settled.canMoveTo(SendStatus.RETRY_PENDING)).as("%s to RETRY_PENDING", settled).isFalse();
            }
            SendRecord accepted = recordIn(SendStatus.ACCEPTED);
            assertThatThrownBy(() -> ledger.update(accepted.attempted(KIT_START.plusSeconds(30))))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(stored(KEY)).isEqualTo(accepted);
        }

        @Test
        @DisplayName("UNKNOWN after a crash is settled by a late delivery report, and the provider's id is kept")
        void unknownSettledLater() {
            SendRecord unknown = recordIn(SendStatus.UNKNOWN);
            SendRecord delivered = unknown.moved(SendStatus.DELIVERED, Optional.empty(), Optional.of("SM-late"),
                    "delivery report: DELIVERED", KIT_START.plusSeconds(600));

            ledger.update(delivered);

            assertThat(stored(KEY)).isEqualTo(delivered);
            assertThat(ledger.findByProviderMessageId("SM-late")).contains(delivered);
            assertThatThrownBy(() -> ledger.update(delivered.moved(SendStatus.UNKNOWN, Optional.empty(),
                    Optional.empty(), "again", KIT_START.plusSeconds(601)))).isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("moves forward under contention: 16 threads updating one record never take it back to unsettled")
        void forwardUnderContention() {
            SendRecord claimed = claim(KEY, "ref-1");
            ConcurrentLinkedQueue<SendStatus> seen = new ConcurrentLinkedQueue<>();
            AtomicBoolean racing = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                // Bounded, so that a fast in-memory store does not fill the heap while the writers race.
                for (int reads = 0; racing.get() && reads < 20_000; reads++) {
                    ledger.find(KEY).ifPresent(record -> seen.add(record.status()));
                }
            }, "kit-reader");
            reader.start();
            List<Race.Result<Integer>> results;
            try {
                results = Race.run(Race.THREADS, thread -> () -> {
                    int refused = 0;
                    for (int round = 0; round < 10; round++) {
                        SendStatus target = thread % 4 == 0 && round >= 5
                                ? (thread % 8 == 0 ? SendStatus.ACCEPTED : SendStatus.DELIVERED)
                                : SendStatus.RETRY_PENDING;
                        try {
                            ledger.update(claimed.moved(target, target == SendStatus.RETRY_PENDING
                                            ? Optional.of(KIT_START.plusSeconds(60)) : Optional.empty(),
                                    Optional.of("SM-" + thread), "thread " + thread + " round " + round,
                                    KIT_START.plusSeconds(round)));
                        } catch (IllegalStateException expected) {
                            refused++;
                        }
                    }
                    return refused;
                });
            } finally {
                racing.set(false);
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            assertThat(stored(KEY).status().settled()).as("the final status is settled").isTrue();
            boolean settledSeen = false;
            for (SendStatus status : seen) {
                if (settledSeen) {
                    assertThat(status.settled()).as("a status read after a settled one").isTrue();
                }
                settledSeen |= status.settled();
            }
        }
    }

    @Nested
    @DisplayName("Unsettled records")
    class Unsettled {

        @Test
        @DisplayName("are none in an empty ledger")
        void empty() {
            assertThat(ledger.unsettled()).isEmpty();
        }

        @Test
        @DisplayName("are the CLAIMED and RETRY_PENDING records, oldest claim first, whatever order they were claimed in")
        void oldestFirst() {
            SendRecord middle = claim(numbered(1), "ref-1", KIT_START.plusSeconds(10));
            SendRecord newest = claim(numbered(2), "ref-2", KIT_START.plusSeconds(20));
            SendRecord oldest = claim(numbered(3), "ref-3", KIT_START.plusNanos(1));
            SendRecord settled = claim(numbered(4), "ref-4", KIT_START);
            ledger.update(accepted(settled, "SM-4"));
            SendRecord retrying = moved(middle, SendStatus.RETRY_PENDING);
            ledger.update(retrying);

            assertThat(ledger.unsettled()).containsExactly(oldest, retrying, newest);
        }

        @Test
        @DisplayName("leave the list once settled and never come back, even when the settled key is claimed again")
        void leaveOnceSettled() {
            SendRecord claimed = claim(KEY, "ref-1");
            assertThat(ledger.unsettled()).containsExactly(claimed);

            ledger.update(moved(claimed, SendStatus.UNKNOWN));
            assertThat(ledger.claim(KEY, "ref-2", "Hi", KIT_START, KIT_START.plus(VALIDITY))).isEmpty();

            assertThat(ledger.unsettled()).isEmpty();
        }

        @Test
        @DisplayName("cost what is in flight: 300 settled records do not appear, the 2 in flight do")
        void manySettled() {
            for (int i = 0; i < 300; i++) {
                SendRecord claimed = claim(numbered(i), "old-" + i, KIT_START.minusSeconds(i));
                ledger.update(i % 3 == 0 ? moved(claimed, SendStatus.FAILED) : accepted(claimed, "SM-old-" + i));
            }
            SendRecord first = claim(numbered(1000), "new-1", KIT_START.plusSeconds(1));
            SendRecord second = claim(numbered(1001), "new-2", KIT_START.plusSeconds(2));

            assertThat(ledger.unsettled()).containsExactly(first, second);
        }
    }

    @Nested
    @DisplayName("Provider message ids")
    class ProviderIds {

        @Test
        @DisplayName("find the record once an update carries the id, and nothing for an id never recorded")
        void found() {
            SendRecord accepted = accepted(claim(KEY, "ref-1"), "SM-1");
            assertThat(ledger.findByProviderMessageId("SM-1")).isEmpty();

            ledger.update(accepted);

            assertThat(ledger.findByProviderMessageId("SM-1")).contains(accepted);
            assertThat(ledger.findByProviderMessageId("SM-2")).isEmpty();
        }

        @Test
        @DisplayName("keep finding the record as it moves on to a delivery outcome")
        void followsTheRecord() {
            SendRecord accepted = accepted(claim(KEY, "ref-1"), "SM-1");
            ledger.update(accepted);
            SendRecord delivered = accepted.moved(SendStatus.DELIVERED, Optional.empty(), Optional.empty(),
                    "delivery report: DELIVERED", KIT_START.plusSeconds(30));

            ledger.update(delivered);

            assertThat(ledger.findByProviderMessageId("SM-1")).contains(delivered);
            assertThat(delivered.providerMessageId()).contains("SM-1");
        }

        @Test
        @DisplayName("given to one record first are not taken over by another record given the same id")
        void firstHolderKeepsIt() {
            SendRecord first = accepted(claim(numbered(1), "ref-1"), "SM-same");
            ledger.update(first);
            SendRecord second = accepted(claim(numbered(2), "ref-2"), "SM-same");

            ledger.update(second);

            assertThat(ledger.findByProviderMessageId("SM-same")).contains(first);
            assertThat(stored(numbered(2))).isEqualTo(second);
        }
    }

    @Nested
    @DisplayName("Across instances sharing the store")
    class AcrossInstances {

        private SendLedger other() {
            Optional<SendLedger> other = sameStore(ledger);
            assumeTrue(other.isPresent(), "the store under test lives in one process");
            return other.get();
        }

        @Test
        @DisplayName("a key claimed through one is refused through the other")
        void claimSeenElsewhere() {
            SendLedger other = other();
            SendRecord claimed = claim(KEY, "ref-1");

            assertThat(other.claim(KEY, "ref-2", "Hi", KIT_START, KIT_START.plus(VALIDITY))).isEmpty();
            assertThat(other.claimed(KEY)).isTrue();
            assertThat(other.find(KEY)).contains(claimed);
        }

        @Test
        @DisplayName("an update through one is read at once through the other, unsettled list included")
        void updateSeenElsewhere() {
            SendLedger other = other();
            SendRecord claimed = claim(KEY, "ref-1");
            assertThat(other.unsettled()).containsExactly(claimed);

            SendRecord accepted = accepted(claimed, "SM-1");
            ledger.update(accepted);

            assertThat(other.find(KEY)).contains(accepted);
            assertThat(other.findByReference("ref-1")).contains(accepted);
            assertThat(other.findByProviderMessageId("SM-1")).contains(accepted);
            assertThat(other.unsettled()).isEmpty();
            assertThatThrownBy(() -> other.update(claimed.attempted(KIT_START.plusSeconds(9))))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("of 16 threads split between the two claiming one key, exactly one wins")
        void oneWinnerAcrossInstances() {
            SendLedger other = other();
            List<Race.Result<Boolean>> results = Race.run(Race.THREADS, thread -> () ->
                    (thread % 2 == 0 ? ledger : other).claim(KEY, "race-" + thread, "Hi", KIT_START,
                            KIT_START.plus(VALIDITY)).isPresent());

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            Set<Integer> winners = new HashSet<>();
            results.stream().filter(r -> r.value().orElse(false)).forEach(r -> winners.add(r.thread()));
            assertThat(winners).hasSize(1);
            assertThat(other.find(KEY)).isEqualTo(ledger.find(KEY));
        }
    }

    static Stream<SendStatus> allStatuses() {
        return Stream.of(SendStatus.values());
    }

    static Stream<Arguments> statusPairs() {
        return Stream.of(SendStatus.values())
                .flatMap(from -> Stream.of(SendStatus.values()).map(to -> Arguments.of(from, to)));
    }

    static Stream<Arguments> claimFields() {
        return Stream.of(
                Arguments.of("reference", (UnaryOperator<SendRecord>) r -> new SendRecord(r.key(), r.reference() + "-x",
                        r.body(), r.claimedAt(), r.deadline(), r.status(), r.attempts(), r.nextAttemptAt(),
                        r.providerMessageId(), r.detail(), r.updatedAt())),
                Arguments.of("body", (UnaryOperator<SendRecord>) r -> new SendRecord(r.key(), r.reference(),
                        r.body() + " (edited)", r.claimedAt(), r.deadline(), r.status(), r.attempts(),
                        r.nextAttemptAt(), r.providerMessageId(), r.detail(), r.updatedAt())),
                Arguments.of("claim time", (UnaryOperator<SendRecord>) r -> new SendRecord(r.key(), r.reference(),
                        r.body(), r.claimedAt().plusNanos(1), r.deadline(), r.status(), r.attempts(),
                        r.nextAttemptAt(), r.providerMessageId(), r.detail(), r.updatedAt())),
                Arguments.of("deadline", (UnaryOperator<SendRecord>) r -> new SendRecord(r.key(), r.reference(),
                        r.body(), r.claimedAt(), r.deadline().plusSeconds(3600), r.status(), r.attempts(),
                        r.nextAttemptAt(), r.providerMessageId(), r.detail(), r.updatedAt())));
    }
}
