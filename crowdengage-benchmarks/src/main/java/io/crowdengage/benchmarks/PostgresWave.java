package io.crowdengage.benchmarks;

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
import io.crowdengage.postgres.CrowdEngagePostgres;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.Throttle;
import io.crowdengage.runtime.TickReport;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Issue 14: the runtime end to end on the embedded PostgreSQL (every store durable: send ledger,
 * consent ledger, runtime state, lease), with the in-memory provider, so the store is what is
 * measured. A post-show wave of {@code -Dce.messages} (default 10,000) in one tick: msg/s. Then a
 * tick with nothing due: how many SQL statements it runs (each one round trip), counted by a
 * DataSource that wraps the pool.
 *
 * <pre>{@code java -cp crowdengage-benchmarks/target/benchmarks.jar io.crowdengage.benchmarks.PostgresWave}</pre>
 */
public final class PostgresWave {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private PostgresWave() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("ce.messages", 10_000);
        int waves = Integer.getInteger("ce.waves", 3);
        int warmUps = Integer.getInteger("ce.warmups", 1);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            // Warm-up waves first (reported, marked as such): the first wave a JVM sends also compiles the code.
            for (int wave = 1 - warmUps; wave <= waves; wave++) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
                config.setMaximumPoolSize(16);
                try (HikariDataSource pool = new HikariDataSource(config)) {
                    CountingDataSource counting = new CountingDataSource(pool);
                    run(wave < 1 ? "warmup" + (wave + warmUps) : "wave" + wave, counting, messages);
                }
            }
        }
    }

    private static void run(String schema, CountingDataSource dataSource, int messages) {
        CrowdEngagePostgres postgres = CrowdEngagePostgres.using(dataSource).schema(schema).migrate();
        RuntimeTickBenchmark.SettableClock clock = new RuntimeTickBenchmark.SettableClock();
        clock.set(LocalDateTime.parse("2026-06-13T19:00:00").atZone(LONDON).toInstant());
        InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);
        Event show = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(150), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", show, LocalDateTime.parse("2026-06-13T19:30:00")));
        for (int i = 0; i < messages; i++) {
            PhoneNumber mobile = PhoneNumber.ofE164(String.format("+4474005%05d", i));
            boxOffice.addCustomer(Customer.builder("C" + i).name("N" + i, "S").mobile(mobile).build());
            boxOffice.addBooking(Booking.of("B" + i, "C" + i, "P1", Instant.parse("2026-06-01T12:00:00Z")));
        }
        InMemorySmsProvider provider = InMemorySmsProvider.builder().clock(clock).throughputPerSecond(1_000_000)
                .enforceThroughput(false).build();
        CrowdEngage runtime = CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(provider)
                .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                        Sender.number(PhoneNumber.parse("07400 900100", "GB"))).build())
                .flows(List.of(Flow.of("F", List.of(FlowStep.builder("review").name("Review")
                        .template("{{ customer.first_name }}, please review {{ event.name }}.")
                        .timing(Timing.afterStart(0, 3, 0)).build()))))
                .sendLedger(postgres.sendLedger()).consentLedger(postgres.consentLedger())
                .runtimeState(postgres.runtimeStateStore()).tickerLease(postgres.tickerLease("bench", Duration.ofMinutes(2)))
                .throttle(Throttle.none()).clock(clock).build();
        runtime.tick();   // reads the box office; nothing due yet
        clock.set(LocalDateTime.parse("2026-06-13T22:30:30").atZone(LONDON).toInstant());
        long statementsBefore = dataSource.statements.get();
        long started = System.nanoTime();
        TickReport wave = runtime.tick();
        double seconds = (System.nanoTime() - started) / 1e9;
        double perMessage = (dataSource.statements.get() - statementsBefore) / (double) messages;
        if (wave.sent() != messages || provider.count() != messages || !provider.duplicates().isEmpty()) {
            throw new IllegalStateException("the wave sent " + wave + ", the provider took " + provider.count());
        }
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        runtime.tick();   // the window is still open: the engine walks the bookings again, all claimed
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        long before = dataSource.statements.get();
        TickReport idle = runtime.tick();
        long idleStatements = dataSource.statements.get() - before;
        clock.set(LocalDateTime.parse("2026-06-14T04:00:00").atZone(LONDON).toInstant());
        runtime.tick();
        clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        before = dataSource.statements.get();
        runtime.tick();
        long nightStatements = dataSource.statements.get() - before;
        runtime.close();
        System.out.printf(Locale.ROOT, "%s: %,d messages in %.2f s = %,.0f msg/s (%.2f statements a message); a tick"
                        + " with the window open and nothing new (%s): %d statements; a tick at night: %d statements%n",
                schema, messages, seconds, messages / seconds, perMessage, idle, idleStatements, nightStatements);
    }

    /** A DataSource that counts the statements its connections execute: one round trip each. */
    static final class CountingDataSource implements DataSource {
        final AtomicLong statements = new AtomicLong();
        private final DataSource delegate;

        CountingDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counting(delegate.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return counting(delegate.getConnection(user, password));
        }

        private Connection counting(Connection connection) {
            InvocationHandler onConnection = (proxy, method, args) -> {
                Object result = invoke(connection, method, args);
                if (result instanceof Statement statement) {
                    Class<?> type = method.getReturnType();
                    return Proxy.newProxyInstance(PostgresWave.class.getClassLoader(), new Class<?>[] {type},
                            (p, m, a) -> {
                                if (m.getName().startsWith("execute")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(statement, m, a);
                            });
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(PostgresWave.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, onConnection);
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }
}
