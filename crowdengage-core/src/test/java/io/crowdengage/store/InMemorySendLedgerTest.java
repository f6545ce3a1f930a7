package io.crowdengage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.StepId;
import io.crowdengage.sms.PhoneNumber;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory send ledger")
class InMemorySendLedgerTest {
    static final SendKey KEY = new SendKey(StepId.of("review"), "P1", PhoneNumber.parse("07400 123456", "GB"));
    static final Instant T0 = Instant.parse("2026-03-28T22:30:00Z");

    @Test
    @DisplayName("a key is claimed once; the body is fixed at claim time")
    void claimOnce() {
        InMemorySendLedger ledger = InMemorySendLedger.create();
        assertThat(ledger.claim(KEY, "ref-1", "Hello", T0, T0.plusSeconds(3600))).isPresent();
        assertThat(ledger.claim(KEY, "ref-2", "Different", T0.plusSeconds(1), T0.plusSeconds(3600))).isEmpty();
        assertThat(ledger.find(KEY).orElseThrow().body()).isEqualTo("Hello");
        assertThat(ledger.claimed(KEY)).isTrue();
        assertThat(ledger.findByReference("ref-1")).map(SendRecord::key).contains(KEY);
        assertThat(ledger.findByReference("ref-2")).isEmpty();
    }

    @Test
    @DisplayName("of many threads racing for one key, exactly one wins")
    void raceForAKey() throws Exception {
        InMemorySendLedger ledger = InMemorySendLedger.create();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String reference = "ref-" + i;
            results.add(pool.submit(() -> ledger.claim(KEY, reference, "Hello", T0, T0.plusSeconds(3600)).isPresent()));
        }
        int winners = 0;
        for (Future<Boolean> result : results) {
            winners += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    @DisplayName("statuses only move forward; unsettled claims are listed for the runtime to resolve")
    void forwardOnly() {
        InMemorySendLedger ledger = InMemorySendLedger.create();
        SendRecord claimed = ledger.claim(KEY, "ref-1", "Hello", T0, T0.plusSeconds(3600)).orElseThrow();
        assertThat(ledger.unsettled()).containsExactly(claimed);
        SendRecord accepted = claimed.attempted(T0).moved(SendStatus.ACCEPTED, Optional.empty(), Optional.of("SM1"),
                "accepted", T0);
        ledger.update(accepted);
        assertThat(ledger.unsettled()).isEmpty();
        assertThatThrownBy(() -> ledger.update(accepted.moved(SendStatus.RETRY_PENDING, Optional.of(T0), Optional.empty(),
                "retry", T0))).hasMessageContaining("from ACCEPTED back to RETRY_PENDING");
        ledger.update(accepted.moved(SendStatus.DELIVERED, Optional.empty(), Optional.empty(), "delivered", T0));
        assertThat(ledger.find(KEY).orElseThrow().providerMessageId()).contains("SM1");
        assertThatThrownBy(() -> ledger.update(SendRecord.claimed(
                new SendKey(StepId.of("other"), "P1", KEY.to()), "ref-9", "x", T0, T0)))
                .hasMessageContaining("never claimed");
        assertThatThrownBy(() -> ledger.claim(new SendKey(StepId.of("other"), "P1", KEY.to()), "ref-1", "x", T0, T0.plusSeconds(3600)))
                .hasMessageContaining("reference 'ref-1' is already used");
        assertThat(ledger.claimed(new SendKey(StepId.of("other"), "P1", KEY.to()))).isFalse();
    }

    @Test
    @DisplayName("unsettled() lists exactly the claims in flight, oldest first, however many settled ones the ledger holds")
    void unsettledFollowsEveryMove() {
        InMemorySendLedger ledger = InMemorySendLedger.create();
        List<SendRecord> settled = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            SendKey key = new SendKey(StepId.of("history"), "P0", PhoneNumber.ofE164("+447400" + (100_000 + i)));
            SendRecord claimed = ledger.claim(key, "old-" + i, "Hi", T0.minusSeconds(i), T0.plusSeconds(3600))
                    .orElseThrow();
            SendRecord accepted = claimed.attempted(T0).moved(SendStatus.ACCEPTED, Optional.empty(),
                    Optional.of("SM" + i), "accepted", T0);
            ledger.update(accepted);
            settled.add(accepted);
        }
        assertThat(ledger.unsettled()).isEmpty();
        // A refused re-claim of a settled key does not bring it back.
        assertThat(ledger.claim(settled.get(0).key(), "again", "Hi", T0, T0.plusSeconds(3600))).isEmpty();
        assertThat(ledger.unsettled()).isEmpty();

        SendKey later = new SendKey(StepId.of("review"), "P2", KEY.to());
        SendRecord second = ledger.claim(later, "ref-2", "Hello", T0.plusSeconds(5), T0.plusSeconds(3600)).orElseThrow();
        SendRecord first = ledger.claim(KEY, "ref-1", "Hello", T0, T0.plusSeconds(3600)).orElseThrow();
        assertThat(ledger.unsettled()).containsExactly(first, second);

        SendRecord retrying = first.attempted(T0).moved(SendStatus.RETRY_PENDING, Optional.of(T0.plusSeconds(60)),
                Optional.empty(), "retry", T0);
        ledger.update(retrying);
        assertThat(ledger.unsettled()).containsExactly(retrying, second);

        SendKey clashing = new SendKey(StepId.of("review"), "P3", KEY.to());
        assertThatThrownBy(() -> ledger.claim(clashing, "ref-1", "x", T0, T0.plusSeconds(3600)))
                .hasMessageContaining("already used");
        assertThat(ledger.unsettled()).containsExactly(retrying, second);

        ledger.update(retrying.attempted(T0.plusSeconds(60)).moved(SendStatus.FAILED, Optional.empty(),
                Optional.empty(), "failed", T0.plusSeconds(60)));
        ledger.update(second.attempted(T0).moved(SendStatus.UNKNOWN, Optional.empty(), Optional.empty(), "unknown",
                T0));
        assertThat(ledger.unsettled()).isEmpty();
        // The clashing key was never claimed, so it can be claimed now, and is in flight again.
        SendRecord retried = ledger.claim(clashing, "ref-3", "x", T0, T0.plusSeconds(3600)).orElseThrow();
        assertThat(ledger.unsettled()).containsExactly(retried);
    }
}
