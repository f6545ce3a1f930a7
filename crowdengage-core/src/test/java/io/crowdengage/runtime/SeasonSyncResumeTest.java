package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.TestClock;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.InMemoryTicketingSystem;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The season a runtime holds when it resumes the change feed from a position another instance (or
 * an earlier run) saved: it must not miss what was read in between, and must not take bookings the
 * other read for new ones.
 */
@DisplayName("Resuming the change feed")
class SeasonSyncResumeTest {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    final TestClock clock = new TestClock(LocalDateTime.parse("2026-04-10T12:00:00").atZone(LONDON).toInstant());
    final InMemoryTicketingSystem boxOffice = InMemoryTicketingSystem.create(LONDON, clock);

    SeasonSyncResumeTest() {
        Event hamlet = boxOffice.addEvent(new Event("E1", "Hamlet", Duration.ofMinutes(170), RawAttributes.empty()));
        boxOffice.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2026-04-10T19:30:00")));
        boxOffice.addCustomer(Customer.builder("C1").name("Alice", "Smith")
                .mobile(PhoneNumber.parse("07400 600001", "GB")).build());
        boxOffice.addBooking(Booking.of("B1", "C1", "P1", Instant.parse("2026-04-01T12:00:00Z")));
    }

    SeasonSync sync() {
        return new SeasonSync(boxOffice, LONDON, Duration.ofDays(3), Duration.ofDays(3), Optional.empty());
    }

    @Test
    @DisplayName("an instance taking the feed back from another's position sees what the other read meanwhile (a"
            + " cancellation), and takes none of the bookings it loads again for new")
    void takenBack() {
        SeasonSync a = sync();
        a.sync(clock.instant());
        assertThat(a.season().booking("B1").orElseThrow().cancelled()).isFalse();

        // b holds the lease for a while and reads the cancellation; then a takes the feed back from b's position.
        clock.advance(Duration.ofMinutes(5));
        boxOffice.cancelBooking("B1", clock.instant());
        SeasonSync b = sync();
        b.resumeFrom(a.cursor());
        b.sync(clock.instant());
        clock.advance(Duration.ofMinutes(5));
        a.resumeFrom(b.cursor());

        assertThat(a.sync(clock.instant())).as("first seen").isEmpty();
        assertThat(a.season().booking("B1").orElseThrow().cancelled()).isTrue();
    }

    @Test
    @DisplayName("a first read after resuming that fails part-way loses nothing: the next read still takes the window's"
            + " bookings as read before, and the feed's as new")
    void resumeFailsPartWay() {
        SeasonSync first = sync();
        first.sync(clock.instant());
        boolean[] feedDown = {true};
        // The window's performances and their bookings are read; then the feed fails.
        TicketingSystem feedFailsOnce = new ForwardingTicketingSystem(boxOffice) {
            @Override
            public BookingChanges bookingsChangedSince(ChangeCursor cursor) {
                if (feedDown[0]) {
                    feedDown[0] = false;
                    throw new TicketingException(TicketingException.Reason.UNAVAILABLE, "box office down");
                }
                return super.bookingsChangedSince(cursor);
            }
        };
        SeasonSync resumed = new SeasonSync(feedFailsOnce, LONDON, Duration.ofDays(3), Duration.ofDays(3),
                Optional.empty());
        resumed.resumeFrom(first.cursor());
        clock.advance(Duration.ofMinutes(5));
        boxOffice.addCustomer(Customer.builder("C2").name("Bob", "Jones")
                .mobile(PhoneNumber.parse("07400 600002", "GB")).build());
        boxOffice.addBooking(Booking.of("B2", "C2", "P1", clock.instant()));
        try {
            resumed.sync(clock.instant());
        } catch (TicketingException expected) {
            // the feed was down for that read
        }
        assertThat(feedDown[0]).as("the read failed after loading the window").isFalse();
        // B1 changes later: it must not count as first seen then.
        clock.advance(Duration.ofMinutes(1));

        assertThat(resumed.sync(clock.instant())).extracting(Booking::id).containsExactly("B2");
        boxOffice.replaceBooking(Booking.of("B1", "C1", "P1", Instant.parse("2026-04-01T12:00:00Z")).cancelledAt(
                clock.instant()));
        clock.advance(Duration.ofMinutes(1));
        assertThat(resumed.sync(clock.instant())).isEmpty();
    }
}
