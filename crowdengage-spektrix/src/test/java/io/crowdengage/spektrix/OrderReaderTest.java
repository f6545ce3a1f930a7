package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdengage.model.Booking;
import io.crowdengage.ticketing.TicketingProblem;
import io.crowdengage.ticketing.TicketingProblem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An {@code orders/sync} element read leniently: only the ids are documented, so each missing or
 * unreadable field degrades or leaves out what it must, for that order alone, and says so.
 */
class OrderReaderTest {
    private static final String ORDER = "1759AQHDBDQSDDTVTGMMVRMSSSKTGKB";
    private static final String CUSTOMER = "842BVQKLMNPQRSTVBCDGHJKLMNPQRST";
    private static final String EVENING = "8801ABJDKGQJJPHNLQGQLLLRMHJSKRCGT";
    private static final String MATINEE = "8802ABJDKGQJJPHNLQGQLLLRMHJSKRCGT";
    private static final Instant FIRST_SEEN = Instant.parse("2025-03-02T08:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<TicketingProblem> reported = new CopyOnWriteArrayList<>();
    private final OrderReader reader = new OrderReader(mapper, new ProblemReport(reported::add));

    @Test
    void readsTheAssumedShapeIntoOneBookingPerOrderAndInstance() throws IOException {
        JsonNode page = fixture();

        OrderRecord first = reader.element(page.get("values").get(0), "values[0]").orElseThrow();
        OrderRecord anonymous = reader.element(page.get("values").get(1), "values[1]").orElseThrow();

        assertThat(first.lastModified()).contains(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(first.bookings(FIRST_SEEN)).containsExactly(
                new Booking(ORDER + ":" + EVENING, CUSTOMER, EVENING, Instant.parse("2025-03-01T09:59:00Z"), Optional.empty()),
                new Booking(ORDER + ":" + MATINEE, CUSTOMER, MATINEE, Instant.parse("2025-03-01T09:59:00Z"),
                        Optional.of(Instant.parse("2025-03-01T10:04:00Z"))));
        assertThat(anonymous.lastModified()).as("a trailing Z is read too").contains(Instant.parse("2025-03-01T10:05:00Z"));
        assertThat(anonymous.bookings(FIRST_SEEN)).as("an order with no customer cannot be messaged").isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void aTicketWithoutAnInstanceIsLeftOutAloneAndReportedWithItsPath() throws IOException {
        ObjectNode order = element();
        ((ObjectNode) order.get("tickets").get(1)).remove("instance");

        OrderRecord read = reader.element(order, "values[0]").orElseThrow();

        assertThat(read.bookings(FIRST_SEEN)).extracting(Booking::performanceId).containsExactly(EVENING, MATINEE);
        assertThat(reported).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(Kind.LEFT_OUT);
            assertThat(problem.record()).isEqualTo("order '" + ORDER + "'");
            assertThat(problem.field()).isEqualTo("values[0].tickets[1].instance.id");
        });
    }

    @Test
    void withoutTimesTheBookingIsConfirmedAtTheStandInAndTheCursorHasNoMark() throws IOException {
        ObjectNode order = element();
        order.remove("confirmedUtc");
        OrderRecord withModification = reader.element(order, "values[0]").orElseThrow();
        assertThat(withModification.confirmedOr(FIRST_SEEN)).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));

        order.remove("lastModifiedUtc");
        OrderRecord bare = reader.element(order, "values[0]").orElseThrow();
        assertThat(bare.lastModified()).isEmpty();
        assertThat(bare.bookings(FIRST_SEEN)).allSatisfy(b -> assertThat(b.confirmedAt()).isEqualTo(FIRST_SEEN));
        assertThat(bare.bookings(FIRST_SEEN).get(1).cancelledAt())
                .as("a cancellation before the stand-in confirmation still cancels, at the confirmation").contains(FIRST_SEEN);
    }

    @Test
    void readsOtherNamesForTheTimesAndAFlatInstanceId() throws IOException {
        ObjectNode order = element();
        order.set("confirmed", order.remove("confirmedUtc"));
        order.put("lastModified", "2025-03-01T10:00:00Z");
        order.remove("lastModifiedUtc");
        ObjectNode ticket = (ObjectNode) order.get("tickets").get(0);
        ticket.put("instanceId", ticket.remove("instance").get("id").asText());

        OrderRecord read = reader.element(order, "values[0]").orElseThrow();

        assertThat(read.confirmed()).contains(Instant.parse("2025-03-01T09:59:00Z"));
        assertThat(read.lastModified()).contains(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(read.hasInstance(EVENING)).isTrue();
        assertThat(reported).isEmpty();
    }

    @Test
    void anUnreadableCancellationTimeStillCancelsAtTheModificationTime() throws IOException {
        ObjectNode order = element();
        ((ObjectNode) order.get("tickets").get(2)).put("cancelledUtc", "last Tuesday");

        OrderRecord read = reader.element(order, "values[0]").orElseThrow();

        assertThat(read.bookings(FIRST_SEEN).get(1).cancelledAt()).contains(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(reported).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(Kind.DEGRADED);
            assertThat(problem.field()).isEqualTo("values[0].tickets[2].cancelledUtc");
            assertThat(problem.explanation()).doesNotContain("Tuesday");
        });
    }

    @Test
    void theDocumentedElementHasNoTicketsUntilCompletedFromTheWholeOrder() throws IOException {
        ObjectNode full = element();
        ObjectNode documented = mapper.createObjectNode();
        for (String field : List.of("orderId", "orderFriendlyId", "customerId", "customerFriendlyId")) {
            documented.set(field, full.get(field));
        }

        OrderRecord bare = reader.element(documented, "values[0]").orElseThrow();
        OrderRecord completed = reader.completedFrom(bare, documented, full);

        assertThat(bare.tickets()).isEmpty();
        assertThat(bare.bookings(FIRST_SEEN)).isEmpty();
        assertThat(completed.bookings(FIRST_SEEN)).extracting(Booking::performanceId).containsExactly(EVENING, MATINEE);
        assertThat(completed.fingerprint()).isNotEqualTo(bare.fingerprint()).startsWith(ORDER + "~");
        full.put("lastModifiedUtc", "2025-03-01T11:00:00.0000000");
        assertThat(reader.completedFrom(bare, documented, full).fingerprint())
                .as("a change seen only in orders/{id} changes the fingerprint").isNotEqualTo(completed.fingerprint());
    }

    @Test
    void anElementWithoutAnOrderIdIsLeftOut() throws IOException {
        ObjectNode order = element();
        order.remove("orderId");

        assertThat(reader.element(order, "values[4]")).isEmpty();
        assertThat(reported).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(Kind.LEFT_OUT);
            assertThat(problem.record()).isEqualTo("orders/sync values[4]");
        });
    }

    private ObjectNode element() throws IOException {
        return (ObjectNode) fixture().get("values").get(0);
    }

    private JsonNode fixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/orders-sync.json")) {
            return mapper.readTree(in);
        }
    }
}
