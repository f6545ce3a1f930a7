package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the runtime learns from a failing store, and so what reaches a decision's detail and a log:
 * the operation, the store, the exception classes and any SQL state, never the store's own words.
 * A store's message may quote a row, and a customer's name in it has no shape to mask.
 */
class GuardedStoresTest {
    static final PhoneNumber PHILIPPA = PhoneNumber.parse("07400 100001", "GB");
    static final SendKey KEY = new SendKey(StepId.of("review"), "P1", PHILIPPA);
    static final Instant AT = Instant.parse("2026-06-13T18:00:00Z");
    static final String ROW = "ERROR: duplicate key value violates unique constraint \"sends_pkey\"\n"
            + "  Detail: Failing row contains (C5, Philippa Quaint, philippa.quaint@example.org, +44 7400 100001)";

    @Test
    @DisplayName("a JDBC error quoting a row: operation, store, classes and SQL state are named; the name, email and number are not")
    void jdbcErrorQuotingARow() {
        FailingStore store = new FailingStore(() -> new IllegalStateException("insert into sends failed for Philippa",
                new SQLException(ROW, "23505", 0)));

        StoreException e = catchThrowableOfType(StoreException.class,
                () -> GuardedStores.guard((SendLedger) store).claim(KEY, "ref-1", "Philippa, welcome", AT, AT));

        assertThat(e.getMessage())
                .contains("the send ledger's claim").contains("FailingStore")
                .contains("IllegalStateException").contains("SQLException").contains("SQLState 23505");
        assertThat(e.reason()).isEqualTo(StoreException.Reason.REFUSED);
        for (String text : List.of(e.getMessage(), e.toString(), printed(e), Redaction.throwable(e))) {
            assertThat(text).doesNotContain("Philippa").doesNotContain("Quaint").doesNotContain("@")
                    .doesNotContain("100001").doesNotContain("Failing row");
        }
    }

    @Test
    @DisplayName("the printed stack trace still shows where the store failed, and which exceptions, by class")
    void stackTraceLocatesTheFailure() {
        FailingStore store = new FailingStore(() -> new UncheckedIOException("Philippa Quaint", new IOException(ROW)));

        StoreException e = catchThrowableOfType(StoreException.class,
                () -> GuardedStores.guard((ConsentLedger) store).history(PHILIPPA));

        assertThat(printed(e)).contains("java.io.UncheckedIOException").contains("java.io.IOException")
                .contains(FailingStore.class.getName() + ".fail").doesNotContain("Philippa");
        assertThat(e.reason()).isEqualTo(StoreException.Reason.UNAVAILABLE);
    }

    @Test
    @DisplayName("a StoreException the store throws itself keeps its reason, and loses its words too")
    void storesOwnStoreException() {
        FailingStore store = new FailingStore(() -> new StoreException(StoreException.Reason.REFUSED,
                "cannot record consent for Philippa Quaint (philippa.quaint@example.org)",
                new SQLTransientConnectionException("connection to db for Philippa lost", "08006")));

        StoreException e = catchThrowableOfType(StoreException.class, () -> GuardedStores.guard((ConsentLedger) store)
                .append(new ConsentRecord.ConversationOpened(PHILIPPA, AT)));

        assertThat(e.reason()).isEqualTo(StoreException.Reason.REFUSED);
        assertThat(e.getMessage()).contains("recording consent").contains("StoreException (REFUSED)")
                .contains("SQLTransientConnectionException (SQLState 08006)");
        assertThat(printed(e)).doesNotContain("Philippa").doesNotContain("example.org");
    }

    @Test
    @DisplayName("the store's own words stay available, numbers and emails masked, for a debugger: never in the message")
    void storeMessageForADebugger() {
        FailingStore store = new FailingStore(() -> new IllegalStateException("insert failed",
                new SQLException(ROW, "23505", 0)));

        StoreException e = catchThrowableOfType(StoreException.class,
                () -> GuardedStores.guard((SendLedger) store).update(SendRecord.claimed(KEY, "ref-1", "hi", AT, AT)));

        assertThat(e.storeMessage()).hasValueSatisfying(words -> assertThat(words)
                .contains("insert failed").contains("Failing row").doesNotContain("@").doesNotContain("7400 100001"));
        assertThat(e.getMessage()).contains("the send ledger's update to CLAIMED").doesNotContain("insert failed");
    }

    /**
     * Whatever a store throws, for any operation, nothing of its words (here a random name, put in
     * the message, in a cause's message and in a suppressed exception) reaches the message, the
     * printed stack trace or {@link Redaction#throwable}; the operation and the store are named.
     */
    @Property(tries = 400)
    void noWordOfTheStoreReachesWhatIsLoggedOrReported(@ForAll("operations") Tuple.Tuple2<String, Consumer<FailingStore>> operation,
                                                       @ForAll("failures") Function<String, RuntimeException> failure,
                                                       @ForAll("names") String name) {
        RuntimeException thrown = failure.apply(name);
        FailingStore store = new FailingStore(() -> thrown);

        StoreException e = catchThrowableOfType(StoreException.class, () -> operation.get2().accept(store));

        assertThat(e.getMessage()).contains(operation.get1()).contains("FailingStore")
                .contains(thrown.getClass().getSimpleName());
        for (String text : List.of(e.getMessage(), e.toString(), printed(e), Redaction.throwable(e))) {
            assertThat(text).doesNotContain(name);
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, Consumer<FailingStore>>> operations() {
        SendRecord claimed = SendRecord.claimed(KEY, "ref-1", "hi", AT, AT);
        return Arbitraries.of(
                Tuple.of("the send ledger's claim", s -> GuardedStores.guard((SendLedger) s).claim(KEY, "r", "b", AT, AT)),
                Tuple.of("the send ledger's update", s -> GuardedStores.guard((SendLedger) s).update(claimed)),
                Tuple.of("reading the send ledger", s -> GuardedStores.guard((SendLedger) s).find(KEY)),
                Tuple.of("reading the send ledger", s -> GuardedStores.guard((SendLedger) s).findByReference("r")),
                Tuple.of("reading the send ledger", s -> GuardedStores.guard((SendLedger) s).findByProviderMessageId("SM1")),
                Tuple.of("reading the send ledger", s -> GuardedStores.guard((SendLedger) s).unsettled()),
                Tuple.of("reading the send ledger", s -> GuardedStores.guard((SendLedger) s).claimed(KEY)),
                Tuple.of("recording consent", s -> GuardedStores.guard((ConsentLedger) s)
                        .append(new ConsentRecord.ConversationOpened(PHILIPPA, AT))),
                Tuple.of("reading consent", s -> GuardedStores.guard((ConsentLedger) s).history(PHILIPPA)));
    }

    @Provide
    Arbitrary<Function<String, RuntimeException>> failures() {
        return Arbitraries.of(
                name -> new IllegalStateException("row for " + name + " is locked"),
                name -> new IllegalArgumentException(name),
                name -> new RuntimeException("write failed", new SQLException("Failing row contains (" + name + ")", "23505")),
                name -> new UncheckedIOException(name, new IOException("reading " + name)),
                name -> new StoreException(StoreException.Reason.UNAVAILABLE, "customer " + name + " unreachable"),
                name -> new StoreException(StoreException.Reason.REFUSED, "refused", new IllegalStateException(name)),
                name -> {
                    RuntimeException e = new RuntimeException("batch failed");
                    e.addSuppressed(new IllegalStateException("rollback failed for " + name));
                    return e;
                },
                name -> {
                    IllegalStateException cause = new IllegalStateException(name);
                    cause.addSuppressed(new RuntimeException(name));
                    return new RuntimeException(cause);      // Throwable(cause) copies the cause's message
                });
    }

    /** Names as a box office types them: letters, a space, a hyphen or an apostrophe; long enough to be told apart. */
    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> part = Arbitraries.strings().alpha().ofMinLength(6).ofMaxLength(12);
        return Arbitraries.of(" ", "-", "'", "").flatMap(joint -> part.list().ofSize(2)
                .map(parts -> parts.get(0) + joint + parts.get(1)));
    }

    private static String printed(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** A send ledger and consent ledger whose every operation throws what it is given. */
    static final class FailingStore implements SendLedger, ConsentLedger {
        private final java.util.function.Supplier<RuntimeException> failure;

        FailingStore(java.util.function.Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        private <T> T fail() {
            throw failure.get();
        }

        @Override
        public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
            return fail();
        }

        @Override
        public void update(SendRecord record) {
            fail();
        }

        @Override
        public Optional<SendRecord> find(SendKey key) {
            return fail();
        }

        @Override
        public Optional<SendRecord> findByReference(String reference) {
            return fail();
        }

        @Override
        public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
            return fail();
        }

        @Override
        public List<SendRecord> unsettled() {
            return fail();
        }

        @Override
        public boolean claimed(SendKey key) {
            return fail();
        }

        @Override
        public void append(ConsentRecord record) {
            fail();
        }

        @Override
        public ConsentHistory history(PhoneNumber phone) {
            return fail();
        }
    }
}
