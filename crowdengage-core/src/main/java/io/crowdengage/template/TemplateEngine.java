package io.crowdengage.template;

import io.crowdengage.engine.Reason;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.SmsEncoding.Encoding;
import io.crowdengage.sms.SmsEncoding.MessageLength;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.template.internal.CompiledTemplate;
import io.crowdengage.template.internal.LiquidRuntime;
import io.crowdengage.template.internal.TextNormalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks and renders message templates: Liquid as box-office staff write it, including Jinja-style
 * calls such as {@code {{ show_score_url(event.raw.attribute_ShowScoreID) }}}.
 *
 * <p>One engine is meant to be shared: it is immutable and every method is safe to call from many
 * threads at once. It caches checked templates by their source, so rendering the same step again
 * costs a Liqp render and no parse.
 *
 * <pre>{@code
 * TemplateEngine engine = TemplateEngine.builder().functions(functions).build();
 * engine.validate(step.template()).orThrow();            // when the template is saved
 * RenderResult result = engine.render(step, recipient);  // when it is due
 * }</pre>
 */
public final class TemplateEngine {
    /** The opt-out footer appended to marketing messages unless another is configured. */
    public static final String DEFAULT_OPT_OUT_FOOTER = "Reply STOP to opt out";

    private static final AudienceSubject SAMPLE = sample();

    private final LiquidRuntime runtime;
    private final String optOutFooter;
    private final AudienceSubject sampleRecipient;

    private TemplateEngine(Builder builder) {
        this.runtime = new LiquidRuntime(builder.functions, builder.limits, builder.locale);
        this.optOutFooter = builder.optOutFooter;
        this.sampleRecipient = builder.sampleRecipient;
    }

    /** An engine with only the built-in functions and every default. */
    public static TemplateEngine withDefaults() {
        return builder().build();
    }

    /** Starts configuring an engine. */
    public static Builder builder() {
        return new Builder();
    }

    /** The sample recipient previews use unless another is configured: Ann Smith, Hamilton, ShowScoreID 12345. */
    public static AudienceSubject sampleRecipient() {
        return SAMPLE;
    }

    /** The footer appended to marketing messages. */
    public String optOutFooter() {
        return optOutFooter;
    }

    /** Checks a template as a transactional message with the default segment budget. */
    public TemplateValidation validate(String template) {
        return validate(MessageSpec.of(template, MessageKind.TRANSACTIONAL), sampleRecipient);
    }

    /** Checks a flow step's template with the step's kind and budget. */
    public TemplateValidation validate(FlowStep step) {
        return validate(MessageSpec.of(step), sampleRecipient);
    }

    /**
     * Checks a template: every syntax error, unknown function and unknown variable with its line and
     * column; then previews it against {@code sample} and estimates its typical and worst-case length,
     * footer included.
     */
    public TemplateValidation validate(MessageSpec spec, AudienceSubject sample) {
        Checks.notNull(spec, "spec");
        Checks.notNull(sample, "sample");
        CompiledTemplate compiled = runtime.template(spec.template());
        if (!compiled.valid()) {
            return new TemplateValidation(compiled.errors(), compiled.warnings(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        List<TemplateProblem> warnings = new ArrayList<>(compiled.warnings());
        String footer = spec.kind() == MessageKind.MARKETING ? "\n" + optOutFooter : "";

        Optional<String> preview = Optional.empty();
        LiquidRuntime.RawRender raw = runtime.render(compiled, sample,
                new FunctionContext(spec.step(), sample, true), spec.skipIfVariableMissing());
        if (!raw.succeeded()) {
            warnings.add(TemplateProblem.general("with the sample data nothing would be sent (" + raw.failure()
                    + "): " + raw.explanation()));
        } else {
            String body = TextNormalizer.normalize(raw.text());
            if (TextNormalizer.isBlank(body)) {
                warnings.add(TemplateProblem.general("with the sample data the template renders nothing, so the "
                        + "sample recipient would get no message"));
            } else {
                preview = Optional.of(body + footer);
            }
        }
        Optional<MessageLength> typical = preview.map(SmsEncoding::measure);
        typical.filter(length -> length.segments() > spec.maxSegments()).ifPresent(length -> warnings.add(
                TemplateProblem.general("the preview takes " + length.segments() + " segments, over the budget of "
                        + spec.maxSegments() + "; such messages are skipped, never cut short")));

        MessageLength worstCase = SmsEncoding.measure(TextNormalizer.normalize(compiled.worstCaseSkeleton()) + footer);
        if (compiled.hasLoops()) {
            warnings.add(TemplateProblem.general("the template loops, so its longest length cannot be known; "
                    + "the worst case counts each loop once"));
        }
        if (worstCase.segments() > spec.maxSegments()) {
            warnings.add(TemplateProblem.general("at its longest (every value at its longest) the message takes "
                    + worstCase.segments() + " segments, over the budget of " + spec.maxSegments()
                    + "; such messages are skipped, never cut short"));
        }
        ucs2Warnings(spec.template(), preview.orElse("") + footer, warnings);
        return new TemplateValidation(List.of(), warnings, preview, typical, Optional.of(worstCase));
    }

    /** One warning per character that would switch the message to UCS-2, pointing at it when it is in the template. */
    private void ucs2Warnings(String template, String rendered, List<TemplateProblem> warnings) {
        MessageLength length = SmsEncoding.measure(template + "\n" + rendered);
        if (length.encoding() != Encoding.UCS_2) {
            return;
        }
        for (String character : length.nonGsmCharacters()) {
            String name = "'" + character + "' (U+" + String.format(Locale.ROOT, "%04X", character.codePointAt(0))
                    + ") is not in the GSM alphabet, so the message would be sent as UCS-2: 70 characters per "
                    + "segment instead of 160";
            int at = template.indexOf(character);
            if (at >= 0) {
                int line = 1;
                int lineStart = 0;
                for (int i = 0; i < at; i++) {
                    if (template.charAt(i) == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                }
                warnings.add(TemplateProblem.at(line, at - lineStart + 1, name));
            } else {
                warnings.add(TemplateProblem.general(name + " (it comes from the sample data or the footer)"));
            }
        }
    }

    /** Renders a flow step's template for one recipient. */
    public RenderResult render(FlowStep step, AudienceSubject recipient) {
        return render(MessageSpec.of(step), recipient);
    }

    /**
     * Renders a template for one recipient: the text tidied, the opt-out footer appended to marketing
     * messages, and the segment budget checked. Every "no" is a {@link RenderResult.Skip}:
     * {@code BLANK_MESSAGE} when nothing but whitespace is left, {@code TOO_LONG} over the budget (never
     * truncated), {@code MISSING_VARIABLE} when the step asks for it or a function lacks an argument,
     * {@code TEMPLATE_ERROR} for an invalid template or a failed function, and {@code FUNCTION_UNAVAILABLE}
     * or {@code FUNCTION_NO_VALUE} for a function that threw a {@link TemplateFunctionException}.
     */
    public RenderResult render(MessageSpec spec, AudienceSubject recipient) {
        Checks.notNull(spec, "spec");
        Checks.notNull(recipient, "recipient");
        CompiledTemplate compiled = runtime.template(spec.template());
        if (!compiled.valid()) {
            List<TemplateProblem> errors = compiled.errors();
            return new RenderResult.Skip(Reason.TEMPLATE_ERROR, "the template has " + errors.size() + " error"
                    + (errors.size() == 1 ? "" : "s") + " and cannot be sent; the first: " + errors.get(0));
        }
        LiquidRuntime.RawRender raw = runtime.render(compiled, recipient,
                new FunctionContext(spec.step(), recipient, false), spec.skipIfVariableMissing());
        if (!raw.succeeded()) {
            return new RenderResult.Skip(raw.failure(), raw.explanation());
        }
        String body = TextNormalizer.normalize(raw.text());
        if (TextNormalizer.isBlank(body)) {
            return new RenderResult.Skip(Reason.BLANK_MESSAGE,
                    "the template rendered nothing to send for this recipient");
        }
        boolean marketing = spec.kind() == MessageKind.MARKETING;
        if (marketing) {
            body = body + "\n" + optOutFooter;
        }
        MessageLength length = SmsEncoding.measure(body);
        if (length.segments() > spec.maxSegments()) {
            return new RenderResult.Skip(Reason.TOO_LONG, "the message takes " + length.segments() + " segments ("
                    + length.characters() + " characters, " + length.encoding()
                    + (marketing ? ", opt-out footer included" : "") + "), more than the budget of "
                    + spec.maxSegments());
        }
        return new RenderResult.Message(body, length);
    }

    /**
     * An audience written as a Liquid condition, such as {@code customer.tags contains "Member"}.
     *
     * @throws TemplateException with reason {@code INVALID_AUDIENCE_CONDITION} listing every problem
     */
    public LiquidAudience audience(String condition) {
        Checks.notNull(condition, "condition");
        CompiledTemplate compiled = runtime.condition(condition);
        if (!compiled.valid()) {
            throw new TemplateException(TemplateException.Reason.INVALID_AUDIENCE_CONDITION, compiled.errors());
        }
        return new LiquidAudience(condition, runtime, compiled);
    }

    /** Every problem in an audience condition, with line and column in the condition; empty when it is valid. */
    public List<TemplateProblem> checkAudience(String condition) {
        Checks.notNull(condition, "condition");
        return runtime.condition(condition).errors();
    }

    private static AudienceSubject sample() {
        Customer customer = Customer.builder("sample-customer").name("Ann", "Smith").tags(Set.of("Member"))
                .attributes(Map.of("FirstVisit", "true")).build();
        Event event = new Event("sample-event", "Hamilton", Duration.ofMinutes(165),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345")));
        Venue venue = new Venue("sample-venue", "Victoria Palace Theatre", ZoneId.of("Europe/London"));
        Performance performance = Performance.of("sample-performance", event, LocalDateTime.of(2026, 3, 14, 19, 30));
        Booking booking = Booking.of("sample-booking", customer.id(), performance.id(),
                Instant.parse("2026-02-01T10:00:00Z"));
        return new AudienceSubject(customer, booking, performance, venue);
    }

    /**
     * Configures a {@link TemplateEngine}. Each value may be set once; setting one twice is a mistake
     * that {@link #build()} would otherwise hide.
     */
    public static final class Builder {
        private TemplateFunctions functions = TemplateFunctions.none();
        private String optOutFooter = DEFAULT_OPT_OUT_FOOTER;
        private TemplateLimits limits = TemplateLimits.defaults();
        private Locale locale = Locale.UK;
        private AudienceSubject sampleRecipient = SAMPLE;
        private final java.util.Set<String> set = new java.util.HashSet<>();

        private Builder() {
        }

        private void once(String name) {
            Checks.require(set.add(name), "templateEngine." + name, "was already set");
        }

        /** The functions templates may call besides the built-ins (default: none). */
        public Builder functions(TemplateFunctions functions) {
            once("functions");
            this.functions = Checks.notNull(functions, "functions");
            return this;
        }

        /**
         * The footer appended to marketing messages (default {@value #DEFAULT_OPT_OUT_FOOTER}). It must
         * name the STOP keyword, which is what the inbound handler recognises.
         */
        public Builder optOutFooter(String footer) {
            once("optOutFooter");
            Checks.notBlank(footer, "optOutFooter");
            Checks.require(footer.toUpperCase(Locale.ROOT).contains("STOP"), "optOutFooter",
                    "must tell people to reply STOP but was '" + footer + "'");
            Checks.require(footer.strip().length() <= 60, "optOutFooter",
                    "must be at most 60 characters but was " + footer.strip().length());
            this.optOutFooter = footer.strip();
            return this;
        }

        /** Safety caps (default {@link TemplateLimits#defaults()}). */
        public Builder limits(TemplateLimits limits) {
            once("limits");
            this.limits = Checks.notNull(limits, "limits");
            return this;
        }

        /** The language of month and day names printed by {@code date} (default {@link Locale#UK}). */
        public Builder locale(Locale locale) {
            once("locale");
            this.locale = Checks.notNull(locale, "locale");
            return this;
        }

        /** The recipient previews are rendered for (default {@link TemplateEngine#sampleRecipient()}). */
        public Builder sampleRecipient(AudienceSubject sample) {
            once("sampleRecipient");
            this.sampleRecipient = Checks.notNull(sample, "sampleRecipient");
            return this;
        }

        /** The engine. */
        public TemplateEngine build() {
            return new TemplateEngine(this);
        }
    }
}
