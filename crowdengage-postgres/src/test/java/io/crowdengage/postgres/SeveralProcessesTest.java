package io.crowdengage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs run the same wave of 2,000 messages against one database, each an instance of the
 * application with its own lease handle; the one ticking is killed with {@code destroyForcibly()}
 * mid-wave. No key may be accepted twice, a survivor must finish the wave, and every message must
 * be accepted once or reported UNKNOWN (the sends the dead one had in flight).
 */
@DisplayName("Several processes on one database")
class SeveralProcessesTest {
    static final int BOOKINGS = 2_000;
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    @DisplayName("the active one killed mid-wave: nothing accepted twice, a standby finishes, the rest are UNKNOWN")
    void killedMidWave(@TempDir Path dir) throws Exception {
        String schema = database.newSchemaName();
        Path log = dir.resolve("accepted.log");
        Files.createFile(log);
        // Due a few seconds from now, once every JVM has started and read the box office.
        Instant start = Instant.now().plus(Duration.ofHours(3)).plusSeconds(8);
        List<Process> processes = new ArrayList<>();
        for (String holder : List.of("a", "b", "c")) {
            processes.add(launch(holder, schema, log, start, dir));
        }
        try {
            awaitLines(log, 300, Duration.ofSeconds(90));
            String active = holderOfLease(schema);
            Process victim = processes.get(List.of("a", "b", "c").indexOf(active));
            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int acceptedWhenKilled = lines(log).size();

            List<Process> survivors = processes.stream().filter(p -> p != victim).toList();
            for (Process survivor : survivors) {
                assertThat(survivor.waitFor(120, TimeUnit.SECONDS)).as("a survivor finished the wave").isTrue();
                assertThat(survivor.exitValue()).isZero();
            }

            List<String> accepted = lines(log);
            Map<String, Long> byMessage = accepted.stream().map(line -> line.substring(line.indexOf('|') + 1))
                    .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
            assertThat(byMessage.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                    .as("messages the provider accepted twice, across processes").isEmpty();
            assertThat(accepted.stream().map(line -> line.substring(0, line.indexOf('|'))).collect(Collectors.toSet()))
                    .as("the victim and a survivor both sent").contains(active).hasSizeGreaterThan(1);
            assertThat(acceptedWhenKilled).isLessThan(BOOKINGS);

            List<SendRecord> records = CrowdEngagePostgres.using(database.dataSource()).schema(schema).verify()
                    .sendLedger().recordsOf(List.of(WaveProcess.PERFORMANCE));
            assertThat(records).as("every booking's key claimed once").hasSize(BOOKINGS);
            Map<SendStatus, Long> statuses = records.stream()
                    .collect(Collectors.groupingBy(SendRecord::status, Collectors.counting()));
            assertThat(statuses.keySet()).as("accepted, or unknown (in flight when the process died)")
                    .isSubsetOf(SendStatus.ACCEPTED, SendStatus.UNKNOWN);
            Set<String> acceptedNumbers = new HashSet<>();
            accepted.forEach(line -> acceptedNumbers.add(line.split("\\|")[1]));
            for (SendRecord record : records) {
                if (record.status() == SendStatus.ACCEPTED) {
                    assertThat(acceptedNumbers).as("ACCEPTED %s went out", record.key().to().masked())
                            .contains(record.key().to().e164());
                }
            }
            assertThat(acceptedNumbers.size() + statuses.getOrDefault(SendStatus.UNKNOWN, 0L))
                    .as("each booking either accepted or reported unknown")
                    .isGreaterThanOrEqualTo((long) BOOKINGS);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static Process launch(String holder, String schema, Path log, Instant start, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WaveProcess.class.getName(), database.jdbcUrl(), schema, holder, log.toString(),
                String.valueOf(start.getEpochSecond()), String.valueOf(BOOKINGS));
        File output = dir.resolve(holder + ".out").toFile();
        builder.redirectErrorStream(true).redirectOutput(output);
        return builder.start();
    }

    private static void awaitLines(Path log, int count, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (lines(log).size() < count) {
            assertThat(System.nanoTime()).as("%d messages accepted within %s", count, timeout).isLessThan(until);
            Thread.sleep(20);
        }
    }

    private static List<String> lines(Path log) throws IOException {
        // A process killed in a write may leave half a line: only whole lines count.
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private static String holderOfLease(String schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT holder FROM " + schema + ".ticker_lease"
                     + " WHERE NOT released AND expires_at > clock_timestamp()")) {
            assertThat(row.next()).as("someone holds the lease").isTrue();
            return row.getString(1);
        }
    }
}
