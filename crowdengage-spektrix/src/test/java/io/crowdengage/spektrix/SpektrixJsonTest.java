package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.ticketing.TicketingException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mapping of JSON fixtures in the shapes real Spektrix systems send (orders: {@link OrderReaderTest}). */
class SpektrixJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final SpektrixJson json = new SpektrixJson(mapper);

    @Test
    void readsABareEventArrayKeepingFlatAttributesVerbatim() throws IOException {
        JsonNode events = fixture("events.json");
        assertThat(events.isArray()).isTrue();

        Event twelfth = json.event(events.get(0));
        Event lounge = json.event(events.get(1));

        assertThat(twelfth.id()).isEqualTo("204501ABCDGHJKLMNPQRSTVABCDGHJKLM");
        assertThat(twelfth.name()).isEqualTo("Twelfth Night");
        assertThat(twelfth.duration()).isEqualTo(Duration.ofMinutes(165));
        assertThat(twelfth.raw().values()).containsEntry("attribute_ShowScoreID", "98765")
                .containsEntry("attribute_Captioned", true)
                .containsEntry("attribute_ContentWarnings", "")
                .containsEntry("attribute_PresaleDate", "2025-03-01T00:00:00")
                .doesNotContainKey("attribute_OverrideDate")
                .containsKey("someFieldSpektrixAddsNextYear");
        assertThat(lounge.raw().has("attribute_ShowScoreID")).as("an empty text attribute counts as absent").isFalse();
    }

    @Test
    void readsInstancesWithAnEventReferenceLocalStartAndUtcWithoutZ() throws IOException {
        JsonNode instances = fixture("instances.json");

        InstanceRecord evening = json.instance(instances.get(0));
        InstanceRecord matinee = json.instance(instances.get(1));

        assertThat(evening.eventId()).isEqualTo("204501ABCDGHJKLMNPQRSTVABCDGHJKLM");
        assertThat(evening.start()).isEqualTo(LocalDateTime.parse("2025-06-14T19:30:00"));
        assertThat(evening.startUtc()).contains(Instant.parse("2025-06-14T18:30:00Z"));
        assertThat(evening.cancelled()).isFalse();
        assertThat(evening.raw().values()).containsEntry("attribute_SLCaptioned", true)
                .containsEntry("stopSellingAtWebUtc", "2025-06-14T17:30:00Z");
        assertThat(matinee.cancelled()).isTrue();
    }

    @Test
    void readsACustomerParsingTheMobileAsTypedAndNamingTagsStatementsAndMemberships() throws IOException {
        Customer ada = json.customer(fixture("customer.json"), "GB", Map.of("302TAG", "Donor"),
                Map.of("202STMT", "Email me about offers"));

        assertThat(ada.id()).isEqualTo("842BVQKLMNPQRSTVBCDGHJKLMNPQRST");
        assertThat(ada.firstName()).isEqualTo("Ada");
        assertThat(ada.mobile()).hasValueSatisfying(m -> assertThat(m.e164()).isEqualTo("+447400123456"));
        assertThat(ada.tags()).containsExactlyInAnyOrder("Member", "Donor");
        assertThat(ada.contactPreferences()).containsExactlyInAnyOrder("Text me about shows", "Email me about offers");
        assertThat(ada.memberships()).containsExactlyInAnyOrder("Friends", "Patrons Circle");
        assertThat(ada.attributes()).containsEntry("FirstVisit", "true").containsEntry("Newsletter", "weekly")
                .containsEntry("Notes", "").doesNotContainKey("Anniversary");
        assertThat(ada.raw().values()).containsEntry("attribute_Newsletter", "weekly").containsKey("creditBalance");
    }

    @Test
    void aCustomerWithAnUnusableMobileHasNone() throws IOException {
        for (String typed : List.of("", "   ", "call me maybe", "020 7946 0018", "+44 7400")) {
            ObjectNode node = (ObjectNode) fixture("customer.json");
            node.put("mobile", typed);
            assertThat(json.customer(node, "GB", Map.of(), Map.of()).mobile()).as("mobile '%s'", typed).isEmpty();
        }
        ObjectNode international = (ObjectNode) fixture("customer.json");
        international.put("mobile", "+44 7400 123456");
        assertThat(json.customer(international, "US", Map.of(), Map.of()).mobile()).isPresent();
    }

    @Test
    void aMissingRequiredFieldIsABadResponseNamingTheRecord() throws IOException {
        ObjectNode instance = (ObjectNode) fixture("instances.json").get(0);
        instance.remove("start");
        assertThatThrownBy(() -> json.instance(instance))
                .isInstanceOfSatisfying(TicketingException.class,
                        e -> assertThat(e.reason()).isEqualTo(TicketingException.Reason.BAD_RESPONSE))
                .hasMessageContaining("instance '8801ABJDKGQJJPHNLQGQLLLRMHJSKRCGT'").hasMessageContaining("'start'");

        ObjectNode event = (ObjectNode) fixture("events.json").get(0);
        event.put("duration", "long");
        assertThatThrownBy(() -> json.event(event)).isInstanceOf(TicketingException.class)
                .hasMessageContaining("event '204501ABCDGHJKLMNPQRSTVABCDGHJKLM'").hasMessageContaining("duration");
    }

    @Test
    void anInstanceWhoseEventIsAPlainStringIsRefusedClearly() throws IOException {
        ObjectNode instance = (ObjectNode) fixture("instances.json").get(0);
        instance.put("event", "204501ABCDGHJKLMNPQRSTVABCDGHJKLM");
        assertThatThrownBy(() -> json.instance(instance)).isInstanceOf(TicketingException.class)
                .hasMessageContaining("field 'event'");
    }

    private JsonNode fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            return mapper.readTree(in);
        }
    }
}
