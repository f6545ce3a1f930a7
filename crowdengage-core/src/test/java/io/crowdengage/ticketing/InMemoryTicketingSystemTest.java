package io.crowdengage.ticketing;

import io.crowdengage.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the compatibility kit (in crowdengage-testkit) cannot say about the in-memory system: its
 * refusals of misuse, its builder, its fault injection and its documented change-feed choices.
 */
class InMemoryTicketingSystemTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Instant T0 = Instant.parse("2025-06-01T09:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final InMemoryTicketingSystem ticketing = InMemoryTicketingSystem.builder()
            .zone(LONDON).clock(clock).pageSize(2).build();
    private final Event hamlet = Event.of("E1", "Hamlet", Duration.ofMinutes(180));
    private final Performance saturday = Performance.of("P1", hamlet, LocalDateTime.parse("2025-06-14T19:30"));
    private final Customer ada = Customer.builder("C1").name("Ada", "Lovelace").build();

    private void seed() {
        ticketing.addPerformance(saturday);
        ticketing.addCustomer(ada);
    }

    private static void assertMisuse(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TicketingException.class, e -> {
            assertThat(e.reason()).isEqualTo(TicketingException.Reason.MISUSE);
            assertThat(e.code()).isEqualTo("TICKETING.MISUSE");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Nested
    @DisplayName("Misuse is refused, naming the id")
    class Misuse {

        @Test
        @DisplayName("a booking for an unknown performance")
        void bookingForUnknownPerformance() {
            seed();
            assertMisuse(() -> ticketing.addBooking(Booking.of("B1", "C1", "P9", T0)), "B1", "unknown performance P9");
            assertThat(ticketing.bookings()).isEmpty();
            assertThat(ticketing.changeCount()).isZero();
        }

        @Test
        @DisplayName("a booking by an unknown customer")
        void bookingByUnknownCustomer() {
            seed();
            assertMisuse(() -> ticketing.addBooking(Booking.of("B1", "C9", "P1", T0)), "B1", "unknown customer C9");
        }

        @Test
        @DisplayName("an id added twice with different content")
        void duplicateIdDifferentContent() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            assertMisuse(() -> ticketing.addBooking(Booking.of("B1", "C1", "P1", T0.plusSeconds(1))),
                    "booking B1", "replaceBooking");
            assertMisuse(() -> ticketing.addCustomer(Customer.builder("C1").name("Grace", "Hopper").build()),
                    "customer C1", "replaceCustomer");
            assertMisuse(() -> ticketing.addPerformance(saturday.rescheduledTo(LocalDateTime.parse("2025-06-15T19:30"))),
                    "performance P1", "replacePerformance");
            assertMisuse(() -> ticketing.addEvent(Event.of("E1", "Macbeth", Duration.ofMinutes(120))),
                    "event E1", "replaceEvent");
        }

        @Test
        @DisplayName("a performance carrying a different event under a held event's id")
        void conflictingEvent() {
            seed();
            Event renamed = Event.of("E1", "Hamlet (revival)", Duration.ofMinutes(180));
            assertMisuse(() -> ticketing.addPerformance(Performance.of("P2", renamed, LocalDateTime.parse("2025-06-15T19:30"))),
                    "performance P2", "event E1");
        }

        @Test
        @DisplayName("changing or cancelling what was never added")
        void unknownTargets() {
            assertMisuse(() -> ticketing.cancelBooking("B7", T0), "unknown booking B7");
            assertMisuse(() -> ticketing.reschedule("P7", LocalDateTime.parse("2025-06-15T19:30")), "unknown performance P7");
            assertMisuse(() -> ticketing.cancelPerformance("P8"), "unknown performance P8");
            assertMisuse(() -> ticketing.replaceCustomer(ada), "unknown customer C1");
            assertMisuse(() -> ticketing.replaceEvent(hamlet), "unknown event E1");
        }

        @Test
        @DisplayName("cancelling a booking again at a different instant")
        void cancelTwice() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            ticketing.cancelBooking("B1", T0.plusSeconds(60));
            assertThat(ticketing.cancelBooking("B1", T0.plusSeconds(60)).cancelledAt()).contains(T0.plusSeconds(60));
            assertMisuse(() -> ticketing.cancelBooking("B1", T0.plusSeconds(120)), "B1", "already cancelled");
            assertThat(ticketing.changeCount()).isEqualTo(2);
        }

        @Test
        @DisplayName("a cancellation before the booking was confirmed is bad input")
        void cancelBeforeConfirmed() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            assertThatThrownBy(() -> ticketing.cancelBooking("B1", T0.minusSeconds(1)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("booking.cancelledAt");
        }

        @Test
        @DisplayName("a cursor token it did not issue")
        void foreignCursors() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            assertMisuse(() -> ticketing.bookingsChangedSince(new ChangeCursor("in-memory:2")), "'in-memory:2'");
            assertMisuse(() -> ticketing.bookingsChangedSince(new ChangeCursor("in-memory:-1")), "'in-memory:-1'");
            assertMisuse(() -> ticketing.bookingsChangedSince(new ChangeCursor("in-memory:x")), "'in-memory:x'");
            assertMisuse(() -> ticketing.bookingsChangedSince(new ChangeCursor("since:yesterday")), "'since:yesterday'");
            assertMisuse(() -> ticketing.bookingsChangedSince(new ChangeCursor("/api/v3/orders/sync?since=x")),
                    "orders/sync");
        }

        @Test
        @DisplayName("a range whose end is before its start")
        void backwardsRange() {
            assertMisuse(() -> ticketing.performancesStartingBetween(T0, T0.minusSeconds(1)), "before from");
        }
    }

    @Nested
    @DisplayName("Adding the same record twice")
    class Idempotence {

        @Test
        @DisplayName("changes nothing and records no change")
        void identicalAddsAreNoOps() {
            seed();
            Booking booking = Booking.of("B1", "C1", "P1", T0);
            ticketing.addBooking(booking);
            ticketing.addBooking(booking);
            ticketing.addPerformance(saturday);
            ticketing.addCustomer(ada);
            ticketing.addEvent(hamlet);

            assertThat(ticketing.bookings()).containsExactly(booking);
            assertThat(ticketing.performances()).containsExactly(saturday);
            assertThat(ticketing.customers()).containsExactly(ada);
            assertThat(ticketing.events()).containsExactly(hamlet);
            assertThat(ticketing.changeCount()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("The change feed")
    class ChangeFeed {

        @Test
        @DisplayName("does not list a performance's bookings when the performance is rescheduled or cancelled")
        void performanceChangesAreNotBookingChanges() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            ChangeCursor caughtUp = ticketing.bookingsChangedSince(ChangeCursor.beginning()).next();

            ticketing.reschedule("P1", LocalDateTime.parse("2025-06-21T19:30"));
            ticketing.cancelPerformance("P1");

            assertThat(ticketing.bookingsChangedSince(caughtUp).bookings()).isEmpty();
            assertThat(ticketing.performance("P1")).hasValueSatisfying(p -> {
                assertThat(p.cancelled()).isTrue();
                assertThat(p.localStart()).isEqualTo(LocalDateTime.parse("2025-06-21T19:30"));
            });
            assertThat(ticketing.bookingsOf("P1")).extracting(Booking::cancelled).containsExactly(false);
        }

        @Test
        @DisplayName("lists a booking once per page, in its current state, at its latest change")
        void oneEntryPerBookingPerPage() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            ticketing.cancelBooking("B1", T0.plusSeconds(60));

            BookingChanges page = ticketing.bookingsChangedSince(ChangeCursor.beginning());

            assertThat(page.bookings()).containsExactly(Booking.of("B1", "C1", "P1", T0).cancelledAt(T0.plusSeconds(60)));
            assertThat(page.next().token()).isEqualTo("in-memory:2");
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        @DisplayName("orders a page by each booking's latest change")
        void latestChangeDecidesPosition() {
            InMemoryTicketingSystem roomy = InMemoryTicketingSystem.builder().zone(LONDON).clock(clock).pageSize(3).build();
            roomy.addPerformance(saturday);
            roomy.addCustomer(ada);
            roomy.addBooking(Booking.of("B1", "C1", "P1", T0));
            roomy.addBooking(Booking.of("B2", "C1", "P1", T0));
            roomy.cancelBooking("B1", T0.plusSeconds(60));

            assertThat(roomy.bookingsChangedSince(ChangeCursor.beginning()).bookings())
                    .extracting(Booking::id).containsExactly("B2", "B1");
        }

        @Test
        @DisplayName("keeps since(instant) a high-water mark when the clock moves back")
        void clockMovingBack() {
            seed();
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            clock.set(T0.minusSeconds(3_600));
            ticketing.addBooking(Booking.of("B2", "C1", "P1", T0.minusSeconds(3_600)));

            // B2 is stamped no earlier than B1, so a reader who saw B1 and asks since T0 still sees B2.
            assertThat(ticketing.bookingsChangedSince(ChangeCursor.since(T0)).bookings())
                    .extracting(Booking::id).containsExactly("B1", "B2");
        }

        @Test
        @DisplayName("records a replaced booking, but not an identical replacement")
        void replaceRecordsChange() {
            seed();
            ticketing.addPerformance(Performance.of("P2", hamlet, LocalDateTime.parse("2025-06-15T19:30")));
            ticketing.addBooking(Booking.of("B1", "C1", "P1", T0));
            ticketing.replaceBooking(Booking.of("B1", "C1", "P1", T0));
            assertThat(ticketing.changeCount()).isEqualTo(1);

            ticketing.replaceBooking(Booking.of("B1", "C1", "P2", T0));

            assertThat(ticketing.changeCount()).isEqualTo(2);
            assertThat(ticketing.bookingsOf("P1")).isEmpty();
            assertThat(ticketing.bookingsOf("P2")).extracting(Booking::id).containsExactly("B1");
        }
    }

    @Nested
    @DisplayName("Replacing an event")
    class ReplacingAnEvent {

        @Test
        @DisplayName("updates the event every performance of it carries")
        void performancesFollow() {
            seed();
            Event withShowScore = new Event("E1", "Hamlet", Duration.ofMinutes(180),
                    RawAttributes.of(Map.of("attribute_ShowScoreID", "12345")));

            ticketing.replaceEvent(withShowScore);

            assertThat(ticketing.performance("P1")).map(Performance::event).contains(withShowScore);
        }
    }

    @Nested
    @DisplayName("Injected failures")
    class Faults {

        @Test
        @DisplayName("fail the next reads with the reason asked for, then stop")
        void failNext() {
            seed();
            ticketing.failNext(2, TicketingException.Reason.UNAVAILABLE);

            assertThatThrownBy(() -> ticketing.performance("P1")).isInstanceOfSatisfying(TicketingException.class, e -> {
                assertThat(e.reason()).isEqualTo(TicketingException.Reason.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("injected", "performance");
            });
            assertThatThrownBy(() -> ticketing.bookingsChangedSince(ChangeCursor.beginning()))
                    .isInstanceOf(TicketingException.class);
            assertThat(ticketing.pendingFailures()).isZero();
            assertThat(ticketing.performance("P1")).isPresent();
        }

        @Test
        @DisplayName("leave mutators alone")
        void mutatorsUnaffected() {
            ticketing.failNext(1, TicketingException.Reason.RATE_LIMITED);
            seed();
            assertThat(ticketing.performances()).containsExactly(saturday);
            assertThatThrownBy(() -> ticketing.customer("C1")).isInstanceOfSatisfying(TicketingException.class,
                    e -> assertThat(e.reason()).isEqualTo(TicketingException.Reason.RATE_LIMITED));
        }
    }

    @Nested
    @DisplayName("The builder")
    class TheBuilder {

        @Test
        @DisplayName("reports every problem at once")
        void everyProblem() {
            assertThatThrownBy(() -> InMemoryTicketingSystem.builder().pageSize(0).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ValidationException.Reason.INVALID_CONFIGURATION);
                        assertThat(e.problems()).extracting(ValidationException.Problem::path)
                                .containsExactly("pageSize", "zone", "clock");
                    });
        }

        @Test
        @DisplayName("refuses a value set twice")
        void setTwice() {
            assertThatThrownBy(() -> InMemoryTicketingSystem.builder().zone(LONDON).zone(ZoneOffset.UTC).clock(clock).build())
                    .isInstanceOf(ValidationException.class).hasMessageContaining("zone: was already set to Europe/London");
        }

        @Test
        @DisplayName("defaults the page size to 100")
        void defaults() {
            InMemoryTicketingSystem system = InMemoryTicketingSystem.create(LONDON, clock);
            assertThat(system.pageSize()).isEqualTo(InMemoryTicketingSystem.DEFAULT_PAGE_SIZE).isEqualTo(100);
            assertThat(system.zone()).isEqualTo(LONDON);
        }
    }
}
