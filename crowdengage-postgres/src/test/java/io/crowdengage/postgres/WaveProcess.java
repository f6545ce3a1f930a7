package io.crowdengage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.SendRecord;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * One instance of a venue's application, run in its own JVM by {@link SeveralProcessesTest}: the
 * same season as every other instance, the stores on one PostgreSQL schema, a lease of its own, and
 * a provider that writes every message it accepts to a file all instances append to (the one place
 * a duplicate across processes would show). Ticks until every booking's message is settled.
 *
 * <p>Arguments: JDBC URL, schema, holder name, the provider's log file, the performance's start
 * (epoch second), the number of bookings.
 */
public final class WaveProcess {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Duration LEASE = Duration.ofSeconds(3);
    static final String PERFORMANCE = "P1";

    private WaveProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        String jdbcUrl = args[0];
        String schema = args[1];
        String holder = args[2];
        Path log = Path.of(args[3]);
        Instant start = Instant.ofEpochSecond(Long.parseLong(args[4]));
        int bookings = Integer.parseInt(args[5]);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(16);
        config.setPoolName(holder);
        HikariDataSource pool = new HikariDataSource(config);
        CrowdEngagePostgres postgres = CrowdEngagePostgres.using(pool).schema(schema).migrate();

        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, Clock.systemUTC());
        Event show = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(150), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of(PERFORMANCE, show, LocalDateTime.ofInstant(start, LONDON)));
        for (int i = 0; i < bookings; i++) {
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(number(i)).build());
            boxOffice.addBooking(Booking.of("B" + i, "C" + i, PERFORMANCE, start.minus(Duration.ofDays(2))));
        }
        InMemorySmsProvider inMemory = InMemorySmsProvider.builder().throughputPerSecond(1_000)
                .enforceThroughput(false).latency(Duration.ofMillis(2)).sleeper(InMemorySmsProvider.threadSleeper())
                .build();
        SmsProvider provider = new SmsProvider() {
            @Override
            public String id() {
                return inMemory.id();
            }

            @Override
            public Set<Capability> capabilities() {
                return inMemory.capabilities();
            }

            @Override
            public double throughputPerSecond() {
                return inMemory.throughputPerSecond();
            }

            @Override
            public SendResult send(OutboundSms message) {
                SendResult result = inMemory.send(message);
                if (result instanceof SendResult.Accepted) {
                    append(log, holder + "|" + message.to().e164() + "|" + message.body() + "\n");
                }
                return result;
            }
        };
        FlowStep directions = FlowStep.builder("directions").name("Directions")
                .template("{{ customer.first_name }}, doors open at 19:00.").timing(Timing.beforeStart(0, 3, 0))
                .catchUp(Duration.ofHours(1)).build();
        CrowdEngage runtime = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                        Sender.number(PhoneNumber.parse("07400 900100", "GB"))).build())
                .flows(List.of(Flow.of("F", List.of(directions))))
                .sendLedger(postgres.sendLedger()).consentLedger(postgres.consentLedger())
                .runtimeState(postgres.runtimeStateStore()).tickerLease(postgres.tickerLease(holder, LEASE))
                .build();
        System.out.println("ready " + holder);
        while (true) {
            runtime.tick();
            List<SendRecord> records = postgres.sendLedger().recordsOf(List.of(PERFORMANCE));
            if (records.size() == bookings && records.stream().allMatch(r -> r.status().settled())) {
                break;
            }
            Thread.sleep(200);
        }
        runtime.close();
        System.out.println("done " + holder);
        pool.close();
    }

    static PhoneNumber number(int i) {
        return PhoneNumber.parse(String.format("07400 %06d", 300_000 + i), "GB");
    }

    /** One line, appended in one write to a file opened for appending: lines of several processes do not interleave. */
    private static synchronized void append(Path log, String line) {
        try {
            Files.write(log, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
