package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.ticketing.TicketingSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The wiring shown in the module README, compiled and run against the fake. */
@DisplayName("The README's wiring")
class WiringExampleTest {

    @Test
    @DisplayName("registers show_score_url and its prefetch, and sends the review request with a real link")
    void readmeWiring() {
        ReviewSeason season = new ReviewSeason();
        try (FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(season.clock).start()) {
            showScore.addShow("12345", "Hamlet");
            season.performance("P1", "Hamlet", "12345");
            season.bookers("P1", 2);
            ShowScoreConfig config = showScore.configBuilder().build();   // in production: see below

            CrowdEngage crowdEngage = wire(season.boxOffice, season.sms,
                    VenueSettings.builder(ReviewSeason.VENUE, Sender.number(PhoneNumber.parse("07400 900100", "GB")))
                            .build(), config, season.clock);

            season.tickUntil(crowdEngage, ReviewSeason.REVIEW_DUE, Duration.ofMinutes(1));
            assertThat(season.sms.all()).hasSize(2).allSatisfy(m -> assertThat(m.body())
                    .contains("on Show-Score:\n" + FakeShowScoreServer.DEFAULT_REVIEW_URL_BASE));
            assertThat(showScore.requestCount(FakeShowScoreServer.Endpoint.BULK_GENERATE)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("is the code the module README shows, character for character")
    void readmeShowsThisCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/crowdengage/showscore/WiringExampleTest.java"));
        String readme = Files.readString(Path.of("README.md"));
        for (String marker : List.of("README", "README-config")) {
            String snippet = source.substring(source.indexOf("// " + marker + ":start\n") + marker.length() + 10,
                    source.indexOf("        // " + marker + ":end"));
            String dedented = snippet.lines().map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                    .collect(Collectors.joining("\n"));
            assertThat(readme).as("the %s snippet", marker).contains(dedented);
        }
    }

    /** The README's wiring, word for word. */
    static CrowdEngage wire(TicketingSystem boxOffice, SmsProvider smsProvider, VenueSettings venueSettings,
                            ShowScoreConfig config, Clock clock) {
        // README:start
        ShowScorePartnerLinks links = ShowScorePartnerLinks.create(config);
        FlowStep reviewRequest = FlowStep.builder("showscore-review")
                .name("Show-Score review request (3 hours post-show)")
                .template("{% if event.raw.attribute_ShowScoreID %}\n"
                        + "{{ customer.first_name }}, please help the theatre community by leaving your review of"
                        + " {{ event.name }} on Show-Score:\n"
                        + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
                        + "{% endif %}")
                .performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID"))
                .timing(Timing.afterStart(0, 3, 0))
                .build();
        CrowdEngage crowdEngage = CrowdEngage.builder()
                .ticketingSystem(boxOffice)
                .smsProvider(smsProvider)
                .venueSettings(venueSettings)
                .flows(List.of(Flow.of("Default Flow", List.of(reviewRequest))))
                .templateFunctions(TemplateFunctions.builder().register(links).build())  // show_score_url(...)
                .renderPreparer(links)                                                  // bulk prefetch per tick
                .clock(clock)
                .build();
        // README:end
        return crowdEngage;
    }

    @Test
    @DisplayName("the production configuration in the README builds")
    void productionConfig() {
        // README-config:start
        ShowScoreConfig config = ShowScoreConfig.builder()
                .apiKey("your-partner-key")            // System.getenv("SHOW_SCORE_PARTNER_KEY") in production
                .build();                              // one ValidationException listing every problem
        // README-config:end
        assertThat(config.generateBaseUrl()).isEqualTo("https://show-score.com");
        assertThat(config.toString()).doesNotContain("your-partner-key");
    }
}
