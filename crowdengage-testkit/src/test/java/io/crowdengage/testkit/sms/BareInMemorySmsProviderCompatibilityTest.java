package io.crowdengage.testkit.sms;

import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.SmsProvider;

/** A provider with no capabilities and nothing observable: the kit's "does not declare" groups run, the rest skip. */
class BareInMemorySmsProviderCompatibilityTest extends SmsProviderCompatibilityKit {

    private final SmsProvider provider = InMemorySmsProvider.builder().capabilities().maxBodyLength(918).build();

    @Override
    protected SmsProvider provider() {
        return provider;
    }
}
