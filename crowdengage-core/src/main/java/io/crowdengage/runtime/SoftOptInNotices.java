package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.SeasonView;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
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
 * claimed or skipped with a reason, so a failure on the way loses none. The rule for who gets one is
 * {@link NoticeEligibility}'s; this keeps the bookings owed and turns decisions into sends.
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
     * notice by it; any other booking first seen late (a ticketing outage, a runtime down for a day)
     * was owed one, and is decided and reported, late or not.
     */
    void owe(List<Booking> firstSeen, boolean backfill, Instant now) {
        for (Booking booking : firstSeen) {
            if (!(backfill && NoticeEligibility.isStale(booking, now))) {
                owed.putIfAbsent(booking.id(), booking);
            }
        }
    }

    /**
     * Decides every notice owed: the ones to send are claimed and returned as attempts for the
     * dispatcher; the rest are reported. A booking stays owed while a store fails for it (it is
     * decided again next tick, and the failure is reported once); every other outcome settles it.
     */
    List<SendAttempts.Attempt> decide(SeasonView season, Instant now, Tally tally) {
        List<SendAttempts.Attempt> toSend = new ArrayList<>();
        for (Booking booking : List.copyOf(owed.values())) {
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
