package io.crowdengage.testkit.sms;

import io.crowdengage.sms.Capability;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SmsProvider;
import java.util.Optional;

/** A provider that answers keywords itself, as Twilio does by default: the kit's ANSWERS_KEYWORDS group runs. */
class KeywordAnsweringInMemorySmsProviderCompatibilityTest extends SmsProviderCompatibilityKit {

    private final InMemorySmsProvider provider = InMemorySmsProvider.builder()
            .capabilities(Capability.INBOUND_MESSAGES, Capability.UNICODE).answersKeywords().build();

    @Override
    protected SmsProvider provider() {
        return provider;
    }

    @Override
    protected Optional<InboundSms> inbound(PhoneNumber from, String to, String body) {
        return Optional.of(provider.inbound(from, to, body));
    }
}
