package io.crowdengage.runtime;

import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.ConsentState;
import io.crowdengage.engine.Decision;
import io.crowdengage.engine.Reason;
import io.crowdengage.engine.ReplyEligibility;
import io.crowdengage.engine.SendTimeRules;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts people send us, and the replies staff send back. An inbound text is recorded and the call
 * returns: nothing here waits for a tick or a wave, only, at most, for the one provider call to the
 * same number already under way. Confirmations go out through the dispatcher afterwards, and only
 * when the text changed the number's state.
 */
final class InboundHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CrowdEngage.class);

    private final SmsProvider provider;
    private final ConsentLedger consent;
    private final VenueSettings settings;
    private final Clock clock;
    private final NumberLocks numberLocks;
    private final Dispatcher dispatcher;
    private final Throttle throttle;
    private final DecisionLog log;
    private final Supplier<String> references;

    InboundHandler(SmsProvider provider, ConsentLedger consent, VenueSettings settings, Clock clock,
                   NumberLocks numberLocks, Dispatcher dispatcher, Throttle throttle, DecisionLog log,
                   Supplier<String> references) {
        this.provider = provider;
        this.consent = consent;
        this.settings = settings;
        this.clock = clock;
        this.numberLocks = numberLocks;
        this.dispatcher = dispatcher;
        this.throttle = throttle;
        this.log = log;
        this.references = references;
    }

    void onInboundSms(InboundSms text) {
        Keyword keyword = readKeyword(text);
        PhoneNumber from = text.from();
        // Only the number's own lock: texts from one number are taken one at a time (a STOP and a START must not
        // interleave), and wait at most for a provider call to that number; texts from others never wait for it.
        numberLocks.with(from, () -> {
            Instant now = clock.instant();
            Instant receivedAt = text.receivedAt().isAfter(now) ? now : text.receivedAt();
            switch (keyword) {
                case OPT_OUT, OPT_OUT_PROBABLE -> {
                    boolean probable = keyword == Keyword.OPT_OUT_PROBABLE;
                    // Under the number's lock (held for the whole text): a send to it that has passed its consent
                    // check finishes its one provider call first, and none starts after this returns.
                    boolean before = consent.history(from).stateAt(now).optedOut();
                    consent.append(new ConsentRecord.OptedOut(from, receivedAt,
                            ConsentRecord.OptOutSource.SMS_KEYWORD, probable, text.body()));
                    boolean optedOut = !before && consent.history(from).stateAt(now).optedOut();
                    if (probable) {
                        LOG.warn("probable opt-out from {} recorded as an opt-out; flagged for review", from.masked());
                    }
                    // Confirmed only if this STOP changed something: not for a number already out, nor for a
                    // STOP stamped before a START already recorded (a late webhook), which the START overrides.
                    if (optedOut && !answeredByProvider(text, Keyword.OPT_OUT)) {
                        settings.optOutConfirmation().ifPresent(reply ->
                                confirm(from, reply, MessagePurpose.OPT_OUT_CONFIRMATION, now));
                    }
                }
                case OPT_IN -> {
                    boolean before = consent.history(from).stateAt(now).optedOut();
                    consent.append(new ConsentRecord.OptedIn(from, receivedAt, text.body()));
                    consent.append(new ConsentRecord.ConversationOpened(from, receivedAt));
                    boolean optedBackIn = before && !consent.history(from).stateAt(now).optedOut();
                    // Confirmed only if this START lifted an opt-out: not for a number that never opted out (five
                    // STARTs get no text), nor for a START stamped before a STOP already recorded (a late webhook).
                    if (optedBackIn && !answeredByProvider(text, Keyword.OPT_IN)) {
                        settings.optInConfirmation().ifPresent(reply ->
                                confirm(from, reply, MessagePurpose.OPT_IN_CONFIRMATION, now));
                    }
                }
                default -> consent.append(new ConsentRecord.ConversationOpened(from, receivedAt));
            }
            return null;
        });
    }

    /**
     * What the text asks for. Ours is the reading that counts, with one exception: a provider that
     * answers keywords itself and says it took this text as an opt-out (a custom keyword of its
     * Advanced Opt-Out, say) has already stopped sending to the number, so ours must stop too. Its
     * opt-in on a text we do not read as one (Twilio's YES) is not taken: the number stays as it is.
     */
    private Keyword readKeyword(InboundSms text) {
        Keyword ours = settings.keywords().classify(text.body());
        if (!ours.isOptOut() && answeredByProvider(text, Keyword.OPT_OUT)) {
            return Keyword.OPT_OUT;
        }
        return ours;
    }

    /**
     * Whether the provider has already answered this text with its own confirmation: then ours would
     * be a second text (and the provider would refuse it for an opted-out number anyway).
     */
    private boolean answeredByProvider(InboundSms text, Keyword keyword) {
        return provider.supports(Capability.ANSWERS_KEYWORDS) && text.answeredByProviderAs(keyword);
    }

    /** A staff reply: judged and sent on the caller's thread, under the number's lock. */
    DecisionEvent reply(PhoneNumber to, String text, MessageKind kind) {
        throttle.acquire();
        return numberLocks.with(to, () -> {
            // Read inside the lock: a STOP recorded while this waited for it is dated after an earlier reading.
            Instant now = clock.instant();
            ConsentState state = SendTimeRules.consentAtSend(consent.history(to), now);
            Optional<Decision.Skip> refused = ReplyEligibility.decide(to, kind, state, now);
            EventSubject subject = direct(to, text, MessagePurpose.REPLY);
            if (refused.isPresent()) {
                return log.emit(subject.event(now, Outcome.SKIPPED, refused.get().reason(), refused.get().explanation()));
            }
            return call(subject, to, text, now);
        });
    }

    /**
     * A confirmation, through the dispatcher. Judged again when it goes: a START confirmed after a STOP
     * that arrived meanwhile would tell an opted-out person they are subscribed (and break the promise
     * that nothing goes to a number after its STOP), and a STOP confirmed after a START meanwhile is
     * no longer true either.
     */
    private void confirm(PhoneNumber to, String text, MessagePurpose purpose, Instant asked) {
        dispatcher.submit(new Dispatcher.Job() {
            @Override
            public Instant deadline() {
                return asked;
            }

            @Override
            public void run() {
                numberLocks.with(to, () -> {
                    Instant now = clock.instant();
                    boolean optedOut = SendTimeRules.consentAtSend(consent.history(to), now).optedOut();
                    EventSubject subject = direct(to, text, purpose);
                    boolean stillTrue = purpose == MessagePurpose.OPT_OUT_CONFIRMATION ? optedOut : !optedOut;
                    if (!stillTrue) {
                        return log.emit(subject.event(now, Outcome.SKIPPED, Reason.OPTED_OUT, purpose
                                == MessagePurpose.OPT_OUT_CONFIRMATION
                                ? "not confirmed: a START since this STOP has the number subscribed again"
                                : "not confirmed: a STOP since this START has the number opted out again"));
                    }
                    return call(subject, to, text, now);
                });
            }
        });
    }

    private static EventSubject direct(PhoneNumber to, String text, MessagePurpose purpose) {
        return EventSubject.ofBody(purpose, Optional.empty(), Optional.empty(), Optional.empty(), to, text,
                Optional.empty());
    }

    /** A one-off message outside the flows: sent once, not retried, not claimed. Called under the number's lock. */
    private DecisionEvent call(EventSubject subject, PhoneNumber to, String text, Instant now) {
        String reference;
        try {
            reference = references.get();
        } catch (StoreException e) {
            return log.emit(subject.event(now, Outcome.FAILED, Reason.STORE_UNAVAILABLE, e.getMessage()
                    + "; no reference could be reserved, so nothing was sent"));
        }
        SendResult result;
        try {
            result = provider.send(new OutboundSms(to, settings.sender(), text, reference));
        } catch (RuntimeException e) {
            return log.emit(subject.event(now, Outcome.UNKNOWN, Reason.OUTCOME_UNKNOWN,
                    "the provider call failed: " + e.getClass().getSimpleName()));
        }
        if (result instanceof SendResult.Accepted) {
            return log.emit(subject.sent(now, Redaction.personalData(result.toString().replace(text, "<the message>"))));
        }
        // One-off messages are never retried, so a transient refusal is as final as a permanent one.
        return log.emit(subject.event(now, Outcome.FAILED, Reason.PROVIDER_REFUSED,
                Redaction.personalData(result.toString().replace(text, "<the message>"))));
    }
}
