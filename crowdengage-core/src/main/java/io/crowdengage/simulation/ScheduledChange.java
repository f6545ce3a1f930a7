package io.crowdengage.simulation;

import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.sms.InboundSms;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Something in a scenario that happens while the simulation runs, at a given instant: a booking
 * confirmed or cancelled, a performance moved or cancelled, a consent recorded, a text received.
 * {@link ScenarioWorld#advanceTo(Instant)} applies the ones due to the in-memory fakes and hands
 * them back; an {@link InboundSmsReceived} is not applied there, because texts go to the runtime
 * ({@code onInboundSms}), which is what the simulation exercises.
 */
public sealed interface ScheduledChange {

    /** When it happens. */
    Instant at();

    /** For people and logs; phone numbers masked. */
    String describe();

    /**
     * A booking is confirmed (a late booker).
     *
     * @param at      its confirmation time
     * @param booking the booking, live
     */
    record BookingConfirmed(Instant at, Booking booking) implements ScheduledChange {
        public BookingConfirmed {
            Checks.notNull(at, "at");
            Checks.notNull(booking, "booking");
        }

        @Override
        public String describe() {
            return "booking " + booking.id() + " by customer " + booking.customerId() + " for performance "
                    + booking.performanceId() + " confirmed";
        }
    }

    /**
     * A booking is cancelled.
     *
     * @param at        when
     * @param bookingId which booking
     */
    record BookingCancelled(Instant at, String bookingId) implements ScheduledChange {
        public BookingCancelled {
            Checks.notNull(at, "at");
            Checks.notBlank(bookingId, "bookingId");
        }

        @Override
        public String describe() {
            return "booking " + bookingId + " cancelled";
        }
    }

    /**
     * A performance moves.
     *
     * @param at            when the box office moves it
     * @param performanceId which performance
     * @param newStart      its new venue-local start
     */
    record PerformanceRescheduled(Instant at, String performanceId, LocalDateTime newStart) implements ScheduledChange {
        public PerformanceRescheduled {
            Checks.notNull(at, "at");
            Checks.notBlank(performanceId, "performanceId");
            Checks.notNull(newStart, "newStart");
        }

        @Override
        public String describe() {
            return "performance " + performanceId + " rescheduled to " + newStart + " (venue time)";
        }
    }

    /**
     * A performance is cancelled.
     *
     * @param at            when
     * @param performanceId which performance
     */
    record PerformanceCancelled(Instant at, String performanceId) implements ScheduledChange {
        public PerformanceCancelled {
            Checks.notNull(at, "at");
            Checks.notBlank(performanceId, "performanceId");
        }

        @Override
        public String describe() {
            return "performance " + performanceId + " cancelled";
        }
    }

    /**
     * A consent is recorded in the ledger.
     *
     * @param at     when
     * @param record the record appended
     */
    record ConsentRecorded(Instant at, ConsentRecord record) implements ScheduledChange {
        public ConsentRecorded {
            Checks.notNull(at, "at");
            Checks.notNull(record, "record");
        }

        @Override
        public String describe() {
            return record.getClass().getSimpleName() + " recorded for " + record.phone().masked();
        }
    }

    /**
     * A text arrives; the simulation passes it to the runtime.
     *
     * @param at  when the provider receives it
     * @param sms the text, addressed to the venue's sender
     */
    record InboundSmsReceived(Instant at, InboundSms sms) implements ScheduledChange {
        public InboundSmsReceived {
            Checks.notNull(at, "at");
            Checks.notNull(sms, "sms");
        }

        @Override
        public String describe() {
            return "text received from " + sms.from().masked() + ": " + sms.body().strip();
        }
    }
}
