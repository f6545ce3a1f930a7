package io.crowdengage.engine;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.LawfulBasis;
import io.crowdengage.flow.StepId;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Whether a newly seen booking's number gets the soft opt-in notice now (PECR reg. 22(3): the chance
 * to refuse marketing, offered when the details are collected). Pure: everything it judges by is an
 * argument. One notice per number, ever: it is claimed under {@link #keyFor(PhoneNumber)}.
 */
public final class NoticeEligibility {
    /** The step id notices are claimed under. */
    public static final StepId STEP = StepId.of("soft-opt-in-notice");
    /** Notices are per number, not per performance; this stands in the key's performance slot. */
    public static final String ANY_PERFORMANCE = "-";
    /**
     * The notice goes when the order is confirmed: a booking first read more than this after its
     * confirmation gets none, rather than a surprise days later.
     */
    public static final Duration FRESHNESS = Duration.ofHours(24);

    private NoticeEligibility() {
    }

    /** The send key of a number's one notice. */
    public static SendKey keyFor(PhoneNumber to) {
        return new SendKey(STEP, ANY_PERFORMANCE, to);
    }

    /** Whether the booking was confirmed longer ago than {@link #FRESHNESS}. */
    public static boolean isStale(Booking booking, Instant now) {
        Checks.notNull(booking, "booking");
        Checks.notNull(now, "now");
        return booking.confirmedAt().isBefore(now.minus(FRESHNESS));
    }

    /**
     * The notice decision for one booking.
     *
     * @param booking     the booking first seen
     * @param customer    its customer, if the season holds them
     * @param performance its performance, if the season holds it
     * @param zone        the venue's zone
     * @param consent     the consent ledger
     * @param sends       the send ledger (a claimed notice key means the number has its notice, or is getting it)
     * @param now         the instant judged at
     * @return {@link Decision.Send} (basis CONTRACT, due now, deadline the performance's start: after it
     *         there is nothing left to offer); or a skip: {@link Reason#TOO_LATE} when stale or the show has
     *         started, {@link Reason#NO_BOOKING}, {@link Reason#BOOKING_CANCELLED}, {@link Reason#NO_VALID_MOBILE},
     *         {@link Reason#PERFORMANCE_CANCELLED}, {@link Reason#OPTED_OUT}, and {@link Reason#ALREADY_SENT}
     *         when the number already had (or has a claim for) its one notice, which is no news to report
     */
    public static Decision decide(Booking booking, Optional<Customer> customer, Optional<Performance> performance,
                                  ZoneId zone, ConsentView consent, SendHistoryView sends, Instant now) {
        Checks.notNull(booking, "booking");
        Checks.notNull(customer, "customer");
        Checks.notNull(performance, "performance");
        Checks.notNull(zone, "zone");
        Checks.notNull(consent, "consent");
        Checks.notNull(sends, "sends");
        Checks.notNull(now, "now");
        if (isStale(booking, now)) {
            return new Decision.Skip(Reason.TOO_LATE, "the booking was confirmed at " + booking.confirmedAt()
                    + ", more than " + FRESHNESS.toHours() + " hours ago (first read only now): a notice must come"
                    + " when the order is made, so none is sent and there is no soft opt-in basis for marketing");
        }
        if (customer.isEmpty() || performance.isEmpty()) {
            return new Decision.Skip(Reason.NO_BOOKING, "the booking's customer or performance is not known");
        }
        if (booking.cancelledAt().filter(at -> !at.isAfter(now)).isPresent()) {
            return new Decision.Skip(Reason.BOOKING_CANCELLED, "the booking was cancelled at "
                    + booking.cancelledAt().get() + ", before its notice went: none is sent");
        }
        Optional<PhoneNumber> mobile = customer.get().mobile();
        if (mobile.isEmpty()) {
            return new Decision.Skip(Reason.NO_VALID_MOBILE, Reason.NO_VALID_MOBILE.description());
        }
        if (performance.get().cancelled()) {
            return new Decision.Skip(Reason.PERFORMANCE_CANCELLED, "no notice for a cancelled performance");
        }
        Instant start = performance.get().startInstant(zone);
        if (!start.isAfter(now)) {
            return new Decision.Skip(Reason.TOO_LATE, "the performance has started: a notice offers messages around"
                    + " it, and there are none left to offer");
        }
        PhoneNumber to = mobile.get();
        ConsentHistory history = consent.history(to);
        if (history.softOptInNoticeEverSent() || sends.claimed(keyFor(to))) {
            return new Decision.Skip(Reason.ALREADY_SENT, "this number has had its one soft opt-in notice");
        }
        Optional<Decision.Skip> optedOut = SendTimeRules.optedOut(to, history.stateAt(now));
        if (optedOut.isPresent()) {
            return optedOut.get();
        }
        return new Decision.Send(LawfulBasis.CONTRACT, now, start, booking, customer.get());
    }
}
