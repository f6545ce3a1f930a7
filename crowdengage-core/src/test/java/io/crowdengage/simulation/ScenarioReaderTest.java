package io.crowdengage.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.Timing;
import io.crowdengage.runtime.SoftOptIn;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small valid scenario the tests break one way or another. */
    static final String VALID = """
            {
              "venue": {"name": "Southbank Playhouse", "timeZone": "Europe/London", "sender": "07400 100900"},
              "events": [{"id": "E1", "name": "Hamlet", "durationMinutes": 180, "attributes": {"ShowScoreID": "12345"}}],
              "performances": [{"id": "P1", "eventId": "E1", "start": "2026-03-28T19:30:00"}],
              "customers": [
                {"id": "C1", "firstName": "Priya", "mobile": "07400 100001"},
                {"id": "C2", "firstName": "Tom", "mobile": "07400 100002"}
              ],
              "bookings": [
                {"id": "B1", "customerId": "C1", "performanceId": "P1", "confirmedAt": "2026-03-20T10:00:00Z"},
                {"id": "B2", "customerId": "C2", "performanceId": "P1", "confirmedAt": "2026-03-20T11:00:00Z"}
              ],
              "flows": [{"name": "Default Flow", "steps": [
                {"id": "directions", "name": "Directions", "template": "Hi {{ customer.first_name }}, doors open at 7pm.",
                 "at": {"hours": 3, "direction": "before"}}
              ]}],
              "simulate": {"from": "2026-03-27T09:00:00", "until": "2026-03-30T09:00:00"}
            }
            """;

    /** The problems a refused scenario reports, as {@code path: message}. */
    static List<String> problemsOf(String json) {
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> ScenarioReader.read(json));
        assertThat(refused).as("the scenario should be refused").isNotNull();
        assertThat(refused.reason()).isEqualTo(ValidationException.Reason.INVALID_SCENARIO);
        return refused.problems().stream().map(Problem::toString).toList();
    }

    /** {@link #VALID} changed by {@code change}. */
    static String validWith(Consumer<ObjectNode> change) {
        return validWith(VALID, change);
    }

    /** {@code json} changed by {@code change}. */
    static String validWith(String json, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            change.accept(root);
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ what a valid file gives

    @Test
    void aValidScenarioFillsInTheDocumentedDefaults() {
        ScenarioReader.Result result = ScenarioReader.read(VALID);

        assertThat(result.warnings()).isEmpty();
        Scenario scenario = result.scenario();
        assertThat(scenario.venue().id()).isEqualTo("venue");
        assertThat(scenario.venue().region()).isEqualTo("GB");
        assertThat(scenario.venue().sender()).isEqualTo(Sender.number(PhoneNumber.ofE164("+447400100900")));
        assertThat(scenario.settings().softOptIn()).isEqualTo(SoftOptIn.disabled());
        assertThat(scenario.settings().optOutFooter()).isEqualTo(VenueSettings.DEFAULT_FOOTER);
        assertThat(scenario.settings().quietHours()).isEmpty();
        assertThat(scenario.settings().maxSegments()).isEqualTo(3);
        assertThat(scenario.performances().get(0).cancelled()).isFalse();
        assertThat(scenario.simulate().tick()).isEqualTo(Duration.ofMinutes(1));
        // Friday is GMT and Monday BST: venue-local times follow the clock change.
        assertThat(scenario.simulate().from()).isEqualTo(Instant.parse("2026-03-27T09:00:00Z"));
        assertThat(scenario.simulate().until()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
        Scenario.StepSpec step = scenario.flows().get(0).steps().get(0);
        assertThat(step.kind()).isEqualTo(MessageKind.TRANSACTIONAL);
        assertThat(step.audienceCondition()).isEmpty();
        assertThat(step.performances()).isEqualTo(new Scenario.AllLive());
        assertThat(step.at()).isEqualTo(Timing.beforeStart(0, 3, 0));
        assertThat(step.catchUp()).isEqualTo(Duration.ofHours(2));
        assertThat(step.maxSegments()).isEqualTo(3);
        assertThat(scenario.provider().throughputPerSecond()).isEqualTo(100);
        assertThat(scenario.provider().failures()).isEmpty();
    }

    @Test
    void theRegionComesFromTheZoneOrIsGivenAndStepsInheritTheSegmentBudget() {
        Scenario scenario = ScenarioReader.read(validWith(root -> {
            at(root, "/venue").put("timeZone", "America/New_York").put("sender", "60123");
            root.putObject("settings").put("maxSegments", 2);
            at(root, "/customers/0").put("mobile", "+44 7400 100001");
            at(root, "/customers/1").put("mobile", "+44 7400 100002");
        })).scenario();
        assertThat(scenario.venue().region()).isEqualTo("US");
        assertThat(scenario.venue().sender()).isEqualTo(Sender.shortCode("60123"));
        assertThat(scenario.flows().get(0).steps().get(0).maxSegments()).isEqualTo(2);

        assertThat(ScenarioReader.read(validWith(root -> {
            at(root, "/venue").put("region", "ie").put("sender", "+44 7400 100900");
            at(root, "/customers/0").put("mobile", "+44 7400 100001");
        })).scenario().venue().region()).isEqualTo("IE");
    }

    @Test
    void stepsReadEveryOptionalField() {
        Scenario.StepSpec step = ScenarioReader.read(validWith(root -> at(root, "/flows/0/steps/0")
                .put("kind", "marketing").put("audience", "customer.tags contains \"Member\"")
                .put("catchUp", "PT30M").put("maxSegments", 2).put("skipIfVariableMissing", true)
                .set("performances", parse("{\"hasAttribute\": \"ShowScoreID\"}"))))
                .scenario().flows().get(0).steps().get(0);

        assertThat(step.kind()).isEqualTo(MessageKind.MARKETING);
        assertThat(step.audienceCondition()).contains("customer.tags contains \"Member\"");
        assertThat(step.performances()).isEqualTo(new Scenario.HasAttribute("attribute_ShowScoreID"));
        assertThat(step.catchUp()).isEqualTo(Duration.ofMinutes(30));
        assertThat(step.maxSegments()).isEqualTo(2);
        assertThat(step.skipIfVariableMissing()).isTrue();
    }

    // ------------------------------------------------------------------ structure

    @Test
    void missingRequiredFieldsAreAllReportedAtOnce() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/venue").remove("name");
            at(root, "/bookings/1").remove("confirmedAt");
            at(root, "/flows/0/steps/0").remove("at");
            at(root, "/events/0").remove("durationMinutes");
            root.remove("simulate");
        }))).containsExactly(
                "venue.name: is required",
                "events[0].durationMinutes: is required",
                "bookings[1].confirmedAt: is required",
                "flows[0].steps[0].at: is required",
                "simulate: is required");
    }

    @Test
    void unknownFieldsAreErrorsWithASuggestion() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/customers/0").put("firstname", "Priya");
            at(root, "/flows/0/steps/0/at").put("relative", "start");
            at(root, "/venue").put("colour", "red");
        }))).containsExactly(
                "venue.colour: unknown field 'colour'; expected one of: id, name, timeZone, region, sender",
                "customers[0].firstname: unknown field 'firstname'; did you mean 'firstName'?",
                "flows[0].steps[0].at.relative: unknown field 'relative'; did you mean 'relativeTo'?");
    }

    @Test
    void wrongJsonTypesArePathNamedProblems() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/events/0").put("durationMinutes", "180");
            at(root, "/performances/0").put("cancelled", "no");
            at(root, "/customers/0").set("tags", parse("{\"a\": 1}"));
            root.put("bookings", "B1");
            at(root, "/flows/0/steps/0/at").put("hours", 2.5);
        }))).containsExactly(
                "events[0].durationMinutes: must be a whole number but was the string '180'",
                "performances[0].cancelled: must be true or false but was the string 'no'",
                "customers[0].tags: must be an array but was an object",
                "bookings: must be an array but was the string 'B1'",
                "flows[0].steps[0].at.hours: must be a whole number but was the number 2.5");
    }

    @Test
    void malformedJsonNamesTheFieldAndTheLine() {
        assertThat(problemsOf("{\n  \"venue\": {\"name\": \"X\",\n    \"timeZone\": }\n}")).containsExactly(
                "venue.timeZone: line 3, column 17: not valid JSON: expected " + A_VALUE + " but found '}'");
        assertThat(problemsOf("[1, 2]")).containsExactly("must be an object but was an array");
        assertThat(problemsOf("  ")).containsExactly(
                "the scenario is empty; it must be a JSON object with at least 'venue' and 'simulate'");
    }

    private static final String A_VALUE =
            "a value (a string in double quotes, a number, true, false, null, an object or an array)";

    /** Malformed files: what each breaks, the file, and its one problem, naming the path and what was expected. */
    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                Arguments.of("truncated in a value", "{\"venue\": {\"name\": ",
                        "venue.name: line 1, column 20: not valid JSON: expected <value> but the file ends here; the"
                                + " object that starts at line 1, column 11 is never closed"),
                Arguments.of("truncated in a text", "{\"venue\": {\"name\": \"Southb",
                        "venue.name: line 1, column 20: not valid JSON: the text that starts here is never closed with"
                                + " '\"'"),
                Arguments.of("truncated after a key", "{\"venue\": {\"name\"",
                        "venue: line 1, column 18: not valid JSON: expected ':' after the field name \"name\" but the"
                                + " file ends here; the object that starts at line 1, column 11 is never closed"),
                Arguments.of("truncated in an array", "{\"customers\": [{\"id\": \"C1\"}, ",
                        "customers[1]: line 1, column 30: not valid JSON: expected <value> but the file ends here; the"
                                + " array that starts at line 1, column 15 is never closed"),
                Arguments.of("a misspelt literal", "{\"venue\": {\"name\": tru}}",
                        "venue.name: line 1, column 20: not valid JSON: expected <value> but found 'tru'"),
                Arguments.of("a capital True", "{\"provider\": {\"enforceThroughput\": True}}",
                        "provider.enforceThroughput: line 1, column 36: not valid JSON: expected <value> but found"
                                + " 'True'; JSON writes true, false and null in lower case"),
                Arguments.of("NaN", "{\"provider\": {\"seed\": NaN}}",
                        "provider.seed: line 1, column 23: not valid JSON: expected <value> but found 'NaN'; JSON has"
                                + " no NaN or Infinity"),
                Arguments.of("a leading zero", "{\"events\": [{\"durationMinutes\": 0180}]}",
                        "events[0].durationMinutes: line 1, column 33: not valid JSON: '0180' is not a number: numbers"
                                + " are written like 180, -5, 2.5 or 1e-3, with no leading zeros, no '+' and digits"
                                + " after a '.'"),
                Arguments.of("trailing garbage", "{\"description\": \"x\"} xyz",
                        "line 1, column 22: not valid JSON: expected the end of the file after the scenario, which"
                                + " ends at line 1, column 20, but found 'xyz'"),
                Arguments.of("a second object", "{\"description\": \"x\"}{\"description\": \"y\"}",
                        "line 1, column 21: not valid JSON: expected the end of the file after the scenario, which"
                                + " ends at line 1, column 20, but found '{'"),
                Arguments.of("a missing comma", "{\"venue\": {\"name\": \"X\" \"timeZone\": \"Europe/London\"}}",
                        "venue: line 1, column 24: not valid JSON: expected ',' or '}' after the value of \"name\" but"
                                + " found the text \"timeZone\"; is a ',' missing?"),
                Arguments.of("a trailing comma", "{\"venue\": {\"name\": \"X\",}}",
                        "venue: line 1, column 24: not valid JSON: expected a field name in double quotes after ','"
                                + " but found '}'; remove the ',' after the last field"),
                Arguments.of("a trailing comma in an array", "{\"tags\": [\"a\",]}",
                        "tags[1]: line 1, column 15: not valid JSON: expected <value> after ',' but found ']'; remove"
                                + " the ',' after the last element"),
                Arguments.of("an unquoted field name", "{\"venue\": {name: \"X\"}}",
                        "venue: line 1, column 12: not valid JSON: expected a field name in double quotes, or '}' to"
                                + " end the object but found 'name'; field names are written in double quotes, as in"
                                + " \"name\""),
                Arguments.of("single quotes", "{\"venue\": {\"name\": 'X'}}",
                        "venue.name: line 1, column 20: not valid JSON: expected <value> but found '''; texts and"
                                + " field names are written in double quotes"),
                Arguments.of("a comment", "{\"venue\": {} // the venue\n}",
                        "line 1, column 14: not valid JSON: expected ',' or '}' after the value of \"venue\" but found"
                                + " '/'; JSON has no comments"),
                Arguments.of("a raw tab in a text", "{\"venue\": {\"name\": \"A\tB\"}}",
                        "venue.name: line 1, column 22: not valid JSON: a raw tab inside a text; write it as \\t"),
                Arguments.of("a bad escape", "{\"venue\": {\"name\": \"C:\\qtr\"}}",
                        "venue.name: line 1, column 23: not valid JSON: '\\q' is not an escape; a backslash itself is"
                                + " written \\\\, and the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
                Arguments.of("a text across lines", "{\"venue\": {\"name\": \"Southbank\n  Playhouse\"}}",
                        "venue.name: line 1, column 20: not valid JSON: the text that starts here is not closed with"
                                + " '\"' before the end of its line; a line break inside a text is written \\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void malformedFilesNameThePathAndWhatWasExpected(String what, String json, String problem) {
        List<String> problems = problemsOf(json);

        assertThat(problems).containsExactly(problem.replace("<value>", A_VALUE));
        assertThat(problems.get(0)).doesNotContainIgnoringCase("jackson").doesNotContain("Unrecognized token",
                "Feature", "(code ", "JsonNode", "START_OBJECT");
    }

    @Test
    void everyDuplicatedFieldIsReportedWithBothPlaces() {
        assertThat(problemsOf("""
                {"venue": {}, "venue": {},
                 "customers": [{"id": "C1", "firstName": "Priya", "firstName": "P"}]}""")).containsExactly(
                "venue: line 1, column 15: duplicate field 'venue'; it is already given at line 1, column 2, and only"
                        + " one can count",
                "customers[0].firstName: line 2, column 51: duplicate field 'firstName'; it is already given at line 2,"
                        + " column 29, and only one can count");
    }

    @Test
    void aByteOrderMarkIsAccepted(@TempDir Path dir) throws IOException {
        assertThat(ScenarioReader.read("\uFEFF" + VALID).scenario().venue().name()).isEqualTo("Southbank Playhouse");
        Path file = dir.resolve("windows.json");
        Files.write(file, ("\uFEFF" + VALID).getBytes(StandardCharsets.UTF_8));
        assertThat(ScenarioReader.read(file).scenario().customers()).hasSize(2);
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithTheLineColumnAndByteOfEachPlace(@TempDir Path dir) throws IOException {
        // Latin-1 instead of UTF-8: é and ö as single bytes.
        String accented = VALID.replace("Priya", "Pr\u00e9ya").replace("\"Tom\"", "\"T\u00f6m\"");
        Path file = dir.resolve("latin1.json");
        Files.write(file, accented.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(problemsOf(file)).containsExactly(
                "cannot read scenario file '" + file + "': line 6, column 34 (byte 344): not valid UTF-8: the byte 0xE9"
                        + " cannot be read as UTF-8; save the file as UTF-8",
                "cannot read scenario file '" + file + "': line 7, column 33 (byte 409): not valid UTF-8: the byte 0xF6"
                        + " cannot be read as UTF-8; save the file as UTF-8");
        Files.write(file, VALID.getBytes(StandardCharsets.UTF_16));
        assertThat(problemsOf(file)).containsExactly("cannot read scenario file '" + file + "': the file is UTF-16"
                + " (big-endian) (it starts with that encoding's byte-order mark); save it as UTF-8");
    }

    static List<String> problemsOf(Path file) {
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> ScenarioReader.read(file));
        assertThat(refused).as("the scenario should be refused").isNotNull();
        return refused.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void anExplicitNullIsRefusedNamingWhatWasExpected() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/customers/0").putNull("firstName").putNull("mobile").putNull("tags").putNull("firstVisit");
            at(root, "/flows/0/steps/0").putNull("kind").putNull("catchUp").putNull("performances");
            at(root, "/flows/0/steps/0/at").putNull("days");
            root.putObject("provider").putNull("throughputPerSecond");
            root.putNull("consents");
        }))).containsExactly(
                "customers[0].firstName: must be a string but was null; leave the field out to use its default",
                "customers[0].mobile: must be a string but was null; leave the field out to use its default",
                "customers[0].tags: must be an array but was null; leave the field out to use its default",
                "customers[0].firstVisit: must be true or false but was null; leave the field out to use its default",
                "consents: must be an array but was null; leave the field out to use its default",
                "flows[0].steps[0].kind: must be a string but was null; leave the field out to use its default",
                "flows[0].steps[0].performances: must be 'all-live', {\"eventId\": ...} or {\"hasAttribute\": ...}"
                        + " but was null; leave the field out to use its default",
                "flows[0].steps[0].at.days: must be a whole number from 0 to 366 but was null; leave the field out"
                        + " to use its default",
                "flows[0].steps[0].catchUp: must be an ISO-8601 duration such as PT2H or PT30M but was null; leave the"
                        + " field out to use its default",
                "provider.throughputPerSecond: must be a number from 0.1 to 1000000 (messages a second) but was"
                        + " null; leave the field out to use its default");
    }

    @Test
    void aNullAttributeHasNoValueAsInATicketingSystem() {
        Scenario scenario = ScenarioReader.read(validWith(root -> at(root, "/customers/0").putObject("attributes")
                .put("Language", "cy").putNull("FirstVisit"))).scenario();

        assertThat(scenario.customer("C1").orElseThrow().attributes()).containsOnlyKeys("Language");
    }

    @Test
    void aSimulatedProviderSlowerThanOneSendInTenSecondsIsRefused() {
        assertThat(problemsOf(validWith(root -> root.putObject("provider").put("throughputPerSecond", 1e-9))))
                .containsExactly("provider.throughputPerSecond: must be a number from 0.1 to 1000000 (messages a"
                        + " second) but was 0.000000001; each send moves the virtual clock on by one over the throughput,"
                        + " so a slower provider would carry the simulation far past simulate.until");
        assertThat(problemsOf(validWith(root -> root.putObject("provider").put("throughputPerSecond", 0))))
                .containsExactly("provider.throughputPerSecond: must be a number from 0.1 to 1000000 (messages a"
                        + " second) but was 0");
        assertThat(problemsOf(validWith(root -> root.putObject("provider").put("throughputPerSecond", 2e6))))
                .containsExactly("provider.throughputPerSecond: must be a number from 0.1 to 1000000 (messages a"
                        + " second) but was 2000000");
        assertThat(ScenarioReader.read(validWith(root -> root.putObject("provider").put("throughputPerSecond", 0.1)))
                .scenario().provider().throughputPerSecond()).isEqualTo(0.1);
        // The record keeps the same rule for scenarios built in Java.
        assertThatThrownBy(() -> new Scenario.ProviderSpec(1e-9, true, 0, 0, List.of()))
                .hasMessageStartingWith("provider.throughputPerSecond: must be a number from 0.1 to 1000000");
    }

    @Test
    void anUnreadableFileIsAProblemNotAStackTrace() {
        assertThatThrownBy(() -> ScenarioReader.read(Path.of("no-such-scenario.json")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("cannot read scenario file 'no-such-scenario.json': NoSuchFileException"));
    }

    // ------------------------------------------------------------------ values

    @Test
    void badTimeZonesAreRefused() {
        assertThat(problemsOf(validWith(root -> at(root, "/venue").put("timeZone", "Europe/Londn")))).containsExactly(
                "venue.timeZone: unknown time zone 'Europe/Londn'; use a region id such as Europe/London");
        assertThat(problemsOf(validWith(root -> at(root, "/venue").put("timeZone", "+01:00")))).containsExactly(
                "venue.timeZone: '+01:00' is a fixed offset; use a region id such as Europe/London so that clock"
                        + " changes are followed");
        // The venue's own rule, as the Java API applies it (Venue.regionZone): UTC is a fixed offset too.
        assertThat(problemsOf(validWith(root -> at(root, "/venue").put("timeZone", "UTC")))).containsExactly(
                "venue.timeZone: 'UTC' is a fixed offset; use a region id such as Europe/London so that clock"
                        + " changes are followed");
    }

    @Test
    void unparseableTimesAndDurationsSayWhatIsExpected() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/performances/0").put("start", "2026-03-28T19:30:00Z");
            at(root, "/bookings/0").put("confirmedAt", "last Tuesday");
            at(root, "/flows/0/steps/0").put("catchUp", "2 hours");
            root.putObject("settings").putObject("quietHours").put("from", "9pm").put("to", "09:00");
        }))).containsExactly(
                "settings.quietHours.from: must be a time such as 21:30 but was '9pm'",
                "performances[0].start: must be venue-local, without an offset or Z, such as 2026-03-28T19:30:00;"
                        + " the venue's time zone gives the offset, but was '2026-03-28T19:30:00Z'",
                "bookings[0].confirmedAt: must be a date and time such as 2026-03-28T18:30:00Z (an instant) or"
                        + " 2026-03-28T19:30:00 (venue-local) but was 'last Tuesday'",
                "flows[0].steps[0].catchUp: must be an ISO-8601 duration such as PT2H or PT30M but was '2 hours'");
    }

    @Test
    void datesAreFrom1900To2199AsTheModelTakesThem() {
        String why = "; a date that far away is a typing mistake or a placeholder, not a performance";
        assertThat(problemsOf(validWith(root -> {
            at(root, "/performances/0").put("start", "+99999-03-28T19:30:00");
            at(root, "/bookings/0").put("confirmedAt", "0202-03-20T10:00:00Z");
            at(root, "/bookings/1").put("confirmedAt", "20260-03-20T11:00:00");
            at(root, "/simulate").put("until", "+21260-03-30T09:00:00Z");
        }))).containsExactly(
                "performances[0].start: must be from 1900-01-01 to 2199-12-31 but was +99999-03-28T19:30" + why,
                "bookings[0].confirmedAt: must be from 1900-01-01 to 2199-12-31 but was 0202-03-20T10:00:00Z" + why,
                "bookings[1].confirmedAt: must be a date and time such as 2026-03-28T18:30:00Z (an instant) or"
                        + " 2026-03-28T19:30:00 (venue-local) but was '20260-03-20T11:00:00'",
                "simulate.until: must be from 1900-01-01 to 2199-12-31 but was +21260-03-30T09:00:00Z" + why);
    }

    @Test
    void unknownEnumValuesListTheChoices() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/flows/0/steps/0").put("kind", "promo");
            at(root, "/flows/0/steps/0/at").put("direction", "around");
        }))).containsExactly(
                "flows[0].steps[0].kind: must be one of 'transactional', 'marketing' but was 'promo'",
                "flows[0].steps[0].at.direction: must be one of 'before', 'after' but was 'around'");
    }

    // ------------------------------------------------------------------ references and ids

    @Test
    void unknownReferencesAreNamed() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/performances/0").put("eventId", "E9");
            ((ArrayNode) root.get("bookings")).add(parse("""
                    {"id": "B3", "customerId": "C9", "performanceId": "P9", "confirmedAt": "2026-03-20T10:00:00Z"}"""));
            root.set("changes", JSON.valueToTree(List.of(
                    parse("{\"at\": \"2026-03-28T10:00:00\", \"reschedule\": {\"performanceId\": \"P7\", \"start\": \"2026-03-28T20:00:00\"}}"),
                    parse("{\"at\": \"2026-03-28T10:00:00\", \"cancelPerformance\": \"P8\"}"),
                    parse("{\"at\": \"2026-03-28T10:00:00\", \"cancelBooking\": \"B9\"}"))));
            at(root, "/flows/0/steps/0").set("performances", parse("{\"eventId\": \"E7\"}"));
        }))).containsExactly(
                "performances[0].eventId: unknown event 'E9'",
                "bookings[2].customerId: unknown customer 'C9'",
                "bookings[2].performanceId: unknown performance 'P9'",
                "changes[0].reschedule.performanceId: unknown performance 'P7'",
                "changes[1].cancelPerformance: unknown performance 'P8'",
                "changes[2].cancelBooking: unknown booking 'B9'",
                "flows[0].steps[0].performances.eventId: unknown event 'E7'");
    }

    @Test
    void duplicateIdsNameBothPlaces() {
        assertThat(problemsOf(validWith(root -> {
            ((ArrayNode) root.get("customers")).add(parse("{\"id\": \"C1\"}"));
            at(root, "/bookings/1").put("id", "B1");
            ((ArrayNode) root.get("flows")).add(parse("""
                    {"name": "Second Flow", "steps": [{"id": "directions", "name": "Again", "template": "Hello",
                     "at": {"hours": 1, "direction": "before"}}]}"""));
        }))).containsExactly(
                "customers[2].id: duplicate customer id 'C1'; customers[0] has it too",
                "bookings[1].id: duplicate booking id 'B1'; bookings[0] has it too",
                "flows[1].steps[0].id: duplicate step id 'directions'; flows[0].steps[0] has it too, and step ids are"
                        + " part of every send key, so they must be unique across flows");
    }

    @Test
    void changesNeedExactlyOneKindAndACancellableBooking() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/bookings/1").put("cancelledAt", "2026-03-21T09:00:00Z");
            root.set("changes", JSON.valueToTree(List.of(
                    parse("{\"at\": \"2026-03-28T10:00:00\"}"),
                    parse("{\"at\": \"2026-03-28T10:00:00\", \"cancelPerformance\": \"P1\", \"cancelBooking\": \"B1\"}"),
                    parse("{\"at\": \"2026-03-01T10:00:00Z\", \"cancelBooking\": \"B1\"}"),
                    parse("{\"at\": \"2026-03-28T10:00:00\", \"cancelBooking\": \"B2\"}"))));
        }))).containsExactly(
                "changes[0]: must have exactly one of reschedule, cancelPerformance or cancelBooking",
                "changes[1]: must have exactly one of reschedule, cancelPerformance or cancelBooking but has"
                        + " cancelPerformance and cancelBooking",
                "changes[2].cancelBooking: booking 'B1' is only confirmed at 2026-03-20T10:00:00Z, so it cannot be"
                        + " cancelled at 2026-03-01T10:00:00Z",
                "changes[3].cancelBooking: booking 'B2' is already cancelled by bookings[1].cancelledAt");
    }

    // ------------------------------------------------------------------ phone numbers

    @Test
    void badNumbersInConsentsInboundAndFailuresAreErrorsWithTheNumberMasked() {
        List<String> problems = problemsOf(validWith(root -> {
            root.set("consents", JSON.valueToTree(List.of(parse("""
                    {"phone": "020 7946 0123", "at": "2026-01-10T18:22:31Z", "source": "website", "wording": "Text me offers"}"""))));
            root.set("inbound", JSON.valueToTree(List.of(parse("""
                    {"from": "0800 123 4567", "body": "STOP", "at": "2026-03-28T21:10:00Z"}"""))));
            root.putObject("provider").set("failures", JSON.valueToTree(List.of(parse("""
                    {"phone": "07400 12345", "kind": "transient"}"""))));
        }));

        assertThat(problems).containsExactly(
                "consents[0].phone: phone number '+44*******123' is a landline number and cannot receive SMS",
                "inbound[0].from: phone number '+44*******567' is a freephone number and cannot receive SMS",
                "provider.failures[0].phone: phone number '+44******345' is not a valid number in any numbering plan");
        assertThat(String.join("\n", problems)).doesNotContain("7946", "4567", "2345");
    }

    @Test
    void aVeryLongNumberIsMaskedToABoundedLengthSayingHowLongItWas() {
        String digits = "4".repeat(500);
        ScenarioReader.Result warned = ScenarioReader.read(validWith(root -> at(root, "/customers/0").put("mobile", digits)));
        assertThat(warned.warnings()).extracting(Problem::toString).containsExactly("customers[0].mobile: phone number"
                + " '44***********444' (500 digits) is not a telephone number (too long); this customer has no mobile,"
                + " so the runtime skips them with NO_VALID_MOBILE");
        assertThat(warned.scenario().customer("C1").orElseThrow().toString()).contains("(500 digits)").hasSizeLessThan(80);

        assertThat(problemsOf(validWith(root -> at(root, "/venue").put("sender", "+" + digits)))).containsExactly(
                "venue.sender: phone number '+44**********444' (500 digits) is not a telephone number (too long)");
    }

    @Test
    void anInvalidCustomerMobileIsAWarningNotAnError() {
        ScenarioReader.Result result = ScenarioReader.read(validWith(root -> {
            at(root, "/customers/0").put("mobile", "01632 960123");
            at(root, "/customers/1").put("mobile", "");
        }));

        assertThat(result.warnings()).extracting(Problem::toString).containsExactly(
                "customers[0].mobile: phone number '+44*******123' is not a valid number in any numbering plan;"
                        + " this customer has no mobile, so the runtime skips them with NO_VALID_MOBILE",
                "customers[1].mobile: is blank; this customer has no mobile, so the runtime skips them with"
                        + " NO_VALID_MOBILE");
        assertThat(result.scenario().customer("C1").orElseThrow().mobile()).contains("01632 960123");
        assertThat(result.scenario().customer("C1").orElseThrow().toString()).doesNotContain("960");
    }

    // ------------------------------------------------------------------ flows, audiences and templates

    @Test
    void theFlowsOwnRulesAreReportedUnderTheFlowsPath() {
        assertThat(problemsOf(validWith(root -> {
            at(root, "/flows/0/steps/0/at").put("days", 3);
            ((ArrayNode) root.at("/flows/0/steps")).add(parse("""
                    {"id": "directions", "name": "Twin", "template": "Hello", "at": {"hours": 1, "direction": "before"}}"""));
        }))).containsExactly(
                "flows[0].steps[0].at: '3 days 3 hours 0 minutes before the start' can never fall inside the"
                        + " messaging window, which runs from one calendar day before the start to one calendar day"
                        + " after the end of the performance",
                "flows[0].steps[1].id: duplicate step id 'directions': step ids must be unique within a flow");
    }

    @Test
    void aBadStepIdIsReportedWhereItIs() {
        assertThat(problemsOf(validWith(root -> at(root, "/flows/0/steps/0").put("id", "pre show")))).containsExactly(
                "flows[0].steps[0].id: must be 1 to 64 letters, digits, '-', '_' or '.' but was 'pre show'");
    }

    @Test
    void invalidAudienceConditionsGiveTheirLineAndColumn() {
        List<String> problems = problemsOf(validWith(root -> at(root, "/flows/0/steps/0")
                .put("audience", "customer.tags contains \"Member\" andd customer.first_name")));

        assertThat(problems).singleElement().asString().startsWith("flows[0].steps[0].audience: line 1, column ");
    }

    @Test
    void templatesAreCheckedAgainstTheSimulatedFunctions() {
        List<String> problems = problemsOf(validWith(root -> at(root, "/flows/0/steps/0")
                .put("template", "Review: {{ show_scor_url(event.raw.attribute_ShowScoreID) }}")));

        assertThat(problems).containsExactly("flows[0].steps[0].template: line 1, column 12: unknown function"
                + " 'show_scor_url'; did you mean 'show_score_url'?");
        assertThat(ScenarioReader.read(validWith(root -> at(root, "/flows/0/steps/0")
                .put("template", "Review: {{ show_score_url(event.raw.attribute_ShowScoreID) }}"))).warnings()).isEmpty();
    }

    @Test
    void aSoftOptInNoticeMustOfferStopAndTheFooterMustNameIt() {
        List<String> problems = problemsOf(validWith(root -> {
            ObjectNode settings = root.putObject("settings");
            settings.putObject("softOptIn").put("enabled", true).put("template", "Thanks for booking {{ event.name }}!");
            settings.put("optOutFooter", "Unsubscribe at example.org");
        }));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .isEqualTo("settings.optOutFooter: must tell people to reply STOP but was 'Unsubscribe at example.org'");
        assertThat(problems.get(1)).startsWith("settings.softOptIn.template: must tell people how to refuse marketing")
                .contains("Thanks for booking Hamilton!");
    }

    @Test
    void aNoticeIsJudgedByTheRuntimesOwnCheckNotByTheWordStop() {
        // "STOP" is in the text (the old check accepted it), but nothing tells anyone how to refuse.
        String lookalike = validWith(root -> root.putObject("settings").putObject("softOptIn").put("enabled", true)
                .put("template", "Non-STOP laughs at {{ event.name }}!{% if customer.first_name %} Reply STOP to opt out.{% endif %}"));
        assertThat(problemsOf(lookalike)).singleElement().asString()
                .startsWith("settings.softOptIn.template: must tell people how to refuse marketing");

        String real = validWith(root -> root.putObject("settings").putObject("softOptIn").put("enabled", true)
                .put("template", "Thanks for booking {{ event.name }}. Reply STOP to opt out of offers."));
        assertThat(ScenarioReader.read(real).scenario().settings().softOptIn().enabled()).isTrue();
    }

    @Test
    void quietHoursDeferUnlessTheFileSaysSkip() {
        String defer = validWith(root -> root.putObject("settings").putObject("quietHours")
                .put("from", "21:30").put("to", "09:00"));
        assertThat(ScenarioReader.read(defer).scenario().settings().quietHours()).get()
                .extracting(QuietHours::policy).isEqualTo(QuietHours.Policy.DEFER);
        String skip = validWith(root -> root.putObject("settings").putObject("quietHours")
                .put("from", "21:30").put("to", "09:00").put("policy", "Skip"));
        assertThat(ScenarioReader.read(skip).scenario().settings().quietHours()).get()
                .extracting(QuietHours::policy).isEqualTo(QuietHours.Policy.SKIP);
        assertThat(problemsOf(validWith(root -> root.putObject("settings").putObject("quietHours")
                .put("from", "21:30").put("to", "09:00").put("policy", "later"))))
                .containsExactly("settings.quietHours.policy: must be \"defer\" (wait for quiet hours to end) or"
                        + " \"skip\" but was 'later'");
    }

    // ------------------------------------------------------------------ the simulated period

    @Test
    void theSimulatedPeriodMustRunForwardsInPositiveTicks() {
        assertThat(problemsOf(validWith(root -> at(root, "/simulate").put("until", "2026-03-26T09:00:00"))))
                .containsExactly("simulate.until: must be after simulate.from (2026-03-27T09:00:00Z) but was"
                        + " 2026-03-26T09:00:00Z");
        assertThat(problemsOf(validWith(root -> at(root, "/simulate").put("tick", "PT0S"))))
                .containsExactly("simulate.tick: must be positive but was PT0S");
        assertThat(problemsOf(validWith(root -> at(root, "/simulate").put("tick", "-PT1M"))))
                .containsExactly("simulate.tick: must be positive but was PT-1M");
        assertThat(problemsOf(validWith(root -> at(root, "/simulate").put("tick", "PT0.1S"))))
                .containsExactly("simulate.tick: PT0.1S makes 2556001 ticks from simulate.from to simulate.until;"
                        + " at most 1000000 are allowed, so use a longer tick");
    }

    @Test
    void textsAndChangesOutsideThePeriodAreWarnedAbout() {
        ScenarioReader.Result result = ScenarioReader.read(validWith(root -> {
            root.set("inbound", JSON.valueToTree(List.of(
                    parse("{\"from\": \"07400 100001\", \"body\": \"STOP\", \"at\": \"2026-03-26T09:00:00Z\"}"))));
            root.set("changes", JSON.valueToTree(List.of(
                    parse("{\"at\": \"2026-04-01T10:00:00Z\", \"cancelPerformance\": \"P1\"}"))));
        }));

        assertThat(result.warnings()).extracting(Problem::toString).containsExactly(
                "inbound[0].at: 2026-03-26T09:00:00Z is before simulate.from (2026-03-27T09:00:00Z); texts received"
                        + " before the simulation starts are not delivered",
                "changes[0].at: 2026-04-01T10:00:00Z is after simulate.until (2026-03-30T08:00:00Z), so this change"
                        + " never happens");
    }

    @Test
    void aOneWaySenderIsWarnedAboutOnceByTheRuntimesCheck() {
        ScenarioReader.Result result = ScenarioReader.read(validWith(root ->
                at(root, "/venue").put("sender", "Playhouse")));

        // One warning, ConfigurationCheck's (the one implementation), not a second one of the reader's own.
        assertThat(result.warnings()).extracting(Problem::path).containsExactly("venue.sender");
        assertThat(result.warnings().get(0).message()).startsWith("'Playhouse' cannot receive replies");
    }

    @Test
    void localTimesInTheClockChangeGapAreWarnedAbout() {
        ScenarioReader.Result result = ScenarioReader.read(validWith(root ->
                at(root, "/performances/0").put("start", "2026-03-29T01:30:00")));

        assertThat(result.warnings()).extracting(Problem::toString).containsExactly(
                "performances[0].start: 2026-03-29T01:30 does not exist in Europe/London (the clocks go forward);"
                        + " it is read as 2026-03-29T02:30");
        assertThat(result.scenario().performance("P1").orElseThrow().start())
                .isEqualTo(LocalDateTime.of(2026, 3, 29, 1, 30));
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        ValidationException refused = catchThrowableOfType(ValidationException.class, () -> ScenarioReader.read(
                validWith(root -> {
                    at(root, "/bookings/0").put("customerId", "C9");
                    at(root, "/bookings/1").put("performanceId", "P9");
                })));

        assertThat(refused.getMessage()).contains("2 problems:",
                "\n  - bookings[0].customerId: unknown customer 'C9'",
                "\n  - bookings[1].performanceId: unknown performance 'P9'");
        assertThat(Optional.ofNullable(refused.getCause())).isEmpty();
    }
}
