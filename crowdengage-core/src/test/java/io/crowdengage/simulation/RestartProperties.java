package io.crowdengage.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.MessagePurpose;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.sms.PhoneNumber;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The demo weekend, run through a restart at any minute, down for any time up to three hours, on
 * stores that outlive the process (what a durable store gives): nothing is sent twice; a restart
 * with no downtime sends exactly what an uninterrupted run sends; and whatever an uninterrupted run
 * sent that the restarted one did not is accounted for by a decision about it, never silently lost.
 * No STOP is forgotten: nothing but its confirmation goes to a number once it has said STOP.
 */
class RestartProperties {
    static final Scenario DEMO = demo();
    static final Simulation.Report UNINTERRUPTED = Simulation.of(DEMO).run(e -> { });
    static final int MINUTES = (int) Duration.between(DEMO.simulate().from(), DEMO.simulate().until()).toMinutes();

    static Scenario demo() {
        try (InputStream in = RestartProperties.class.getResourceAsStream("/io/crowdengage/simulation/demo-weekend.json")) {
            return ScenarioReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)).scenario();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What identifies a flow message (purpose, step, performance, number) or a notice (purpose and
     * number: one per number, and a decision not to send one names the booking's performance while a
     * sent one names none).
     */
    static List<Object> key(DecisionEvent e) {
        String number = e.to().map(PhoneNumber::e164).orElse("");
        return e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE ? List.of(e.purpose(), "", "", number)
                : List.of(e.purpose(), e.step().map(Object::toString).orElse(""), e.performance().orElse(""), number);
    }

    static Set<List<Object>> sentKeys(Simulation.Report report) {
        return report.decisions().stream().filter(e -> e.outcome() == Outcome.SENT)
                .filter(e -> e.step().isPresent() || e.purpose() == MessagePurpose.SOFT_OPT_IN_NOTICE)
                .map(RestartProperties::key).collect(Collectors.toSet());
    }

    @Property(tries = 60)
    void aRestartSendsNothingTwiceAndLosesNothingUnreported(@ForAll @IntRange(min = 0, max = 4320) int atMinute,
                                                           @ForAll @IntRange(min = 0, max = 180) int downMinutes) {
        Instant at = DEMO.simulate().from().plus(Duration.ofMinutes(Math.min(atMinute, MINUTES)));
        Simulation.Report restarted = Simulation.of(DEMO)
                .restartingAt(List.of(new Simulation.Restart(at, Duration.ofMinutes(downMinutes)))).run(e -> { });

        assertThat(UNINTERRUPTED.sentTwice()).isEmpty();
        assertThat(restarted.sentTwice()).isEmpty();
        Set<List<Object>> before = sentKeys(UNINTERRUPTED);
        Set<List<Object>> after = sentKeys(restarted);
        if (downMinutes == 0) {
            assertThat(after).isEqualTo(before);
        }
        Set<List<Object>> decided = restarted.decisions().stream().map(RestartProperties::key).collect(Collectors.toSet());
        assertThat(before).allSatisfy(key -> assertThat(decided).as("a decision about %s", key).contains(key));
        for (DecisionEvent stop : restarted.decisions()) {
            if (stop.purpose() == MessagePurpose.OPT_OUT_CONFIRMATION && stop.outcome() == Outcome.SENT) {
                assertThat(restarted.decisions()).filteredOn(e -> e.outcome() == Outcome.SENT
                        && e.to().equals(stop.to()) && e.at().isAfter(stop.at())).isEmpty();
            }
        }
    }

    /** Down from Saturday 16:32 to 19:30: Fatima books at 18:30, and her notice is too late once it can be decided. */
    @Example
    void aNoticeDueWhileDownIsDecidedTooLate() {
        aRestartSendsNothingTwiceAndLosesNothingUnreported(1892, 178);
    }

    @Property(tries = 10)
    void severalRestartsSendNothingTwice(@ForAll @IntRange(min = 0, max = 4320) int first,
                                         @ForAll @IntRange(min = 1, max = 600) int gap,
                                         @ForAll @IntRange(min = 0, max = 30) int downMinutes) {
        Instant at = DEMO.simulate().from().plus(Duration.ofMinutes(Math.min(first, MINUTES)));
        List<Simulation.Restart> restarts = List.of(new Simulation.Restart(at, Duration.ofMinutes(downMinutes)),
                new Simulation.Restart(at.plus(Duration.ofMinutes(downMinutes + gap)), Duration.ZERO),
                new Simulation.Restart(at.plus(Duration.ofMinutes(downMinutes + 2L * gap)), Duration.ofMinutes(downMinutes)));

        Simulation.Report restarted = Simulation.of(DEMO).restartingAt(restarts).run(e -> { });

        assertThat(restarted.sentTwice()).isEmpty();
    }

    @Example
    void sentTwiceCountsANumbersSecondNoticeWhateverThePerformance() {
        PhoneNumber number = PhoneNumber.ofE164("+447400100001");
        Instant at = DEMO.simulate().from();
        List<DecisionEvent> decisions = List.of(
                DecisionEvent.about(at, Outcome.SENT, Optional.empty(), MessagePurpose.SOFT_OPT_IN_NOTICE,
                        Optional.empty(), Optional.of("P1"), Optional.of("C1"),
                        Optional.of(number), "sent"),
                DecisionEvent.about(at.plusSeconds(60), Outcome.SENT, Optional.empty(),
                        MessagePurpose.SOFT_OPT_IN_NOTICE, Optional.empty(), Optional.of("P2"),
                        Optional.of("C2"), Optional.of(number), "sent"));

        Simulation.Report report = new Simulation.Report(decisions, Map.of(Outcome.SENT, 2), 2, 2);

        assertThat(report.sentTwice()).containsExactly(decisions.get(1));
    }
}
