package io.crowdengage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.Timing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The scenario files the project ships (the demo, the documented example) and the schema stay valid and in sync. */
class ScenarioFilesTest {
    private static final Path DOCS = Path.of("..", "docs");

    /** The seed guide's review request, exactly as pasted there. */
    private static final String SEED_REVIEW_REQUEST = """
            {% if event.raw.attribute_ShowScoreID %}
            {{ customer.first_name }}, please help the theatre community by leaving your review of {{ event.name }} on Show-Score:
            {{ show_score_url(event.raw.attribute_ShowScoreID) }}
            {% endif %}""";

    /** The seed guide's reminder, exactly as pasted there. */
    private static final String SEED_REVIEW_REMINDER = """
            {% if event.raw.attribute_ShowScoreID %}
            {{ customer.first_name }}, have you reviewed the show yet? Please help other theatregoers by reviewing {{ event.name }} on Show-Score:
            {{ show_score_url(event.raw.attribute_ShowScoreID) }}
            {% endif %}""";

    static String demoJson() throws IOException {
        try (InputStream in = ScenarioFilesTest.class.getResourceAsStream("demo-weekend.json")) {
            assertThat(in).as("demo-weekend.json on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDemoWeekendLoadsWarningOnlyAboutTheLandline() throws IOException {
        ScenarioReader.Result result = ScenarioReader.read(demoJson());

        assertThat(result.warnings()).extracting(Problem::toString).containsExactly(
                "customers[2].mobile: phone number '+44*******123' is a landline number and cannot receive SMS;"
                        + " this customer has no mobile, so the runtime skips them with NO_VALID_MOBILE");
        Scenario demo = result.scenario();
        assertThat(demo.venue().timeZone().getId()).isEqualTo("Europe/London");
        assertThat(demo.settings().softOptIn().enabled()).isTrue();
        assertThat(demo.event("E-HAMLET").orElseThrow().attributes()).containsEntry("ShowScoreID", "12345");
        assertThat(demo.event("E-EARNEST").orElseThrow().attributes()).doesNotContainKey("ShowScoreID");
        assertThat(demo.simulate().from()).isEqualTo(Instant.parse("2026-03-27T09:00:00Z"));
        assertThat(demo.simulate().until()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
        assertThat(demo.simulate().tick()).isEqualTo(Duration.ofMinutes(1));
        assertThat(demo.customers()).hasSize(8);
        assertThat(demo.inbound()).singleElement().satisfies(stop -> assertThat(stop.body()).isEqualTo("STOP"));
        assertThat(demo.booking("B307").orElseThrow().confirmedAt()).isEqualTo(Instant.parse("2026-03-28T18:30:00Z"));
    }

    @Test
    void theDemoUsesTheSeedTemplatesVerbatimWithTheSeedTimings() throws IOException {
        Scenario demo = ScenarioReader.read(demoJson()).scenario();
        List<Scenario.StepSpec> steps = demo.flows().get(0).steps();

        Scenario.StepSpec request = steps.stream().filter(s -> s.id().equals("showscore-review-request")).findFirst().orElseThrow();
        Scenario.StepSpec reminder = steps.stream().filter(s -> s.id().equals("showscore-review-reminder")).findFirst().orElseThrow();
        assertThat(request.template()).isEqualTo(SEED_REVIEW_REQUEST);
        assertThat(request.at()).isEqualTo(Timing.afterStart(0, 3, 0));
        assertThat(reminder.template()).isEqualTo(SEED_REVIEW_REMINDER);
        assertThat(reminder.at()).isEqualTo(Timing.afterStart(1, 0, 0));
        assertThat(steps).extracting(Scenario.StepSpec::kind).containsExactly(MessageKind.TRANSACTIONAL,
                MessageKind.MARKETING, MessageKind.TRANSACTIONAL, MessageKind.TRANSACTIONAL);
    }

    @Test
    void theDemoBuildsIntoFakes() throws IOException {
        Scenario demo = ScenarioReader.read(demoJson()).scenario();
        ScenarioWorld world = ScenarioWorld.of(demo, java.time.Clock.fixed(demo.simulate().from(), java.time.ZoneOffset.UTC));

        assertThat(world.flows()).extracting(Flow::name).containsExactly("Default Flow");
        assertThat(world.flows().get(0).steps()).extracting(FlowStep::name).contains(
                "Show-Score Review Request (3 hours post-show)", "Show-Score Review Reminder (1 day post-show)");
        assertThat(world.scheduledChanges()).extracting(ScheduledChange::describe).containsExactly(
                "booking B401 by customer C1 for performance P-EARNEST-SUN-MAT confirmed",
                "performance P-HAMLET-SAT-MAT cancelled",
                "booking B402 cancelled",
                "booking B307 by customer C8 for performance P-HAMLET-SAT-EVE confirmed",
                "text received from +44*******007: STOP");
    }

    @Test
    void theDocumentedExampleParses() throws IOException {
        ScenarioReader.Result result = ScenarioReader.read(documentedExample());

        assertThat(result.warnings()).isEmpty();
        assertThat(result.scenario().flows()).isNotEmpty();
    }

    @Test
    void theSchemaIsJsonAndListsExactlyTheTopLevelFieldsTheReaderAccepts() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(DOCS.resolve("scenario.schema.json")));

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).containsExactlyElementsOf(ScenarioReader.TOP_LEVEL_FIELDS);
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactlyInAnyOrder("venue", "simulate");
    }

    @Test
    void aMisspeltTopLevelFieldIsRefused() {
        assertThat(ScenarioReaderTest.problemsOf("{\"venue\": {}, \"simulate\": {}, \"sttings\": {}}"))
                .contains("sttings: unknown field 'sttings'; did you mean 'settings'?");
    }

    /**
     * For every object the reader reads, the fields it accepts (as its unknown-field message lists them)
     * are exactly the properties the schema gives that object, so neither can learn a field alone.
     */
    @Test
    void theSchemaListsExactlyTheFieldsTheReaderAcceptsAtEveryLevel() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Files.readString(DOCS.resolve("scenario.schema.json")));
        String example = documentedExample();
        String[][] objects = {
                {"/venue", "/properties/venue"},
                {"/settings", "/properties/settings"},
                {"/settings/softOptIn", "/properties/settings/properties/softOptIn"},
                {"/settings/quietHours", "/properties/settings/properties/quietHours"},
                {"/events/0", "/properties/events/items"},
                {"/performances/0", "/properties/performances/items"},
                {"/customers/0", "/properties/customers/items"},
                {"/bookings/0", "/properties/bookings/items"},
                {"/consents/0", "/properties/consents/items"},
                {"/inbound/0", "/properties/inbound/items"},
                {"/changes/0", "/properties/changes/items"},
                {"/flows/0", "/properties/flows/items"},
                {"/flows/0/steps/0", "/properties/flows/items/properties/steps/items"},
                {"/flows/0/steps/0/at", "/properties/flows/items/properties/steps/items/properties/at"},
                {"/provider", "/properties/provider"},
                {"/provider/failures/0", "/properties/provider/properties/failures/items"},
                {"/simulate", "/properties/simulate"},
        };
        for (String[] object : objects) {
            String json = ScenarioReaderTest.validWith(example, root -> ((com.fasterxml.jackson.databind.node.ObjectNode)
                    root.at(object[0])).put("zzzz", 1));
            String unknown = ScenarioReaderTest.problemsOf(json).stream().filter(p -> p.contains("unknown field 'zzzz'"))
                    .findFirst().orElseThrow();
            List<String> accepted = List.of(unknown.substring(unknown.indexOf("expected one of: ") + 17).split(", "));
            List<String> inSchema = new ArrayList<>();
            schema.at(object[1] + "/properties").fieldNames().forEachRemaining(inSchema::add);
            assertThat(accepted).as("fields of %s", object[0]).containsExactlyInAnyOrderElementsOf(inSchema);
        }
    }

    private static String documentedExample() throws IOException {
        String markdown = Files.readString(DOCS.resolve("scenario-format.md"));
        Matcher example = Pattern.compile("<!-- complete example -->\\s*```json\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(example.find()).as("docs/scenario-format.md has a complete example").isTrue();
        return example.group(1);
    }
}
