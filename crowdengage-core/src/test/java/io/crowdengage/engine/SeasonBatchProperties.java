package io.crowdengage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A batch of changes leaves the season exactly as the same changes taken one at a time would. */
class SeasonBatchProperties {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Event SHOW = Event.of("E1", "Show", Duration.ofHours(2));
    private static final List<String> PERFORMANCES = List.of("P1", "P2", "P3");
    private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

    @Property(tries = 300)
    @Label("withAll(customers, bookings) equals withCustomer for each, then withBooking for each, in order")
    void batchEqualsOneByOne(@ForAll("changes") List<Booking> before, @ForAll("changes") List<Booking> batch,
                             @ForAll("customerNames") List<String> renamed) {
        SeasonSnapshot start = season();
        for (Booking booking : before) {
            start = start.withBooking(booking);
        }
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < renamed.size(); i++) {
            // C0..C9 exist already (and are renamed); C10 and C11 are new.
            customers.add(Customer.builder("C" + (i % 12)).firstName(renamed.get(i)).build());
        }
        SeasonSnapshot oneByOne = start;
        for (Customer customer : customers) {
            oneByOne = oneByOne.withCustomer(customer);
        }
        for (Booking booking : batch) {
            oneByOne = oneByOne.withBooking(booking);
        }
        SeasonSnapshot batched = start.withAll(customers, batch);

        assertThat(batched.bookingCount()).isEqualTo(oneByOne.bookingCount());
        assertThat(batched.customerCount()).isEqualTo(oneByOne.customerCount());
        for (String performance : PERFORMANCES) {
            assertThat(batched.bookingsOf(performance)).containsExactlyElementsOf(oneByOne.bookingsOf(performance));
        }
        for (Booking booking : batch) {
            assertThat(batched.booking(booking.id())).isEqualTo(oneByOne.booking(booking.id()));
            assertThat(batched.customer(booking.customerId())).isEqualTo(oneByOne.customer(booking.customerId()));
        }
        for (Customer customer : customers) {
            assertThat(batched.customer(customer.id())).isEqualTo(oneByOne.customer(customer.id()));
        }
        // The season the batch started from is untouched.
        assertThat(start.bookingCount()).isEqualTo(before.stream().map(Booking::id).distinct().count());
    }

    @Property(tries = 50)
    @Label("a batch naming an unknown customer is refused whole, naming the booking")
    void unknownCustomerRefused(@ForAll("changes") List<Booking> batch) {
        SeasonSnapshot start = season();
        List<Booking> withStranger = new ArrayList<>(batch);
        withStranger.add(Booking.of("BX", "C99", "P1", BASE));
        assertThatThrownBy(() -> start.withAll(List.of(), withStranger))
                .hasMessageContaining("booking 'BX'").hasMessageContaining("unknown customer 'C99'");
        assertThat(start.bookingCount()).isZero();
    }

    private static SeasonSnapshot season() {
        SeasonSnapshot.Builder builder = SeasonSnapshot.builder(LONDON);
        for (int i = 0; i < PERFORMANCES.size(); i++) {
            builder.performance(Performance.of(PERFORMANCES.get(i), SHOW,
                    LocalDateTime.parse("2026-03-28T19:30:00").plusDays(i)));
        }
        for (int i = 0; i < 10; i++) {
            builder.customer(Customer.builder("C" + i).build());
        }
        return builder.build();
    }

    @Provide
    Arbitrary<List<Booking>> changes() {
        // Few booking ids and equal confirmation instants on purpose: replacements, moves between
        // performances, cancellations and ties broken by id all happen often.
        Arbitrary<Booking> booking = Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 9),
                Arbitraries.of(PERFORMANCES),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(false, true)
        ).as((id, customer, performance, hour, cancelled) -> {
            Booking b = Booking.of("B" + id, "C" + customer, performance, BASE.plus(Duration.ofHours(hour)));
            return cancelled ? b.cancelledAt(BASE.plus(Duration.ofDays(1))) : b;
        });
        return booking.list().ofMaxSize(15);
    }

    @Provide
    Arbitrary<List<String>> customerNames() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).list().ofMaxSize(14);
    }
}
