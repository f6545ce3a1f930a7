package io.crowdengage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.Reason;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.MessagePurpose;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.sms.PhoneNumber;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulator")
class SimulationTest {

    static Scenario docsExample() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "scenario-format.md"));
        int start = doc.indexOf("```json", doc.indexOf("## A complete example")) + "```json".length();
        return ScenarioReader.read(doc.substring(start, doc.indexOf("```", start))).scenario();
    }

    static List<String> lines(Simulation.Report report) {
        return report.decisions().stream().map(DecisionJson::line).toList();
    }

    @Test
    @DisplayName("the documented example does what the documentation says")
    void documentedExample() throws IOException {
        List<DecisionEvent> events = new ArrayList<>();
        Simulation.Report report = Simulation.of(docsExample()).run(events::add);
        assertThat(events).filteredOn(e -> e.outcome() == Outcome.SENT && "C1".equals(e.customer().orElse("")))
                .extracting(e -> e.step().map(Object::toString).orElse(e.purpose().name()))
                .contains("drinks", "review");
        assertThat(events).filteredOn(e -> "C2".equals(e.customer().orElse("")) && e.outcome() == Outcome.SENT)
                .extracting(DecisionEvent::purpose).containsExactly(MessagePurpose.SOFT_OPT_IN_NOTICE);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.customer()).contains("C2");
            assertThat(e.reason()).contains(Reason.OPTED_OUT);
        });
        assertThat(report.count(Outcome.SENT)).isEqualTo(report.decisions().stream()
                .filter(e -> e.outcome() == Outcome.SENT).count());
    }

    static Scenario demoWeekend() throws IOException {
        try (InputStream in = SimulationTest.class.getResourceAsStream("/io/crowdengage/simulation/demo-weekend.json")) {
            return ScenarioReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)).scenario();
        }
    }

    @Test
    @DisplayName("reports decisions in time order, though a tick's sends are stamped after its skips, losing none")
    void timeOrder() throws IOException {
        for (Scenario scenario : List.of(demoWeekend(), docsExample())) {
            List<DecisionEvent> streamed = new ArrayList<>();
            Simulation.Report report = Simulation.of(scenario).run(streamed::add);

            assertThat(streamed).extracting(DecisionEvent::at).isSorted();
            assertThat(report.decisions()).isEqualTo(streamed);
            assertThat(streamed).hasSize(report.byOutcome().values().stream().mapToInt(Integer::intValue).sum());
            assertThat(report.count(Outcome.SENT)).isEqualTo(report.providerSends());
            // Skips at a tick's instant and sends stamped later in the same tick are both there.
            assertThat(streamed).anySatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED))
                    .anySatisfy(e -> assertThat(e.at().getNano()).isPositive());
        }
    }

    @Test
    @DisplayName("sorts one tick's decisions stably: those made at the same instant keep the order they were made in")
    void stableOrder() {
        Instant tick = Instant.parse("2026-03-28T17:30:00Z");
        List<DecisionEvent> made = new ArrayList<>(List.of(event(tick.plusMillis(100), "sent first"),
                event(tick, "skipped first"), event(tick.plusMillis(200), "sent second"), event(tick, "skipped second")));

        List<DecisionEvent> sorted = Simulation.inTimeOrder(made);

        assertThat(sorted).extracting(DecisionEvent::detail)
                .containsExactly("skipped first", "skipped second", "sent first", "sent second");
        assertThat(made).as("taken out of the step").isEmpty();
    }

    private static DecisionEvent event(Instant at, String detail) {
        return new DecisionEvent(at, Outcome.SKIPPED, Optional.of(Reason.OPTED_OUT), MessagePurpose.TRANSACTIONAL,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), detail);
    }

    /** A Brooklyn venue whose file gives every number in US national form. */
    static final String BROOKLYN = """
            {
              "venue": {"name": "Brooklyn Playhouse", "timeZone": "America/New_York", "region": "us",
                        "sender": "(718) 555-2600"},
              "events": [{"id": "E1", "name": "Our Town", "durationMinutes": 150}],
              "performances": [{"id": "P1", "eventId": "E1", "start": "2026-05-16T19:30:00"}],
              "customers": [
                {"id": "C1", "firstName": "Ana", "mobile": "(718) 555-2601"},
                {"id": "C2", "firstName": "Ben", "mobile": "718.555.2602"}
              ],
              "bookings": [
                {"id": "B1", "customerId": "C1", "performanceId": "P1", "confirmedAt": "2026-05-01T10:00:00"},
                {"id": "B2", "customerId": "C2", "performanceId": "P1", "confirmedAt": "2026-05-01T11:00:00"}
              ],
              "consents": [{"phone": "718 555 2601", "at": "2026-04-01T10:00:00", "source": "website",
                            "wording": "Text me offers. Reply STOP at any time."}],
              "inbound": [{"from": "718-555-2602", "body": "STOP", "at": "2026-05-16T19:00:00"}],
              "flows": [{"name": "Night out", "steps": [
                {"id": "directions", "name": "Directions", "template": "Hi {{ customer.first_name }}, doors at 7pm.",
                 "at": {"hours": 3, "direction": "before"}},
                {"id": "offer", "name": "Drinks", "kind": "marketing", "template": "Interval drinks are half price.",
                 "at": {"hours": 2, "direction": "before"}},
                {"id": "review", "name": "Review", "template": "Thanks for coming, {{ customer.first_name }}!",
                 "at": {"hours": 3, "direction": "after"}}
              ]}],
              "provider": {"failures": [{"phone": "(718) 555-2601", "times": 1, "kind": "transient"}]},
              "simulate": {"from": "2026-05-16T09:00:00", "until": "2026-05-17T09:00:00"}
            }
            """;

    @Test
    @DisplayName("reads every number in the file in the venue's region, as the runtime is set to")
    void numbersAreReadInTheVenuesRegion() {
        Scenario brooklyn = ScenarioReader.read(BROOKLYN).scenario();
        ScenarioWorld world = ScenarioWorld.of(brooklyn, new VirtualClock(brooklyn.simulate().from()));
        assertThat(world.settings().phoneRegion()).isEqualTo("US");
        assertThat(world.ticketing().customer("C2").orElseThrow().mobile()).contains(PhoneNumber.ofE164("+17185552602"));

        List<String> decisions = Simulation.of(brooklyn).run(e -> { }).decisions().stream()
                .map(e -> e.outcome() + " " + e.reason().map(Enum::name).orElse("-") + " "
                        + e.step().map(Object::toString).orElse(e.purpose().name()) + " " + e.customer().orElse("?")
                        + " " + e.to().map(PhoneNumber::e164).orElse("none"))
                .toList();

        // The consent, the STOP and the scripted failure, all given in national form, find their customers.
        assertThat(decisions).containsExactly(
                "DEFERRED PROVIDER_RETRYING directions C1 +17185552601",
                "SENT - directions C2 +17185552602",
                "SENT - directions C1 +17185552601",
                "SKIPPED NO_MARKETING_CONSENT offer C2 +17185552602",
                "SENT - offer C1 +17185552601",
                "SENT - OPT_OUT_CONFIRMATION ? +17185552602",
                "SKIPPED OPTED_OUT offer C2 +17185552602",
                "SKIPPED OPTED_OUT review C2 +17185552602",
                "SENT - review C1 +17185552601");
    }

    @Test
    @DisplayName("is deterministic: the same scenario gives the same lines")
    void deterministic() throws IOException {
        Scenario scenario = docsExample();
        assertThat(lines(Simulation.of(scenario).run(e -> { })))
                .isEqualTo(lines(Simulation.of(scenario).run(e -> { })));
    }
}
