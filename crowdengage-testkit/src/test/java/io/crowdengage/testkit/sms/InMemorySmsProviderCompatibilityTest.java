package io.crowdengage.testkit.sms;

import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SmsProvider;
import java.util.List;
import java.util.Optional;

class InMemorySmsProviderCompatibilityTest extends SmsProviderCompatibilityKit {

    private final InMemorySmsProvider provider = InMemorySmsProvider.builder().build();

    @Override
    protected SmsProvider provider() {
        return provider;
    }

    @Override
    protected Optional<List<ObservedSms>> observed() {
        return Optional.of(provider.all().stream().map(ObservedSms::of).toList());
    }

    @Override
    protected Optional<DeliveryReport> deliveryReport(OutboundSms sent, SendResult.Accepted accepted,
                                                      DeliveryStatus status) {
        return provider.all().stream()
                .filter(message -> message.providerMessageId().equals(accepted.providerMessageId()))
                .findFirst()
                .map(message -> provider.deliveryReport(message, status));
    }

    @Override
    protected Optional<InboundSms> inbound(PhoneNumber from, String to, String body) {
        return Optional.of(provider.inbound(from, to, body));
    }

    @Override
    protected boolean loseNextAnswer() {
        provider.loseNextAnswer(recipient());
        return true;
    }

    @Override
    protected Optional<DeliveryReport> optedOutReport(OutboundSms sent, SendResult.Accepted accepted) {
        return provider.all().stream()
                .filter(message -> message.providerMessageId().equals(accepted.providerMessageId()))
                .findFirst()
                .map(message -> provider.deliveryReport(message, DeliveryStatus.FAILED,
                        FailureReason.OPTED_OUT_AT_PROVIDER));
    }
}
