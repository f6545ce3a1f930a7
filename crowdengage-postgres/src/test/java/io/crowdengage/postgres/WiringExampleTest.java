package io.crowdengage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.SendStatus;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.testkit.ticketing.CustomerSpec;
import io.crowdengage.testkit.ticketing.InMemoryTicketingFixture;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.ticketing.TicketingSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wiring the module README shows, run through the real runtime against PostgreSQL: a restart
 * (a new runtime on a new pool, the same database) sends nothing twice and forgets no STOP.
 */
@DisplayName("The README's wiring")
class WiringExampleTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Venue VENUE = new Venue("playhouse", "The Playhouse", LONDON);
    /** A database of this class's own, its pools closed after the class. */
    @RegisterExtension
    static final TestDatabase database = TestDatabase.create();

    private static CrowdEngage wire(DataSource dataSource, TicketingSystem boxOffice, SmsProvider smsProvider,
                                    Clock clock) {
        String instanceName = "box-office-1";
        VenueSettings venueSettings = VenueSettings.builder(VENUE, Sender.number(PhoneNumber.parse("07400 900100", "GB")))
                .build();
        List<Flow> flows = List.of(Flow.of("Default Flow", List.of(FlowStep.builder("pre-show")
                .name("Directions (2 hours before)")
                .template("Hi {{ customer.first_name }}, {{ event.name }} starts at 7:30pm. Doors open at 7pm.")
                .performances(PerformanceFilter.allLive())
                .timing(Timing.beforeStart(0, 2, 0))
                .build())));
        // README:start
        CrowdEngagePostgres postgres = CrowdEngagePostgres.using(dataSource)   // the application's own pool
                .schema("crowdengage")                                       // one schema per venue
                .migrate();                          // or .verify() when a DBA applies PostgresSchema.sql()

        CrowdEngage crowdEngage = CrowdEngage.builder()
                .ticketingSystem(boxOffice)
                .smsProvider(smsProvider)
                .venueSettings(venueSettings)
                .flows(flows)
                .sendLedger(postgres.sendLedger())
                .consentLedger(postgres.consentLedger())
                .runtimeState(postgres.runtimeStateStore())                  // cursor, last tick, owed notices
                .tickerLease(postgres.tickerLease(instanceName, Duration.ofMinutes(2)))  // one instance ticks
                .clock(clock)
                .build();
        // README:end
        return crowdEngage;
    }

    @Test
    @DisplayName("survives a restart: the new runtime sends nothing twice and honours the STOP the old one took")
    void restart() {
        MutableClock clock = MutableClock.at(Instant.parse("2025-06-14T15:00:00Z"));
        InMemoryTicketingFixture boxOffice = InMemoryTicketingFixture.of(InMemoryTicketingSystem.builder()
                .zone(LONDON).clock(clock).build());
        Event hamlet = boxOffice.givenEvent("Hamlet", Duration.ofMinutes(150), RawAttributes.empty());
        Performance tonight = boxOffice.givenPerformance(hamlet, LocalDateTime.parse("2025-06-14T19:30"));
        Performance tomorrow = boxOffice.givenPerformance(hamlet, LocalDateTime.parse("2025-06-15T19:30"));
        List<Customer> customers = List.of(
                boxOffice.givenCustomer(CustomerSpec.named("Ann", "Lee").withMobile("07400 100001")),
                boxOffice.givenCustomer(CustomerSpec.named("Bo", "Kim").withMobile("07400 100002")),
                boxOffice.givenCustomer(CustomerSpec.named("Cy", "Roe").withMobile("07400 100003")));
        for (Customer customer : customers) {
            boxOffice.givenBooking(customer, tonight, clock.instant().minus(Duration.ofDays(3)));
            boxOffice.givenBooking(customer, tomorrow, clock.instant().minus(Duration.ofDays(3)));
        }
        InMemorySmsProvider sms = InMemorySmsProvider.builder().build();
        PhoneNumber stopper = PhoneNumber.parse("07400 100002", "GB");

        clock.set(Instant.parse("2025-06-14T16:31:00Z"));   // 17:31 in London: tonight's directions are due
        CrowdEngage before = wire(database.dataSource(), boxOffice.system(), sms, clock);
        before.tick();
        before.onInboundSms(sms.inbound(stopper, "+447400900100", "STOP"));
        before.close();
        List<String> tonightsDirections = sms.all().stream().filter(m -> m.body().startsWith("Hi "))
                .map(m -> m.to().e164()).sorted().collect(Collectors.toList());

        CrowdEngage after = wire(database.otherPool(), boxOffice.system(), sms, clock);
        clock.advance(Duration.ofMinutes(5));
        after.tick();
        assertThat(sms.duplicates()).isEmpty();
        clock.set(Instant.parse("2025-06-15T16:31:00Z"));   // tomorrow's directions
        after.tick();
        after.close();

        assertThat(tonightsDirections).containsExactly("+447400100001", "+447400100002", "+447400100003");
        assertThat(sms.duplicates()).isEmpty();
        assertThat(sms.all().stream().filter(m -> m.body().startsWith("Hi ")).map(m -> m.to().e164()).sorted())
                .containsExactly("+447400100001", "+447400100001", "+447400100002", "+447400100003", "+447400100003");
        PostgresSendLedger ledger = CrowdEngagePostgres.using(database.dataSource()).schema("crowdengage").verify()
                .sendLedger();
        assertThat(ledger.recordsOf(List.of(tonight.id(), tomorrow.id()))).hasSize(5)
                .allSatisfy(record -> assertThat(record.status()).isEqualTo(SendStatus.ACCEPTED));
    }

    @Test
    @DisplayName("is the code the module README shows, character for character")
    void readmeShowsThisCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/crowdengage/postgres/WiringExampleTest.java"));
        String snippet = source.substring(source.indexOf("// README:start\n") + "// README:start\n".length(),
                source.indexOf("        // README:end"));
        String dedented = snippet.lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n", "", "\n"));

        assertThat(Files.readString(Path.of("README.md"))).contains(dedented);
    }
}
