package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.spektrix.testing.Fault;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingException.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What Spektrix sends back ends up in exception messages, and they end up in logs: a malformed or
 * refused answer is described by its status, the JSON path and position of the error, never by
 * quoting the body, which holds a customer's name, email and mobile.
 */
@DisplayName("Failures reading Spektrix carry no personal data")
class NoPersonalDataInFailuresTest {
    private static final String FIRST = "Philippa";
    private static final String LAST = "Quaint";
    private static final String EMAIL = "philippa.quaint@example.org";
    private static final String MOBILE = "07400 100001";
    /** Every form the mobile could appear in, and the other personal data. */
    private static final List<String> PERSONAL = List.of(FIRST, LAST, EMAIL, MOBILE, "07400100001", "+447400100001",
            "447400100001", "7400100001", "7400 100001");

    private final MutableClock clock = MutableClock.at(Instant.parse("2025-06-10T12:00:00Z"));
    private final FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock)
            .venueZone(ZoneId.of("Europe/London")).start();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final SpektrixTicketingSystem ticketing = SpektrixTicketingSystem.builder(spektrix.configBuilder()
                    .requestTimeout(Duration.ofMillis(500))
                    .retryPolicy(new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(5))).build())
            .clock(clock).sleeper(waits::add).build();
    private final String customer = spektrix.addCustomer(FakeCustomer.named(FIRST, LAST).withEmail(EMAIL)
            .withMobile(MOBILE));

    @AfterEach
    void stop() {
        spektrix.close();
    }

    @Test
    @DisplayName("a body that is not JSON: the field path and the position, not the body or Jackson's quote of it")
    void malformedBody() {
        // An unquoted value: Jackson's own message quotes the token ("Unrecognized token 'Philippa'").
        spektrix.failNext(1, "customers/", Fault.answer(200, "{\"id\":\"" + customer + "\",\"firstName\":" + FIRST
                + ",\"lastName\":\"" + LAST + "\",\"email\":\"" + EMAIL + "\",\"mobile\":\"" + MOBILE + "\"}"));

        TicketingException e = failure();

        assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("customer '" + customer + "'").contains("not JSON")
                .contains("/firstName").contains("line 1");
        assertNoPersonalData(e);
    }

    @Test
    @DisplayName("an answer cut off halfway: said to end early, without quoting what did arrive")
    void truncatedBody() {
        spektrix.failNext(1, "customers/", Fault.truncatedAnswer());

        TicketingException e = failure();

        assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("customer '" + customer + "'").contains("ends early");
        assertNoPersonalData(e);
    }

    @Test
    @DisplayName("a refusal whose message quotes the customer: its status and size, not its text")
    void refusalQuotingTheCustomer() {
        spektrix.failNext(1, "customers/", Fault.answer(400, "{\"message\":\"Customer " + FIRST + " " + LAST + " <"
                + EMAIL + ">, mobile " + MOBILE + ", is locked\",\"customer\":{\"firstName\":\"" + FIRST + "\"}}"));

        TicketingException e = failure();

        assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("400").contains("customer '" + customer + "'")
                .contains("bytes");
        assertNoPersonalData(e);
    }

    @Test
    @DisplayName("a customer record whose id is not text: its type is named, its content is not quoted")
    void wrongTypeOfField() throws Exception {
        JsonNode node = new ObjectMapper().readTree("{\"id\":{\"firstName\":\"" + FIRST + "\",\"email\":\"" + EMAIL
                + "\"},\"mobile\":\"" + MOBILE + "\"}");

        TicketingException e = catchThrowableOfType(TicketingException.class,
                () -> new SpektrixJson(new ObjectMapper()).customer(node, "GB", Map.of(), Map.of()));

        assertThat(e.getMessage()).contains("'id'").contains("an object");
        assertNoPersonalData(e);
    }

    @Test
    @DisplayName("a date that is not a date: named with its field, and a number or an email in it is not repeated")
    void wrongDate() throws Exception {
        JsonNode node = new ObjectMapper().readTree("{\"id\":\"I1\",\"event\":{\"id\":\"E1\"},\"start\":\"" + EMAIL
                + "\",\"cancelled\":false}");

        TicketingException e = catchThrowableOfType(TicketingException.class,
                () -> new SpektrixJson(new ObjectMapper()).instance(node));

        assertThat(e.getMessage()).contains("instance 'I1' field 'start'");
        assertNoPersonalData(e);
    }

    private TicketingException failure() {
        return catchThrowableOfType(TicketingException.class, () -> ticketing.customer(customer));
    }

    /** The message, every cause's message and the whole stack trace as a log would print it. */
    static void assertNoPersonalData(Throwable e) {
        assertThat(e).isNotNull();
        StringWriter printed = new StringWriter();
        e.printStackTrace(new PrintWriter(printed));
        for (String personal : PERSONAL) {
            assertThat(printed.toString()).as("the printed failure, which a log would hold").doesNotContain(personal);
        }
    }
}
