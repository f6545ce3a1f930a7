package io.crowdengage.examples;

import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.Candidate;
import io.crowdengage.engine.EngineSettings;
import io.crowdengage.engine.Plan;
import io.crowdengage.engine.SchedulingEngine;
import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.engine.SendKey;
import io.crowdengage.engine.Snapshot;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Venue;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedding snippet shown in README.md, compiled and tested so that it stays true. The code
 * between the {@code README:start} and {@code README:end} markers is the README's, character for
 * character (a test checks).
 */
public final class QuickStart {
    private QuickStart() {
    }

    /** What the README shows: the seeds' review request, planned from a ticketing system's data. */
    public static List<Candidate> dueNow(SeasonSnapshot season, Instant now) {
        // README:start
        Venue venue = new Venue("playhouse", "The Playhouse", ZoneId.of("Europe/London"));
        Flow defaultFlow = Flow.of("Default Flow", List.of(
                FlowStep.builder("showscore-review")
                        .name("Show-Score review request (3 hours post-show)")
                        .template("{% if event.raw.attribute_ShowScoreID %}{{ customer.first_name }}, "
                                + "please review {{ event.name }}: {{ show_score_url(event.raw.attribute_ShowScoreID) }}"
                                + "{% endif %}")
                        .performances(PerformanceFilter.eventHasAttribute("attribute_ShowScoreID"))
                        .timing(Timing.afterStart(0, 3, 0))
                        .build()));
        SchedulingEngine engine = SchedulingEngine.create(EngineSettings.of(venue), List.of(defaultFlow));

        InMemoryConsentLedger consent = InMemoryConsentLedger.create();
        Set<SendKey> claimed = new HashSet<>();
        Plan plan = engine.plan(new Snapshot(season, consent::history, claimed::contains), now);
        plan.skips().forEach(skip -> System.out.println(skip.key() + " not sent: " + skip.decision().explanation()));
        return plan.sends();
        // README:end
    }
}
