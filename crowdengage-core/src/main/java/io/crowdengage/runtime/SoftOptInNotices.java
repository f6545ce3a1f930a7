package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.engine.SeasonView;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.store.OwedNotice;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.StoreException;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.RenderResult;
import io.crowdengage.template.TemplateEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soft opt-in notices owed to newly seen bookings: kept from tick to tick until each is sent,
 * claimed or skipped with a reason, so a failure on the way loses none, and handed to the runtime
 * state at the end of each tick ({@link #stillOwed()}), so a restart loses none either. The rule for
 * who gets one is {@link NoticeEligibility}'s; this keeps the bookings owed and turns decisions into
 * sends.
 */
final class SoftOptInNotices {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);

    private final VenueSettings settings;
    private final TemplateEngine templates;
    private final ConsentLedger consent;
    private final SendLedger sends;
    private final DecisionLog log;
    private final Supplier<String> references;
    private final Map<String, Booking> owed = new LinkedHashMap<>();
    /** Owed before a restart, by booking id, until the season holds the booking again. */
    private final Map<String, OwedNotice> carried = new LinkedHashMap<>();
    private final Set<String> reportedFailures = new HashSet<>();

    SoftOptInNotices(VenueSettings settings, TemplateEngine templates, ConsentLedger consent, SendLedger sends,
                     DecisionLog log, Supplier<String> references) {
        this.settings = settings;
        this.templates = templates;
        this.consent = consent;
        this.sends = sends;
        this.log = log;
        this.references = references;
    }

    /**
     * Adds the bookings a sync saw first. On a backfill (the first read of a runtime started without a
     * change cursor), bookings confirmed long ago were there before this runtime and were never owed a
     * notice by it. The first read after resuming from a saved cursor reports as first seen only what
     * the change feed delivered after it (see {@code SeasonSync.resumeFrom}); among those, a booking
     * confirmed long ago and before the previous run's last tick ({@code resumedAfter}) was read by
     * that run and only changed while nothing ran. Any other booking first seen late (a ticketing
     * outage, a runtime down for a day) was owed one, and is decided and reported, late or not.
     */
    void owe(List<Booking> firstSeen, boolean backfill, Optional<Instant> resumedAfter, Instant now) {
        for (Booking booking : firstSeen) {
            boolean stale = NoticeEligibility.isStale(booking, now);
            boolean changedWhileDown = resumedAfter.map(booking.confirmedAt()::isBefore).orElse(false);
            if (!(stale && (backfill || changedWhileDown))) {
                owed.putIfAbsent(booking.id(), booking);
            }
        }
    }

    /** Takes over the notices a previous run (or the previous lease holder) left owed. */
    void resume(List<OwedNotice> leftOwed) {
        for (OwedNotice notice : leftOwed) {
            if (!owed.containsKey(notice.bookingId())) {
                carried.putIfAbsent(notice.bookingId(), notice);
            }
        }
    }

    /** The performances whose bookings a carried-over notice waits for: the runtime loads them. */
    List<String> performancesAwaited(SeasonSnapshot season) {
        return carried.values().stream().filter(n -> season.booking(n.bookingId()).isEmpty())
                .map(OwedNotice::performanceId).distinct().toList();
    }

    /**
     * What is still owed, to save with the runtime state: the carried-over notices first, then the
     * bookings owed now, in the order they were first seen.
     */
    List<OwedNotice> stillOwed() {
        List<OwedNotice> all = new ArrayList<>(carried.values());
        for (Booking booking : owed.values()) {
            all.add(new OwedNotice(booking.id(), booking.performanceId(), booking.customerId()));
        }
        return all;
    }

    /**
     * Decides every notice owed: the ones to send are claimed and returned as attempts for the
     * dispatcher; the rest are reported. A booking stays owed while a store fails for it (it is
     * decided again next tick, and the failure is reported once); every other outcome settles it.
     */
    List<SendAttempts.Attempt> decide(SeasonSnapshot season, Instant now, Tally tally, boolean seasonComplete) {
        takeCarried(season, now, tally, seasonComplete);
        List<SendAttempts.Attempt> toSend = new ArrayList<>();
        for (Booking owedBooking : List.copyOf(owed.values())) {
            // The booking as the season holds it now: it may have been cancelled since it was first seen.
            Booking booking = season.booking(owedBooking.id()).orElse(owedBooking);
            try {
                decide(booking, season, now, tally).ifPresent(toSend::add);
                owed.remove(booking.id());
                reportedFailures.remove(booking.id());
            } catch (StoreException e) {
                if (reportedFailures.add(booking.id())) {
                    log.emit(tally.count(EventSubject.notice(booking.performanceId(), booking.customerId(),
                            Optional.empty()).event(now, Outcome.DEFERRED, Reason.STORE_UNAVAILABLE, e.getMessage()
                            + "; nothing was sent, and the notice is decided again on the next tick")));
                }
                LOG.warn("tick at {}: soft opt-in notice for booking {} not decided: {}", now, booking.id(),
                        e.getMessage());
            }
        }
        return toSend;
    }

    /**
     * Carried-over notices whose booking the season holds join the owed; once the season is complete
     * (their performances were loaded), one whose booking is gone is reported and dropped.
     */
    private void takeCarried(SeasonSnapshot season, Instant now, Tally tally, boolean seasonComplete) {
        for (OwedNotice notice : List.copyOf(carried.values())) {
            Optional<Booking> booking = season.booking(notice.bookingId());
            if (booking.isPresent()) {
                owed.putIfAbsent(notice.bookingId(), booking.get());
                carried.remove(notice.bookingId());
            } else if (seasonComplete) {
                carried.remove(notice.bookingId());
                log.emit(tally.count(EventSubject.notice(notice.performanceId(), notice.customerId(), Optional.empty())
                        .event(now, Outcome.SKIPPED, Reason.NO_BOOKING, "booking " + notice.bookingId()
                                + " was owed a soft opt-in notice when the runtime stopped, and the ticketing system"
                                + " no longer shows it; no notice is sent")));
            }
        }
    }

    private Optional<SendAttempts.Attempt> decide(Booking booking, SeasonView season, Instant now, Tally tally) {
        Optional<Customer> customer = season.customer(booking.customerId());
        Optional<Performance> performance = season.performance(booking.performanceId());
        Decision decision = NoticeEligibility.decide(booking, customer, performance, settings.venue().zone(),
                consent::history, sends, now);
        EventSubject subject = EventSubject.notice(booking.performanceId(), booking.customerId(),
                customer.flatMap(Customer::mobile));
        if (decision instanceof Decision.Skip skip) {
            // A number that had its one notice is no news.
            if (skip.reason() != Reason.ALREADY_SENT) {
                log.emit(tally.count(subject.event(now, Outcome.SKIPPED, skip.reason(), skip.explanation())));
            }
            return Optional.empty();
        }
        Decision.Send send = (Decision.Send) decision;
        AudienceSubject audience = new AudienceSubject(send.customer(), booking, performance.orElseThrow(),
                settings.venue());
        RenderResult rendered = templates.render(MessageSpec.of(settings.softOptIn().template(),
                MessageKind.TRANSACTIONAL), audience);
        if (rendered instanceof RenderResult.Skip skip) {
            log.emit(tally.count(subject.event(now, Outcome.SKIPPED, skip.reason(), skip.explanation())));
            return Optional.empty();
        }
        RenderResult.Message message = (RenderResult.Message) rendered;
        Optional<SendRecord> claim = sends.claim(NoticeEligibility.keyFor(send.customer().mobile().orElseThrow()),
                references.get(), message.body(), now, send.deadline());
        return claim.map(record -> new SendAttempts.Attempt(record, MessagePurpose.SOFT_OPT_IN_NOTICE,
                Optional.of(send.customer()), Optional.of(message.length()), record.deadline()));
    }
}
