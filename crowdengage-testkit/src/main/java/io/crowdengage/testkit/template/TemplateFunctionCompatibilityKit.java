package io.crowdengage.testkit.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.StepId;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.RenderResult;
import io.crowdengage.template.Returns;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.template.TemplateValidation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TemplateFunction} keeps, as tests, in the manner of Micrometer's
 * {@code MeterRegistryCompatibilityKit}. A function's test class extends it and says which function
 * to test and with which arguments it gives a value:
 *
 * <pre>{@code
 * class ShowScoreUrlCompatibilityTest extends TemplateFunctionCompatibilityKit {
 *     @Override protected TemplateFunction function() { return links; }
 *     @Override protected List<Object> arguments() { return List.of("12345"); }
 *     @Override protected OptionalLong ioCount() { return OptionalLong.of(fakeServer.requestCount()); }
 *     @Override protected boolean oneValuePerRecipient() { return true; }
 * }
 * }</pre>
 *
 * <p>The kit checks that the function registers (a valid name, arity and length declaration), that
 * it never answers null, blank or over its declared maximum, that it renders through a
 * {@link TemplateEngine}, that previews and audience conditions never reach a function that may do
 * I/O (counted through {@link #ioCount()}), and that it is safe to call from many threads at once.
 * A function that declares {@link #oneValuePerRecipient()} (a partner link) is also held to that:
 * different recipients or steps get different values, the same recipient and step the same one,
 * even when asked from several threads at once.
 *
 * <p>The function under test must give values for {@link #arguments()} throughout a test (no
 * simulated outages). JUnit creates a new test instance for every test, so a function held in a
 * field is fresh for each. Recipients come from {@link #recipient(int)}: distinct customers, bookings
 * and mobiles for one performance; the arguments also sit in that performance's event as
 * {@code event.raw.kit_arg_0}, {@code kit_arg_1}..., which is how the kit's templates pass them.
 */
public abstract class TemplateFunctionCompatibilityKit {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Venue VENUE = new Venue("kit-venue", "The Kit Theatre", LONDON);
    private static final StepId STEP = StepId.of("kit-step");
    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 25;

    /** The function under test, the same object for the whole of one test. */
    protected abstract TemplateFunction function();

    /** Arguments for which the function gives a value; exactly {@code arity()} of them. */
    protected abstract List<Object> arguments();

    /**
     * How many I/O operations (requests to a partner, say) the function has made so far in this
     * test, for the checks that previews and conditions make none. Empty, the default, if the test
     * cannot observe it; those checks are then skipped.
     */
    protected OptionalLong ioCount() {
        return OptionalLong.empty();
    }

    /**
     * Whether the function gives each recipient and step its own value and keeps giving the same
     * one (partner links). False by default: the one-value-per-recipient group is skipped.
     */
    protected boolean oneValuePerRecipient() {
        return false;
    }

    /** Recipient {@code n}: its own customer, booking and mobile, for one performance tonight. */
    protected final AudienceSubject recipient(int n) {
        Map<String, Object> raw = new LinkedHashMap<>();
        List<Object> arguments = arguments();
        for (int i = 0; i < arguments.size(); i++) {
            raw.put("kit_arg_" + i, arguments.get(i));
        }
        Event event = new Event("kit-event", "The Kit Show", Duration.ofMinutes(150), RawAttributes.of(raw));
        Performance performance = Performance.of("kit-performance", event, LocalDateTime.of(2026, 3, 14, 19, 30));
        PhoneNumber mobile = PhoneNumber.ofE164("+4474009" + String.format("%05d", n));
        Customer customer = Customer.builder("kit-customer-" + n).name("Kit" + n, "Tester").mobile(mobile).build();
        Booking booking = Booking.of("kit-booking-" + n, customer.id(), performance.id(),
                Instant.parse("2026-03-01T10:00:00Z"));
        return new AudienceSubject(customer, booking, performance, VENUE);
    }

    /** The context of a real (not preview) render of the kit's step for recipient {@code n}. */
    protected final FunctionContext context(int n) {
        return context(n, STEP);
    }

    private FunctionContext context(int n, StepId step) {
        return new FunctionContext(Optional.of(step), recipient(n), false);
    }

    private String callFor(FunctionContext context) throws Exception {
        Object value = function().call(context, List.copyOf(arguments()));
        assertThat(value).as("the value of %s for %s", function().name(), context.booking().id()).isNotNull();
        return value.toString();
    }

    private String callExpression(String firstArgument) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < function().arity(); i++) {
            parts.add(firstArgument != null ? firstArgument : "event.raw.kit_arg_" + i);
        }
        return function().name() + "(" + String.join(", ", parts) + ")";
    }

    private TemplateEngine engine() {
        return TemplateEngine.builder().functions(TemplateFunctions.builder().register(function()).build()).build();
    }

    private void assertWellFormed(String value, String what) {
        Returns returns = function().returns();
        assertThat(value).as(what).isNotBlank();
        assertThat(value.length()).as("length of %s, declared at most %s", what, returns.maxLength())
                .isLessThanOrEqualTo(returns.maxLength());
    }

    private <T> List<T> onManyThreads(int tasks, IntTaskFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int index = i;
                Callable<T> callable = () -> {
                    start.await();
                    return task.apply(index);
                };
                futures.add(pool.submit(callable));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task given its index; may throw. */
    @FunctionalInterface
    private interface IntTaskFunction<T> {
        T apply(int index) throws Exception;
    }

    @Nested
    @DisplayName("registration")
    class Registration {
        @Test
        @DisplayName("it registers: a valid name, arity and length declaration")
        void registers() {
            assertThatCode(() -> TemplateFunctions.builder().register(function()).build()).doesNotThrowAnyException();
            assertThat(TemplateFunctions.builder().register(function()).build().find(function().name()))
                    .containsSame(function());
        }

        @Test
        @DisplayName("the kit's arguments match its arity")
        void argumentsMatchArity() {
            assertThat(arguments()).as("arguments() for a function of arity %s", function().arity())
                    .hasSize(function().arity()).doesNotContainNull();
        }

        @Test
        @DisplayName("it says what it returns, with a typical length above zero")
        void declaresItsLength() {
            Returns returns = function().returns();
            assertThat(returns).isNotNull();
            assertThat(returns.typicalLength()).isPositive();
            assertThat(function().returns()).as("the same declaration every time").isEqualTo(returns);
            assertThat(function().name()).as("the same name every time").isEqualTo(function().name());
        }
    }

    @Nested
    @DisplayName("calls")
    class Calls {
        @Test
        @DisplayName("a call gives text: never null, never blank, never over the declared maximum")
        void givesWellFormedText() throws Exception {
            for (int n = 0; n < 5; n++) {
                assertWellFormed(callFor(context(n)), "the value for recipient " + n);
            }
        }

        @Test
        @DisplayName("it renders through the template engine into a message holding the value")
        void rendersThroughTheEngine() {
            String template = "Hello {{ customer.first_name }}: {{ " + callExpression(null) + " }}";
            RenderResult result = engine().render(MessageSpec.of(template, MessageKind.TRANSACTIONAL), recipient(0));
            assertThat(result).as("rendering %s", template).isInstanceOf(RenderResult.Message.class);
            String body = ((RenderResult.Message) result).body();
            assertThat(body).startsWith("Hello Kit0: ");
            assertWellFormed(body.substring("Hello Kit0: ".length()), "the rendered value");
        }
    }

    @Nested
    @DisplayName("previews and conditions")
    class Previews {
        @Test
        @DisplayName("previewValue gives text: never null, never blank, never over the declared maximum")
        void previewValueIsWellFormed() {
            Object preview = function().previewValue(List.copyOf(arguments()));
            assertThat(preview).isNotNull();
            assertWellFormed(preview.toString(), "the preview value");
        }

        @Test
        @DisplayName("validating a template that calls it does no I/O when the function may do I/O")
        void previewsDoNoIo() {
            assumeTrue(function().mayDoIo(), "the function does no I/O");
            OptionalLong before = ioCount();
            assumeTrue(before.isPresent(), "the test does not observe the function's I/O");
            TemplateValidation validation = engine().validate(MessageSpec.of("Review: {{ " + callExpression(null)
                    + " }}", MessageKind.TRANSACTIONAL), recipient(0));
            assertThat(validation.errors()).isEmpty();
            assertThat(validation.preview()).hasValueSatisfying(preview -> assertThat(preview)
                    .isEqualTo("Review: " + function().previewValue(List.copyOf(arguments()))));
            assertThat(ioCount().getAsLong()).as("I/O operations after a preview").isEqualTo(before.getAsLong());
        }

        @Test
        @DisplayName("an audience condition may not call it when it may do I/O")
        void refusedInConditions() {
            assumeTrue(function().mayDoIo(), "the function does no I/O");
            assertThat(engine().checkAudience(callExpression("customer.first_name")))
                    .as("problems with an audience condition calling %s", function().name()).isNotEmpty();
        }
    }

    @Nested
    @DisplayName("threads")
    class Threads {
        @Test
        @DisplayName("calls from many threads at once all succeed with well-formed values")
        void manyThreadsAtOnce() throws Exception {
            List<String> values = onManyThreads(THREADS * CALLS_PER_THREAD, i -> callFor(context(i)));
            assertThat(values).hasSize(THREADS * CALLS_PER_THREAD)
                    .allSatisfy(value -> assertWellFormed(value, "a value made concurrently"));
            if (oneValuePerRecipient()) {
                assertThat(new HashSet<>(values)).as("one value per recipient, even made concurrently")
                        .hasSize(values.size());
            }
        }
    }

    @Nested
    @DisplayName("one value per recipient")
    class OneValuePerRecipient {
        @Test
        @DisplayName("different recipients get different values")
        void differentRecipientsDiffer() throws Exception {
            assumeTrue(oneValuePerRecipient(), "the function does not give one value per recipient");
            Set<String> values = IntStream.range(0, 20).mapToObj(n -> {
                try {
                    return callFor(context(n));
                } catch (Exception e) {
                    throw new AssertionError("call for recipient " + n + " failed", e);
                }
            }).collect(Collectors.toSet());
            assertThat(values).hasSize(20);
        }

        @Test
        @DisplayName("another step for the same recipient gets another value")
        void differentStepsDiffer() throws Exception {
            assumeTrue(oneValuePerRecipient(), "the function does not give one value per recipient");
            assertThat(callFor(context(0, StepId.of("kit-reminder")))).isNotEqualTo(callFor(context(0)));
        }

        @Test
        @DisplayName("the same recipient and step get the same value again, even asked from many threads at once")
        void sameRecipientSameValue() throws Exception {
            assumeTrue(oneValuePerRecipient(), "the function does not give one value per recipient");
            List<String> values = onManyThreads(THREADS * 4, i -> callFor(context(7)));
            assertThat(new HashSet<>(values)).as("values for one recipient and step").hasSize(1);
            assertThat(callFor(context(7))).isEqualTo(values.get(0));
        }
    }
}
