package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Performance;
import io.crowdengage.spektrix.testing.CustomerCollections;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.spektrix.testing.OrderShape;
import io.crowdengage.spektrix.testing.RecordedRequest;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingProblem;
import io.crowdengage.ticketing.TicketingProblem.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the shapes a live Spektrix may answer in where its documentation is silent:
 * each is survived for the records it affects, and said once.
 */
class SpektrixRealVariantsTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final MutableClock clock = MutableClock.at(Instant.parse("2025-06-10T12:00:00Z"));
    private final List<TicketingProblem> problems = new CopyOnWriteArrayList<>();
    private FakeSpektrixServer spektrix;
    private SpektrixTicketingSystem ticketing;

    @AfterEach
    void stop() {
        spektrix.close();
    }

    private void start(UnaryOperator<FakeSpektrixServer.Builder> server, UnaryOperator<SpektrixConfig.Builder> config) {
        spektrix = server.apply(FakeSpektrixServer.builder().clock(clock).venueZone(LONDON)).start();
        ticketing = SpektrixTicketingSystem.builder(config.apply(spektrix.configBuilder()
                        .cacheExpiry(Duration.ofMinutes(5)).retryPolicy(RetryPolicy.none())).build())
                .clock(clock).problemListener(problems::add).build();
    }

    @Test
    void ordersWithOnlyTheirDocumentedFieldsAreCompletedFromOrdersByIdAndThatIsSaidOnce() {
        start(server -> server.orderShape(OrderShape.DOCUMENTED_ONLY), config -> config);
        String instance = anInstance("Hamlet");
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        List<String> orders = List.of(spektrix.addOrder(ada, clock.instant(), instance),
                spektrix.addOrder(ada, clock.instant(), instance, instance));

        BookingChanges changes = ticketing.bookingsChangedSince(ChangeCursor.beginning());
        clock.advance(Duration.ofMinutes(1));
        spektrix.addOrder(ada, clock.instant(), instance);
        ticketing.bookingsChangedSince(changes.next());

        assertThat(changes.bookings()).extracting(Booking::id)
                .containsExactly(orders.get(0) + ":" + instance, orders.get(1) + ":" + instance);
        assertThat(spektrix.requests()).extracting(RecordedRequest::apiPath).contains("orders/" + orders.get(0),
                "orders/" + orders.get(1));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.DEGRADED);
            assertThat(p.field()).isEqualTo("values[].tickets");
            assertThat(p.explanation()).contains("one more request per order");
        });
    }

    @Test
    void withoutModificationTimesTheFeedStillPagesWithoutRepeatsOrGapsAndSeesLaterChanges() {
        start(server -> server.orderShape(OrderShape.NO_MODIFICATION_TIME), config -> config);
        String instance = anInstance("Hamlet");
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            created.add(spektrix.addOrder(ada, clock.instant(), instance));
            if (i % 3 == 2) {
                clock.advance(Duration.ofSeconds(1));
            }
        }

        Drained all = drain(ChangeCursor.beginning());
        BookingChanges again = ticketing.bookingsChangedSince(all.cursor());
        clock.advance(Duration.ofMinutes(2));
        spektrix.cancelTickets(created.get(249), instance, clock.instant());
        Drained later = drain(again.next());

        assertThat(all.orderIds()).containsExactlyElementsOf(created);
        assertThat(again.bookings()).as("read again within the overlap, told apart by content").isEmpty();
        assertThat(later.bookings()).singleElement().satisfies(b -> {
            assertThat(b.id()).startsWith(created.get(249));
            assertThat(b.cancelledAt()).contains(clock.instant());
        });
        assertThat(problems).extracting(TicketingProblem::field).contains("values[].lastModifiedUtc");
    }

    @Test
    void aSinceReadInVenueTimeLosesChangesUntilTheSettingSaysSo() {
        start(server -> server.sinceZone(NEW_YORK).venueZone(NEW_YORK), config -> config);
        String instance = anInstance("Hamlet");
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        spektrix.addOrder(ada, clock.instant(), instance);
        ChangeCursor caughtUp = drain(ChangeCursor.beginning()).cursor();
        clock.advance(Duration.ofHours(1));
        String later = spektrix.addOrder(ada, clock.instant(), instance);

        assertThat(drain(caughtUp).orderIds()).as("UTC read as New York time is five hours late").isEmpty();

        SpektrixTicketingSystem told = SpektrixTicketingSystem.builder(spektrix.configBuilder()
                .syncSinceZone(NEW_YORK).retryPolicy(RetryPolicy.none()).build()).clock(clock).build();
        Instant beforeLater = clock.instant().minusSeconds(60);
        assertThat(drainWith(told, ChangeCursor.since(beforeLater)).orderIds()).containsExactly(later);
    }

    @Test
    void ticketsNamingOnlyTheirEventGiveNoBookingAndAreReportedWithoutFailingTheFeed() {
        start(server -> server.orderShape(OrderShape.EVENT_ONLY_TICKETS), config -> config);
        String instance = anInstance("Hamlet");
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        String order = spektrix.addOrder(ada, clock.instant(), instance);

        BookingChanges changes = ticketing.bookingsChangedSince(ChangeCursor.beginning());

        assertThat(changes.bookings()).isEmpty();
        assertThat(changes.hasMore()).isFalse();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.LEFT_OUT);
            assertThat(p.record()).isEqualTo("order '" + order + "'");
            assertThat(p.field()).isEqualTo("values[0].tickets[0].instance.id");
        });
    }

    @Test
    void customerCollectionsAreFoundUnderExpansionsAndSubResourcesThenReadThereDirectly() {
        start(server -> server.customerCollections(CustomerCollections.EXPAND_OR_SUB_RESOURCE), config -> config);
        String grace = spektrix.addCustomer(FakeCustomer.named("Grace", "Hopper").withTag("Member")
                .withAgreedStatement("Text me").withMembership("Friends"));
        spektrix.addCustomer(FakeCustomer.named("Alan", "Turing").withAgreedStatement("Post me"));

        assertThat(ticketing.customer(grace)).hasValueSatisfying(c -> {
            assertThat(c.tags()).containsExactly("Member");
            assertThat(c.contactPreferences()).containsExactly("Text me");
            assertThat(c.memberships()).containsExactly("Friends");
        });
        assertThat(ticketing.customerCollectionSources()).containsExactly(Map.entry("tags", "SUB_RESOURCE"),
                Map.entry("agreedStatements", "EXPANDED"), Map.entry("subscriptions", "EXPANDED"));

        spektrix.clearRequests();
        assertThat(ticketing.customer(grace).orElseThrow().contactPreferences()).containsExactly("Text me");
        assertThat(spektrix.requests()).extracting(RecordedRequest::pathAndQuery).containsExactly(
                "/fakevenue/api/v3/customers/" + grace + "?$expand=AllStatements,Subscriptions",
                "/fakevenue/api/v3/customers/" + grace + "/tags");
        assertThat(problems).isEmpty();
    }

    @Test
    void anAccountThatReturnsNoCustomerCollectionsIsSaidOnce() {
        start(server -> server.customerCollections(CustomerCollections.ABSENT), config -> config);
        String grace = spektrix.addCustomer(FakeCustomer.named("Grace", "Hopper").withTag("Member")
                .withAgreedStatement("Text me"));

        assertThat(ticketing.customer(grace)).hasValueSatisfying(c -> {
            assertThat(c.firstName()).isEqualTo("Grace");
            assertThat(c.tags()).isEmpty();
            assertThat(c.contactPreferences()).isEmpty();
        });
        ticketing.customer(grace);

        assertThat(ticketing.customerCollectionSources()).containsOnlyKeys("tags", "agreedStatements", "subscriptions")
                .allSatisfy((field, source) -> assertThat(source).isEqualTo("NONE"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.record()).isEqualTo("customers");
            assertThat(p.explanation()).contains("ticketing consent rule gives nobody marketing consent");
        });
    }

    @Test
    void anEventMissingFromTheListingIsReadByIdAndOneThatCannotBeReadLeavesOnlyItsPerformancesOut() {
        start(server -> server, config -> config);
        String hidden = spektrix.addEvent("Hidden", Duration.ofMinutes(90), Map.of());
        String gone = spektrix.addEvent("Gone", Duration.ofMinutes(90), Map.of());
        String shown = spektrix.addEvent("Shown", Duration.ofMinutes(90), Map.of());
        LocalDateTime evening = LocalDateTime.parse("2025-06-12T19:30");
        String ofHidden = spektrix.addInstance(hidden, evening);
        String ofGone = spektrix.addInstance(gone, evening.plusMinutes(1));
        String ofShown = spektrix.addInstance(shown, evening.plusMinutes(2));
        spektrix.hideEventFromListing(hidden);
        spektrix.deleteEvent(gone);

        List<Performance> listed = ticketing.performancesStartingBetween(clock.instant(), clock.instant().plus(Duration.ofDays(7)));

        assertThat(listed).extracting(Performance::id).containsExactly(ofHidden, ofShown);
        assertThat(listed.get(0).event().name()).isEqualTo("Hidden");
        assertThat(ticketing.performance(ofGone)).isEmpty();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.LEFT_OUT);
            assertThat(p.record()).isEqualTo("instance '" + ofGone + "'");
            assertThat(p.field()).isEqualTo("event.id");
        });
    }

    @Test
    void aBookingWhosePerformanceCannotBeReadIsHeldBackThenDeliveredOnceItCanBe() {
        start(server -> server, config -> config);
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        String broken = spektrix.addInstance(event, LocalDateTime.parse("2025-06-12T19:30"));
        String fine = spektrix.addInstance(event, LocalDateTime.parse("2025-06-13T19:30"));
        spektrix.setInstanceField(broken, "start", null);
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        String order = spektrix.addOrder(ada, clock.instant(), broken, fine);

        BookingChanges first = ticketing.bookingsChangedSince(ChangeCursor.beginning());
        assertThat(first.bookings()).extracting(Booking::performanceId).containsExactly(fine);
        assertThat(ticketing.heldBackBookings()).containsExactly(order + ":" + broken);
        assertThat(ticketing.performancesStartingBetween(clock.instant(), clock.instant().plus(Duration.ofDays(7))))
                .extracting(Performance::id).containsExactly(fine);

        spektrix.setInstanceField(broken, "start", "2025-06-12T19:30:00");
        clock.advance(Duration.ofMinutes(6));
        BookingChanges second = ticketing.bookingsChangedSince(first.next());

        assertThat(second.bookings()).extracting(Booking::id).containsExactly(order + ":" + broken);
        assertThat(ticketing.heldBackBookings()).isEmpty();
        assertThat(problems).filteredOn(p -> p.kind() == Kind.LEFT_OUT)
                .allSatisfy(p -> assertThat(p.explanation()).contains("'start'"));
        assertThat(problems).filteredOn(p -> p.kind() == Kind.HELD_BACK).singleElement()
                .satisfies(p -> assertThat(p.record()).isEqualTo("booking '" + order + ":" + broken + "'"));
    }

    @Test
    void aBookingHeldBackLongerThanTheRetentionIsGivenUpAndSaidSo() {
        start(server -> server, config -> config.heldBackRetention(Duration.ofHours(6)));
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        String broken = spektrix.addInstance(event, LocalDateTime.parse("2025-06-12T19:30"));
        spektrix.setInstanceField(broken, "cancelled", "perhaps");
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        String order = spektrix.addOrder(ada, clock.instant(), broken);
        ChangeCursor cursor = ticketing.bookingsChangedSince(ChangeCursor.beginning()).next();

        clock.advance(Duration.ofHours(6));
        assertThat(ticketing.bookingsChangedSince(cursor).bookings()).isEmpty();

        assertThat(ticketing.heldBackBookings()).isEmpty();
        assertThat(problems).filteredOn(p -> p.record().startsWith("booking")).extracting(TicketingProblem::kind)
                .containsExactly(Kind.HELD_BACK, Kind.LEFT_OUT);
        assertThat(problems).filteredOn(p -> p.kind() == Kind.LEFT_OUT && p.record().startsWith("booking"))
                .singleElement().satisfies(p -> {
                    assertThat(p.record()).isEqualTo("booking '" + order + ":" + broken + "'");
                    assertThat(p.explanation()).contains("given up");
                });
    }

    private String anInstance(String name) {
        String event = spektrix.addEvent(name, Duration.ofMinutes(150), Map.of());
        return spektrix.addInstance(event, LocalDateTime.parse("2025-06-14T19:30"));
    }

    private record Drained(List<Booking> bookings, ChangeCursor cursor) {
        List<String> orderIds() {
            return bookings.stream().map(b -> b.id().substring(0, b.id().indexOf(':'))).toList();
        }
    }

    private Drained drain(ChangeCursor from) {
        return drainWith(ticketing, from);
    }

    private static Drained drainWith(SpektrixTicketingSystem system, ChangeCursor from) {
        List<Booking> all = new ArrayList<>();
        ChangeCursor cursor = from;
        BookingChanges page;
        int pages = 0;
        do {
            page = system.bookingsChangedSince(cursor);
            all.addAll(page.bookings());
            cursor = page.next();
        } while (page.hasMore() && ++pages < 50);
        return new Drained(all, cursor);
    }
}
