package io.crowdengage.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The signature rule as properties: order does not matter, any change breaks it. */
@Label("TwilioSignature, as properties")
class TwilioSignatureProperties {
    private static final String TOKEN = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";
    private static final String URL = "https://tickets.playhouse.example/twilio/status?ce_ref=ce-3f9a1c2e-42";

    static Map.Entry<String, String> p(String name, String value) {
        return new SimpleImmutableEntry<>(name, value);
    }

    @Property
    @Label("the order parameters arrive in does not matter")
    void orderDoesNotMatter(@ForAll("params") List<Map.Entry<String, String>> params, @ForAll long seed) {
        List<Map.Entry<String, String>> shuffled = new ArrayList<>(params);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(TwilioSignature.compute(TOKEN, URL, shuffled))
                .isEqualTo(TwilioSignature.compute(TOKEN, URL, params));
    }

    @Property
    @Label("a signature matches its own request, and no longer once any one value changes")
    void anyChangeBreaksIt(@ForAll("params") @Size(min = 1) List<Map.Entry<String, String>> params,
                           @ForAll int which, @ForAll("values") String replacement) {
        String signature = TwilioSignature.compute(TOKEN, URL, params);
        int index = Math.floorMod(which, params.size());
        Map.Entry<String, String> changed = params.get(index);
        List<Map.Entry<String, String>> tampered = new ArrayList<>(params);
        tampered.set(index, p(changed.getKey(), changed.getValue() + replacement));

        assertThat(TwilioSignature.matches(TOKEN, URL, params, signature)).isTrue();
        assertThat(TwilioSignature.matches(TOKEN, URL, tampered, signature)).isFalse();
        assertThat(TwilioSignature.matches("0" + TOKEN.substring(1), URL, params, signature)).isFalse();
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> params() {
        Arbitrary<String> names = Arbitraries.of("To", "From", "Body", "MessageSid", "MessageStatus", "ErrorCode",
                "AccountSid", "OptOutType", "NumSegments");
        return Combinators.combine(names, values()).as(TwilioSignatureProperties::p).list().ofMaxSize(8)
                .uniqueElements(Map.Entry::getKey);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("abcXYZ019+ &=%é£").ofMinLength(1).ofMaxLength(12);
    }
}
