package io.crowdengage.runtime;

import io.crowdengage.consent.RefusalOffer;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Checks;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateProblem;
import io.crowdengage.template.TemplateValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a runtime's configuration (venue settings, flows, template functions) may contain: the one
 * implementation of these rules, used by {@link CrowdEngage.Builder#build()} and by the simulator's
 * scenario reader, so that neither accepts what the other refuses.
 *
 * <p>Refused (errors): templates that do not validate; a soft opt-in notice that does not tell
 * people how to refuse in every version of it (see {@link RefusalOffer}: the instruction must stand
 * outside every {@code if}, {@code unless}, {@code case} and {@code for}, since a branch that can be
 * false offers nothing); from a sender that cannot take replies, any text that would really be sent
 * and tells people to reply (the footer when a marketing step exists, the notice when enabled, the
 * STOP and START confirmations); reserved or repeated step ids and other flow rules. Warned: a
 * one-way sender, to which STOP replies cannot arrive.
 */
public final class ConfigurationCheck {
    /** The step id under which soft opt-in notices are claimed: one per number, ever. */
    static final String NOTICE_STEP_ID = "soft-opt-in-notice";
    private static final Pattern TAG = Pattern.compile("\\{%-?\\s*(\\w+)(.*?)-?%}", Pattern.DOTALL);
    private static final List<String> BRANCHING = List.of("if", "unless", "case", "for", "tablerow", "comment");

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
        checkSender(settings, marketing, out);
        if (out.templates.isPresent()) {
            // Otherwise the template engine has refused the footer already, and said why.
            checkFooter(settings, marketing, out);
        }
        checkNotice(settings, checking, out);
        if (!nullFlow) {
            checkStepTemplates(flows, checking, out);
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
     * A one-way sender (an alphanumeric id) cannot receive "STOP" or "START": a text that tells people
     * to reply offers a refusal nobody can use. Only texts that would really be sent are judged.
     */
    private static void checkSender(VenueSettings settings, boolean marketing, Checked out) {
        if (settings.sender().canReceiveReplies()) {
            return;
        }
        out.warnings.add(new Problem("venueSettings.sender", "'" + settings.sender().value() + "' cannot receive"
                + " replies, so STOP and START texts can only reach you through another number; tell people"
                + " which one wherever you offer a way to refuse"));
        if (marketing) {
            requireNoReplyOffer(out, settings, "venueSettings.optOutFooter", Optional.of(settings.optOutFooter()),
                    "it is added to every marketing step");
        }
        if (settings.softOptIn().enabled()) {
            requireNoReplyOffer(out, settings, "venueSettings.softOptIn.template",
                    Optional.of(settings.softOptIn().template()), "the soft opt-in is enabled");
        }
        requireNoReplyOffer(out, settings, "venueSettings.optOutConfirmation", settings.optOutConfirmation(),
                "it answers every STOP that reaches you");
        requireNoReplyOffer(out, settings, "venueSettings.optInConfirmation", settings.optInConfirmation(),
                "it answers every START that reaches you");
    }

    private static void requireNoReplyOffer(Checked out, VenueSettings settings, String path, Optional<String> text,
                                            String why) {
        if (text.isPresent() && text.get().toUpperCase(Locale.ROOT).contains("REPLY")) {
            out.errors.add(new Problem(path, "tells people to reply (\"" + text.get() + "\"), but the sender '"
                    + settings.sender().value() + "' cannot receive replies, and " + why + ": give another way,"
                    + " such as \"Text STOP to <a number or short code>\""));
        }
    }

    /**
     * The footer is the refusal every marketing text offers, and a notice may rely on it word for word:
     * it must itself be an instruction, judged like a notice ("Non-stop deals!" names no way out).
     */
    private static void checkFooter(VenueSettings settings, boolean marketing, Checked out) {
        if (!marketing && !settings.softOptIn().enabled()) {
            return;
        }
        if (!RefusalOffer.of(settings.keywords().optOutKeywords(), "").offeredIn(settings.optOutFooter())) {
            out.errors.add(new Problem("venueSettings.optOutFooter", "must tell people how to refuse: an instruction"
                    + " to send the opt-out keyword, such as \"Reply STOP to opt out\" or \"Text STOP to 60123\","
                    + " but was \"" + settings.optOutFooter() + "\""));
        }
    }

    private static void checkNotice(VenueSettings settings, TemplateEngine templates, Checked out) {
        if (!settings.softOptIn().enabled()) {
            return;
        }
        String path = "venueSettings.softOptIn.template";
        String template = settings.softOptIn().template();
        TemplateValidation notice = templates.validate(MessageSpec.of(template, MessageKind.TRANSACTIONAL),
                TemplateEngine.sampleRecipient());
        addTemplateProblems(out, path, notice);
        if (!notice.valid()) {
            return;
        }
        // Judged on what every version of the notice says: the template without its branches and loops,
        // rendered for the sample recipient. An instruction inside a branch that can be false offers nothing.
        String always = templates.validate(MessageSpec.of(unconditionalPart(template), MessageKind.TRANSACTIONAL),
                TemplateEngine.sampleRecipient()).preview().orElse("");
        RefusalOffer offer = RefusalOffer.of(settings.keywords().optOutKeywords(), settings.optOutFooter());
        if (!offer.offeredIn(always)) {
            out.errors.add(new Problem(path, "must tell people how to refuse marketing, in words every version of"
                    + " the notice carries: an instruction to send the opt-out keyword (\"Reply STOP to opt out\","
                    + " \"Text STOP to 60123\") or the opt-out footer \"" + settings.optOutFooter() + "\", outside any"
                    + " {% if %}, {% unless %}, {% case %} or {% for %}; the soft opt-in is only lawful when that"
                    + " chance is given. Every version says only: \"" + shorten(always) + "\""));
        }
    }

    private static void checkStepTemplates(List<Flow> flows, TemplateEngine templates, Checked out) {
        for (int f = 0; f < flows.size(); f++) {
            List<FlowStep> steps = flows.get(f).steps();
            for (int s = 0; s < steps.size(); s++) {
                addTemplateProblems(out, "flows[" + f + "].steps[" + s + "] '" + steps.get(s).id() + "'.template",
                        templates.validate(steps.get(s)));
            }
        }
    }

    /**
     * The template with every branching block ({@code if}, {@code unless}, {@code case}, {@code for},
     * {@code tablerow}) and comment removed, tags and all: what every rendering contains.
     */
    static String unconditionalPart(String template) {
        StringBuilder out = new StringBuilder(template.length());
        Matcher tag = TAG.matcher(template);
        int depth = 0;
        int copiedTo = 0;
        while (tag.find()) {
            String name = tag.group(1).toLowerCase(Locale.ROOT);
            if (depth == 0) {
                out.append(template, copiedTo, tag.start());
            }
            copiedTo = tag.end();
            if (name.equals("raw") && depth == 0) {
                int end = template.indexOf("endraw", tag.end());
                int close = end < 0 ? -1 : template.indexOf("%}", end);
                int stop = close < 0 ? template.length() : close + 2;
                out.append(template, tag.start(), stop);
                copiedTo = stop;
                tag.region(stop, template.length());
            } else if (BRANCHING.contains(name)) {
                depth++;
            } else if (name.startsWith("end") && BRANCHING.contains(name.substring(3))) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(tag.group());
            }
        }
        if (depth == 0) {
            out.append(template, copiedTo, template.length());
        }
        return out.toString();
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

    /** What {@link #run} found, and the engines it could build. */
    static final class Checked {
        final List<Problem> errors = new ArrayList<>();
        final List<Problem> warnings = new ArrayList<>();
        Optional<TemplateEngine> templates = Optional.empty();
        Optional<SchedulingEngine> engine = Optional.empty();
    }
}
