package io.crowdengage.twilio;

import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.testkit.sms.ObservedSms;
import io.crowdengage.testkit.sms.SmsProviderCompatibilityKit;
import io.crowdengage.twilio.testing.CallbackDelivery;
import io.crowdengage.twilio.testing.FakeMessage;
import io.crowdengage.twilio.testing.Fault;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * The SMS provider contract over real HTTP: the provider sends to the fake Twilio, and receipts and
 * inbound texts go the whole way round, posted and signed by the fake to our webhook handler. One
 * subclass per keyword handling.
 */
abstract class TwilioCompatibility extends SmsProviderCompatibilityKit {

    private final TwilioRig rig = startRig();

    /** The fake and the provider under test. */
    abstract TwilioRig startRig();

    @AfterEach
    void stopRig() {
        rig.close();
    }

    @Override
    protected SmsProvider provider() {
        return rig.provider;
    }

    @Override
    protected Optional<List<ObservedSms>> observed() {
        return Optional.of(rig.twilio.messages().stream().map(TwilioCompatibility::observed).toList());
    }

    private static ObservedSms observed(FakeMessage message) {
        return new ObservedSms(PhoneNumber.ofE164(message.to()), message.from(), message.body(), message.reference());
    }

    /** Twilio's statuses for ours: undelivered with 30003 (handset off), failed with 30001 (queue overflow), 30036 (validity period). */
    @Override
    protected Optional<DeliveryReport> deliveryReport(OutboundSms sent, SendResult.Accepted accepted,
                                                      DeliveryStatus status) {
        String sid = accepted.providerMessageId();
        CallbackDelivery delivery = switch (status) {
            case DELIVERED -> rig.twilio.deliverStatus(sid, "delivered");
            case UNDELIVERED -> rig.twilio.deliverStatus(sid, "undelivered", 30003);
            case FAILED -> rig.twilio.deliverStatus(sid, "failed", 30001);
            case EXPIRED -> rig.twilio.deliverStatus(sid, "failed", 30036);
        };
        return delivery.accepted() ? last(rig.sink.reports) : Optional.empty();
    }

    @Override
    protected Optional<DeliveryReport> optedOutReport(OutboundSms sent, SendResult.Accepted accepted) {
        CallbackDelivery delivery = rig.twilio.deliverStatus(accepted.providerMessageId(), "failed", 21610);
        return delivery.accepted() ? last(rig.sink.reports) : Optional.empty();
    }

    @Override
    protected Optional<InboundSms> inbound(PhoneNumber from, String to, String body) {
        CallbackDelivery delivery = rig.twilio.sendInbound(from, to, body);
        return delivery.accepted() ? last(rig.sink.inbound) : Optional.empty();
    }

    @Override
    protected boolean loseNextAnswer() {
        rig.twilio.failNext(1, Fault.acceptedButAnswerLost());
        return true;
    }

    private static <T> Optional<T> last(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }
}
