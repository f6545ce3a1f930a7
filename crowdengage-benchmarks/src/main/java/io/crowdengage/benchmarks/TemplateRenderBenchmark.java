package io.crowdengage.benchmarks;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.RenderResult;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateLimits;
import io.crowdengage.template.internal.LiquidRuntime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import liqp.TemplateContext;
import liqp.TemplateParser;
import liqp.filters.Filter;
import liqp.nodes.LNode;
import liqp.parser.Flavor;
import liqp.parser.v4.NodeVisitor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering the seed guide's Show-Score review request for one recipient, with the template's
 * parse cached (issue 4: at least 200,000 renders a second on one core, and at most 1.5x the time
 * of a bare Liqp render of the same Liquid).
 *
 * <ul>
 *   <li>{@link #engineRender}: {@link TemplateEngine#render(MessageSpec, AudienceSubject)}, the whole
 *       public path a send takes: cached compile lookup, variables from the recipient, Liqp, the
 *       {@code show_score_url} function, tidying, the footer rule and the GSM-7 segment count, giving
 *       the {@link RenderResult}.</li>
 *   <li>{@link #bareLiqp}: the floor. The Liquid our translator produces for the same template,
 *       parsed once by a plain Liqp parser, its node tree built once and reused, rendered against a
 *       ready-made map holding the values the template reads, with two trivial filters for the
 *       translator's truth test and for {@code show_score_url}. Only Liqp's own per-render work is
 *       left: a context, the tree walk, the lookups and the filters.</li>
 * </ul>
 *
 * <p>Both run in the same fork, one thread. The set-up checks that both give the same text and fails
 * otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TemplateRenderBenchmark {
    /** Step 3 of the seed guide ({@code shared/seeds/002_cb3ab6f535009351.txt}), as pasted. */
    static final String REVIEW_REQUEST = "{% if event.raw.attribute_ShowScoreID %}\n"
            + "{{ customer.first_name }}, please help the theatre community by leaving your review of {{ event.name }}"
            + " on Show-Score:\n"
            + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
            + "{% endif %}";

    private static final String EXPECTED = "Ann, please help the theatre community by leaving your review of Hamilton"
            + " on Show-Score:\nhttps://show-score.test/r/12345/b-1001";

    private TemplateEngine engine;
    private MessageSpec spec;
    private AudienceSubject recipient;

    private TemplateParser bareParser;
    private LNode bareTree;
    private Map<String, Object> bareVariables;

    /** Builds both sides, renders each once and checks they agree with each other and with the seed's intent. */
    @Setup(Level.Trial)
    public void prepare() {
        recipient = recipient();
        engine = TemplateEngine.builder()
                .functions(TemplateFunctions.builder().register(new ShowScoreUrlStub()).build())
                .build();
        // The review request goes out 3 hours after the start as a transactional step (see the seed guide).
        spec = MessageSpec.of(REVIEW_REQUEST, MessageKind.TRANSACTIONAL);
        if (!engine.validate(REVIEW_REQUEST).valid()) {
            throw new IllegalStateException("the seed template should be valid: " + engine.validate(REVIEW_REQUEST));
        }

        // What the translator hands Liqp: read from a runtime built like the engine's (same functions).
        String liquid = new LiquidRuntime(TemplateFunctions.builder().register(new ShowScoreUrlStub()).build(),
                TemplateLimits.defaults(), Locale.UK).template(REVIEW_REQUEST).liquid();
        if (!liquid.contains("show_score_url") || !liquid.contains("{% if ")) {
            throw new IllegalStateException("unexpected translation of the seed template: " + liquid);
        }
        bareParser = new TemplateParser.Builder()
                .withFlavor(Flavor.LIQP)
                .withFilter(new BareTruth(truthFilterName(liquid)))
                .withFilter(new BareShowScoreUrl(recipient.booking().id()))
                .build();
        bareTree = new NodeVisitor(bareParser.insertions, bareParser.filters, bareParser.liquidStyleInclude)
                .visit(bareParser.parse(liquid).getParseTree());
        bareVariables = Map.of(
                "customer", Map.of("first_name", recipient.customer().firstName()),
                "event", Map.of("name", recipient.performance().event().name(),
                        "raw", recipient.performance().event().raw().values()));

        RenderResult result = engineRender();
        if (!(result instanceof RenderResult.Message message)) {
            throw new IllegalStateException("the engine should render a message but gave " + result);
        }
        if (!message.body().equals(EXPECTED) || message.length().segments() != 1 || !message.length().isGsm7()) {
            throw new IllegalStateException("the engine rendered " + message + ", expected one GSM-7 segment of '"
                    + EXPECTED + "'");
        }
        String bare = bareLiqp();
        // Liqp keeps the template's blank first and last lines, which our layer tidies away: compare trimmed.
        if (!bare.strip().equals(message.body())) {
            throw new IllegalStateException("bare Liqp rendered '" + bare + "' but the engine '" + message.body() + "'");
        }
        System.out.printf("%nLiquid rendered by both sides:%n%s%nmessage: %s%n", liquid, message);
    }

    /** The public path a send takes. Target: at least 200,000 a second, at most 1.5x {@link #bareLiqp}'s time. */
    @Benchmark
    public RenderResult engineRender() {
        return engine.render(spec, recipient);
    }

    /** Liqp alone on the same Liquid: a fresh context over a ready map, the cached node tree rendered. */
    @Benchmark
    public String bareLiqp() {
        TemplateContext context = new TemplateContext(bareParser, bareVariables);
        Object rendered = bareTree.render(context);
        return String.valueOf(bareParser.getRenderTransformer().transformObject(context, rendered));
    }

    /** The name of the truth filter the translator wraps {@code if} conditions in, read from the Liquid. */
    private static String truthFilterName(String liquid) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\| (__ce_[a-z]+) %}").matcher(liquid);
        if (!matcher.find()) {
            throw new IllegalStateException("no truth filter in the translated seed template: " + liquid);
        }
        return matcher.group(1);
    }

    private static AudienceSubject recipient() {
        // An ordinary booker: a couple of tags and preferences, as a ticketing adapter delivers them.
        Customer customer = Customer.builder("c-1001").name("Ann", "Smith")
                .tags(Set.of("Member", "Newsletter")).contactPreferences(Set.of("sms"))
                .attributes(Map.of("FirstVisit", "false")).build();
        Event event = new Event("e-7", "Hamilton", Duration.ofMinutes(165),
                RawAttributes.of(Map.of("attribute_ShowScoreID", "12345")));
        Venue venue = new Venue("v-1", "Victoria Palace Theatre", ZoneId.of("Europe/London"));
        Performance performance = Performance.of("p-42", event, LocalDateTime.of(2026, 10, 24, 19, 30));
        Booking booking = Booking.of("b-1001", customer.id(), performance.id(), Instant.parse("2026-09-01T10:00:00Z"));
        return new AudienceSubject(customer, booking, performance, venue);
    }

    /** The same link for the bare side, where a filter has no recipient to ask, so it is given the booking id. */
    private static final class BareShowScoreUrl extends Filter {
        private final String bookingId;

        BareShowScoreUrl(String bookingId) {
            super("show_score_url");
            this.bookingId = bookingId;
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            return "https://show-score.test/r/" + value + "/" + bookingId;
        }
    }

    /** The translator's truth test reduced to what the seed needs: present and not blank. */
    private static final class BareTruth extends Filter {
        BareTruth(String name) {
            super(name);
        }

        @Override
        public Object apply(Object value, TemplateContext context, Object... params) {
            if (value instanceof CharSequence text) {
                return !text.toString().isBlank();
            }
            return value != null && !(value instanceof Collection<?> collection && collection.isEmpty());
        }
    }
}
