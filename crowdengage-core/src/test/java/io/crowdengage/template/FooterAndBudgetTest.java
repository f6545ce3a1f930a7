package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.engine.Reason;
import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.sms.SmsEncoding.Encoding;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Opt-out footer and segment budget")
class FooterAndBudgetTest {
    private static final String FOOTER = "\nReply STOP to opt out";
    private final TemplateEngine engine = Fixtures.engine();
    private final AudienceSubject ann = Fixtures.recipient("Ann", Map.of());

    private RenderResult render(String template, MessageKind kind, int maxSegments) {
        return engine.render(new MessageSpec(Optional.empty(), template, kind, maxSegments, false), ann);
    }

    @Test
    @DisplayName("marketing messages get the footer on its own line; transactional ones do not")
    void footer() {
        assertThat(render("Drinks at 6?", MessageKind.MARKETING, 3)).isInstanceOfSatisfying(RenderResult.Message.class,
                m -> assertThat(m.body()).isEqualTo("Drinks at 6?\nReply STOP to opt out"));
        assertThat(render("Doors at 6", MessageKind.TRANSACTIONAL, 3)).isInstanceOfSatisfying(
                RenderResult.Message.class, m -> assertThat(m.body()).isEqualTo("Doors at 6"));
    }

    @Test
    @DisplayName("a marketing message that is blank stays unsent: the footer alone is not a message")
    void blankMarketing() {
        assertThat(render("{% if event.raw.none %}Offer{% endif %}", MessageKind.MARKETING, 3))
                .isInstanceOfSatisfying(RenderResult.Skip.class,
                        s -> assertThat(s.reason()).isEqualTo(Reason.BLANK_MESSAGE));
    }

    @Test
    @DisplayName("the footer counts: 138 + footer = 160 fits one segment, 139 + footer does not")
    void footerAtTheBoundary() {
        int room = 160 - FOOTER.length();
        assertThat(room).isEqualTo(138);
        RenderResult fits = render("y".repeat(room), MessageKind.MARKETING, 1);
        assertThat(fits).isInstanceOfSatisfying(RenderResult.Message.class, m -> {
            assertThat(m.length().characters()).isEqualTo(160);
            assertThat(m.length().segments()).isEqualTo(1);
        });
        assertThat(render("y".repeat(room + 1), MessageKind.MARKETING, 1)).isEqualTo(new RenderResult.Skip(
                Reason.TOO_LONG, "the message takes 2 segments (161 characters, GSM_7, opt-out footer included), "
                + "more than the budget of 1"));
        assertThat(render("y".repeat(room + 1), MessageKind.TRANSACTIONAL, 1)).isInstanceOf(RenderResult.Message.class);
    }

    @Test
    @DisplayName("three segments hold 459 GSM-7 characters; one more is TOO_LONG, never truncated")
    void defaultBudget() {
        assertThat(render("y".repeat(459), MessageKind.TRANSACTIONAL, 3)).isInstanceOfSatisfying(
                RenderResult.Message.class, m -> assertThat(m.length().segments()).isEqualTo(3));
        assertThat(render("y".repeat(460), MessageKind.TRANSACTIONAL, 3)).isInstanceOfSatisfying(
                RenderResult.Skip.class, s -> assertThat(s.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    @DisplayName("UCS-2 text has 70 characters in one segment, 67 per segment after")
    void ucs2Budget() {
        String curly = "\u2019";
        assertThat(render(curly + "y".repeat(69), MessageKind.TRANSACTIONAL, 1)).isInstanceOfSatisfying(
                RenderResult.Message.class, m -> assertThat(m.length().encoding()).isEqualTo(Encoding.UCS_2));
        assertThat(render(curly + "y".repeat(70), MessageKind.TRANSACTIONAL, 1)).isInstanceOf(RenderResult.Skip.class);
        assertThat(render(curly + "y".repeat(133), MessageKind.TRANSACTIONAL, 2)).isInstanceOf(RenderResult.Message.class);
    }

    @Test
    @DisplayName("a customer name can push a message over budget: it is skipped, not cut")
    void nameOverBudget() {
        AudienceSubject longName = Fixtures.recipient("Z".repeat(150), Map.of());
        assertThat(engine.render(new MessageSpec(Optional.empty(), "Hi {{ customer.first_name }}, doors at 7",
                MessageKind.TRANSACTIONAL, 1, false), longName)).isInstanceOfSatisfying(RenderResult.Skip.class,
                s -> assertThat(s.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    @DisplayName("the footer text is configurable and must name STOP")
    void customFooter() {
        TemplateEngine custom = TemplateEngine.builder().optOutFooter("Text STOP to end offers").build();
        assertThat(custom.render(new MessageSpec(Optional.empty(), "Offer", MessageKind.MARKETING, 1, false), ann))
                .isInstanceOfSatisfying(RenderResult.Message.class,
                        m -> assertThat(m.body()).isEqualTo("Offer\nText STOP to end offers"));
        assertThatThrownBy(() -> TemplateEngine.builder().optOutFooter("Unsubscribe online"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("STOP");
        assertThatThrownBy(() -> TemplateEngine.builder().optOutFooter("Reply STOP").optOutFooter("Reply STOP"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("already set");
    }
}
