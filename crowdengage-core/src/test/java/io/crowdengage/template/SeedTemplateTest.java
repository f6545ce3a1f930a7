package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.Reason;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.sms.SmsEncoding.Encoding;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The seed guide's templates render exactly as pasted")
class SeedTemplateTest {
    private final TemplateEngine engine = Fixtures.engine();

    @Test
    @DisplayName("the fixture holds the seed text byte for byte")
    void fixtureMatchesSeedFile() throws Exception {
        java.nio.file.Path path = java.nio.file.Path.of("/work/shared/seeds/002_cb3ab6f535009351.txt");
        // The shared seed file exists on the team's machines, not necessarily in CI.
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(path));
        String seed = java.nio.file.Files.readString(path);
        assertThat(seed).contains(Fixtures.REVIEW_REQUEST + "\n").contains(Fixtures.REVIEW_REMINDER + "\n");
    }

    @Test
    @DisplayName("review request with a ShowScoreID: the personalised text and the partner link")
    void reviewRequestWithId() {
        RenderResult result = engine.render(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL),
                Fixtures.recipient("Ann", Map.of("attribute_ShowScoreID", "12345")));

        assertThat(result).isInstanceOf(RenderResult.Message.class);
        RenderResult.Message message = (RenderResult.Message) result;
        assertThat(message.body()).isEqualTo("Ann, please help the theatre community by leaving your review of "
                + "Hamilton on Show-Score:\nhttps://show-score.test/r/12345/b42");
        assertThat(message.length().encoding()).isEqualTo(Encoding.GSM_7);
        assertThat(message.length().characters()).isEqualTo(124);
        assertThat(message.length().segments()).isEqualTo(1);
    }

    @Test
    @DisplayName("review reminder with a ShowScoreID")
    void reminderWithId() {
        RenderResult result = engine.render(MessageSpec.of(Fixtures.REVIEW_REMINDER, MessageKind.TRANSACTIONAL),
                Fixtures.recipient("Ann", Map.of("attribute_ShowScoreID", "12345")));

        assertThat(result).isEqualTo(new RenderResult.Message("Ann, have you reviewed the show yet? Please help "
                + "other theatregoers by reviewing Hamilton on Show-Score:\nhttps://show-score.test/r/12345/b42",
                ((RenderResult.Message) result).length()));
        assertThat(((RenderResult.Message) result).length().segments()).isEqualTo(1);
    }

    @Test
    @DisplayName("no ShowScoreID, a blank one or an empty one: nothing is sent (BLANK_MESSAGE)")
    void noIdMeansNoMessage() {
        for (Map<String, Object> raw : java.util.List.<Map<String, Object>>of(Map.of(),
                Map.of("attribute_ShowScoreID", ""), Map.of("attribute_ShowScoreID", "   "),
                Map.of("attribute_Other", "1"))) {
            for (String template : new String[] {Fixtures.REVIEW_REQUEST, Fixtures.REVIEW_REMINDER}) {
                RenderResult result = engine.render(MessageSpec.of(template, MessageKind.TRANSACTIONAL),
                        Fixtures.recipient("Ann", raw));
                assertThat(result).as("raw %s", raw).isInstanceOfSatisfying(RenderResult.Skip.class,
                        skip -> assertThat(skip.reason()).isEqualTo(Reason.BLANK_MESSAGE));
            }
        }
    }

    @Test
    @DisplayName("a numeric ShowScoreID from JSON counts as present")
    void numericId() {
        RenderResult result = engine.render(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL),
                Fixtures.recipient("Ann", Map.of("attribute_ShowScoreID", 987)));
        assertThat(((RenderResult.Message) result).body()).endsWith("https://show-score.test/r/987/b42");
    }

    @Test
    @DisplayName("both seed templates validate, with a preview and length estimates")
    void seedsValidate() {
        TemplateValidation validation = engine.validate(Fixtures.REVIEW_REQUEST);
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.preview()).contains("Ann, please help the theatre community by leaving your review of "
                + "Hamilton on Show-Score:\n" + "x".repeat(45));
        assertThat(validation.typical().orElseThrow().segments()).isEqualTo(1);
        assertThat(validation.worstCase().orElseThrow().segments()).isEqualTo(2);
        assertThat(engine.validate(Fixtures.REVIEW_REMINDER).valid()).isTrue();
    }
}
