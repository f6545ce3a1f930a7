package io.crowdengage.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.ConsentRecord.OptOutSource;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The contract every {@link ConsentLedger} keeps, as tests: an append-only history per number, kept
 * exactly, in append order, read with no cache, and never losing a record however many threads or
 * instances append at once. Records that arrive late (with an earlier time than records already
 * held) are appended like any other; {@link ConsentHistory} places them by their time. A store
 * passes it by extending it:
 *
 * <pre>{@code
 * class InMemoryConsentLedgerCompatibilityTest extends ConsentLedgerCompatibilityKit {
 *     @Override
 *     protected ConsentLedger createLedger() {
 *         return InMemoryConsentLedger.create();
 *     }
 * }
 * }</pre>
 *
 * <p>A store that several instances share also overrides {@link #sameStore(ConsentLedger)}; the
 * "Across instances" group is skipped otherwise. A ledger that is {@link AutoCloseable} is closed
 * after each test.
 */
public abstract class ConsentLedgerCompatibilityKit {

    /** Where the kit's times start: a Saturday, with nanoseconds. */
    protected static final Instant KIT_START = Instant.parse("2025-06-14T09:00:00.123456789Z");
    private static final PhoneNumber NUMBER = PhoneNumber.ofE164("+447400123456");
    private static final PhoneNumber OTHER = PhoneNumber.ofE164("+447400654321");

    /** The ledger under test, new and empty for each test. */
    protected ConsentLedger ledger;

    /**
     * A new, empty ledger. Called once before each test.
     *
     * @return the ledger; closed after the test if it is {@link AutoCloseable}
     */
    protected abstract ConsentLedger createLedger();

    /**
     * A second handle on the store behind {@code ledger}, as another instance of the application would
     * have. Empty (the default) for a store that lives in one process.
     */
    protected Optional<ConsentLedger> sameStore(ConsentLedger ledger) {
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

    private static Instant at(int minutes) {
        return KIT_START.plus(Duration.ofMinutes(minutes));
    }

    private static ConsentRecord stop(PhoneNumber phone, Instant at) {
        return new ConsentRecord.OptedOut(phone, at, OptOutSource.SMS_KEYWORD, false, "STOP");
    }

    private static ConsentRecord start(PhoneNumber phone, Instant at) {
        return new ConsentRecord.OptedIn(phone, at, "START");
    }

    private static ConsentRecord webForm(PhoneNumber phone, Instant at) {
        return new ConsentRecord.ExpressConsent(phone, at, ConsentEvidence.of("website booking form",
                "Text me news and offers"));
    }

    private void appendAll(ConsentRecord... records) {
        for (ConsentRecord record : records) {
            ledger.append(record);
        }
    }

    @Nested
    @DisplayName("A number's history")
    class History {

        @Test
        @DisplayName("is empty for a number nothing was recorded for")
        void empty() {
            assertThat(ledger.history(NUMBER).isEmpty()).isTrue();
            assertThat(ledger.history(NUMBER).records()).isEmpty();
            assertThat(ledger.history(NUMBER).stateAt(KIT_START).optedOut()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.crowdengage.testkit.store.ConsentLedgerCompatibilityKit#everyKindOfRecord")
        @DisplayName("holds each kind of record exactly as appended, every field included:")
        void exact(String description, ConsentRecord record) {
            ledger.append(record);

            assertThat(ledger.history(record.phone()).records()).containsExactly(record);
        }

        @Test
        @DisplayName("gives the records back in the order they were appended")
        void appendOrder() {
            List<ConsentRecord> records = List.of(
                    new ConsentRecord.ConversationOpened(NUMBER, at(1)),
                    webForm(NUMBER, at(2)),
                    new ConsentRecord.SoftOptInNoticeSent(NUMBER, at(3), "ref-notice"),
                    stop(NUMBER, at(4)),
                    start(NUMBER, at(5)));
            records.forEach(ledger::append);

            assertThat(ledger.history(NUMBER).records()).containsExactlyElementsOf(records);
            assertThat(ledger.history(NUMBER)).isEqualTo(ConsentHistory.of(records));
        }

        @Test
        @DisplayName("keeps a record appended twice, twice: nothing is merged away")
        void duplicatesKept() {
            ConsentRecord record = stop(NUMBER, at(1));

            appendAll(record, record);

            assertThat(ledger.history(NUMBER).records()).containsExactly(record, record);
        }

        @Test
        @DisplayName("is the number's own: records of other numbers never appear in it")
        void perNumber() {
            appendAll(stop(NUMBER, at(1)), webForm(OTHER, at(2)), start(NUMBER, at(3)));

            assertThat(ledger.history(NUMBER).records()).containsExactly(stop(NUMBER, at(1)), start(NUMBER, at(3)));
            assertThat(ledger.history(OTHER).records()).containsExactly(webForm(OTHER, at(2)));
            assertThat(ledger.history(PhoneNumber.ofE164("+447400123457")).isEmpty()).isTrue();
        }

        @Test
        @DisplayName("keeps instants to the nanosecond, so a notice stays strictly before a send at the same microsecond")
        void nanoseconds() {
            Instant notice = Instant.parse("2025-06-14T09:00:00.000000001Z");
            ledger.append(new ConsentRecord.SoftOptInNoticeSent(NUMBER, notice, "ref-notice"));

            ConsentHistory history = ledger.history(NUMBER);

            assertThat(history.records()).extracting(ConsentRecord::at).containsExactly(notice);
            assertThat(history.stateAt(Instant.parse("2025-06-14T09:00:00Z")).softOptInSince()).isEmpty();
            assertThat(history.stateAt(notice).softOptInSince()).as("at the notice's own instant").isEmpty();
            assertThat(history.stateAt(notice.plusNanos(1)).softOptInSince()).contains(notice);
        }

        @Test
        @DisplayName("keeps texts of any kind exactly: accents, emoji, quotes, line breaks, empty details")
        void textExact() {
            List<ConsentRecord> records = List.of(
                    new ConsentRecord.OptedOut(NUMBER, at(1), OptOutSource.SMS_KEYWORD, true,
                            "Plz don't text me 🙏\r\n\"STOP\" — ça suffit \\ 'merci'"),
                    new ConsentRecord.OptedIn(NUMBER, at(2), ""),
                    new ConsentRecord.ExpressConsent(NUMBER, at(3), new ConsentEvidence("Formulaire « réservation »",
                            "J'accepte 😀 𝄞", Optional.of("Zoë O'Brien"), Optional.of("zoe@example.org"),
                            Optional.of("1 Rue de l'Église\n75001 Paris"), Optional.of("form#42"),
                            Optional.of("2001:db8::1"))));
            records.forEach(ledger::append);

            assertThat(ledger.history(NUMBER).records()).containsExactlyElementsOf(records);
        }

        @Test
        @DisplayName("is read with no cache: a read before an append never hides the append from the next read")
        void noCache() {
            ledger.append(webForm(NUMBER, at(1)));
            assertThat(ledger.history(NUMBER).stateAt(at(10)).marketingBasis()).contains(LawfulBasis.EXPRESS);

            ledger.append(stop(NUMBER, at(2)));

            assertThat(ledger.history(NUMBER).stateAt(at(10)).optedOut()).isTrue();
            assertThat(ledger.history(NUMBER).stateAt(at(10)).marketingBasis()).isEmpty();
        }
    }

    @Nested
    @DisplayName("A bulk read (historiesOf), where the store offers one")
    class BulkRead {

        @Test
        @DisplayName("gives every number asked for exactly what history gives it, late records and unknown numbers included")
        void sameAsOneByOne() {
            List<PhoneNumber> numbers = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                numbers.add(PhoneNumber.ofE164(String.format("+4474009%05d", i)));
            }
            for (int i = 0; i < numbers.size(); i += 3) {
                appendAll(stop(numbers.get(i), at(180)), webForm(numbers.get(i), at(60)));
            }
            for (int i = 1; i < numbers.size(); i += 7) {
                appendAll(start(numbers.get(i), at(5)), new ConsentRecord.ConversationOpened(numbers.get(i), at(5)));
            }
            List<PhoneNumber> asked = new ArrayList<>(numbers);
            asked.add(numbers.get(0));
            asked.add(PhoneNumber.ofE164("+447400899999"));

            Optional<Map<PhoneNumber, ConsentHistory>> bulk = ledger.historiesOf(asked);

            assumeTrue(bulk.isPresent(), "this store reads number by number");
            assertThat(bulk.get()).hasSize(numbers.size() + 1);
            for (PhoneNumber number : asked) {
                assertThat(bulk.get().get(number).records()).as("the history of %s", number)
                        .containsExactlyElementsOf(ledger.history(number).records());
            }
        }

        @Test
        @DisplayName("of no numbers is empty, and sees a STOP appended by another handle at once")
        void emptyAndFresh() {
            Optional<Map<PhoneNumber, ConsentHistory>> none = ledger.historiesOf(List.of());
            assumeTrue(none.isPresent(), "this store reads number by number");
            assertThat(none.get()).isEmpty();

            ConsentLedger other = sameStore(ledger).orElse(ledger);
            other.append(stop(NUMBER, at(1)));

            assertThat(ledger.historiesOf(List.of(NUMBER, OTHER)).orElseThrow().get(NUMBER).stateAt(at(2)).optedOut())
                    .isTrue();
        }
    }

    @Nested
    @DisplayName("A record that arrives late, with an earlier time than records already held")
    class LateRecords {

        @Test
        @DisplayName("goes at the end of the history, and takes its place by time when the state is derived")
        void appendedAtTheEnd() {
            ConsentRecord stopAtNoon = stop(NUMBER, at(180));
            ConsentRecord importedConsentAtTen = webForm(NUMBER, at(60));

            appendAll(stopAtNoon, importedConsentAtTen);

            ConsentHistory history = ledger.history(NUMBER);
            assertThat(history.records()).containsExactly(stopAtNoon, importedConsentAtTen);
            assertThat(history.stateAt(at(240)).optedOut()).as("an old web-form consent does not lift a newer STOP")
                    .isTrue();
            assertThat(history.stateAt(at(120)).marketingBasis()).as("between the two").contains(LawfulBasis.EXPRESS);
        }

        @Test
        @DisplayName("as a STOP dated before a START, does not undo the START, but holds for the time between")
        void lateStopBeforeStart() {
            appendAll(start(NUMBER, at(120)), stop(NUMBER, at(60)));

            ConsentHistory history = ledger.history(NUMBER);
            assertThat(history.stateAt(at(180)).optedOut()).isFalse();
            assertThat(history.stateAt(at(180)).marketingBasis()).contains(LawfulBasis.EXPRESS);
            assertThat(history.stateAt(at(90)).optedOut()).isTrue();
        }

        @Test
        @DisplayName("as a STOP reported late by the provider, stops marketing from its own time on")
        void lateProviderStop() {
            ConsentRecord notice = new ConsentRecord.SoftOptInNoticeSent(NUMBER, at(0), "ref-notice");
            ConsentRecord conversation = new ConsentRecord.ConversationOpened(NUMBER, at(90));
            ConsentRecord providerStop = new ConsentRecord.OptedOut(NUMBER, at(30), OptOutSource.PROVIDER, false,
                    "reported by the provider's opt-out list");

            appendAll(notice, conversation, providerStop);

            ConsentHistory history = ledger.history(NUMBER);
            assertThat(history.records()).containsExactly(notice, conversation, providerStop);
            assertThat(history.stateAt(at(20)).marketingBasis()).contains(LawfulBasis.SOFT_OPT_IN);
            assertThat(history.stateAt(at(120)).optedOut()).isTrue();
            assertThat(history.stateAt(at(120)).marketingBasis()).isEmpty();
        }

        @Test
        @DisplayName("with the same time as another record is applied after it, in append order")
        void sameTimeAppendOrder() {
            PhoneNumber stopThenStart = NUMBER;
            PhoneNumber startThenStop = OTHER;
            appendAll(stop(stopThenStart, at(60)), start(stopThenStart, at(60)),
                    start(startThenStop, at(60)), stop(startThenStop, at(60)));

            assertThat(ledger.history(stopThenStart).stateAt(at(61)).optedOut()).isFalse();
            assertThat(ledger.history(startThenStop).stateAt(at(61)).optedOut()).isTrue();
        }
    }

    @Nested
    @DisplayName("Appends at the same time")
    class Concurrent {

        @Test
        @DisplayName("from 16 threads to one number lose nothing and keep each thread's own order")
        void oneNumber() {
            int perThread = 25;
            List<Race.Result<Integer>> results = Race.run(Race.THREADS, thread -> () -> {
                for (int i = 0; i < perThread; i++) {
                    ledger.append(new ConsentRecord.OptedIn(NUMBER, at(i), "thread " + thread + " #" + i));
                }
                return perThread;
            });

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            List<ConsentRecord> records = ledger.history(NUMBER).records();
            assertThat(records).hasSize(Race.THREADS * perThread).doesNotHaveDuplicates();
            for (int thread = 0; thread < Race.THREADS; thread++) {
                String prefix = "thread " + thread + " #";
                List<String> ofThread = records.stream().map(r -> ((ConsentRecord.OptedIn) r).detail())
                        .filter(detail -> detail.startsWith(prefix)).collect(Collectors.toList());
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    expected.add(prefix + i);
                }
                assertThat(ofThread).as("records of thread %s, in order", thread).containsExactlyElementsOf(expected);
            }
        }

        @Test
        @DisplayName("from 16 threads to 16 numbers keep each number's history to itself")
        void manyNumbers() {
            List<Race.Result<PhoneNumber>> results = Race.run(Race.THREADS, thread -> () -> {
                PhoneNumber phone = PhoneNumber.ofE164("+4474005" + String.format("%05d", thread));
                for (int i = 0; i < 10; i++) {
                    ledger.append(i % 2 == 0 ? stop(phone, at(i)) : start(phone, at(i)));
                }
                return phone;
            });

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            for (Race.Result<PhoneNumber> result : results) {
                PhoneNumber phone = result.value().orElseThrow();
                List<ConsentRecord> expected = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    expected.add(i % 2 == 0 ? stop(phone, at(i)) : start(phone, at(i)));
                }
                assertThat(ledger.history(phone).records()).containsExactlyElementsOf(expected);
            }
        }
    }

    @Nested
    @DisplayName("Across instances sharing the store")
    class AcrossInstances {

        private ConsentLedger other() {
            Optional<ConsentLedger> other = sameStore(ledger);
            assumeTrue(other.isPresent(), "the store under test lives in one process");
            return other.get();
        }

        @Test
        @DisplayName("a STOP appended through one is in the other's very next read")
        void stopSeenElsewhere() {
            ConsentLedger other = other();
            ledger.append(webForm(NUMBER, at(0)));
            assertThat(other.history(NUMBER).stateAt(at(5)).marketingBasis()).contains(LawfulBasis.EXPRESS);

            other.append(stop(NUMBER, at(1)));

            assertThat(ledger.history(NUMBER).stateAt(at(5)).optedOut()).isTrue();
            assertThat(ledger.history(NUMBER).records()).isEqualTo(other.history(NUMBER).records());
        }

        @Test
        @DisplayName("16 threads split between the two appending to one number lose nothing")
        void concurrentElsewhere() {
            ConsentLedger other = other();
            List<Race.Result<Integer>> results = Race.run(Race.THREADS, thread -> () -> {
                ConsentLedger mine = thread % 2 == 0 ? ledger : other;
                for (int i = 0; i < 10; i++) {
                    mine.append(new ConsentRecord.OptedIn(NUMBER, at(i), "thread " + thread + " #" + i));
                }
                return 10;
            });

            assertThat(results).allSatisfy(result -> assertThat(result.thrown()).isEmpty());
            assertThat(ledger.history(NUMBER).records()).hasSize(Race.THREADS * 10).doesNotHaveDuplicates()
                    .isEqualTo(other.history(NUMBER).records());
        }
    }

    static Stream<Arguments> everyKindOfRecord() {
        List<Arguments> kinds = new ArrayList<>();
        for (OptOutSource source : OptOutSource.values()) {
            kinds.add(Arguments.of("an opt-out from " + source, new ConsentRecord.OptedOut(NUMBER,
                    KIT_START, source, false, "STOP")));
        }
        kinds.add(Arguments.of("a probable opt-out", new ConsentRecord.OptedOut(NUMBER, KIT_START,
                OptOutSource.SMS_KEYWORD, true, "please don't text me, stop")));
        kinds.add(Arguments.of("an opt-in", new ConsentRecord.OptedIn(NUMBER, KIT_START, "START")));
        kinds.add(Arguments.of("express consent with only the required evidence", new ConsentRecord.ExpressConsent(
                NUMBER, KIT_START, ConsentEvidence.of("website booking form", "Text me news and offers"))));
        kinds.add(Arguments.of("express consent with all the evidence", new ConsentRecord.ExpressConsent(NUMBER,
                KIT_START, new ConsentEvidence("box office counter", "Yes, text me offers", Optional.of("Ann Smith"),
                Optional.of("ann@example.org"), Optional.of("1 High Street, Bath BA1 1AA"),
                Optional.of("paper form 7"), Optional.of("192.0.2.10")))));
        kinds.add(Arguments.of("a soft opt-in notice sent", new ConsentRecord.SoftOptInNoticeSent(NUMBER, KIT_START,
                "ce-1234-7")));
        kinds.add(Arguments.of("a soft opt-in notice undelivered", new ConsentRecord.SoftOptInNoticeUndelivered(
                NUMBER, KIT_START, "ce-1234-7", "delivery report: UNDELIVERED")));
        kinds.add(Arguments.of("a conversation opened", new ConsentRecord.ConversationOpened(NUMBER, KIT_START)));
        return kinds.stream();
    }
}
