package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.check.CheckReport;
import io.crowdengage.check.Finding;
import io.crowdengage.spektrix.testing.CustomerCollections;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.spektrix.testing.OrderShape;
import io.crowdengage.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SpektrixCheck} judging each real variant the fake can answer in. */
class SpektrixCheckTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-10T12:00:00Z"));
    private FakeSpektrixServer spektrix;

    @AfterEach
    void stop() {
        spektrix.close();
    }

    private CheckReport check(UnaryOperator<FakeSpektrixServer.Builder> server, UnaryOperator<SpektrixConfig.Builder> config) {
        spektrix = server.apply(FakeSpektrixServer.builder().clock(clock).venueZone(LONDON)).start();
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of("attribute_ShowScoreID", "55"));
        String gone = spektrix.addEvent("Gone", Duration.ofMinutes(60), Map.of());
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2026-06-11T19:30"));
        spektrix.addInstance(gone, LocalDateTime.parse("2026-06-12T19:30"));
        spektrix.deleteEvent(gone);
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456").withTag("Member"));
        spektrix.addOrder(ada, clock.instant(), instance);
        return SpektrixCheck.create(config.apply(spektrix.configBuilder().retryPolicy(RetryPolicy.none())).build(), clock)
                .run();
    }

    private static Finding finding(CheckReport report, String itemStart) {
        return report.findings().stream().filter(f -> f.item().startsWith(itemStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + itemStart + " in " + report.findings()));
    }

    @Test
    void anEventThatCannotBeReadIsReportedAsWorkedAroundAndTheRestIsFound() {
        CheckReport report = check(server -> server, config -> config);

        assertThat(report.worst()).isEqualTo(Finding.Status.DEGRADED);
        assertThat(report.findings()).filteredOn(f -> f.status() != Finding.Status.OK).singleElement().satisfies(f -> {
            assertThat(f.area()).isEqualTo("worked around");
            assertThat(f.item()).contains("event.id");
            assertThat(f.found()).isEqualTo("left out");
        });
        assertThat(report.notes()).anySatisfy(note -> assertThat(note).contains("1 performance from a day ago"));
    }

    @Test
    void customersWithoutCollectionsAreDegradedFieldByField() {
        CheckReport report = check(server -> server.customerCollections(CustomerCollections.ABSENT), config -> config);

        assertThat(finding(report, "tags").status()).isEqualTo(Finding.Status.DEGRADED);
        assertThat(finding(report, "agreedStatements").consequence()).contains("as if they had none");
        assertThat(finding(report, "mobile").status()).isEqualTo(Finding.Status.OK);
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aVenueZoneThatDisagreesWithStartUtcIsBlocking() {
        CheckReport report = check(server -> server, config -> config);
        assertThat(finding(report, "start, startUtc").status()).isEqualTo(Finding.Status.OK);
        spektrix.close();

        // Spektrix's startUtc is computed in Paris; the adapter is told the venue is in London.
        spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(ZoneId.of("Europe/Paris")).start();
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2026-06-11T19:30"));
        spektrix.addOrder(spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace")), clock.instant(), instance);
        SpektrixConfig london = SpektrixConfig.builder().clientName("fakevenue").baseUrl(spektrix.baseUrl())
                .loginName("crowdengage-test").secretKey(FakeSpektrixServer.DEFAULT_SECRET_KEY).venueZone(LONDON).build();

        CheckReport disagreeing = SpektrixCheck.create(london, clock).run();

        Finding zone = finding(disagreeing, "start, startUtc");
        assertThat(zone.status()).isEqualTo(Finding.Status.BLOCKING);
        assertThat(zone.consequence()).contains("spektrix.venueZone is wrong");
        assertThat(disagreeing.exitCode()).isEqualTo(2);
    }

    @Test
    void withoutModificationTimesTheCursorIsDegradedAndSaysHowItCopes() {
        CheckReport report = check(server -> server.orderShape(OrderShape.NO_MODIFICATION_TIME), config -> config);

        Finding modified = finding(report, "values[].lastModifiedUtc");
        assertThat(modified.status()).isEqualTo(Finding.Status.DEGRADED);
        assertThat(modified.consequence()).contains("paging.next").contains("5 minutes before Spektrix answered");
    }

    @Test
    void aSinceReadInTheConfiguredZoneIsConfirmedWhenThePageCanTell() {
        CheckReport report = check(server -> server.syncPageSize(1), config -> config);
        spektrix.close();
        assertThat(finding(report, "the zone of since").found()).contains("cannot be told");

        spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).sinceZone(LONDON).syncPageSize(1).start();
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2026-06-11T19:30"));
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        spektrix.addOrder(ada, clock.instant(), instance);
        spektrix.addOrder(ada, clock.instant().plusSeconds(1), instance);

        CheckReport east = SpektrixCheck.create(spektrix.configBuilder().build(), clock).run();
        CheckReport told = SpektrixCheck.create(spektrix.configBuilder().syncSinceZone(LONDON).build(), clock).run();

        Finding wrong = finding(east, "the zone of since");
        assertThat(wrong.status()).as("London is east of UTC in June: changes are read twice, not missed")
                .isEqualTo(Finding.Status.DEGRADED);
        assertThat(wrong.consequence()).contains("set spektrix.syncSinceZone to Europe/London");
        assertThat(finding(told, "the zone of since").status()).isEqualTo(Finding.Status.OK);
    }
}
