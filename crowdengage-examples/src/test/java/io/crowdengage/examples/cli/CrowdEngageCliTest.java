package io.crowdengage.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The command line")
class CrowdEngageCliTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEMO = ROOT.resolve("crowdengage-core/src/main/resources/io/crowdengage/simulation/demo-weekend.json");
    static final Path GOLDEN = ROOT.resolve("crowdengage-examples/src/test/resources/golden/demo-weekend.jsonl");

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CrowdEngageCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    @DisplayName("simulate prints the demo weekend's decisions exactly as the reviewed golden file")
    void simulateMatchesGolden() throws IOException {
        Run run = run("simulate", DEMO.toString());
        assertThat(run.code()).isZero();
        // Reviewed by hand: soft opt-in notices on confirmation, directions 3 hours before, drinks only with a
        // basis, Show-Score links only for Hamlet, nothing after Daniel's STOP, the cancelled matinee, the late
        // booker, the scripted transient failure retried, blank renders for the show without a ShowScoreID.
        assertThat(run.out()).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        assertThat(run.err()).contains("ticks=4261 sent=24 skipped=23 deferred=1 failed=0 unknown=0");
    }

    @Test
    @DisplayName("a bad scenario exits with 2, names every problem by path, and runs nothing")
    void badScenario(@TempDir Path dir) throws IOException {
        String demo = Files.readString(DEMO);
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, demo.replace("\"customerId\": \"C2\"", "\"customerId\": \"C9\""));
        Run run = run("simulate", broken.toString());
        assertThat(run.code()).isEqualTo(CrowdEngageCli.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).containsPattern("bookings\\[\\d+]\\.customerId: unknown customer 'C9'");
    }

    @Test
    @DisplayName("preview renders a template for a customer and performance, with its length and encoding")
    void preview() {
        Run run = run("preview", "{{ customer.first_name }}, see you at {{ event.name }} – doors 45 minutes before.",
                "--scenario", DEMO.toString(), "--customer", "C1", "--performance", "P-HAMLET-SAT-EVE");
        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("Priya, see you at Hamlet – doors 45 minutes before.\n---\n")
                .contains("1 segment, UCS_2 (because of –)");
    }

    @Test
    @DisplayName("preview says why a message would not be sent, and refuses a broken template with its position")
    void previewSkipAndError() {
        Run blank = run("preview", "{% if event.raw.attribute_ShowScoreID %}Review us{% endif %}",
                "--scenario", DEMO.toString(), "--customer", "C1", "--performance", "P-EARNEST-FRI");
        assertThat(blank.out()).startsWith("NOT SENT: BLANK_MESSAGE");
        Run broken = run("preview", "Hi {{ show_scor_url(event.id) }}",
                "--scenario", DEMO.toString(), "--customer", "C1", "--performance", "P-EARNEST-FRI");
        assertThat(broken.code()).isEqualTo(CrowdEngageCli.BAD_INPUT);
        assertThat(broken.err()).contains("line 1, column").contains("did you mean 'show_score_url'");
    }

    @Test
    @DisplayName("demo prints a readable timeline of the weekend")
    void demo() {
        Run run = run("demo");
        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("A weekend at Southbank Playhouse (times in Europe/London)")
                .contains("Sat 28 Mar 22:30  SENT     showscore-review-request for P-HAMLET-SAT-EVE -> Priya Shah")
                .contains("Sat 28 Mar 22:30  SKIPPED  showscore-review-request for P-HAMLET-SAT-EVE -> Daniel Byrne: OPTED_OUT")
                .contains("ticks=4261 sent=24");
    }

    @Test
    @DisplayName("demo --restart-at stops the runtime, starts a new one on the same embedded PostgreSQL, and nothing is"
            + " sent twice: the STOP made before the restart holds after it")
    void demoRestart() {
        Run uninterrupted = run("demo");
        Run run = run("demo", "--restart-at", "2026-03-28T21:20", "--down-for", "30");

        assertThat(run.code()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out).contains("embedded PostgreSQL")
                .contains("Sat 28 Mar 21:20  -------- the runtime stops")
                .contains("Sat 28 Mar 21:50  -------- a new runtime starts on the same database")
                .contains("Restarted at Sat 28 Mar 21:20 after 30 minutes down, on the same database: nothing was sent"
                        + " twice.");
        String afterRestart = out.substring(out.indexOf("a new runtime starts"));
        assertThat(afterRestart)
                .contains("Sat 28 Mar 22:30  SKIPPED  showscore-review-request for P-HAMLET-SAT-EVE -> Daniel Byrne: OPTED_OUT")
                .contains("Sat 28 Mar 22:30  SENT     showscore-review-request for P-HAMLET-SAT-EVE -> Priya Shah")
                .doesNotContain("SOFT_OPT_IN_NOTICE");
        assertThat(sentLines(out)).containsExactlyElementsOf(sentLines(uninterrupted.out()));
    }

    static List<String> sentLines(String timeline) {
        return timeline.lines().filter(line -> line.contains("  SENT  ")).toList();
    }

    @Test
    @DisplayName("demo --restart-at outside the weekend, a negative --down-for, or one that ends after the weekend, is"
            + " refused with exit code 2")
    void demoRestartRefused() {
        Run outside = run("demo", "--restart-at", "2026-04-02T10:00");
        Run negative = run("demo", "--restart-at", "2026-03-28T21:20", "--down-for", "-5");
        Run neverBack = run("demo", "--restart-at", "2026-03-29T12:30", "--down-for", "5000");

        assertThat(outside.code()).isEqualTo(CrowdEngageCli.BAD_INPUT);
        assertThat(outside.err()).contains("--restart-at 2026-04-02T10:00 is outside the weekend");
        assertThat(negative.code()).isEqualTo(CrowdEngageCli.BAD_INPUT);
        assertThat(negative.err()).contains("--down-for must be 0 or more minutes but was -5");
        assertThat(neverBack.code()).isEqualTo(CrowdEngageCli.BAD_INPUT);
        assertThat(neverBack.err()).contains("would bring the runtime back at Wed 01 Apr 23:50, after the weekend ends at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate", "preview", "demo"})
    @DisplayName("every command has --help")
    void help(String command) {
        Run run = run(command, "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: crowdengage " + command);
    }
}
