package io.crowdengage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.SendKey;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.StepId;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.LeaseGrant;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** What the PostgreSQL stores promise beyond the kits: the database's own guards, retention, faults, the lease on the database's clock. */
@DisplayName("The PostgreSQL stores")
class PostgresStoresTest {
    private static final PhoneNumber NUMBER = PhoneNumber.ofE164("+447400123456");
    private static final Instant NOW = Instant.parse("2025-06-14T17:30:00Z");
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();

    private static SendKey key(int i) {
        return new SendKey(StepId.of("review"), "P1", PhoneNumber.ofE164("+4474001" + String.format("%05d", i)));
    }

    @Nested
    @DisplayName("The send ledger's table")
    class SendTable {

        @Test
        @DisplayName("refuses, from any writer, exactly the status moves SendStatus.canMoveTo refuses")
        void triggerAgreesWithCanMoveTo() {
            CrowdEngagePostgres postgres = database.freshSchema();
            String table = "\"" + postgres.schema().name() + "\".send_record";
            int i = 0;
            for (SendStatus from : SendStatus.values()) {
                for (SendStatus to : SendStatus.values()) {
                    String reference = "ref-" + i;
                    postgres.sendLedger().claim(key(i), reference, "Hi", NOW, NOW.plusSeconds(60)).orElseThrow();
                    database.execute("UPDATE " + table + " SET status = '" + from + "' WHERE reference = '" + reference
                            + "'");
                    Runnable move = () -> database.execute("UPDATE " + table + " SET status = '" + to
                            + "' WHERE reference = '" + reference + "'");
                    if (from.canMoveTo(to)) {
                        move.run();
                    } else {
                        assertThatThrownBy(move::run).as("%s to %s by hand", from, to)
                                .hasMessageContaining("cannot move from " + from + " to " + to);
                    }
                    i++;
                }
            }
        }

        @Test
        @DisplayName("refuses, from any writer, a change to what the claim fixed")
        void triggerKeepsClaimFields() {
            CrowdEngagePostgres postgres = database.freshSchema();
            String table = "\"" + postgres.schema().name() + "\".send_record";
            postgres.sendLedger().claim(key(1), "ref-1", "Hi", NOW, NOW.plusSeconds(60)).orElseThrow();

            for (String change : List.of("body = 'Edited'", "reference = 'ref-2'", "claimed_at = claimed_at + interval '1 s'",
                    "deadline_ns = 5", "phone = '+447400199999'")) {
                assertThatThrownBy(() -> database.execute("UPDATE " + table + " SET " + change))
                        .as(change).hasMessageContaining("keeps what its claim fixed");
            }
            assertThat(postgres.sendLedger().find(key(1)).orElseThrow().body()).isEqualTo("Hi");
        }

        @Test
        @DisplayName("refuses text PostgreSQL cannot hold, naming the field, and records nothing")
        void nulCharacter() {
            CrowdEngagePostgres postgres = database.freshSchema();

            assertThatThrownBy(() -> postgres.sendLedger().claim(key(1), "ref-1", "Hi\u0000", NOW, NOW.plusSeconds(60)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body contains a NUL");
            assertThat(postgres.sendLedger().claimed(key(1))).isFalse();
        }

        @Test
        @DisplayName("loads every record of the performances in the window with one call")
        void recordsOfPerformances() {
            CrowdEngagePostgres postgres = database.freshSchema();
            PostgresSendLedger ledger = postgres.sendLedger();
            SendKey p1 = new SendKey(StepId.of("review"), "P1", NUMBER);
            SendKey p2 = new SendKey(StepId.of("review"), "P2", NUMBER);
            SendKey p3 = new SendKey(StepId.of("review"), "P3", NUMBER);
            SendRecord first = ledger.claim(p1, "r1", "Hi", NOW, NOW.plusSeconds(60)).orElseThrow();
            SendRecord second = ledger.claim(p2, "r2", "Hi", NOW.plusSeconds(1), NOW.plusSeconds(60)).orElseThrow();
            ledger.claim(p3, "r3", "Hi", NOW, NOW.plusSeconds(60)).orElseThrow();

            assertThat(ledger.recordsOf(List.of("P1", "P2", "P9"))).containsExactly(first, second);
            assertThat(ledger.recordsOf(List.of())).isEmpty();
        }
    }

    @Nested
    @DisplayName("Retention")
    class Retention {

        @Test
        @DisplayName("purges settled records older than the retention and past their deadline, in batches, and nothing else")
        void purge() {
            CrowdEngagePostgres postgres = database.freshSchema();
            PostgresSendLedger ledger = postgres.sendLedger();
            String schema = "\"" + postgres.schema().name() + "\"";
            Instant old = NOW.minus(Duration.ofDays(400));
            // 12,000 old settled records, so that the purge runs in more than one batch.
            database.execute("INSERT INTO " + schema + ".send_record (step_id, performance_id, phone, reference, body,"
                    + " claimed_at, claimed_at_ns, deadline, deadline_ns, status, attempts, detail, updated_at, updated_at_ns)"
                    + " SELECT 'review', 'OLD', '+4474002' || lpad(g::text, 5, '0'), 'old-' || g, 'Hi', '" + old + "', 0,"
                    + " '" + old.plusSeconds(3600) + "', 0, 'DELIVERED', 1, 'delivered', '" + old + "', 0"
                    + " FROM generate_series(1, 12000) g");
            SendRecord oldAccepted = ledger.claim(key(1), "old-accepted", "Hi", old, old.plusSeconds(60)).orElseThrow();
            ledger.update(oldAccepted.moved(SendStatus.ACCEPTED, Optional.empty(), Optional.of("SM-old"), "accepted", old));
            SendRecord oldInFlight = ledger.claim(key(2), "old-in-flight", "Hi", old, old.plusSeconds(60)).orElseThrow();
            SendRecord recent = ledger.claim(key(3), "recent", "Hi", NOW.minus(Duration.ofDays(10)),
                    NOW.minus(Duration.ofDays(10)).plusSeconds(60)).orElseThrow();
            ledger.update(recent.moved(SendStatus.FAILED, Optional.empty(), Optional.empty(), "failed",
                    NOW.minus(Duration.ofDays(10))));
            SendRecord oldButOpen = ledger.claim(key(4), "old-open-deadline", "Hi", old, NOW.plus(Duration.ofDays(1)))
                    .orElseThrow();
            ledger.update(oldButOpen.moved(SendStatus.UNKNOWN, Optional.empty(), Optional.empty(), "unknown", old));
            postgres.consentLedger().append(new ConsentRecord.OptedOut(NUMBER, old, ConsentRecord.OptOutSource.SMS_KEYWORD,
                    false, "STOP"));

            long purged = ledger.purgeSettled(Duration.ofDays(365), NOW);

            assertThat(purged).isEqualTo(12_001);
            assertThat(ledger.find(key(1))).isEmpty();
            assertThat(ledger.findByProviderMessageId("SM-old")).isEmpty();
            assertThat(ledger.find(key(2))).as("in flight").isPresent();
            assertThat(ledger.find(key(3))).as("settled within the retention").isPresent();
            assertThat(ledger.find(key(4))).as("settled but its deadline not yet passed").isPresent();
            assertThat(ledger.unsettled()).containsExactly(oldInFlight);
            assertThat(postgres.consentLedger().history(NUMBER).stateAt(NOW).optedOut()).as("consent is never purged")
                    .isTrue();
            assertThat(ledger.purgeSettled(Duration.ofDays(365), NOW)).isZero();
        }

        @Test
        @DisplayName("refuses a retention shorter than 30 days, which could purge sends still in the runtime's window")
        void minimum() {
            PostgresSendLedger ledger = database.freshSchema().sendLedger();

            assertThatThrownBy(() -> ledger.purgeSettled(Duration.ofDays(29), NOW))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("retention")
                    .hasMessageContaining("at least 30 days");
        }
    }

    @Nested
    @DisplayName("The consent ledger's table")
    class ConsentTable {

        @Test
        @DisplayName("is append-only, against any writer")
        void appendOnly() {
            CrowdEngagePostgres postgres = database.freshSchema();
            postgres.consentLedger().append(new ConsentRecord.OptedOut(NUMBER, NOW, ConsentRecord.OptOutSource.SMS_KEYWORD,
                    false, "STOP"));

            assertThatThrownBy(() -> database.execute("UPDATE \"" + postgres.schema().name()
                    + "\".consent_record SET kind = 'OPTED_IN'")).hasMessageContaining("append-only");
            assertThat(postgres.consentLedger().history(NUMBER).stateAt(NOW.plusSeconds(1)).optedOut()).isTrue();
        }
    }

    @Nested
    @DisplayName("When the database cannot be reached")
    class DatabaseDown {

        @Test
        @DisplayName("every store says UNAVAILABLE, retryable, without the number, and nothing is recorded")
        void unavailable() throws IOException {
            CrowdEngagePostgres real = database.freshSchema();
            PGSimpleDataSource nowhere = new PGSimpleDataSource();
            nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + Unreachable.port()
                    + "/postgres?connectTimeout=2");
            // Stores wired to the right schema but a database that is down; verify() is skipped, as if it went away later.
            Sql down = new Sql(nowhere, real.schema().name(), Duration.ofSeconds(2));
            PostgresSendLedger sends = new PostgresSendLedger(down);
            PostgresConsentLedger consent = new PostgresConsentLedger(down);
            SendKey key = new SendKey(StepId.of("pre-show"), "P1", NUMBER);

            List<Runnable> calls = List.of(
                    () -> sends.claim(key, "ref-1", "Hi", NOW, NOW.plusSeconds(60)),
                    () -> sends.find(key),
                    sends::unsettled,
                    () -> consent.append(new ConsentRecord.OptedOut(NUMBER, NOW, ConsentRecord.OptOutSource.SMS_KEYWORD,
                            false, "STOP")),
                    () -> consent.history(NUMBER),
                    () -> new PostgresRuntimeStateStore(down).load(),
                    () -> new PostgresTickerLease(down, "a", Duration.ofSeconds(30), Optional.empty()).tryAcquire());
            for (Runnable call : calls) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StoreException.Reason.UNAVAILABLE);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("7400123456").contains("SQLSTATE 08");
                });
            }
            assertThat(real.sendLedger().claimed(key)).isFalse();
            assertThat(real.consentLedger().history(NUMBER).isEmpty()).isTrue();
        }
    }

    @Nested
    @DisplayName("The ticker lease on the database's clock")
    class LeaseOnDatabaseClock {

        @Test
        @DisplayName("lasts exactly its duration from the database's now, and is refused to a second holder while live")
        void refusedWhileLive() {
            CrowdEngagePostgres postgres = database.freshSchema();
            PostgresTickerLease a = postgres.tickerLease("instance-a", Duration.ofMinutes(5));
            PostgresTickerLease b = postgres.tickerLease("instance-b", Duration.ofMinutes(5));

            LeaseGrant grant = a.tryAcquire().orElseThrow();

            assertThat(Duration.between(grant.acquiredAt(), grant.expiresAt())).isEqualTo(Duration.ofMinutes(5));
            assertThat(b.tryAcquire()).isEmpty();
            assertThat(b.current()).contains(grant);
            assertThat(a.renew()).map(LeaseGrant::generation).contains(grant.generation());
        }

        @Test
        @DisplayName("goes to the standby once the holder stops renewing, and the old holder is told")
        void takeoverAfterLapse() throws InterruptedException {
            CrowdEngagePostgres postgres = database.freshSchema();
            PostgresTickerLease a = postgres.tickerLease("instance-a", Duration.ofMillis(300));
            PostgresTickerLease b = postgres.tickerLease("instance-b", Duration.ofMinutes(5));
            LeaseGrant first = a.tryAcquire().orElseThrow();

            // Poll as a standby would; bounded, and nothing here depends on how long it takes.
            Optional<LeaseGrant> taken = Optional.empty();
            for (int attempt = 0; attempt < 600 && taken.isEmpty(); attempt++) {
                Thread.sleep(50);
                taken = b.tryAcquire();
            }

            assertThat(taken).as("the standby took over").isPresent();
            assertThat(taken.get().generation()).isGreaterThan(first.generation());
            assertThat(a.renew()).isEmpty();
            assertThat(a.current()).contains(taken.get());
        }

        @Test
        @DisplayName("released on shutdown goes to the standby at once")
        void release() {
            CrowdEngagePostgres postgres = database.freshSchema();
            PostgresTickerLease a = postgres.tickerLease("instance-a", Duration.ofMinutes(5));
            PostgresTickerLease b = postgres.tickerLease("instance-b", Duration.ofMinutes(5));
            a.tryAcquire().orElseThrow();

            a.release();

            assertThat(b.tryAcquire()).map(LeaseGrant::holder).contains("instance-b");
        }
    }
}
