package io.crowdengage.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdengage.consent.ConsentEvidence;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.StepId;
import io.crowdengage.flow.Timing;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.SupportedDates;
import io.crowdengage.model.Venue;
import io.crowdengage.model.VisitHistory;
import io.crowdengage.runtime.ConfigurationCheck;
import io.crowdengage.runtime.SoftOptIn;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.simulation.Scenario.AllLive;
import io.crowdengage.simulation.Scenario.BookingSpec;
import io.crowdengage.simulation.Scenario.CancelBooking;
import io.crowdengage.simulation.Scenario.CancelPerformance;
import io.crowdengage.simulation.Scenario.ChangeSpec;
import io.crowdengage.simulation.Scenario.ConsentBasis;
import io.crowdengage.simulation.Scenario.ConsentSpec;
import io.crowdengage.simulation.Scenario.CustomerSpec;
import io.crowdengage.simulation.Scenario.EventSpec;
import io.crowdengage.simulation.Scenario.FailureSpec;
import io.crowdengage.simulation.Scenario.FlowSpec;
import io.crowdengage.simulation.Scenario.HasAttribute;
import io.crowdengage.simulation.Scenario.InboundSpec;
import io.crowdengage.simulation.Scenario.OfEvent;
import io.crowdengage.simulation.Scenario.PerformanceSpec;
import io.crowdengage.simulation.Scenario.ProviderSpec;
import io.crowdengage.simulation.Scenario.Reschedule;
import io.crowdengage.simulation.Scenario.SettingsSpec;
import io.crowdengage.simulation.Scenario.SimulateSpec;
import io.crowdengage.simulation.Scenario.StepPerformances;
import io.crowdengage.simulation.Scenario.StepSpec;
import io.crowdengage.simulation.Scenario.VenueSpec;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider.FailureKind;
import io.crowdengage.sms.InvalidPhoneNumberException;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateProblem;
import io.crowdengage.template.TemplateValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a scenario file (see {@code docs/scenario-format.md}) and checks it all before anything
 * runs.
 *
 * <p>Reading is strict: an unknown field is an error, because a misspelt field silently ignored
 * changes a simulation without a word. Every problem is collected, and a file with any is refused
 * with one {@link ValidationException} of reason {@code INVALID_SCENARIO} whose problems each name
 * the field, {@code bookings[3].customerId: unknown customer 'C9'}. Phone numbers in messages are
 * masked. Malformed JSON is reported the same way, with its line and column, what was expected and
 * what was found; a file that is not UTF-8 with the line, column and byte of each place that is not.
 * A UTF-8 byte-order mark is accepted.
 *
 * <p>Templates are checked against the functions the simulation offers ({@link ScenarioFunctions#simulated()}
 * unless {@linkplain #withFunctions told otherwise}); audience conditions are checked as Liquid.
 *
 * <p>Some things are worth knowing but not wrong, such as a customer mobile that is not a valid
 * mobile number (that customer simply has none, as in a real box office); they come back as
 * {@link Result#warnings()}.
 *
 * <pre>{@code
 * ScenarioReader.Result read = ScenarioReader.read(Path.of("weekend.json"));
 * read.warnings().forEach(w -> System.err.println("warning: " + w));
 * ScenarioWorld world = ScenarioWorld.of(read.scenario(), clock);
 * }</pre>
 */
public final class ScenarioReader {

    /** The most ticks one simulation may take, so that a mistyped tick cannot run for hours. */
    public static final long MAX_TICKS = 1_000_000;

    /** Every top-level field a scenario may have, in the order the documentation gives them. */
    static final List<String> TOP_LEVEL_FIELDS = List.of("$schema", "description", "venue", "settings", "events",
            "performances", "customers", "bookings", "consents", "inbound", "changes", "flows", "provider",
            "simulate");

    /** Regions for zones whose country is unambiguous, so that most venues need not say {@code region}. */
    private static final Map<String, String> REGION_BY_ZONE = Map.ofEntries(
            Map.entry("Europe/London", "GB"), Map.entry("Europe/Belfast", "GB"), Map.entry("Europe/Dublin", "IE"),
            Map.entry("Europe/Paris", "FR"), Map.entry("Europe/Berlin", "DE"), Map.entry("Europe/Amsterdam", "NL"),
            Map.entry("Europe/Brussels", "BE"), Map.entry("Europe/Madrid", "ES"), Map.entry("Europe/Rome", "IT"),
            Map.entry("America/New_York", "US"), Map.entry("America/Chicago", "US"),
            Map.entry("America/Denver", "US"), Map.entry("America/Los_Angeles", "US"),
            Map.entry("America/Toronto", "CA"), Map.entry("America/Vancouver", "CA"),
            Map.entry("Australia/Sydney", "AU"), Map.entry("Australia/Melbourne", "AU"),
            Map.entry("Pacific/Auckland", "NZ"));

    private static final String DEFAULT_REGION = "GB";
    private static final Duration DEFAULT_TICK = Duration.ofMinutes(1);
    private static final double DEFAULT_THROUGHPUT = 100;
    private static final String INSTANT_FORMAT =
            "a date and time such as 2026-03-28T18:30:00Z (an instant) or 2026-03-28T19:30:00 (venue-local)";
    private static final String DURATION_FORMAT = "an ISO-8601 duration such as PT2H or PT30M";
    private static final String PERFORMANCES_FORMAT =
            "'all-live', {\"eventId\": ...} or {\"hasAttribute\": ...}";
    private static final Pattern FLOW_STEP_PATH = Pattern.compile("steps\\[(\\d+)](?: '[^']*')?(.*)");

    /**
     * A scenario that passed every check, with what is worth knowing about it.
     *
     * @param scenario the scenario
     * @param warnings things that are not wrong but may surprise, each with its field path
     */
    public record Result(Scenario scenario, List<Problem> warnings) {
        public Result {
            Checks.notNull(scenario, "scenario");
            warnings = List.copyOf(Checks.noNullElements(warnings, "warnings"));
        }
    }

    private final TemplateFunctions functions;

    /** "defer" or "skip", in any case; anything else is not a policy. */
    private static QuietHours.Policy quietPolicy(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "defer" -> QuietHours.Policy.DEFER;
            case "skip" -> QuietHours.Policy.SKIP;
            default -> throw new IllegalArgumentException("not a quiet-hours policy: " + text);
        };
    }

    private ScenarioReader(TemplateFunctions functions) {
        this.functions = functions;
    }

    /** A reader that checks templates against {@code functions} instead of the simulation's own. */
    public static ScenarioReader withFunctions(TemplateFunctions functions) {
        return new ScenarioReader(Checks.notNull(functions, "functions"));
    }

    /**
     * Reads and checks a scenario file (UTF-8, with or without a byte-order mark).
     *
     * @throws ValidationException INVALID_SCENARIO listing every problem, including a file that cannot be read
     */
    public static Result read(Path file) {
        return withFunctions(ScenarioFunctions.simulated()).readFile(file);
    }

    /**
     * Reads and checks a scenario given as JSON text.
     *
     * @throws ValidationException INVALID_SCENARIO listing every problem
     */
    public static Result read(String json) {
        return withFunctions(ScenarioFunctions.simulated()).readJson(json);
    }

    /** Like {@link #read(Path)}, with this reader's functions. */
    public Result readFile(Path file) {
        Checks.notNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ValidationException.of(ValidationException.Reason.INVALID_SCENARIO, "",
                    "cannot read scenario file '" + file + "': " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        JsonText.Decoded decoded = JsonText.decode(bytes);
        if (decoded.text().isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_SCENARIO, decoded.problems().stream()
                    .map(problem -> new Problem("", "cannot read scenario file '" + file + "': " + problem)).toList());
        }
        return readJson(decoded.text().get());
    }

    /** Like {@link #read(String)}, with this reader's functions. */
    public Result readJson(String json) {
        Checks.notNull(json, "json");
        JsonText.Parsed parsed = JsonText.parse(json);
        if (!parsed.problems().isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_SCENARIO, parsed.problems());
        }
        if (parsed.root().isEmpty()) {
            throw ValidationException.of(ValidationException.Reason.INVALID_SCENARIO, "",
                    "the scenario is empty; it must be a JSON object with at least 'venue' and 'simulate'");
        }
        return new Reading(parsed.root().get(), functions).run();
    }

    // ------------------------------------------------------------------ one reading

    /** The state of reading one file: the problems found and the ids seen so far. */
    private static final class Reading {
        private final JsonNode rootNode;
        private final TemplateFunctions functions;
        private final Problems problems = new Problems();
        /** Falls back to UTC when the venue's zone is bad, so that other times can still be checked. */
        private ZoneId zone = ZoneOffset.UTC;
        private String region = DEFAULT_REGION;
        private final Map<String, String> eventPaths = new HashMap<>();
        private final Map<String, String> performancePaths = new HashMap<>();
        private final Map<String, String> customerPaths = new HashMap<>();
        private final Map<String, String> bookingPaths = new HashMap<>();
        private final Map<String, BookingSpec> bookingsById = new HashMap<>();
        private final Map<String, String> stepPaths = new HashMap<>();
        private final Map<String, String> cancellationPaths = new HashMap<>();
        private final Map<InboundSpec, String> inboundPaths = new LinkedHashMap<>();
        private final Map<ChangeSpec, String> changePaths = new LinkedHashMap<>();

        Reading(JsonNode rootNode, TemplateFunctions functions) {
            this.rootNode = rootNode;
            this.functions = functions;
        }

        Result run() {
            JsonFields root = JsonFields.of(rootNode, "", problems).orElseThrow(this::refused);
            root.optionalText("$schema", true);
            root.optionalText("description", true);
            Optional<VenueSpec> venue = root.requiredObject("venue").flatMap(this::venue);
            SettingsSpec settings = root.optionalObject("settings").map(this::settings)
                    .orElseGet(Reading::defaultSettings);
            List<EventSpec> events = each(root.objects("events"), this::event);
            List<PerformanceSpec> performances = each(root.objects("performances"), this::performance);
            List<CustomerSpec> customers = each(root.objects("customers"), this::customer);
            List<BookingSpec> bookings = each(root.objects("bookings"), this::booking);
            List<ConsentSpec> consents = each(root.objects("consents"), this::consent);
            List<InboundSpec> inbound = each(root.objects("inbound"), this::inbound);
            List<ChangeSpec> changes = each(root.objects("changes"), this::change);
            TemplateEngine engine = engine(settings.optOutFooter());
            checkSoftOptIn(settings, engine);
            List<FlowSpec> flows = each(root.objects("flows"), fields -> flow(fields, settings, engine));
            ProviderSpec provider = root.optionalObject("provider").map(this::provider)
                    .orElseGet(() -> new ProviderSpec(DEFAULT_THROUGHPUT, true, 0, 0, List.of()));
            Optional<SimulateSpec> simulate = root.requiredObject("simulate").flatMap(this::simulate);
            simulate.ifPresent(this::checkWindow);
            root.finish();
            Optional<Scenario> scenario = Optional.empty();
            if (venue.isPresent() && simulate.isPresent()) {
                try {
                    scenario = Optional.of(new Scenario(venue.get(), settings, events, performances, customers,
                            bookings, consents, inbound, changes, flows, provider, simulate.get()));
                } catch (ValidationException e) {
                    e.problems().forEach(p -> problems.error(p.path(), p.message()));
                }
            }
            // With problems already found, some flows or steps were left out, so only the settings' rules apply.
            boolean complete = !problems.hasErrors();
            scenario.ifPresent(read -> checkAsTheRuntimeWill(read, engine, complete));
            if (problems.hasErrors()) {
                throw refused();
            }
            return new Result(scenario.orElseThrow(), problems.warnings());
        }

        private ValidationException refused() {
            return new ValidationException(ValidationException.Reason.INVALID_SCENARIO, problems.errors());
        }

        private static <T> List<T> each(List<JsonFields> objects, Function<JsonFields, Optional<T>> reader) {
            List<T> read = new ArrayList<>();
            for (JsonFields fields : objects) {
                reader.apply(fields).ifPresent(read::add);
            }
            return read;
        }

        // -------------------------------------------------------------- venue and settings

        private Optional<VenueSpec> venue(JsonFields fields) {
            String id = fields.optionalText("id", false).orElse("venue");
            Optional<String> name = fields.requiredText("name");
            Optional<ZoneId> timeZone = fields.requiredText("timeZone").flatMap(text -> timeZone(text, fields.path("timeZone")));
            timeZone.ifPresent(z -> zone = z);
            Optional<String> explicitRegion = fields.optionalText("region", false)
                    .flatMap(text -> region(text, fields.path("region")));
            if (explicitRegion.isPresent()) {
                region = explicitRegion.get();
            } else if (timeZone.isPresent()) {
                region = REGION_BY_ZONE.getOrDefault(timeZone.get().getId(), DEFAULT_REGION);
                if (!REGION_BY_ZONE.containsKey(timeZone.get().getId())) {
                    problems.warn(fields.path("region"), "not given, and the country of time zone '"
                            + timeZone.get().getId() + "' is not known here, so national numbers are read as "
                            + DEFAULT_REGION + "; set region to the venue's ISO 3166 country code");
                }
            }
            Optional<Sender> sender = fields.requiredText("sender").flatMap(text -> sender(text, fields.path("sender")));
            // A one-way sender is warned about by ConfigurationCheck, with everything else the runtime checks.
            fields.finish();
            if (name.isEmpty() || timeZone.isEmpty() || sender.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new VenueSpec(id, name.get(), timeZone.get(), sender.get(), region));
        }

        private Optional<ZoneId> timeZone(String text, String path) {
            ZoneId parsed;
            try {
                parsed = ZoneId.of(text);
            } catch (RuntimeException e) {
                problems.error(path, "unknown time zone '" + text + "'; use a region id such as Europe/London");
                return Optional.empty();
            }
            // The venue's own rule: a region, since a fixed offset does not follow clock changes.
            return catching(path, () -> Venue.regionZone(parsed));
        }

        /** The region every national number in the file is read in: PhoneNumber's rule for a region. */
        private Optional<String> region(String text, String path) {
            try {
                return Optional.of(PhoneNumber.region(text));
            } catch (InvalidPhoneNumberException e) {
                problems.error(path, "unknown region '" + text + "'; use an ISO 3166 country code such as GB");
                return Optional.empty();
            }
        }

        private Optional<Sender> sender(String text, String path) {
            String compact = text.replaceAll("[\\s().-]", "");
            if (compact.matches("\\+?[0-9]+")) {
                if (!compact.startsWith("+") && compact.length() <= 8) {
                    return catching(path, () -> Sender.shortCode(compact));
                }
                return phone(text, path).map(Sender::number);
            }
            return catching(path, () -> Sender.alphanumeric(text));
        }

        private <T> Optional<T> catching(String path, java.util.function.Supplier<T> make) {
            try {
                return Optional.of(make.get());
            } catch (ValidationException e) {
                e.problems().forEach(p -> problems.error(path, p.message()));
                return Optional.empty();
            }
        }

        /** A phone number, the error masked as {@link PhoneNumber#parse} masks it. */
        private Optional<PhoneNumber> phone(String text, String path) {
            try {
                return Optional.of(PhoneNumber.parse(text, region));
            } catch (InvalidPhoneNumberException e) {
                problems.error(path, e.getMessage());
                return Optional.empty();
            }
        }

        private static SettingsSpec defaultSettings() {
            return new SettingsSpec(SoftOptIn.disabled(), VenueSettings.DEFAULT_FOOTER, Optional.empty(),
                    FlowStep.DEFAULT_MAX_SEGMENTS);
        }

        private SettingsSpec settings(JsonFields fields) {
            SoftOptIn softOptIn = fields.optionalObject("softOptIn").map(soft -> {
                boolean enabled = soft.optionalBoolean("enabled").orElse(false);
                String template = soft.optionalText("template", false).orElse(SoftOptIn.DEFAULT_TEMPLATE);
                soft.finish();
                return new SoftOptIn(enabled, template);
            }).orElseGet(SoftOptIn::disabled);
            String footer = fields.optionalText("optOutFooter", false).orElse(VenueSettings.DEFAULT_FOOTER);
            Optional<QuietHours> quietHours = fields.optionalObject("quietHours").flatMap(quiet -> {
                Optional<LocalTime> from = quiet.requiredParsed("from", LocalTime::parse, "a time such as 21:30");
                Optional<LocalTime> to = quiet.requiredParsed("to", LocalTime::parse, "a time such as 09:00");
                Optional<QuietHours.Policy> policy = quiet.optionalParsed("policy", ScenarioReader::quietPolicy,
                        "\"defer\" (wait for quiet hours to end) or \"skip\"");
                quiet.finish();
                if (from.isEmpty() || to.isEmpty()) {
                    return Optional.empty();
                }
                if (from.get().equals(to.get())) {
                    problems.error(quiet.path("to"), "must differ from quietHours.from (both were " + from.get() + ")");
                    return Optional.empty();
                }
                return Optional.of(new QuietHours(from.get(), to.get(), policy.orElse(QuietHours.Policy.DEFER)));
            });
            int maxSegments = fields.optionalInt("maxSegments", 1, 10).orElse(FlowStep.DEFAULT_MAX_SEGMENTS);
            fields.finish();
            return new SettingsSpec(softOptIn, footer, quietHours, maxSegments);
        }

        /** An engine with the scenario's footer, for checking templates as the runtime will render them. */
        private TemplateEngine engine(String footer) {
            try {
                return TemplateEngine.builder().functions(functions).optOutFooter(footer).build();
            } catch (ValidationException e) {
                e.problems().forEach(p -> problems.error("settings.optOutFooter", p.message()));
                return TemplateEngine.builder().functions(functions).build();
            }
        }

        /** The notice's template warnings; whether it is acceptable at all is {@link ConfigurationCheck}'s to say. */
        private void checkSoftOptIn(SettingsSpec settings, TemplateEngine engine) {
            SoftOptIn softOptIn = settings.softOptIn();
            if (!softOptIn.enabled()) {
                return;
            }
            engine.validate(MessageSpec.of(softOptIn.template(), MessageKind.TRANSACTIONAL),
                    TemplateEngine.sampleRecipient()).warnings()
                    .forEach(p -> problems.warn("settings.softOptIn.template", p.toString()));
        }

        /**
         * The runtime's own configuration check ({@link ConfigurationCheck}, the one implementation), on the
         * settings and flows the simulation will give it, its paths named as in the scenario file.
         */
        private void checkAsTheRuntimeWill(Scenario scenario, TemplateEngine engine, boolean withFlows) {
            ConfigurationCheck.Result result;
            try {
                result = ConfigurationCheck.of(ScenarioWorld.venueSettings(scenario),
                        ScenarioWorld.flows(scenario, engine), functions);
            } catch (ValidationException e) {
                // Settings or flows the model refuses: the reader has reported why.
                return;
            }
            List<Problem> already = problems.errors();
            for (Problem p : result.errors()) {
                Problem named = new Problem(scenarioPath(p.path()), p.message());
                if ((withFlows || p.path().startsWith("venueSettings.")) && !already.contains(named)) {
                    problems.error(named.path(), named.message());
                }
            }
            result.warnings().forEach(p -> problems.warn(scenarioPath(p.path()), p.message()));
        }

        /** A path of the Java API ({@code venueSettings.optOutFooter}) as the scenario file names it. */
        private static String scenarioPath(String apiPath) {
            if (apiPath.equals("venueSettings.sender")) {
                return "venue.sender";
            }
            if (apiPath.startsWith("venueSettings.")) {
                return "settings." + apiPath.substring("venueSettings.".length());
            }
            // "flows[0].steps[1] 'id'.template" -> "flows[0].steps[1].template"
            return apiPath.replaceFirst("^(flows\\[\\d+]\\.steps\\[\\d+]) '[^']*'", "$1");
        }

        private void report(TemplateValidation validation, String path) {
            validation.errors().forEach(p -> problems.error(path, p.toString()));
            validation.warnings().forEach(p -> problems.warn(path, p.toString()));
        }

        // -------------------------------------------------------------- events, performances, customers, bookings

        private Optional<EventSpec> event(JsonFields fields) {
            Optional<String> id = fields.requiredText("id");
            id.ifPresent(value -> unique(eventPaths, value, fields, "event"));
            Optional<String> name = fields.requiredText("name");
            Optional<Integer> minutes = fields.requiredInt("durationMinutes", 0, 10_080);
            Map<String, String> attributes = fields.scalarMap("attributes");
            fields.finish();
            if (id.isEmpty() || name.isEmpty() || minutes.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EventSpec(id.get(), name.get(), Duration.ofMinutes(minutes.get()), attributes));
        }

        private Optional<PerformanceSpec> performance(JsonFields fields) {
            Optional<String> id = fields.requiredText("id");
            id.ifPresent(value -> unique(performancePaths, value, fields, "performance"));
            Optional<String> eventId = fields.requiredText("eventId");
            eventId.ifPresent(value -> known(eventPaths, value, fields.path("eventId"), "event"));
            Optional<LocalDateTime> start = fields.requiredText("start").flatMap(text -> localStart(text, fields.path("start")));
            boolean cancelled = fields.optionalBoolean("cancelled").orElse(false);
            Map<String, String> attributes = fields.scalarMap("attributes");
            fields.finish();
            if (id.isEmpty() || eventId.isEmpty() || start.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PerformanceSpec(id.get(), eventId.get(), start.get(), cancelled, attributes));
        }

        private Optional<CustomerSpec> customer(JsonFields fields) {
            Optional<String> id = fields.requiredText("id");
            id.ifPresent(value -> unique(customerPaths, value, fields, "customer"));
            String firstName = fields.optionalText("firstName", true).orElse("");
            String lastName = fields.optionalText("lastName", true).orElse("");
            Optional<String> mobile = fields.optionalText("mobile", true);
            mobile.ifPresent(text -> checkMobile(text, fields.path("mobile")));
            java.util.Set<String> tags = fields.stringSet("tags");
            Map<String, String> attributes = fields.scalarMap("attributes");
            java.util.Set<String> preferences = fields.stringSet("contactPreferences");
            java.util.Set<String> memberships = fields.stringSet("memberships");
            VisitHistory visits = fields.optionalBoolean("firstVisit")
                    .map(first -> first ? VisitHistory.FIRST_TIME : VisitHistory.RETURNING)
                    .orElse(VisitHistory.UNKNOWN);
            fields.finish();
            return id.map(value -> new CustomerSpec(value, firstName, lastName, mobile, tags, attributes, preferences,
                    memberships, visits));
        }

        /** A bad customer mobile is data, not a mistake in the file: the customer just has no mobile. */
        private void checkMobile(String text, String path) {
            String consequence = "; this customer has no mobile, so the runtime skips them with NO_VALID_MOBILE";
            if (text.isBlank()) {
                problems.warn(path, "is blank" + consequence);
                return;
            }
            try {
                PhoneNumber.parse(text, region);
            } catch (InvalidPhoneNumberException e) {
                problems.warn(path, e.getMessage() + consequence);
            }
        }

        private Optional<BookingSpec> booking(JsonFields fields) {
            Optional<String> id = fields.requiredText("id");
            id.ifPresent(value -> unique(bookingPaths, value, fields, "booking"));
            Optional<String> customerId = fields.requiredText("customerId");
            customerId.ifPresent(value -> known(customerPaths, value, fields.path("customerId"), "customer"));
            Optional<String> performanceId = fields.requiredText("performanceId");
            performanceId.ifPresent(value -> known(performancePaths, value, fields.path("performanceId"), "performance"));
            Optional<Instant> confirmedAt = requiredInstant(fields, "confirmedAt");
            Optional<Instant> cancelledAt = optionalInstant(fields, "cancelledAt");
            if (confirmedAt.isPresent() && cancelledAt.isPresent() && cancelledAt.get().isBefore(confirmedAt.get())) {
                problems.error(fields.path("cancelledAt"), "must not be before confirmedAt (" + confirmedAt.get()
                        + ") but was " + cancelledAt.get());
            }
            fields.finish();
            if (id.isEmpty() || customerId.isEmpty() || performanceId.isEmpty() || confirmedAt.isEmpty()) {
                return Optional.empty();
            }
            BookingSpec booking = new BookingSpec(id.get(), customerId.get(), performanceId.get(), confirmedAt.get(),
                    cancelledAt);
            bookingsById.putIfAbsent(booking.id(), booking);
            cancelledAt.ifPresent(at -> cancellationPaths.putIfAbsent(booking.id(), fields.path("cancelledAt")));
            return Optional.of(booking);
        }

        private void unique(Map<String, String> seen, String id, JsonFields fields, String kind) {
            String first = seen.putIfAbsent(id, fields.path());
            if (first != null) {
                problems.error(fields.path("id"), "duplicate " + kind + " id '" + id + "'; " + first + " has it too");
            }
        }

        private void known(Map<String, String> seen, String id, String path, String kind) {
            if (!seen.containsKey(id)) {
                problems.error(path, "unknown " + kind + " '" + id + "'");
            }
        }

        // -------------------------------------------------------------- consents, inbound, changes

        private Optional<ConsentSpec> consent(JsonFields fields) {
            Optional<PhoneNumber> phone = fields.requiredText("phone").flatMap(text -> phone(text, fields.path("phone")));
            Optional<ConsentBasis> basis = fields.optionalText("basis", false)
                    .map(text -> oneOf(text, fields.path("basis"), ConsentBasis.class))
                    .orElse(Optional.of(ConsentBasis.EXPRESS));
            Optional<Instant> at = requiredInstant(fields, "at");
            Optional<String> source = fields.requiredText("source");
            Optional<String> wording = fields.requiredText("wording");
            Optional<String> name = fields.optionalText("name", false);
            Optional<String> email = fields.optionalText("email", false);
            Optional<String> postalAddress = fields.optionalText("postalAddress", false);
            Optional<String> formReference = fields.optionalText("formReference", false);
            Optional<String> ipAddress = fields.optionalText("ipAddress", false);
            fields.finish();
            if (phone.isEmpty() || basis.isEmpty() || at.isEmpty() || source.isEmpty() || wording.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ConsentSpec(phone.get(), basis.get(), at.get(), new ConsentEvidence(source.get(),
                    wording.get(), name, email, postalAddress, formReference, ipAddress)));
        }

        private Optional<InboundSpec> inbound(JsonFields fields) {
            Optional<PhoneNumber> from = fields.requiredText("from").flatMap(text -> phone(text, fields.path("from")));
            Optional<String> body = fields.required("body").flatMap(v -> fields.text(v, fields.path("body"), true));
            Optional<Instant> at = requiredInstant(fields, "at");
            fields.finish();
            if (from.isEmpty() || body.isEmpty() || at.isEmpty()) {
                return Optional.empty();
            }
            InboundSpec inbound = new InboundSpec(from.get(), body.get(), at.get());
            inboundPaths.putIfAbsent(inbound, fields.path());
            return Optional.of(inbound);
        }

        private Optional<ChangeSpec> change(JsonFields fields) {
            Optional<Instant> at = requiredInstant(fields, "at");
            List<String> kinds = new ArrayList<>();
            for (String kind : List.of("reschedule", "cancelPerformance", "cancelBooking")) {
                if (fields.has(kind)) {
                    kinds.add(kind);
                }
            }
            Optional<ChangeSpec> change = Optional.empty();
            if (kinds.size() != 1) {
                problems.error(fields.path(), "must have exactly one of reschedule, cancelPerformance or cancelBooking"
                        + (kinds.isEmpty() ? "" : " but has " + String.join(" and ", kinds)));
            } else if (kinds.get(0).equals("reschedule")) {
                change = fields.requiredObject("reschedule").flatMap(move -> {
                    Optional<String> performanceId = move.requiredText("performanceId");
                    performanceId.ifPresent(id -> known(performancePaths, id, move.path("performanceId"), "performance"));
                    Optional<LocalDateTime> start = move.requiredText("start")
                            .flatMap(text -> localStart(text, move.path("start")));
                    move.finish();
                    return at.isEmpty() || performanceId.isEmpty() || start.isEmpty() ? Optional.empty()
                            : Optional.of(new Reschedule(at.get(), performanceId.get(), start.get()));
                });
            } else if (kinds.get(0).equals("cancelPerformance")) {
                change = fields.requiredText("cancelPerformance").flatMap(id -> {
                    known(performancePaths, id, fields.path("cancelPerformance"), "performance");
                    return at.map(when -> new CancelPerformance(when, id));
                });
            } else {
                change = fields.requiredText("cancelBooking").flatMap(id -> {
                    checkCancellation(id, at, fields.path("cancelBooking"));
                    return at.map(when -> new CancelBooking(when, id));
                });
            }
            fields.finish();
            change.ifPresent(c -> changePaths.putIfAbsent(c, fields.path()));
            return change;
        }

        private void checkCancellation(String bookingId, Optional<Instant> at, String path) {
            if (!bookingPaths.containsKey(bookingId)) {
                problems.error(path, "unknown booking '" + bookingId + "'");
                return;
            }
            String earlier = cancellationPaths.putIfAbsent(bookingId, path);
            if (earlier != null) {
                problems.error(path, "booking '" + bookingId + "' is already cancelled by " + earlier);
                return;
            }
            BookingSpec booking = bookingsById.get(bookingId);
            if (booking != null && at.isPresent() && at.get().isBefore(booking.confirmedAt())) {
                problems.error(path, "booking '" + bookingId + "' is only confirmed at " + booking.confirmedAt()
                        + ", so it cannot be cancelled at " + at.get());
            }
        }

        // -------------------------------------------------------------- flows

        private Optional<FlowSpec> flow(JsonFields fields, SettingsSpec settings, TemplateEngine engine) {
            Optional<String> name = fields.requiredText("name");
            fields.required("steps");
            List<JsonFields> stepFields = fields.objects("steps");
            List<StepSpec> steps = new ArrayList<>();
            boolean allSteps = true;
            int before = problems.errorCount();
            for (JsonFields step : stepFields) {
                Optional<StepSpec> read = step(step, settings, engine);
                read.ifPresent(steps::add);
                allSteps &= read.isPresent();
            }
            fields.finish();
            if (name.isEmpty() || !allSteps) {
                return Optional.empty();
            }
            if (problems.errorCount() == before) {
                checkWithFlowRules(name.get(), steps, fields.path());
            }
            return Optional.of(new FlowSpec(name.get(), steps));
        }

        /** Builds the flow as the runtime will, so that the flow's own rules (timing window, unique ids) apply, re-pathed into the file. */
        private void checkWithFlowRules(String name, List<StepSpec> steps, String flowPath) {
            List<FlowStep> built = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                StepSpec step = steps.get(i);
                String stepPath = flowPath + ".steps[" + i + "]";
                try {
                    built.add(FlowStep.builder(step.id()).name(step.name()).template(step.template()).kind(step.kind())
                            .timing(step.at()).catchUp(step.catchUp()).maxSegments(step.maxSegments())
                            .skipIfVariableMissing(step.skipIfVariableMissing()).build());
                } catch (ValidationException e) {
                    e.problems().forEach(p -> problems.error(stepProblemPath(p.path(), stepPath), p.message()));
                    return;
                }
            }
            try {
                Flow.of(name, built);
            } catch (ValidationException e) {
                e.problems().forEach(p -> problems.error(flowProblemPath(p.path(), flowPath), p.message()));
            }
        }

        private static String stepProblemPath(String path, String stepPath) {
            if (path.startsWith("timing.")) {
                return stepPath + ".at." + path.substring("timing.".length());
            }
            if (path.startsWith("step.")) {
                return stepPath + "." + path.substring("step.".length());
            }
            return stepPath;
        }

        private static String flowProblemPath(String path, String flowPath) {
            if (path.startsWith("flow.")) {
                return flowPath + "." + path.substring("flow.".length());
            }
            Matcher step = FLOW_STEP_PATH.matcher(path);
            if (step.matches()) {
                String rest = step.group(2).equals(".timing") ? ".at" : step.group(2);
                return flowPath + ".steps[" + step.group(1) + "]" + rest;
            }
            return flowPath;
        }

        private Optional<StepSpec> step(JsonFields fields, SettingsSpec settings, TemplateEngine engine) {
            Optional<String> id = fields.requiredText("id");
            Optional<StepId> stepId = id.flatMap(value -> catching(fields.path("id"), () -> StepId.of(value)));
            stepId.ifPresent(value -> {
                String first = stepPaths.putIfAbsent(value.value(), fields.path());
                if (first != null && !sameFlow(first, fields.path())) {
                    problems.error(fields.path("id"), "duplicate step id '" + value + "'; " + first + " has it too, and"
                            + " step ids are part of every send key, so they must be unique across flows");
                }
            });
            Optional<String> name = fields.requiredText("name");
            Optional<String> template = fields.requiredText("template");
            Optional<MessageKind> kind = fields.optionalText("kind", false)
                    .map(text -> oneOf(text, fields.path("kind"), MessageKind.class))
                    .orElse(Optional.of(MessageKind.TRANSACTIONAL));
            Optional<Optional<String>> audience = fields.optionalText("audience", false)
                    .map(text -> audience(text, fields.path("audience"), engine))
                    .orElse(Optional.of(Optional.empty()));
            Optional<StepPerformances> performances = fields.has("performances")
                    ? fields.value("performances", PERFORMANCES_FORMAT)
                            .flatMap(node -> performances(node, fields.path("performances")))
                    : Optional.of(new AllLive());
            Optional<Timing> at = fields.requiredObject("at").flatMap(this::timing);
            Optional<Duration> catchUp = fields.optionalParsed("catchUp", Duration::parse, DURATION_FORMAT)
                    .or(() -> fields.has("catchUp") ? Optional.empty() : Optional.of(FlowStep.DEFAULT_CATCH_UP))
                    .flatMap(d -> positive(d, fields.path("catchUp")));
            int maxSegments = fields.optionalInt("maxSegments", 1, 10).orElse(settings.maxSegments());
            boolean skip = fields.optionalBoolean("skipIfVariableMissing").orElse(false);
            fields.finish();
            if (template.isPresent() && kind.isPresent()) {
                report(engine.validate(new MessageSpec(stepId, template.get(), kind.get(), maxSegments, skip),
                        TemplateEngine.sampleRecipient()), fields.path("template"));
            }
            if (stepId.isEmpty() || name.isEmpty() || template.isEmpty() || kind.isEmpty() || audience.isEmpty()
                    || performances.isEmpty() || at.isEmpty() || catchUp.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new StepSpec(id.get(), name.get(), template.get(), kind.get(), audience.get(),
                    performances.get(), at.get(), catchUp.get(), maxSegments, skip));
        }

        private static boolean sameFlow(String firstStepPath, String stepPath) {
            return firstStepPath.substring(0, firstStepPath.indexOf(".steps["))
                    .equals(stepPath.substring(0, stepPath.indexOf(".steps[")));
        }

        /** "all" is everyone; anything else is a Liquid condition, checked with its line and column. */
        private Optional<Optional<String>> audience(String text, String path, TemplateEngine engine) {
            if (text.strip().equals("all")) {
                return Optional.of(Optional.empty());
            }
            List<TemplateProblem> found = engine.checkAudience(text);
            found.forEach(p -> problems.error(path, p.toString()));
            return found.isEmpty() ? Optional.of(Optional.of(text)) : Optional.empty();
        }

        private Optional<StepPerformances> performances(JsonNode node, String path) {
            if (node.isTextual()) {
                if (node.textValue().equals("all-live")) {
                    return Optional.of(new AllLive());
                }
                problems.error(path, "must be " + PERFORMANCES_FORMAT + " but was " + JsonFields.describe(node));
                return Optional.empty();
            }
            if (!node.isObject()) {
                problems.error(path, "must be " + PERFORMANCES_FORMAT + " but was " + JsonFields.describe(node));
                return Optional.empty();
            }
            return JsonFields.of(node, path, problems).flatMap(fields -> {
                Optional<StepPerformances> chosen = Optional.empty();
                boolean byEvent = fields.has("eventId");
                boolean byAttribute = fields.has("hasAttribute");
                if (byEvent == byAttribute) {
                    problems.error(path, "must have exactly one of eventId or hasAttribute");
                } else if (byEvent) {
                    chosen = fields.requiredText("eventId").flatMap(id -> {
                        known(eventPaths, id, fields.path("eventId"), "event");
                        return Optional.of(new OfEvent(id));
                    });
                } else {
                    // Spektrix names event attributes attribute_<Name>; accept either spelling.
                    chosen = fields.requiredText("hasAttribute").map(name -> new HasAttribute(
                            name.startsWith("attribute_") ? name : "attribute_" + name));
                }
                fields.finish();
                return chosen;
            });
        }

        private Optional<Timing> timing(JsonFields fields) {
            int before = problems.errorCount();
            int days = fields.optionalInt("days", 0, 366).orElse(0);
            int hours = fields.optionalInt("hours", 0, 10_000).orElse(0);
            int minutes = fields.optionalInt("minutes", 0, 600_000).orElse(0);
            Optional<Timing.Direction> direction = fields.requiredText("direction")
                    .flatMap(text -> oneOf(text, fields.path("direction"), Timing.Direction.class));
            Optional<Timing.Anchor> anchor = fields.optionalText("relativeTo", false)
                    .map(text -> oneOf(text, fields.path("relativeTo"), Timing.Anchor.class))
                    .orElse(Optional.of(Timing.Anchor.START));
            fields.finish();
            if (direction.isEmpty() || anchor.isEmpty() || problems.errorCount() != before) {
                return Optional.empty();
            }
            return Optional.of(new Timing(days, hours, minutes, direction.get(), anchor.get()));
        }

        // -------------------------------------------------------------- provider and simulate

        private ProviderSpec provider(JsonFields fields) {
            Optional<Double> given = fields.optionalNumber("throughputPerSecond", ProviderSpec.THROUGHPUT_RANGE);
            Optional<String> tooSlowOrFast = given.flatMap(ProviderSpec::throughputProblem);
            tooSlowOrFast.ifPresent(problem -> problems.error(fields.path("throughputPerSecond"), problem));
            double throughput = tooSlowOrFast.isEmpty() ? given.orElse(DEFAULT_THROUGHPUT) : DEFAULT_THROUGHPUT;
            boolean enforce = fields.optionalBoolean("enforceThroughput").orElse(true);
            double failurePercentage = fields.optionalNumber("failurePercentage", 0, 100).orElse(0.0);
            long seed = fields.optionalLong("seed").orElse(0L);
            List<FailureSpec> failures = each(fields.objects("failures"), this::failure);
            fields.finish();
            return new ProviderSpec(throughput, enforce, failurePercentage, seed, failures);
        }

        private Optional<FailureSpec> failure(JsonFields fields) {
            Optional<PhoneNumber> phone = fields.requiredText("phone").flatMap(text -> phone(text, fields.path("phone")));
            Optional<Integer> times = fields.optionalInt("times", 1, 1000).or(() -> fields.has("times")
                    ? Optional.empty() : Optional.of(1));
            Optional<FailureKind> kind = fields.requiredText("kind")
                    .flatMap(text -> oneOf(text, fields.path("kind"), FailureKind.class));
            Optional<FailureReason> reason = fields.optionalText("reason", false)
                    .map(text -> oneOf(text, fields.path("reason"), FailureReason.class))
                    .orElseGet(() -> kind.map(k -> k == FailureKind.TRANSIENT
                            ? FailureReason.PROVIDER_UNAVAILABLE : FailureReason.INVALID_NUMBER));
            fields.finish();
            if (phone.isEmpty() || times.isEmpty() || kind.isEmpty() || reason.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new FailureSpec(phone.get(), times.get(), kind.get(), reason.get()));
        }

        private Optional<SimulateSpec> simulate(JsonFields fields) {
            Optional<Instant> from = requiredInstant(fields, "from");
            Optional<Instant> until = requiredInstant(fields, "until");
            Optional<Duration> tick = fields.optionalParsed("tick", Duration::parse, DURATION_FORMAT)
                    .or(() -> fields.has("tick") ? Optional.empty() : Optional.of(DEFAULT_TICK))
                    .flatMap(d -> positive(d, fields.path("tick")));
            fields.finish();
            if (from.isEmpty() || until.isEmpty() || tick.isEmpty()) {
                return Optional.empty();
            }
            if (!until.get().isAfter(from.get())) {
                problems.error(fields.path("until"), "must be after simulate.from (" + from.get() + ") but was "
                        + until.get());
                return Optional.empty();
            }
            long ticks = Duration.between(from.get(), until.get()).dividedBy(tick.get()) + 1;
            if (ticks > MAX_TICKS) {
                problems.error(fields.path("tick"), tick.get() + " makes " + ticks + " ticks from simulate.from to"
                        + " simulate.until; at most " + MAX_TICKS + " are allowed, so use a longer tick");
                return Optional.empty();
            }
            return Optional.of(new SimulateSpec(from.get(), until.get(), tick.get()));
        }

        /** Texts and changes outside the simulated period never happen in it: say so. */
        private void checkWindow(SimulateSpec simulate) {
            inboundPaths.forEach((inbound, path) -> {
                if (inbound.at().isBefore(simulate.from())) {
                    problems.warn(path + ".at", inbound.at() + " is before simulate.from (" + simulate.from()
                            + "); texts received before the simulation starts are not delivered");
                } else if (inbound.at().isAfter(simulate.until())) {
                    problems.warn(path + ".at", inbound.at() + " is after simulate.until (" + simulate.until()
                            + "), so this text is never delivered");
                }
            });
            changePaths.forEach((change, path) -> {
                if (change.at().isAfter(simulate.until())) {
                    problems.warn(path + ".at", change.at() + " is after simulate.until (" + simulate.until()
                            + "), so this change never happens");
                }
            });
        }

        // -------------------------------------------------------------- values

        private Optional<Duration> positive(Duration duration, String path) {
            if (duration.isNegative() || duration.isZero()) {
                problems.error(path, "must be positive but was " + duration);
                return Optional.empty();
            }
            return Optional.of(duration);
        }

        private Optional<Instant> requiredInstant(JsonFields fields, String field) {
            return fields.requiredText(field).flatMap(text -> instant(text, fields.path(field)));
        }

        private Optional<Instant> optionalInstant(JsonFields fields, String field) {
            return fields.optionalText(field, false).flatMap(text -> instant(text, fields.path(field)));
        }

        /** An instant, or a venue-local date-time read in the venue's zone; either within {@link SupportedDates}. */
        private Optional<Instant> instant(String text, String path) {
            Instant instant;
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notAnInstant) {
                try {
                    LocalDateTime local = LocalDateTime.parse(text);
                    if (!supported(SupportedDates.problem(local), path)) {
                        return Optional.empty();
                    }
                    warnIfClockChange(local, path);
                    instant = local.atZone(zone).toInstant();
                } catch (DateTimeParseException notLocal) {
                    problems.error(path, "must be " + INSTANT_FORMAT + " but was '" + text + "'");
                    return Optional.empty();
                }
            }
            return supported(SupportedDates.problem(instant), path) ? Optional.of(instant) : Optional.empty();
        }

        /** Whether a date is within the model's range, recording the model's problem when it is not. */
        private boolean supported(Optional<String> problem, String path) {
            problem.ifPresent(message -> problems.error(path, message));
            return problem.isEmpty();
        }

        /** A venue-local start: an offset would contradict the venue's zone, so it is refused. */
        private Optional<LocalDateTime> localStart(String text, String path) {
            try {
                LocalDateTime local = LocalDateTime.parse(text);
                if (!supported(SupportedDates.problem(local), path)) {
                    return Optional.empty();
                }
                warnIfClockChange(local, path);
                return Optional.of(local);
            } catch (DateTimeParseException notLocal) {
                boolean hasOffset;
                try {
                    OffsetDateTime.parse(text);
                    hasOffset = true;
                } catch (DateTimeParseException e) {
                    hasOffset = false;
                }
                problems.error(path, hasOffset
                        ? "must be venue-local, without an offset or Z, such as 2026-03-28T19:30:00; the venue's"
                                + " time zone gives the offset, but was '" + text + "'"
                        : "must be a venue-local date and time such as 2026-03-28T19:30:00 but was '" + text + "'");
                return Optional.empty();
            }
        }

        private void warnIfClockChange(LocalDateTime local, String path) {
            int offsets = zone.getRules().getValidOffsets(local).size();
            if (offsets == 0) {
                problems.warn(path, local + " does not exist in " + zone.getId() + " (the clocks go forward); it is"
                        + " read as " + local.atZone(zone).toLocalDateTime());
            } else if (offsets > 1) {
                problems.warn(path, local + " happens twice in " + zone.getId() + " (the clocks go back); the"
                        + " first is used");
            }
        }

        private <E extends Enum<E>> Optional<E> oneOf(String text, String path, Class<E> type) {
            String wanted = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(wanted)) {
                    return Optional.of(constant);
                }
            }
            problems.error(path, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> "'" + c.name().toLowerCase(Locale.ROOT) + "'").collect(Collectors.joining(", "))
                    + " but was '" + text + "'");
            return Optional.empty();
        }
    }
}
