package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.showscore.testing.Fault;
import io.crowdengage.template.TemplateFunctionException;
import io.crowdengage.testkit.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Show-Score is never sent personal data, but what comes back is text from outside, and a template
 * may pass the wrong field to {@code show_score_url}: what the function throws and logs masks
 * numbers and emails in Show-Score's error texts, names where a body is not JSON instead of
 * quoting it, and never repeats an argument that is not a show id.
 */
@DisplayName("show_score_url's failures carry no personal data")
class NoPersonalDataInFailuresTest {
    private static final List<String> PERSONAL = List.of("Philippa", "Quaint", "philippa.quaint@example.org",
            "+447400100004", "07400 100004", "07400100004", "7400100004");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-14T22:30:00Z"));
    private final FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).start();
    private final RecordingLog log = new RecordingLog();
    private final ShowScorePartnerLinks links = ShowScorePartnerLinks.builder(showScore.configBuilder()
            .retry(ShowScoreRetry.noRetries(Duration.ofSeconds(30))).build()).sleeper(d -> { }).operatorLog(log).build();

    {
        showScore.addShow(ShowScorePartnerLinksTest.SHOW, "Twelfth Night");
    }

    @AfterEach
    void stop() {
        showScore.close();
    }

    @Test
    @DisplayName("a refusal whose error text quotes a number and an email: both masked in the exception and the log")
    void refusalText() {
        showScore.failNext(1, Endpoint.GENERATE, Fault.answer(422, "{\"success\":false,\"error\":\"recipient"
                + " +447400100004 (philippa.quaint@example.org) is not allowed\"}"));

        TemplateFunctionException e = refusal(ShowScorePartnerLinksTest.SHOW);

        assertThat(e.getMessage()).contains("HTTP 422").contains("+44********04").contains("<email>");
        assertNoPersonalData(e);
        assertThat(log.warnings).isNotEmpty();
        assertThat(String.join("\n", log.warnings)).doesNotContain("+447400100004").doesNotContain("@example.org");
    }

    @Test
    @DisplayName("a success that is not JSON: where it breaks, not Jackson's quote of the offending token")
    void notJson() {
        showScore.failNext(1, Endpoint.GENERATE, Fault.answer(200, "{\"success\":true,\"note\":Philippa Quaint}"));

        TemplateFunctionException e = refusal(ShowScorePartnerLinksTest.SHOW);

        assertThat(e.getMessage()).contains("not JSON").contains("line 1").contains("/note");
        assertNoPersonalData(e);
        log.warnings.forEach(w -> assertThat(w).doesNotContain("Philippa"));
    }

    @Test
    @DisplayName("an argument that is not a show id (a name or an email passed by mistake) is described, not repeated")
    void argumentNotRepeated() {
        for (String wrong : List.of("Philippa Quaint", "philippa.quaint@example.org", "+447400100004")) {
            TemplateFunctionException e = refusal(wrong);
            assertThat(e.reason()).isEqualTo(TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT);
            assertThat(e.getMessage()).contains("is not a Show-Score show id").contains(wrong.length() + " characters");
            assertNoPersonalData(e);
        }
        assertThat(showScore.requestCount()).isZero();
    }

    @Test
    @DisplayName("a mobile number passed as the show id is refused before any request, so it reaches neither Show-Score nor the log")
    void phoneNumberAsShowId() {
        for (Object wrong : List.of("07400100004", "447400100004", "00447400100004", 7400100004L, 447400100004L)) {
            TemplateFunctionException e = refusal(wrong);
            assertThat(e.reason()).isEqualTo(TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT);
            assertThat(e.getMessage()).contains("phone number");
            assertNoPersonalData(e);
        }
        assertThat(showScore.requestCount()).isZero();
        assertThat(links.call(ShowScorePartnerLinksTest.context(0, "review"), List.of(12345))).as("a short number is a show id")
                .isNotNull();
    }

    private TemplateFunctionException refusal(Object argument) {
        return catchThrowableOfType(TemplateFunctionException.class,
                () -> links.call(ShowScorePartnerLinksTest.context(0, "review"), new ArrayList<>(List.of(argument))));
    }

    /** The message, every cause's message and the whole stack trace as a log would print it. */
    private static void assertNoPersonalData(Throwable e) {
        assertThat(e).isNotNull();
        StringWriter printed = new StringWriter();
        e.printStackTrace(new PrintWriter(printed));
        for (String personal : PERSONAL) {
            assertThat(printed.toString()).as("the printed failure, which a log would hold").doesNotContain(personal);
        }
    }
}
