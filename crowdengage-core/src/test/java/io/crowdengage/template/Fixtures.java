package io.crowdengage.template;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recipients, seed templates and a fake partner function shared by the template tests. */
final class Fixtures {
    /** The review request template from the seed guide, exactly as pasted. */
    static final String REVIEW_REQUEST = """
            {% if event.raw.attribute_ShowScoreID %}
            {{ customer.first_name }}, please help the theatre community by leaving your review of {{ event.name }} on Show-Score:
            {{ show_score_url(event.raw.attribute_ShowScoreID) }}
            {% endif %}""";

    /** The reminder template from the seed guide, exactly as pasted. */
    static final String REVIEW_REMINDER = """
            {% if event.raw.attribute_ShowScoreID %}
            {{ customer.first_name }}, have you reviewed the show yet? Please help other theatregoers by reviewing {{ event.name }} on Show-Score:
            {{ show_score_url(event.raw.attribute_ShowScoreID) }}
            {% endif %}""";

    static final Venue VENUE = new Venue("v1", "Victoria Palace Theatre", ZoneId.of("Europe/London"));

    private Fixtures() {
    }

    /** A deterministic stand-in for the partner-link function: the URL names the show and the booking. */
    static class FakeShowScoreUrl implements TemplateFunction {
        @Override
        public String name() {
            return "show_score_url";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public Returns returns() {
            return Returns.url(45, 80);
        }

        @Override
        public boolean mayDoIo() {
            return true;
        }

        @Override
        public Object call(FunctionContext context, List<Object> arguments) throws Exception {
            return "https://show-score.test/r/" + arguments.get(0) + "/" + context.booking().id();
        }
    }

    static TemplateFunctions functions() {
        return TemplateFunctions.builder().register(new FakeShowScoreUrl()).build();
    }

    static TemplateEngine engine() {
        return TemplateEngine.builder().functions(functions()).build();
    }

    static AudienceSubject recipient(String firstName, Map<String, ?> eventRaw) {
        return recipient(Customer.builder("c1").name(firstName, "Jones").build(), eventRaw);
    }

    static AudienceSubject recipient(Customer customer, Map<String, ?> eventRaw) {
        Event event = new Event("e1", "Hamilton", Duration.ofMinutes(165), RawAttributes.of(eventRaw));
        Performance performance = Performance.of("p1", event, LocalDateTime.of(2026, 7, 4, 19, 30));
        Booking booking = Booking.of("b42", customer.id(), performance.id(), Instant.parse("2026-06-01T09:00:00Z"));
        return new AudienceSubject(customer, booking, performance, VENUE);
    }

    static AudienceSubject customerWith(Set<String> tags, Map<String, String> attributes) {
        return recipient(Customer.builder("c2").name("Bea", "Lee").tags(tags).attributes(attributes).build(), Map.of());
    }
}
