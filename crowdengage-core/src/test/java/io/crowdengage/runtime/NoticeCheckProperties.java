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
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The soft opt-in notice check over random templates: a notice counts only when its instruction to
 * refuse stands outside every branch and loop, wherever the branches are and whatever they hold.
 */
class NoticeCheckProperties {
    static final Venue VENUE = new Venue("playhouse", "The Playhouse", ZoneId.of("Europe/London"));
    static final FlowStep DRINKS = FlowStep.builder("drinks").name("Drinks").marketing()
            .template("{{ customer.first_name }}, pre-order a drink.").timing(Timing.beforeStart(0, 2, 0)).build();
    static final String INSTRUCTION = "Reply STOP to opt out.";

    /** Text a notice may hold that offers no refusal. */
    @Provide
    Arbitrary<String> prose() {
        return Arbitraries.of("Thanks for booking {{ event.name }}.", " Non-stop fun!", " Doors at 7.",
                " {{ customer.first_name }},", " See you at {{ venue.name }}.", " The show will end late.", "");
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
                "{% comment %}#{% endcomment %}");
    }

    @Property
    void anInstructionCountsOnlyOutsideEveryBranch(@ForAll("prose") String before, @ForAll("prose") String after,
                                                   @ForAll("wrapper") String noise, @ForAll("wrapper") String around,
                                                   @ForAll boolean wrapped) {
        String instruction = wrapped ? around.replace("#", " " + INSTRUCTION) : " " + INSTRUCTION;
        String template = before + noise.replace("#", after) + instruction + after;
        VenueSettings settings = VenueSettings.builder(VENUE, Sender.number(PhoneNumber.parse("07400 999999", "GB")))
                .softOptIn(SoftOptIn.enabledWith(template)).build();

        ConfigurationCheck.Result result = ConfigurationCheck.of(settings, List.of(Flow.of("F", List.of(DRINKS))),
                TemplateFunctions.none());

        assertThat(result.valid()).as(template).isEqualTo(!wrapped);
    }

    @Provide
    Arbitrary<String> anyBlocks() {
        return Combinators.combine(prose(), wrapper(), prose()).as((a, w, b) -> a + w.replace("#", b));
    }

    @Property
    void theUnconditionalPartHasNoBranchingTags(@ForAll("anyBlocks") String template) {
        assertThat(ConfigurationCheck.unconditionalPart(template))
                .doesNotContain("{% if").doesNotContain("{% for").doesNotContain("{% unless").doesNotContain("{% case")
                .doesNotContain("{% else").doesNotContain("{% end").doesNotContain("{% comment");
    }
}
