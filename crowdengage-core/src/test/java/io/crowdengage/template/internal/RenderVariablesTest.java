package io.crowdengage.template.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A render builds only the variables its template reads, with the values a full build gives")
class RenderVariablesTest {
    private static final LiquidRuntime RUNTIME = new LiquidRuntime(TemplateFunctions.none(), TemplateLimits.defaults(),
            Locale.UK);

    private static final AudienceSubject SUBJECT = subject();

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ customer.first_name }} {{ event.name }} {{ event.raw.attribute_ShowScoreID }}",
        "{{ customer.tags | join: ', ' }} {{ customer.contact_preferences.size }} {{ customer.memberships.first }}",
        "{{ customer.attributes.FirstVisit }} {{ customer.raw.Nick }} {{ customer.id }} {{ customer.last_name }}",
        "{{ instance.start | date: 'EEEE' }} {{ performance.end }} {{ performance.id }} {{ performance.raw.x }}",
        "{{ order.id }} {{ booking.confirmed_at }}",
        "{{ venue.name }}",
        "{{ venue.id }} {{ venue.name }}",
        "{{ event.duration }} {{ event.id }}",
        "{% for t in customer.tags %}{{ t }}{% endfor %}",
        "{% assign n = customer.first_name | upcase %}{{ n }}",
        "{% if customer.tags contains 'Member' %}m{% endif %}",
        "{% case event.raw.kind %}{% when 'x' %}x{% endcase %}",
        "{{ customer['first_name'] }} {{ event.raw['attribute_ShowScoreID'] }}",
        "{% assign k = 'first_name' %}{{ customer[k] }}",
        "{{ performance.start }} {{ instance.id }}",
        "no variables at all"
    })
    void lazyMatchesFull(String template) {
        CompiledTemplate compiled = RUNTIME.template(template);
        assertThat(compiled.errors()).as("template errors").isEmpty();

        Map<String, Object> full = RenderVariables.of(SUBJECT);
        Map<String, Object> lazy = RenderVariables.of(SUBJECT, compiled.needs());

        for (List<String> path : compiled.referencedVariables()) {
            assertThat(RenderVariables.isMissing(lazy, path)).as("missing %s", path)
                    .isEqualTo(RenderVariables.isMissing(full, path));
            assertThat(valueAt(lazy, path)).as("value at %s", path).isEqualTo(valueAt(full, path));
        }
        assertThat(full.keySet()).containsAll(lazy.keySet());
        for (String root : lazy.keySet()) {
            Object value = lazy.get(root);
            if (value instanceof Map<?, ?> fields) {
                fields.forEach((field, fieldValue) -> assertThat(fieldValue).as("%s.%s", root, field)
                        .isEqualTo(((Map<?, ?>) full.get(root)).get(field)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ customer[k] }}", "{% for f in customer %}{{ f }}{% endfor %}"})
    void wholeOrComputedReadsGetEveryField(String template) {
        CompiledTemplate compiled = RUNTIME.template("{% assign k = 'id' %}" + template);
        assertThat(compiled.errors()).as("template errors").isEmpty();
        Map<String, Object> lazy = RenderVariables.of(SUBJECT, compiled.needs());
        assertThat(lazy.get("customer")).isEqualTo(RenderVariables.of(SUBJECT).get("customer"));
    }

    @org.junit.jupiter.api.Test
    @DisplayName("an alias and its root read in one template share one map, as in a full build")
    void aliasesShareTheirMap() {
        CompiledTemplate compiled = RUNTIME.template("{{ performance.id }} {{ instance.start }}");
        Map<String, Object> lazy = RenderVariables.of(SUBJECT, compiled.needs());
        assertThat(lazy.get("performance")).isSameAs(lazy.get("instance"));
        assertThat(((Map<?, ?>) lazy.get("performance")).keySet()).isEqualTo(Set.of("id", "start"));
        assertThat(lazy).containsOnlyKeys("performance", "instance");
    }

    @org.junit.jupiter.api.Test
    @DisplayName("a full build holds every root and field of the schema, with the recipient's values")
    void fullBuild() {
        Map<String, Object> full = RenderVariables.of(SUBJECT);
        assertThat(full.keySet()).isEqualTo(VariableSchema.roots());
        Map<String, Integer> fieldCounts = Map.of("customer", 8, "event", 4, "performance", 4, "instance", 4,
                "booking", 2, "order", 2, "venue", 2);
        full.forEach((root, value) -> {
            Map<?, ?> fields = (Map<?, ?>) value;
            assertThat(fields).as(root).hasSize(fieldCounts.get(root));
            fields.keySet().forEach(field -> assertThat(VariableSchema.check(List.of(root, (String) field)))
                    .as("%s.%s", root, field).isEmpty());
        });
        Map<?, ?> customer = (Map<?, ?>) full.get("customer");
        assertThat(customer.get("first_name")).isEqualTo("Ann");
        assertThat(customer.get("tags")).isEqualTo(List.of("Donor", "Member"));
        assertThat(customer.get("contact_preferences")).isEqualTo(List.of("email", "sms"));
        assertThat(customer.get("memberships")).isEqualTo(List.of("Gold"));
        assertThat(customer.get("attributes")).isEqualTo(Map.of("FirstVisit", "true"));
        assertThat(customer.get("raw")).isEqualTo(Map.of("Nick", "Annie"));
        assertThat(((Map<?, ?>) full.get("event")).get("duration")).isEqualTo(165L);
        assertThat(((VenueDateTime) ((Map<?, ?>) full.get("performance")).get("start")).value())
                .isEqualTo(LocalDateTime.of(2026, 10, 24, 19, 30).atZone(ZoneId.of("Europe/London")));
        assertThat(((VenueDateTime) ((Map<?, ?>) full.get("booking")).get("confirmed_at")).value())
                .isEqualTo(Instant.parse("2026-09-01T10:00:00Z").atZone(ZoneId.of("Europe/London")));
        assertThat(full.get("venue")).isEqualTo(Map.of("id", "v-1", "name", "Victoria Palace Theatre"));
        assertThat(full.get("performance")).isSameAs(full.get("instance"));
        assertThat(full.get("booking")).isSameAs(full.get("order"));
    }

    private static Object valueAt(Map<String, Object> variables, List<String> path) {
        Object current = variables;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> map) || "*".equals(segment)) {
                return current;
            }
            current = map.get(segment);
        }
        return current;
    }

    private static AudienceSubject subject() {
        Customer customer = Customer.builder("c-1").name("Ann", "Smith").tags(Set.of("Member", "Donor"))
                .contactPreferences(Set.of("sms", "email")).memberships(Set.of("Gold"))
                .attributes(Map.of("FirstVisit", "true")).raw(RawAttributes.of(Map.of("Nick", "Annie"))).build();
        Event event = new Event("e-1", "Hamilton", Duration.ofMinutes(165),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345", "kind", "x")));
        Venue venue = new Venue("v-1", "Victoria Palace Theatre", ZoneId.of("Europe/London"));
        Performance performance = Performance.of("p-1", event, LocalDateTime.of(2026, 10, 24, 19, 30));
        Booking booking = Booking.of("b-1", customer.id(), performance.id(), Instant.parse("2026-09-01T10:00:00Z"));
        return new AudienceSubject(customer, booking, performance, venue);
    }
}
