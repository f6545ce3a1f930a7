package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.template.TemplateFunctions;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The soft opt-in notice check over random templates: a notice counts only when its instruction to
 * refuse is literal text outside every branch, loop and value, wherever the branches are and whatever
 * they hold; and from a one-way sender, no version of it may ask for a reply.
 */
class NoticeCheckProperties {
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", ZoneId.of("Europe/London"));
    static final Sender TWO_WAY = Sender.number(PhoneNumber.parse("07400 999999", "GB"));
    static final Sender ONE_WAY = Sender.alphanumeric("Playhouse");
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Drinks").marketing()
            .template("{{ customer.first_name }}, pre-order a drink.").timing(Timing.beforeStart(0, 2, 0)).build();
    static final String INSTRUCTION = "Reply STOP to opt out.";

    /** Text a notice may hold that offers no refusal, tags in quoted strings among it. */
    @Provide
    Arbitrary<String> prose() {
        return Arbitraries.of("Thanks for booking {{ event.name }}.", " Non-stop fun!", " Doors at 7.",
                " {{ customer.first_name }},", " See you at {{ venue.name }}.", " The show will end late.", "",
                " {{ \"{% endif %}\" }}", " {{ '{% if customer.first_name %}' }}", " {% raw %}{% endif %}{% endraw %}");
    }

    /** A block that may not render: the instruction inside it does not count. */
    @Provide
    Arbitrary<String> wrapper() {
        return Arbitraries.of(
                "{% if customer.first_name %}#{% endif %}",
                "{% if customer.first_name == 'Ann' %}x{% else %}#{% endif %}",
                "{% unless event.name == '' %}#{% endunless %}",
                "{% for tag in customer.tags %}#{% endfor %}",
                "{% case customer.first_name %}{% when 'Ann' %}#{% else %}#{% endcase %}",
                "{% if event.name %}{% if customer.first_name %}#{% endif %}{% endif %}",
                "{% if customer.first_name %}{{ \"{% endif %}\" }}#{% endif %}",
                "{% comment %}#{% endcomment %}");
    }

    /** Ways to print the instruction that depend on a value, a filter or a variable: none counts. */
    @Provide
    Arbitrary<String> valueBuilt() {
        return Arbitraries.of(
                "{{ '#' }}",
                "{% assign said = '#' %}{{ said }}",
                "{% capture said %}#{% endcapture %}{{ said }}",
                "{% assign said = '#' %}{% if customer.first_name == 'Bob' %}{% assign said = '' %}{% endif %}{{ said }}",
                "{{ '#' | truncate: 200 }}",
                "{{ customer.raw.optout | default: '#' }}",
                "{{ customer.attributes.FirstVisit | replace: 'true', '#' }}",
                "{{ customer.first_name | append: '#' | truncate: 60 }}");
    }

    static ConfigurationCheck.Result check(Sender sender, String template) {
        VenueSettings settings = VenueSettings.builder(VENUE, sender).optOutFooter("Text STOP to 60123 to opt out")
                .softOptIn(SoftOptIn.enabledWith(template)).build();
        return ConfigurationCheck.of(settings, List.of(Flow.of("F", List.of(DRINKS))), TemplateFunctions.none());
    }

    @Property
    void anInstructionCountsOnlyOutsideEveryBranch(@ForAll("prose") String before, @ForAll("prose") String after,
                                                   @ForAll("wrapper") String noise, @ForAll("wrapper") String around,
                                                   @ForAll boolean wrapped) {
        String instruction = wrapped ? around.replace("#", " " + INSTRUCTION) : " " + INSTRUCTION;
        String template = before + noise.replace("#", after) + instruction + after;

        assertThat(check(TWO_WAY, template).valid()).as(template).isEqualTo(!wrapped);
    }

    @Property
    void anInstructionPrintedByAValueNeverCounts(@ForAll("prose") String before, @ForAll("prose") String after,
                                                 @ForAll("valueBuilt") String value) {
        String template = before + " " + value.replace("#", INSTRUCTION) + after;

        ConfigurationCheck.Result result = check(TWO_WAY, template);
        assertThat(result.valid()).as(template).isFalse();
        assertThat(result.errors()).as(template).extracting(p -> p.path())
                .containsExactly("venueSettings.softOptIn.template");
    }

    @Property
    void fromAOneWaySenderNoVersionMayAskForAReply(@ForAll("prose") String before, @ForAll("prose") String after,
                                                   @ForAll("wrapper") String around,
                                                   @ForAll("verb") String verb, @ForAll boolean saysWhere) {
        // A valid instruction every version carries, and another one somewhere (in a branch, or not).
        String other = around.startsWith("{% comment") ? around : around.replace("#", " " + verb + " STOP"
                + (saysWhere ? " to 60123" : "") + " for no more offers.");
        String template = before + " Text STOP to 60123 to opt out." + other + after;
        boolean replying = verb.equalsIgnoreCase("reply") || verb.equalsIgnoreCase("respond");
        boolean asks = !around.startsWith("{% comment") && (replying || !saysWhere);

        assertThat(check(TWO_WAY, template).valid()).as(template).isTrue();
        ConfigurationCheck.Result oneWay = check(ONE_WAY, template);
        assertThat(oneWay.valid()).as(template).isEqualTo(!asks);
        if (asks) {
            assertThat(oneWay.errors()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("venueSettings.softOptIn.template");
                assertThat(p.message()).contains("cannot receive replies").contains(verb + " STOP");
            });
        }
    }

    @Provide
    Arbitrary<String> verb() {
        return Arbitraries.of("Reply", "reply", "Respond", "Text", "TEXT", "Send", "SMS", "txt", "Message");
    }
}
