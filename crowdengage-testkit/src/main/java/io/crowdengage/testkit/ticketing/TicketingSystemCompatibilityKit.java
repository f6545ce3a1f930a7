package io.crowdengage.testkit.ticketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TicketingSystem} must show, as an abstract JUnit 5 class in the
 * manner of Micrometer's {@code MeterRegistryCompatibilityKit}. An adapter passes it by extending
 * it and saying how to seed data into the system under test:
 *
 * <pre>{@code
 * class InMemoryTicketingSystemCompatibilityTest extends TicketingSystemCompatibilityKit {
 *     @Override
 *     protected TicketingFixture createFixture(MutableClock clock) {
 *         return InMemoryTicketingFixture.of(InMemoryTicketingSystem.builder()
 *                 .zone(ZoneId.of("Europe/London")).clock(clock).pageSize(4).build());
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh fixture on a fresh {@link MutableClock} reading {@link #KIT_START};
 * the kit moves that clock between changes so that change times differ by whole minutes. The
 * fixture's system must stamp the change feed with that clock (or a fake server driven by it).
 */
public abstract class TicketingSystemCompatibilityKit {

    /** Where the kit's clock starts: a Saturday a month before the 2025 spring clock change in Europe. */
    protected static final Instant KIT_START = Instant.parse("2025-03-01T10:00:00Z");

    private static final Duration RUNNING_TIME = Duration.ofMinutes(150);
    private static final int MAX_PAGES = 1_000;

    /** The clock the system under test reads; move it to make time pass. */
    protected MutableClock clock;
    /** Seeds the system under test. */
    protected TicketingFixture fixture;
    /** The system under test. */
    protected TicketingSystem ticketing;
    /** The venue zone of the system under test. */
    protected ZoneId zone;

    /**
     * A fixture over a new, empty system under test whose change feed is stamped by {@code clock}.
     * Called once before each test.
     *
     * @param clock the kit's clock, reading {@link #KIT_START}
     * @return the fixture; the kit closes it after the test
     */
    protected abstract TicketingFixture createFixture(MutableClock clock);

    @BeforeEach
    void createSystemUnderTest() {
        clock = MutableClock.at(KIT_START);
        fixture = createFixture(clock);
        ticketing = fixture.system();
        zone = fixture.zone();
    }

    @AfterEach
    void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Nested
    @DisplayName("Performances starting in a range")
    class PerformancesInARange {

        @Test
        @DisplayName("include a performance starting at the lower bound and exclude one starting at the upper bound")
        void boundsAreHalfOpen() {
            Event event = anEvent();
            Performance justBefore = fixture.givenPerformance(event, local("2025-06-14T19:29"));
            Performance atFrom = fixture.givenPerformance(event, local("2025-06-14T19:30"));
            Performance atTo = fixture.givenPerformance(event, local("2025-06-15T19:30"));

            List<Performance> found = ticketing.performancesStartingBetween(startOf(atFrom), startOf(atTo));

            assertThat(ids(found)).containsExactly(atFrom.id()).doesNotContain(justBefore.id(), atTo.id());
        }

        @Test
        @DisplayName("find nothing in an empty range")
        void emptyRange() {
            Performance performance = fixture.givenPerformance(anEvent(), local("2025-06-14T19:30"));

            assertThat(ticketing.performancesStartingBetween(startOf(performance), startOf(performance))).isEmpty();
        }

        @Test
        @DisplayName("come back in start order whatever order they were created in")
        void startOrder() {
            Event hamlet = anEvent();
            Event lear = fixture.givenEvent("King Lear", RUNNING_TIME, RawAttributes.empty());
            Performance evening = fixture.givenPerformance(hamlet, local("2025-06-14T19:30"));
            Performance matinee = fixture.givenPerformance(lear, local("2025-06-14T14:30"));
            Performance nextDay = fixture.givenPerformance(lear, local("2025-06-15T11:00"));
            Performance morning = fixture.givenPerformance(hamlet, local("2025-06-14T10:00"));

            List<Performance> found = ticketing.performancesStartingBetween(
                    instant("2025-06-14T00:00"), instant("2025-06-16T00:00"));

            assertThat(ids(found)).containsExactly(morning.id(), matinee.id(), evening.id(), nextDay.id());
            assertThat(found).extracting(Performance::localStart).isSorted();
        }

        @Test
        @DisplayName("include cancelled performances, flagged as cancelled")
        void cancelledIncluded() {
            Event event = anEvent();
            Performance live = fixture.givenPerformance(event, local("2025-06-14T14:30"));
            Performance cancelled = fixture.cancelPerformance(fixture.givenPerformance(event, local("2025-06-14T19:30")));

            List<Performance> found = ticketing.performancesStartingBetween(
                    instant("2025-06-14T00:00"), instant("2025-06-15T00:00"));

            assertThat(found).extracting(Performance::id, Performance::cancelled)
                    .containsExactly(tuple(live.id(), false),
                            tuple(cancelled.id(), true));
        }

        @Test
        @DisplayName("reflect a reschedule at once: gone from the old range, in the new one with the new start")
        void rescheduleReflected() {
            Performance performance = fixture.givenPerformance(anEvent(), local("2025-06-14T19:30"));
            Instant oldStart = startOf(performance);
            assertThat(ids(ticketing.performancesStartingBetween(oldStart, oldStart.plusSeconds(60))))
                    .containsExactly(performance.id());

            fixture.reschedule(performance, local("2025-06-20T14:30"));

            assertThat(ticketing.performancesStartingBetween(oldStart, oldStart.plusSeconds(60))).isEmpty();
            Instant newStart = instant("2025-06-20T14:30");
            assertThat(ticketing.performancesStartingBetween(newStart, newStart.plusSeconds(60)))
                    .singleElement()
                    .satisfies(found -> {
                        assertThat(found.id()).isEqualTo(performance.id());
                        assertThat(found.localStart()).isEqualTo(local("2025-06-20T14:30"));
                        assertThat(found.cancelled()).isFalse();
                    });
        }

        @Test
        @DisplayName("read the start as wall-clock time in the venue zone, not in UTC")
        void venueZone() {
            LocalDateTime localStart = local("2025-07-10T19:30");
            Performance performance = fixture.givenPerformance(anEvent(), localStart);
            Instant start = localStart.atZone(zone).toInstant();

            assertThat(ticketing.performancesStartingBetween(start, start.plusSeconds(60)))
                    .singleElement()
                    .satisfies(found -> assertThat(found.localStart()).isEqualTo(localStart));
            Instant sameWallClockInUtc = localStart.atZone(ZoneOffset.UTC).toInstant();
            if (!sameWallClockInUtc.equals(start)) {
                assertThat(ids(ticketing.performancesStartingBetween(sameWallClockInUtc, sameWallClockInUtc.plusSeconds(60))))
                        .as("a range around %s read as UTC", localStart)
                        .doesNotContain(performance.id());
            }
        }

        @Test
        @DisplayName("place starts on a clock-change weekend by the zone's rules for each day")
        void clockChangeWeekend() {
            ZoneOffsetTransition transition = zone.getRules().nextTransition(KIT_START);
            assumeThat(transition).as("the venue zone %s changes its clocks", zone).isNotNull();
            LocalDate changeDay = transition.getDateTimeAfter().toLocalDate();
            LocalDateTime dayBefore = changeDay.minusDays(1).atTime(LocalTime.of(19, 30));
            LocalDateTime dayOfChange = changeDay.atTime(LocalTime.of(19, 30));
            Event event = anEvent();
            Performance before = fixture.givenPerformance(event, dayBefore);
            Performance after = fixture.givenPerformance(event, dayOfChange);
            Instant beforeStart = dayBefore.atZone(zone).toInstant();
            Instant afterStart = dayOfChange.atZone(zone).toInstant();
            assertThat(Duration.between(beforeStart, afterStart)).as("19:30 to 19:30 across the change")
                    .isNotEqualTo(Duration.ofDays(1));

            assertThat(ids(ticketing.performancesStartingBetween(beforeStart, afterStart))).containsExactly(before.id());
            assertThat(ids(ticketing.performancesStartingBetween(afterStart, afterStart.plusSeconds(60))))
                    .containsExactly(after.id());
            assertThat(ticketing.performance(after.id())).map(Performance::localStart).contains(dayOfChange);
        }
    }

    @Nested
    @DisplayName("A performance by id")
    class PerformanceById {

        @Test
        @DisplayName("is found with its event and start")
        void found() {
            Event event = anEvent();
            Performance performance = fixture.givenPerformance(event, local("2025-06-14T19:30"));

            assertThat(ticketing.performance(performance.id())).hasValueSatisfying(found -> {
                assertThat(found.event().id()).isEqualTo(event.id());
                assertThat(found.event().name()).isEqualTo("Hamlet");
                assertThat(found.event().duration()).isEqualTo(RUNNING_TIME);
                assertThat(found.localStart()).isEqualTo(local("2025-06-14T19:30"));
                assertThat(found.cancelled()).isFalse();
            });
        }

        @Test
        @DisplayName("is found when cancelled, with its flag set")
        void cancelled() {
            Performance performance = fixture.givenPerformance(anEvent(), local("2025-06-14T19:30"));
            fixture.cancelPerformance(performance);

            assertThat(ticketing.performance(performance.id())).map(Performance::cancelled).contains(true);
        }

        @Test
        @DisplayName("is empty when unknown")
        void unknown() {
            fixture.givenPerformance(anEvent(), local("2025-06-14T19:30"));

            assertThat(ticketing.performance("no-such-performance")).isEmpty();
        }
    }

    @Nested
    @DisplayName("Bookings of a performance")
    class BookingsOfAPerformance {

        @Test
        @DisplayName("come in order of confirmation, then of id")
        void order() {
            Performance performance = aPerformance();
            Customer customer = aCustomer();
            Instant t = clock.instant();
            Booking third = fixture.givenBooking(customer, performance, t.plusSeconds(7_200));
            Booking first = fixture.givenBooking(customer, performance, t);
            Booking secondA = fixture.givenBooking(customer, performance, t.plusSeconds(3_600));
            Booking secondB = fixture.givenBooking(customer, performance, t.plusSeconds(3_600));
            List<String> tied = new ArrayList<>(List.of(secondA.id(), secondB.id()));
            tied.sort(Comparator.naturalOrder());

            assertThat(ids(ticketing.bookingsOf(performance.id())))
                    .containsExactly(first.id(), tied.get(0), tied.get(1), third.id());
        }

        @Test
        @DisplayName("name the customer and the performance they belong to")
        void references() {
            Performance performance = aPerformance();
            Customer customer = aCustomer();
            Booking booking = fixture.givenBooking(customer, performance, clock.instant());

            assertThat(ticketing.bookingsOf(performance.id())).singleElement().satisfies(found -> {
                assertThat(found.id()).isEqualTo(booking.id());
                assertThat(found.customerId()).isEqualTo(customer.id());
                assertThat(found.performanceId()).isEqualTo(performance.id());
                assertThat(found.confirmedAt()).isEqualTo(booking.confirmedAt());
                assertThat(found.cancelledAt()).isEmpty();
            });
        }

        @Test
        @DisplayName("include cancelled bookings with the time they were cancelled")
        void cancelledIncluded() {
            Performance performance = aPerformance();
            Customer customer = aCustomer();
            Booking kept = fixture.givenBooking(customer, performance, clock.instant());
            Booking dropped = fixture.givenBooking(customer, performance, clock.instant().plusSeconds(60));
            Instant cancelledAt = clock.advance(Duration.ofHours(1));
            fixture.cancelBooking(dropped, cancelledAt);

            assertThat(ticketing.bookingsOf(performance.id()))
                    .extracting(Booking::id, Booking::cancelledAt)
                    .containsExactly(tuple(kept.id(), Optional.empty()),
                            tuple(dropped.id(), Optional.of(cancelledAt)));
        }

        @Test
        @DisplayName("leave out bookings of other performances")
        void onlyItsOwn() {
            Event event = anEvent();
            Performance mine = fixture.givenPerformance(event, local("2025-06-14T19:30"));
            Performance other = fixture.givenPerformance(event, local("2025-06-15T19:30"));
            Customer customer = aCustomer();
            Booking booking = fixture.givenBooking(customer, mine, clock.instant());
            fixture.givenBooking(customer, other, clock.instant());

            assertThat(ids(ticketing.bookingsOf(mine.id()))).containsExactly(booking.id());
        }

        @Test
        @DisplayName("are empty for an unknown performance, which is not an error")
        void unknownPerformance() {
            fixture.givenBooking(aCustomer(), aPerformance(), clock.instant());

            assertThat(ticketing.bookingsOf("no-such-performance")).isEmpty();
        }
    }

    @Nested
    @DisplayName("The change feed")
    class ChangeFeed {

        @Test
        @DisplayName("gives the first changes, oldest first, from the beginning")
        void firstPage() {
            int count = Math.min(3, fixture.changeFeedPageSize());
            List<Booking> created = createBookingsOneMinuteApart(count);

            BookingChanges page = ticketing.bookingsChangedSince(ChangeCursor.beginning());

            assertThat(ids(page.bookings())).containsExactlyElementsOf(ids(created));
            assertThat(page.hasMore()).isFalse();
        }

        @Test
        @DisplayName("pages with hasMore and next until exhausted, losing and inventing nothing")
        void paging() {
            int pageSize = fixture.changeFeedPageSize();
            List<Booking> created = createBookingsOneMinuteApart(2 * pageSize + 1);

            List<String> seen = new ArrayList<>();
            ChangeCursor cursor = ChangeCursor.beginning();
            int pages = 0;
            BookingChanges page;
            do {
                page = ticketing.bookingsChangedSince(cursor);
                pages++;
                assertThat(page.bookings()).as("page %d", pages).hasSizeLessThanOrEqualTo(pageSize);
                if (page.hasMore()) {
                    assertThat(page.bookings()).as("page %d, which says more follow", pages).isNotEmpty();
                }
                seen.addAll(ids(page.bookings()));
                cursor = page.next();
            } while (page.hasMore() && pages < MAX_PAGES);

            assertThat(page.hasMore()).as("still more after %d pages", pages).isFalse();
            assertThat(pages).isGreaterThanOrEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(ids(created));
        }

        @Test
        @DisplayName("shows a cancellation as a change, with the booking as it is now")
        void cancellationIsAChange() {
            List<Booking> created = createBookingsOneMinuteApart(2);
            ChangeCursor caughtUp = drain(ChangeCursor.beginning()).cursor();
            Instant cancelledAt = clock.advance(Duration.ofMinutes(30));
            fixture.cancelBooking(created.get(0), cancelledAt);

            Drained later = drain(caughtUp);

            assertThat(later.bookings()).singleElement().satisfies(changed -> {
                assertThat(changed.id()).isEqualTo(created.get(0).id());
                assertThat(changed.cancelledAt()).contains(cancelledAt);
            });
        }

        @Test
        @DisplayName("answers a later call with the last cursor with only the newer changes")
        void laterCallsSeeOnlyNewerChanges() {
            List<Booking> created = createBookingsOneMinuteApart(2);
            ChangeCursor caughtUp = drain(ChangeCursor.beginning()).cursor();

            BookingChanges nothingNew = ticketing.bookingsChangedSince(caughtUp);
            assertThat(nothingNew.bookings()).isEmpty();
            assertThat(nothingNew.hasMore()).isFalse();

            clock.advance(Duration.ofMinutes(5));
            Booking newer = fixture.givenBooking(aCustomer(), aPerformance(), clock.instant());
            // The cursor is stored as text between runs; a cursor rebuilt from its token must work.
            Drained later = drain(new ChangeCursor(caughtUp.token()));

            assertThat(ids(later.bookings())).containsExactly(newer.id()).doesNotContainAnyElementsOf(ids(created));
        }

        @Test
        @DisplayName("starts a since(instant) cursor at the changes made at or after that instant")
        void sinceInstant() {
            List<Booking> older = createBookingsOneMinuteApart(2);
            Instant cutOff = clock.advance(Duration.ofHours(1));
            Booking newer = fixture.givenBooking(aCustomer(), aPerformance(), clock.instant());
            clock.advance(Duration.ofMinutes(1));
            fixture.cancelBooking(older.get(0), clock.instant());

            Drained changes = drain(ChangeCursor.since(cutOff));

            assertThat(ids(changes.bookings())).containsExactly(newer.id(), older.get(0).id());
            assertThat(changes.bookings().get(1).cancelled()).isTrue();
        }

        @Test
        @DisplayName("refuses a cursor it did not issue, as misuse")
        void foreignCursor() {
            createBookingsOneMinuteApart(1);

            assertThatThrownBy(() -> ticketing.bookingsChangedSince(new ChangeCursor("not-a-cursor-from-this-system")))
                    .isInstanceOfSatisfying(TicketingException.class,
                            e -> assertThat(e.reason()).isEqualTo(TicketingException.Reason.MISUSE));
        }
    }

    @Nested
    @DisplayName("Customers")
    class Customers {

        @Test
        @DisplayName("are found by id with their names")
        void found() {
            Customer customer = fixture.givenCustomer(CustomerSpec.named("Ada", "Lovelace"));

            assertThat(ticketing.customer(customer.id())).hasValueSatisfying(found -> {
                assertThat(found.firstName()).isEqualTo("Ada");
                assertThat(found.lastName()).isEqualTo("Lovelace");
                assertThat(found.mobile()).isEmpty();
            });
        }

        @Test
        @DisplayName("are empty when unknown")
        void unknown() {
            fixture.givenCustomer(CustomerSpec.named("Ada", "Lovelace"));

            assertThat(ticketing.customer("no-such-customer")).isEmpty();
        }

        @Test
        @DisplayName("have a mobile typed in international form in E.164")
        void internationalMobile() {
            Customer customer = fixture.givenCustomer(CustomerSpec.named("Ada", "Lovelace").withMobile("+44 7400 123456"));

            assertThat(ticketing.customer(customer.id()).flatMap(Customer::mobile))
                    .hasValueSatisfying(mobile -> assertThat(mobile.e164()).isEqualTo("+447400123456"));
        }

        @Test
        @DisplayName("have a British mobile typed in national form in E.164")
        void nationalMobile() {
            assumeThat(fixture.defaultRegion()).as("the fixture's default region").isEqualTo("GB");
            Customer customer = fixture.givenCustomer(CustomerSpec.named("Ada", "Lovelace").withMobile("07400 123456"));

            assertThat(ticketing.customer(customer.id()).flatMap(Customer::mobile))
                    .hasValueSatisfying(mobile -> assertThat(mobile.e164()).isEqualTo("+447400123456"));
        }

        @Test
        @DisplayName("with a bad mobile come back without one rather than failing")
        void badMobile() {
            Customer garbled = fixture.givenCustomer(CustomerSpec.named("Grace", "Hopper").withMobile("call me maybe"));
            Customer landline = fixture.givenCustomer(CustomerSpec.named("Alan", "Turing").withMobile("+44 20 7946 0018"));

            assertThat(ticketing.customer(garbled.id())).hasValueSatisfying(found -> {
                assertThat(found.firstName()).isEqualTo("Grace");
                assertThat(found.mobile()).isEmpty();
            });
            assertThat(ticketing.customer(landline.id())).hasValueSatisfying(found -> {
                assertThat(found.lastName()).isEqualTo("Turing");
                assertThat(found.mobile()).isEmpty();
            });
        }

        @Test
        @DisplayName("keep their raw attributes verbatim")
        void rawKept() {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("attribute_Newsletter", "weekly");
            raw.put("attribute_FirstVisit", true);
            raw.put("attribute_Notes", "");
            Customer customer = fixture.givenCustomer(CustomerSpec.named("Ada", "Lovelace").withRaw(raw));

            assertThat(ticketing.customer(customer.id())).hasValueSatisfying(
                    found -> assertThat(found.raw().values()).containsAllEntriesOf(raw));
        }
    }

    @Nested
    @DisplayName("Events")
    class Events {

        @Test
        @DisplayName("keep raw attribute_* keys verbatim, so templates can read event.raw.attribute_ShowScoreID")
        void rawAttributesKept() {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("attribute_ShowScoreID", "12345");
            raw.put("attribute_Genre", "Live music");
            raw.put("attribute_ExternalEvent", false);
            raw.put("attribute_ContentWarnings", "");
            Event event = fixture.givenEvent("Hamlet", RUNNING_TIME, RawAttributes.of(raw));
            Performance performance = fixture.givenPerformance(event, local("2025-06-14T19:30"));

            Event read = ticketing.performance(performance.id()).orElseThrow().event();

            assertThat(read.raw().values()).containsAllEntriesOf(raw);
            assertThat(read.raw().text("attribute_ShowScoreID")).contains("12345");
            assertThat(read.raw().has("attribute_ContentWarnings")).isFalse();
        }

        @Test
        @DisplayName("come with their name and running time on every performance in a range")
        void eventOnEveryPerformance() {
            Event event = fixture.givenEvent("Twelfth Night", Duration.ofMinutes(165),
                    RawAttributes.of(Map.of("attribute_ShowScoreID", "678")));
            fixture.givenPerformance(event, local("2025-06-14T14:30"));
            fixture.givenPerformance(event, local("2025-06-14T19:30"));

            List<Performance> found = ticketing.performancesStartingBetween(
                    instant("2025-06-14T00:00"), instant("2025-06-15T00:00"));

            assertThat(found).hasSize(2).allSatisfy(performance -> {
                assertThat(performance.event().id()).isEqualTo(event.id());
                assertThat(performance.event().name()).isEqualTo("Twelfth Night");
                assertThat(performance.event().duration()).isEqualTo(Duration.ofMinutes(165));
                assertThat(performance.event().raw().text("attribute_ShowScoreID")).contains("678");
            });
        }
    }

    // ------------------------------------------------------------------ helpers for subclasses and groups

    /** A wall-clock date-time at the venue, from ISO text such as {@code 2025-06-14T19:30}. */
    protected static LocalDateTime local(String isoLocalDateTime) {
        return LocalDateTime.parse(isoLocalDateTime);
    }

    /** The instant of a venue wall-clock time, by the venue zone's rules. */
    protected Instant instant(String isoLocalDateTime) {
        return local(isoLocalDateTime).atZone(zone).toInstant();
    }

    /** When a performance starts, in the venue zone. */
    protected Instant startOf(Performance performance) {
        return performance.startInstant(zone);
    }

    /** A fresh event, {@code Hamlet}, with no raw attributes. */
    protected Event anEvent() {
        return fixture.givenEvent("Hamlet", RUNNING_TIME, RawAttributes.empty());
    }

    /** A fresh performance of a fresh event, on a June evening. */
    protected Performance aPerformance() {
        return fixture.givenPerformance(anEvent(), local("2025-06-14T19:30"));
    }

    /** A fresh customer with a valid British mobile. */
    protected Customer aCustomer() {
        return fixture.givenCustomer(CustomerSpec.named("Ada", "Lovelace").withMobile("+44 7400 123456"));
    }

    /** {@code count} bookings for one performance and customer, the clock moving a minute after each. */
    protected List<Booking> createBookingsOneMinuteApart(int count) {
        Performance performance = aPerformance();
        Customer customer = aCustomer();
        List<Booking> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(fixture.givenBooking(customer, performance, clock.instant()));
            clock.advance(Duration.ofMinutes(1));
        }
        return created;
    }

    /** Every booking changed since {@code cursor}, read page by page, and the cursor after the last page. */
    protected Drained drain(ChangeCursor cursor) {
        List<Booking> bookings = new ArrayList<>();
        ChangeCursor next = cursor;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            BookingChanges page = ticketing.bookingsChangedSince(next);
            bookings.addAll(page.bookings());
            next = page.next();
            if (!page.hasMore()) {
                return new Drained(List.copyOf(bookings), next);
            }
        }
        throw new AssertionError("the change feed still had more after " + MAX_PAGES + " pages");
    }

    /**
     * What {@link #drain(ChangeCursor)} read.
     *
     * @param bookings every booking on every page, in order
     * @param cursor   the cursor the last page gave, for later changes
     */
    protected record Drained(List<Booking> bookings, ChangeCursor cursor) {
    }

    private static List<String> ids(List<?> records) {
        List<String> ids = new ArrayList<>();
        for (Object record : records) {
            if (record instanceof Performance) {
                ids.add(((Performance) record).id());
            } else if (record instanceof Booking) {
                ids.add(((Booking) record).id());
            } else {
                throw new IllegalArgumentException("no id for " + record);
            }
        }
        return ids;
    }
}
