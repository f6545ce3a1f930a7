package io.crowdengage.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.StepId;
import io.crowdengage.postgres.CrowdEngagePostgres;
import io.crowdengage.postgres.PostgresSendLedger;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Issue 14: the latency of one send-ledger operation against the embedded PostgreSQL with a ledger of
 * {@code -Dce.rows} (default 1,000,000) settled records: a winning claim (a new key), a losing claim
 * (a key already claimed), the update to ACCEPTED, {@code claimed(key)}, and {@code unsettled()}.
 * One thread, one pooled connection at a time, as a tick uses the ledger. Prints p50, p99 and max.
 *
 * <pre>{@code java -cp crowdengage-benchmarks/target/benchmarks.jar io.crowdengage.benchmarks.PostgresClaimLatency}</pre>
 */
public final class PostgresClaimLatency {
    private static final Instant NOW = Instant.parse("2025-06-14T17:30:00.123456789Z");

    private PostgresClaimLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("ce.rows", 1_000_000);
        int samples = Integer.getInteger("ce.samples", 20_000);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setMaximumPoolSize(4);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                CrowdEngagePostgres postgres = CrowdEngagePostgres.using(pool).schema("bench").migrate();
                long fill = System.nanoTime();
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO bench.send_record (step_id, performance_id, phone, reference, body,"
                            + " claimed_at, claimed_at_ns, deadline, deadline_ns, status, attempts, detail, updated_at,"
                            + " updated_at_ns) SELECT 'history', 'P' || (g % 2000), '+4474' || lpad(g::text, 8, '0'),"
                            + " 'hist-' || g, 'Hi there, doors open at 7pm.', now() - interval '30 days', 0,"
                            + " now() - interval '29 days', 0, 'DELIVERED', 1, 'delivered', now() - interval '29 days', 0"
                            + " FROM generate_series(1, " + rows + ") g");
                    statement.execute("VACUUM ANALYZE bench.send_record");
                }
                System.out.printf(Locale.ROOT, "filled %,d settled records in %.1f s%n", rows,
                        (System.nanoTime() - fill) / 1e9);
                PostgresSendLedger ledger = postgres.sendLedger();
                run("warm-up", ledger, 2_000, 0);
                run("measured", ledger, samples, 1_000_000);
            }
        }
    }

    private static void run(String label, PostgresSendLedger ledger, int samples, int offset) {
        long[] win = new long[samples];
        long[] lose = new long[samples];
        long[] update = new long[samples];
        long[] claimed = new long[samples];
        long[] unsettled = new long[Math.max(1, samples / 100)];
        for (int i = 0; i < samples; i++) {
            SendKey key = new SendKey(StepId.of("bench"), "B" + (i % 50),
                    PhoneNumber.ofE164("+4475" + String.format("%08d", offset + i)));
            long start = System.nanoTime();
            Optional<SendRecord> record = ledger.claim(key, "bench-" + label + "-" + i, "Hi there", NOW, NOW.plusSeconds(3600));
            win[i] = System.nanoTime() - start;
            start = System.nanoTime();
            Optional<SendRecord> again = ledger.claim(key, "bench-" + label + "-again-" + i, "Hi", NOW, NOW.plusSeconds(3600));
            lose[i] = System.nanoTime() - start;
            if (record.isEmpty() || again.isPresent()) {
                throw new IllegalStateException("claim of a fresh key lost, or a second claim won, at " + i);
            }
            start = System.nanoTime();
            ledger.update(record.get().attempted(NOW).moved(SendStatus.ACCEPTED, Optional.empty(),
                    Optional.of("SM" + label + i), "accepted", NOW));
            update[i] = System.nanoTime() - start;
            start = System.nanoTime();
            ledger.claimed(key);
            claimed[i] = System.nanoTime() - start;
            if (i % 100 == 0) {
                start = System.nanoTime();
                ledger.unsettled();
                unsettled[i / 100] = System.nanoTime() - start;
            }
        }
        if (label.equals("measured")) {
            report("claim, new key (wins)", win);
            report("claim, key already claimed", lose);
            report("update to ACCEPTED", update);
            report("claimed(key)", claimed);
            report("unsettled()", unsettled);
        }
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-28s n=%,7d  p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
