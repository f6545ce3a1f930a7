package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.template.TemplateFunctions;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration checks on the texts that offer (or pretend to offer) a way to refuse: the soft
 * opt-in notice judged on what every rendering says, and one-way senders.
 */
class RefusalChecksTest {
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", ZoneId.of("Europe/London"));
    static final Sender TWO_WAY = Sender.number(PhoneNumber.parse("07400 999999", "GB"));
    static final Sender ONE_WAY = Sender.alphanumeric("Playhouse");
    static final FlowStep REVIEW = FlowStep.builder("review").name("Review").template("How was {{ event.name }}?")
            .timing(Timing.afterEnd(0, 1, 0)).build();
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Drinks").marketing()
            .template("{{ customer.first_name }}, pre-order a drink.").timing(Timing.beforeStart(0, 2, 0)).build();
    static final String NOTICE = "venueSettings.softOptIn.template";

    static ConfigurationCheck.Result check(VenueSettings settings, FlowStep... steps) {
        return ConfigurationCheck.of(settings, List.of(Flow.of("F", List.of(steps))), TemplateFunctions.none());
    }

    static ConfigurationCheck.Result notice(Sender sender, String template) {
        return check(VenueSettings.builder(VENUE, sender).optOutFooter("Text STOP to 60123 to opt out")
                .softOptIn(SoftOptIn.enabledWith(template)).build(), REVIEW, DRINKS);
    }

    static List<String> errorPaths(ConfigurationCheck.Result result) {
        return result.errors().stream().map(Problem::path).toList();
    }

    @Nested
    @DisplayName("1. keywords that read as ordinary words")
    class OrdinaryWords {
        @ParameterizedTest(name = "[{0}] is refused")
        @ValueSource(strings = {
                "Thanks for booking. We will text the end time.",
                "Thanks for booking. Your bus stop to 100 seats is outside.",
                "Thanks. Reply END to opt out.",
                "Thanks. Text cancel to 60123 to opt out.",
                "Thanks. reply stop to opt out."})
        void ordinaryWordRefused(String template) {
            ConfigurationCheck.Result result = notice(TWO_WAY, template);
            assertThat(errorPaths(result)).as(template).containsExactly(NOTICE);
            assertThat(result.errors().get(0).message()).contains("must tell people how to refuse").contains(template);
        }
    }

    @Nested
    @DisplayName("2. the unconditional text is found by the template's own scanner")
    class Scanner {
        @Test
        @DisplayName("a tag written inside a quoted string closes nothing")
        void quotedTagClosesNothing() {
            String template = "Thanks.{% if customer.first_name == 'Ann' %}{{ \"{% endif %}\" }} Reply STOP to opt out."
                    + "{% endif %}";
            assertThat(errorPaths(notice(TWO_WAY, template))).containsExactly(NOTICE);
        }

        @Test
        @DisplayName("a quoted tag in a condition opens nothing either")
        void quotedTagOpensNothing() {
            String template = "Thanks{% if customer.first_name == '{% if x %}' %}!{% endif %} Reply STOP to opt out.";
            assertThat(notice(TWO_WAY, template).errors()).isEmpty();
        }
    }

    @Nested
    @DisplayName("3. a refusal offer that depends on recipient data or a branch")
    class DependsOnData {
        @ParameterizedTest(name = "[{0}] is refused")
        @ValueSource(strings = {
                // an assign inside a branch blanks the instruction for some recipients
                "{% assign optout = 'Reply STOP to opt out.' %}{% if customer.first_name == 'Bob' %}"
                        + "{% assign optout = '' %}{% endif %}Thanks. {{ optout }}",
                // a long name pushes the instruction past the truncation
                "Thanks {{ customer.first_name | append: ', reply STOP to opt out.' | truncate: 40 }}",
                // a capture cut short
                "{% capture all %}Thanks {{ customer.first_name }}. Reply STOP to opt out.{% endcapture %}"
                        + "{{ all | truncate: 50 }}",
                // built from recipient data
                "Thanks. {{ customer.attributes.FirstVisit | replace: 'true', 'Reply STOP to opt out.' }}",
                "Thanks. {{ customer.raw.optout | default: 'Reply STOP to opt out.' }}",
                "Thanks. Reply {{ customer.attributes.keyword | default: 'STOP' }} to opt out.",
                // an output glued to the keyword can change it
                "Thanks. Reply STOP{{ customer.last_name }} to opt out."})
        void dataDependentRefused(String template) {
            ConfigurationCheck.Result result = notice(TWO_WAY, template);
            assertThat(errorPaths(result)).as(template).containsExactly(NOTICE);
        }

        @Test
        @DisplayName("values and branches around a literal instruction are fine")
        void aroundIsFine() {
            String template = "Thanks{% if customer.first_name %}, {{ customer.first_name | truncate: 20 }}{% endif %}, "
                    + "for booking {{ event.name }}. Reply STOP to opt out.{% assign x = 1 %}";
            assertThat(notice(TWO_WAY, template).errors()).isEmpty();
        }
    }

    @Nested
    @DisplayName("4. one-way senders")
    class OneWay {
        @ParameterizedTest(name = "[{0}] is refused")
        @ValueSource(strings = {
                "Thanks for booking. Respond STOP to opt out.",
                "Thanks for booking. Send STOP to opt out.",
                "Thanks for booking. {{ 'rep' | append: 'ly' | upcase }} STOP to opt out. Text STOP to 60123 to opt out.",
                "Thanks for booking. Text STOP to 60123 to opt out.{% if customer.first_name %} Or reply STOP.{% endif %}",
                "Thanks for booking. Text STOP to 60123 to opt out. Text START to resubscribe."})
        void oneWayNoticeRefused(String template) {
            ConfigurationCheck.Result result = notice(ONE_WAY, template);
            assertThat(errorPaths(result)).as(template).containsExactly(NOTICE);
            assertThat(result.errors().get(0).message()).contains("'Playhouse' cannot receive replies");
        }

        @Test
        @DisplayName("a notice that says where to text is accepted")
        void noticeAccepted() {
            assertThat(notice(ONE_WAY, "Thanks for booking {{ event.name }}. Text STOP to 60123 to opt out.").errors())
                    .isEmpty();
        }

        @Test
        @DisplayName("confirmations and the footer are judged the same way")
        void confirmationsAndFooter() {
            VenueSettings settings = VenueSettings.builder(VENUE, ONE_WAY).optOutFooter("Send STOP to opt out")
                    .optOutConfirmation(Optional.of("Unsubscribed. Respond START to resubscribe."))
                    .optInConfirmation(Optional.of("Subscribed. Text STOP to 60123 to opt out.")).build();
            ConfigurationCheck.Result result = check(settings, REVIEW, DRINKS);
            assertThat(errorPaths(result)).containsExactlyInAnyOrder("venueSettings.optOutFooter",
                    "venueSettings.optOutConfirmation");
            assertThat(result.errors()).allSatisfy(p -> assertThat(p.message()).contains("cannot receive replies"));
        }

        @Test
        @DisplayName("a step's own text may not ask for a reply either")
        void stepsJudged() {
            FlowStep askingForReply = FlowStep.builder("directions").name("Directions")
                    .template("Doors at 7. Reply HELP for directions.").timing(Timing.beforeStart(0, 3, 0)).build();
            VenueSettings settings = VenueSettings.builder(VENUE, ONE_WAY).build();
            assertThat(errorPaths(check(settings, REVIEW, askingForReply)))
                    .containsExactly("flows[0].steps[1] 'directions'.template");
        }

        @Test
        @DisplayName("a transactional-only configuration is valid, with one warning")
        void transactionalOnly() {
            ConfigurationCheck.Result result = check(VenueSettings.builder(VENUE, ONE_WAY).build(), REVIEW);
            assertThat(result.errors()).isEmpty();
            assertThat(result.warnings()).extracting(Problem::path).containsExactly("venueSettings.sender");
        }
    }
}
