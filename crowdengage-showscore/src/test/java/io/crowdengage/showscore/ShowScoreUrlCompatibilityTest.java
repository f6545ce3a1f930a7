package io.crowdengage.showscore;

import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.testkit.template.TemplateFunctionCompatibilityKit;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;

/** {@code show_score_url} passes the template function kit against the fake Show-Score, one link per recipient. */
class ShowScoreUrlCompatibilityTest extends TemplateFunctionCompatibilityKit {
    private final FakeShowScoreServer showScore = FakeShowScoreServer.builder().start();
    private final ShowScorePartnerLinks links;

    ShowScoreUrlCompatibilityTest() {
        showScore.addShow("12345", "The Kit Show");
        links = ShowScorePartnerLinks.create(showScore.configBuilder().build());
    }

    @AfterEach
    void stop() {
        showScore.close();
    }

    @Override
    protected TemplateFunction function() {
        return links;
    }

    @Override
    protected List<Object> arguments() {
        return List.of("12345");
    }

    @Override
    protected OptionalLong ioCount() {
        return OptionalLong.of(showScore.requestCount());
    }

    @Override
    protected boolean oneValuePerRecipient() {
        return true;
    }
}
