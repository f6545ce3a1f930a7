package io.crowdengage.runtime;

import io.crowdengage.consent.RefusalOffer;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.NoticeEligibility;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateProblem;
import io.crowdengage.template.TemplateValidation;
import io.crowdengage.template.internal.TemplateText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a runtime's configuration (venue settings, flows, template functions) may contain: the one
 * implementation of these rules, used by {@link CrowdEngage.Builder#build()} and by the simulator's
 * scenario reader, so that neither accepts what the other refuses.
 *
 * <p>Refused (errors): templates that do not validate; a soft opt-in notice that does not tell
 * people how to refuse (see {@link RefusalOffer}) in words every rendering carries as written, and
 * in every rendering of a set of adversarial recipients (see below); from a sender that cannot take
 * replies, any text that would really be sent and asks people to reply or to send a keyword without
 * a number to send it to (the footer when a marketing step exists, the notice when enabled, every
 * step's text, the STOP and START confirmations); reserved or repeated step ids and other flow
 * rules. Warned: a one-way sender, to which STOP replies cannot arrive.
 *
 * <p>The notice's instruction must be literal text outside every block: the template's own scanner
 * ({@link TemplateText}) finds the text every rendering prints, and a value ({@code {{ ... }}}) or
 * a block ({@code if}, {@code unless}, {@code case}, {@code for}) counts as a hole that may print
 * anything or nothing. So an instruction held in a variable, cut by {@code truncate}, built from a
 * customer's data with {@code replace} or {@code default}, or blanked by an {@code assign} in a
 * branch, never counts. The notice is then also rendered for adversarial recipients (the sample, one
 * with no optional values at all, one with every value very long, one with blank values), and every
 * rendering must offer refusal; for a one-way sender, none may ask for a reply.
 */
public final class ConfigurationCheck {
    /** The step id under which soft opt-in notices are claimed: one per number, ever. */
    static final String NOTICE_STEP_ID = NoticeEligibility.STEP.value();
    /** A hole in the fixed text as judged: a letter, so that a value glued to a keyword spoils it. */
    private static final String HOLE_AS_JUDGED = "x";
    /** A hole in the fixed text as quoted in an error. */
    private static final String HOLE_AS_QUOTED = "{\u2026}";

    private ConfigurationCheck() {
    }

    /**
     * What is wrong with a configuration, and what is worth a warning.
     *
     * @param errors   every problem that makes the configuration unusable, paths as in the Java API
     *                 ({@code venueSettings.softOptIn.template}, {@code flows[0].steps[1] 'id'.template})
     * @param warnings what is allowed but probably not meant
     */
    public record Result(List<Problem> errors, List<Problem> warnings) {
        public Result {
            errors = List.copyOf(Checks.notNull(errors, "errors"));
            warnings = List.copyOf(Checks.notNull(warnings, "warnings"));
        }

        /** Whether there are no errors. */
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Checks a configuration; never throws for what it finds, only for null arguments. */
    public static Result of(VenueSettings settings, List<Flow> flows, TemplateFunctions functions) {
        Checks.notNull(settings, "settings");
        Checks.notNull(flows, "flows");
        Checks.notNull(functions, "functions");
        Checked checked = run(settings, flows, functions);
        return new Result(checked.errors, checked.warnings);
    }

    /** The check with what the runtime needs to run: the engines, when the configuration allows them. */
    static Checked run(VenueSettings settings, List<Flow> flows, TemplateFunctions functions) {
        Checked out = new Checked();
        TemplateEngine checking;
        try {
            out.templates = Optional.of(TemplateEngine.builder().functions(functions)
                    .optOutFooter(settings.optOutFooter()).build());
            checking = out.templates.get();
        } catch (ValidationException e) {
            e.problems().forEach(p -> out.errors.add(new Problem("venueSettings." + p.path(), p.message())));
            // The rest is still checked, with the default footer, so that every problem is reported at once.
            checking = TemplateEngine.builder().functions(functions).build();
        }
        boolean nullFlow = flows.stream().anyMatch(Objects::isNull);
        if (nullFlow) {
            out.errors.add(new Problem("flows", "must not contain null"));
        }
        boolean marketing = !nullFlow && flows.stream().flatMap(f -> f.steps().stream())
                .anyMatch(step -> step.kind() == MessageKind.MARKETING);
        Judge judge = new Judge(settings, checking, RefusalOffer.of(settings.keywords(), settings.optOutFooter()));
        checkSender(judge, marketing, out);
        if (out.templates.isPresent()) {
            // Otherwise the template engine has refused the footer already, and said why.
            checkFooter(settings, marketing, out);
        }
        checkNotice(judge, out);
        if (!nullFlow) {
            checkStepTemplates(flows, judge, out);
            for (Flow flow : flows) {
                for (FlowStep step : flow.steps()) {
                    if (step.id().value().equals(NOTICE_STEP_ID)) {
                        out.errors.add(new Problem("flows '" + flow.name() + "'", "step id '" + NOTICE_STEP_ID
                                + "' is reserved for soft opt-in notices"));
                    }
                }
            }
            try {
                out.engine = Optional.of(SchedulingEngine.create(new EngineSettings(settings.venue(),
                        settings.quietHours(), settings.ticketingConsent()), flows));
            } catch (ValidationException e) {
                out.errors.addAll(e.problems());
            }
        }
        return out;
    }

    /**
     * A one-way sender (an alphanumeric id) cannot receive "STOP" or "START": a text that asks people
     * to reply, or to send a keyword without saying where, offers a refusal nobody can use. Only texts
     * that would really be sent are judged; the notice and the steps are judged with their renderings.
     */
    private static void checkSender(Judge judge, boolean marketing, Checked out) {
        VenueSettings settings = judge.settings;
        if (settings.sender().canReceiveReplies()) {
            return;
        }
        out.warnings.add(new Problem("venueSettings.sender", "'" + settings.sender().value() + "' cannot receive"
                + " replies, so STOP and START texts can only reach you through another number; tell people"
                + " which one wherever you offer a way to refuse"));
        if (marketing) {
            judge.replyRequest(settings.optOutFooter()).ifPresent(request -> out.errors.add(judge.oneWayProblem(
                    "venueSettings.optOutFooter", request, settings.optOutFooter(), "it is added to every marketing step")));
        }
        settings.optOutConfirmation().flatMap(judge::replyRequest).ifPresent(request -> out.errors.add(
                judge.oneWayProblem("venueSettings.optOutConfirmation", request, settings.optOutConfirmation().get(),
                        "it answers every STOP that reaches you")));
        settings.optInConfirmation().flatMap(judge::replyRequest).ifPresent(request -> out.errors.add(
                judge.oneWayProblem("venueSettings.optInConfirmation", request, settings.optInConfirmation().get(),
                        "it answers every START that reaches you")));
    }

    /**
     * The footer is the refusal every marketing text offers, and a notice may rely on it word for word:
     * it must itself be an instruction, judged like a notice ("Non-stop deals!" names no way out).
     */
    private static void checkFooter(VenueSettings settings, boolean marketing, Checked out) {
        if (!marketing && !settings.softOptIn().enabled()) {
            return;
        }
        RefusalOffer withoutFooter = RefusalOffer.of(settings.keywords(), "");
        if (!withoutFooter.offeredIn(settings.optOutFooter())) {
            out.errors.add(new Problem("venueSettings.optOutFooter", "must tell people how to refuse: an instruction"
                    + " to send an opt-out keyword (" + keywordList(withoutFooter) + "), in upper case or quoted,"
                    + " such as \"Reply STOP to opt out\" or \"Text STOP to 60123\", but was \""
                    + settings.optOutFooter() + "\""));
        }
    }

    private static void checkNotice(Judge judge, Checked out) {
        VenueSettings settings = judge.settings;
        if (!settings.softOptIn().enabled()) {
            return;
        }
        String path = "venueSettings.softOptIn.template";
        String template = settings.softOptIn().template();
        MessageSpec spec = MessageSpec.of(template, MessageKind.TRANSACTIONAL);
        TemplateValidation notice = judge.templates.validate(spec, TemplateEngine.sampleRecipient());
        addTemplateProblems(out, path, notice);
        if (!notice.valid()) {
            return;
        }
        Optional<TemplateText> text = TemplateText.of(template);
        if (text.isEmpty()) {
            // The engine accepted it, so this would be a fault of ours: refuse rather than guess.
            out.errors.add(new Problem(path, "could not be read to find the text every version of it carries"));
            return;
        }
        String always = text.get().fixed(HOLE_AS_JUDGED);
        if (!judge.offer.offeredIn(always)) {
            out.errors.add(new Problem(path, "must tell people how to refuse marketing, in words every version of"
                    + " the notice carries as written: an instruction to send an opt-out keyword ("
                    + keywordList(judge.offer) + "), in upper case or quoted (\"Reply STOP to opt out\", \"Text STOP"
                    + " to 60123\"), or the opt-out footer \"" + settings.optOutFooter() + "\" word for word, outside"
                    + " any {% if %}, {% unless %}, {% case %} or {% for %} and not built from values ({{ ... }});"
                    + " the soft opt-in is only lawful when that chance is given. Every version says only: \""
                    + shorten(text.get().fixed(HOLE_AS_QUOTED)) + "\""
                    + (text.get().fixed().indexOf(TemplateText.HOLE) >= 0 ? " (" + HOLE_AS_QUOTED + " is a value or a"
                            + " block, which may say anything or nothing)" : "")
                    + notice.preview().map(p -> "; for the sample recipient it reads \"" + shorten(p) + "\"").orElse("")));
        } else {
            for (Rendering rendering : judge.renderings(spec)) {
                if (!judge.offer.offeredIn(rendering.text())) {
                    out.errors.add(new Problem(path, "must tell people how to refuse marketing in every version, but"
                            + " for " + rendering.sample().description() + " it reads \"" + shorten(rendering.text())
                            + "\", which does not"));
                    break;
                }
            }
        }
        judge.replyRequest(text.get(), spec).ifPresent(found -> out.errors.add(judge.oneWayProblem(path,
                found.request(), found.in(), "the soft opt-in is enabled")));
    }

    private static void checkStepTemplates(List<Flow> flows, Judge judge, Checked out) {
        for (int f = 0; f < flows.size(); f++) {
            List<FlowStep> steps = flows.get(f).steps();
            for (int s = 0; s < steps.size(); s++) {
                FlowStep step = steps.get(s);
                String path = "flows[" + f + "].steps[" + s + "] '" + step.id() + "'.template";
                TemplateValidation validation = judge.templates.validate(step);
                addTemplateProblems(out, path, validation);
                if (!validation.valid() || judge.settings.sender().canReceiveReplies()) {
                    continue;
                }
                // The body as written, without the footer, which is judged on its own.
                MessageSpec body = new MessageSpec(Optional.of(step.id()), step.template(), MessageKind.TRANSACTIONAL,
                        step.maxSegments(), step.skipIfVariableMissing());
                TemplateText.of(step.template()).flatMap(text -> judge.replyRequest(text, body)).ifPresent(found ->
                        out.errors.add(judge.oneWayProblem(path, found.request(), found.in(), "the step sends it")));
            }
        }
    }

    private static String keywordList(RefusalOffer offer) {
        return offer.instructionKeywords().isEmpty()
                ? "none of the configured opt-out keywords can be offered, since each reads as an ordinary word;"
                        + " configure one such as STOP"
                : String.join(", ", offer.instructionKeywords());
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private static void addTemplateProblems(Checked out, String path, TemplateValidation validation) {
        for (TemplateProblem error : validation.errors()) {
            out.errors.add(new Problem(path, error.toString()));
        }
    }

    /** What a configuration's texts are judged with: the settings, the template engine and the refusal rules. */
    private static final class Judge {
        final VenueSettings settings;
        final TemplateEngine templates;
        final RefusalOffer offer;
        private final List<Sample> samples;

        Judge(VenueSettings settings, TemplateEngine templates, RefusalOffer offer) {
            this.settings = settings;
            this.templates = templates;
            this.offer = offer;
            this.samples = samples(settings.venue());
        }

        /** The template rendered (as a preview: functions see a preview context) for every sample it renders for. */
        List<Rendering> renderings(MessageSpec spec) {
            List<Rendering> renderings = new ArrayList<>();
            for (Sample sample : samples) {
                templates.validate(spec, sample.subject()).preview()
                        .ifPresent(text -> renderings.add(new Rendering(sample, text)));
            }
            return renderings;
        }

        Optional<String> replyRequest(String text) {
            return settings.sender().canReceiveReplies() ? Optional.empty() : offer.replyRequestIn(text);
        }

        /**
         * For a one-way sender, the first request for a reply in any literal text of the template (inside
         * branches too) or in any rendering (which finds what values and filters build).
         */
        Optional<Found> replyRequest(TemplateText text, MessageSpec spec) {
            if (settings.sender().canReceiveReplies()) {
                return Optional.empty();
            }
            Optional<String> written = offer.replyRequestIn(text.everywhere());
            if (written.isPresent()) {
                return Optional.of(new Found(written.get(), text.everywhere()));
            }
            for (Rendering rendering : renderings(spec)) {
                Optional<String> rendered = offer.replyRequestIn(rendering.text());
                if (rendered.isPresent()) {
                    return Optional.of(new Found(rendered.get(), rendering.text()));
                }
            }
            return Optional.empty();
        }

        Problem oneWayProblem(String path, String request, String in, String why) {
            return new Problem(path, "asks people to reply (\"" + request + "\" in \"" + shorten(in) + "\"), but the"
                    + " sender '" + settings.sender().value() + "' cannot receive replies, and " + why + ": never say"
                    + " reply or respond, and say where to send a keyword, such as \"Text STOP to <a number or short"
                    + " code>\"");
        }
    }

    /** A request for a reply and the text it was found in. */
    private record Found(String request, String in) {
    }

    /** A recipient a template is rendered for, and how an error describes them. */
    private record Sample(String description, AudienceSubject subject) {
    }

    /** A template rendered for a sample. */
    private record Rendering(Sample sample, String text) {
    }

    /**
     * Recipients chosen to make a template misbehave: the usual sample, one with nothing optional (no
     * names, tags, attributes, raw fields), one with every value very long, one with blank values.
     */
    private static List<Sample> samples(Venue venue) {
        LocalDateTime start = LocalDateTime.of(2026, 3, 14, 19, 30);
        Instant confirmed = Instant.parse("2026-02-01T10:00:00Z");
        String longName = "Wolfeschlegelsteinhausenbergerdorff ".repeat(6).strip();
        String longText = "Lorem ipsum dolor sit amet, consectetur adipiscing elit ".repeat(5).strip();
        Set<String> manyTags = new LinkedHashSet<>();
        Map<String, String> longAttributes = new LinkedHashMap<>();
        for (int i = 1; i <= 20; i++) {
            manyTags.add("Tag " + i + " " + longName);
            longAttributes.put("Attribute" + i, longText);
        }
        manyTags.add("Member");
        longAttributes.put("FirstVisit", "false " + longText);

        Customer bare = Customer.builder("sample-bare").build();
        Customer verbose = Customer.builder("sample-long").name(longName, longName).tags(manyTags)
                .attributes(longAttributes).contactPreferences(manyTags).memberships(manyTags)
                .raw(RawAttributes.of(longAttributes)).build();
        Customer blank = Customer.builder("sample-blank").name(" ", " ").tags(Set.of(" "))
                .attributes(Map.of("FirstVisit", "", "keyword", " ")).build();
        Event plain = new Event("sample-bare-event", "X", Duration.ZERO, RawAttributes.empty());
        Event verboseEvent = new Event("sample-long-event", longText, Duration.ofMinutes(600),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "98765", "description", longText)));
        return List.of(
                new Sample("the sample recipient", TemplateEngine.sampleRecipient()),
                new Sample("a recipient with no names, tags, attributes or other optional values",
                        subject(bare, plain, venue, start, confirmed)),
                new Sample("a recipient whose names, tags, attributes and event name are very long",
                        subject(verbose, verboseEvent, venue, start, confirmed)),
                new Sample("a recipient whose names and attributes are blank",
                        subject(blank, plain, venue, start, confirmed)));
    }

    private static AudienceSubject subject(Customer customer, Event event, Venue venue, LocalDateTime start,
                                           Instant confirmed) {
        Performance performance = Performance.of(event.id() + "-performance", event, start);
        return new AudienceSubject(customer, Booking.of(customer.id() + "-booking", customer.id(), performance.id(),
                confirmed), performance, venue);
    }

    /** What {@link #run} found, and the engines it could build. */
    static final class Checked {
        final List<Problem> errors = new ArrayList<>();
        final List<Problem> warnings = new ArrayList<>();
        Optional<TemplateEngine> templates = Optional.empty();
        Optional<SchedulingEngine> engine = Optional.empty();
    }
}
