package io.crowdengage.examples.cli;

import io.crowdengage.error.ValidationException;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.simulation.DecisionJson;
import io.crowdengage.simulation.Scenario;
import io.crowdengage.simulation.ScenarioFunctions;
import io.crowdengage.simulation.ScenarioReader;
import io.crowdengage.simulation.ScenarioWorld;
import io.crowdengage.simulation.Simulation;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.template.MessageSpec;
import io.crowdengage.template.RenderResult;
import io.crowdengage.template.TemplateEngine;
import io.crowdengage.template.TemplateProblem;
import io.crowdengage.template.TemplateValidation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The crowdengage command line: simulate a scenario, preview a template, run the demo weekend, or
 * check the venue's live Spektrix and Show-Score.
 */
@Command(name = "crowdengage", mixinStandardHelpOptions = true, version = CrowdEngageCli.VERSION,
        description = "Consent-compliant SMS around theatre performances: simulate, preview, demo, check.",
        subcommands = {CrowdEngageCli.SimulateCommand.class, CrowdEngageCli.PreviewCommand.class,
                CrowdEngageCli.DemoCommand.class, CheckCommand.class, CommandLine.HelpCommand.class})
public final class CrowdEngageCli implements Runnable {
    /** Exit code for a scenario, template or config that cannot be accepted. */
    public static final int BAD_INPUT = 2;
    static final String VERSION = "crowdengage 0.1.0-SNAPSHOT";
    static final String DEMO_RESOURCE = "/io/crowdengage/simulation/demo-weekend.json";

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Clock clock;

    private CrowdEngageCli(Map<String, String> environment, Clock clock) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv(), Clock.systemUTC());
    }

    /**
     * Runs the command line with the given streams, environment (where {@code check} finds secrets
     * named {@code {"env": ...}}) and clock, and returns the exit code (for tests).
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment, Clock clock) {
        CommandLine commandLine = new CommandLine(new CrowdEngageCli(environment, clock));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ValidationException) {
                cmd.getErr().println(e.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The environment {@code check} reads secrets from. */
    Map<String, String> environment() {
        return environment;
    }

    /** The clock {@code check} reads. */
    Clock clock() {
        return clock;
    }

    static Scenario load(Path file, PrintWriter err) {
        ScenarioReader.Result result = ScenarioReader.read(file);
        result.warnings().forEach(w -> err.println("warning: " + w));
        return result.scenario();
    }

    static Scenario loadDemo(PrintWriter err) throws IOException {
        try (InputStream in = CrowdEngageCli.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IOException("the demo scenario " + DEMO_RESOURCE + " is missing from the jar");
            }
            ScenarioReader.Result result = ScenarioReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            result.warnings().forEach(w -> err.println("warning: " + w));
            return result.scenario();
        }
    }

    /** {@code simulate SCENARIO.json}: JSON Lines on stdout, a summary on stderr. */
    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Runs the real runtime against in-memory fakes on a virtual clock, from a scenario file.",
                    "Prints one decision a line as JSON on stdout, in time order, then a summary on stderr.",
                    "A scenario that cannot be accepted exits with code 2, naming every problem; nothing is run."})
    static final class SimulateCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SCENARIO.json", description = "the scenario file (docs/scenario-format.md)")
        Path scenario;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Scenario loaded = load(scenario, err);
            Simulation.Report report = Simulation.of(loaded).run(e -> out.println(DecisionJson.line(e)));
            out.flush();
            err.println(report.summary());
            return 0;
        }
    }

    /** {@code preview TEMPLATE --scenario S --customer C --performance P}. */
    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Renders a template for one customer and performance of a scenario, and shows its length,",
                    "segments and encoding, or why it would not be sent. Exits with 2 when the template has errors."})
    static final class PreviewCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TEMPLATE", description = "a template file, or the template text itself")
        String template;

        @Option(names = "--scenario", required = true, description = "the scenario file giving customers and performances")
        Path scenario;

        @Option(names = "--customer", required = true, description = "the customer id")
        String customer;

        @Option(names = "--performance", required = true, description = "the performance id")
        String performance;

        @Option(names = "--marketing", description = "render as a marketing message (adds the opt-out footer)")
        boolean marketing;

        @Option(names = "--max-segments", defaultValue = "3", description = "the segment budget (default ${DEFAULT-VALUE})")
        int maxSegments;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path asFile = Path.of(template);
            String source = Files.isRegularFile(asFile) ? Files.readString(asFile) : template;
            Scenario loaded = load(scenario, err);
            ScenarioWorld world = ScenarioWorld.of(loaded, Clock.fixed(loaded.simulate().from(), ZoneOffset.UTC));
            Optional<Customer> who = world.ticketing().customer(customer);
            Optional<Performance> what = world.ticketing().performance(performance);
            if (who.isEmpty() || what.isEmpty()) {
                throw ValidationException.of(ValidationException.Reason.INVALID_VALUE,
                        who.isEmpty() ? "--customer" : "--performance",
                        "no " + (who.isEmpty() ? "customer '" + customer : "performance '" + performance)
                                + "' in " + scenario);
            }
            Booking booking = world.ticketing().bookingsOf(performance).stream()
                    .filter(b -> b.customerId().equals(customer)).findFirst()
                    .orElse(Booking.of("preview", customer, performance, loaded.simulate().from()));
            TemplateEngine engine = TemplateEngine.builder().functions(ScenarioFunctions.simulated())
                    .optOutFooter(world.settings().optOutFooter()).build();
            MessageSpec spec = new MessageSpec(Optional.empty(), source,
                    marketing ? MessageKind.MARKETING : MessageKind.TRANSACTIONAL, maxSegments, false);
            AudienceSubject subject = new AudienceSubject(who.get(), booking, what.get(), world.settings().venue());
            TemplateValidation validation = engine.validate(spec, subject);
            for (TemplateProblem warning : validation.warnings()) {
                err.println("warning: " + warning);
            }
            if (!validation.valid()) {
                validation.errors().forEach(e -> err.println("error: " + e));
                return BAD_INPUT;
            }
            RenderResult result = engine.render(spec, subject);
            if (result instanceof RenderResult.Skip) {
                RenderResult.Skip skip = (RenderResult.Skip) result;
                out.println("NOT SENT: " + skip.reason() + ": " + skip.explanation());
                return 0;
            }
            RenderResult.Message message = (RenderResult.Message) result;
            SmsEncoding.MessageLength length = message.length();
            out.println(message.body());
            out.println("---");
            out.println(length.characters() + " characters, " + length.segments() + " segment"
                    + (length.segments() == 1 ? "" : "s") + ", " + length.encoding()
                    + (length.nonGsmCharacters().isEmpty() ? "" : " (because of " + String.join(" ", length.nonGsmCharacters()) + ")"));
            out.println("typical " + validation.typical() + "; worst case " + validation.worstCase());
            return 0;
        }
    }

    /** {@code demo}: the bundled theatre weekend as a readable timeline, optionally across a restart. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Simulates a theatre weekend built from the seeds (Show-Score review request and reminder,",
                    "directions, a soft opt-in notice, a pre-show drinks offer, a STOP, a late booker, a cancelled",
                    "matinee) and prints what was sent, when, and why anything was not.",
                    "With --restart-at, the runtime keeps its state in an embedded PostgreSQL, is stopped at that",
                    "time, and is started again on the same database: the end shows that nothing was sent twice."})
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--json", description = "print JSON Lines, as simulate does, instead of the timeline")
        boolean json;

        @Option(names = "--restart-at", paramLabel = "DATE-TIME",
                description = "stop the runtime at this local time at the venue (for example 2026-03-28T21:20) and"
                        + " start it again on the same embedded PostgreSQL database")
        LocalDateTime restartAt;

        @Option(names = "--down-for", paramLabel = "MINUTES", defaultValue = "30",
                description = "with --restart-at: how long the runtime stays down (default ${DEFAULT-VALUE})")
        int downMinutes;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Scenario demo = loadDemo(err);
            DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ENGLISH)
                    .withZone(demo.venue().timeZone());
            if (downMinutes < 0) {
                err.println("--down-for must be 0 or more minutes but was " + downMinutes);
                return BAD_INPUT;
            }
            if (restartAt == null) {
                return show(Simulation.of(demo), Optional.empty(), demo, time, out, err);
            }
            Simulation.Restart restart = new Simulation.Restart(restartAt.atZone(demo.venue().timeZone()).toInstant(),
                    Duration.ofMinutes(downMinutes));
            if (restart.at().isBefore(demo.simulate().from()) || restart.at().isAfter(demo.simulate().until())) {
                err.println("--restart-at " + restartAt + " is outside the weekend, which runs from "
                        + time.format(demo.simulate().from()) + " to " + time.format(demo.simulate().until()));
                return BAD_INPUT;
            }
            if (restart.backAt().isAfter(demo.simulate().until())) {
                err.println("--restart-at " + restartAt + " with --down-for " + downMinutes + " would bring the runtime"
                        + " back at " + time.format(restart.backAt()) + ", after the weekend ends at "
                        + time.format(demo.simulate().until()) + ": nothing would show the restart");
                return BAD_INPUT;
            }
            try (DemoDatabase database = DemoDatabase.start()) {
                if (!json) {
                    out.println("The runtime's state is kept in an embedded PostgreSQL (" + database.describe() + ").");
                }
                return show(Simulation.of(demo).restartingAt(List.of(restart)).onStores(database::open),
                        Optional.of(restart), demo, time, out, err);
            }
        }

        private int show(Simulation simulation, Optional<Simulation.Restart> restart, Scenario demo,
                         DateTimeFormatter time, PrintWriter out, PrintWriter err) {
            if (!json) {
                out.println("A weekend at " + demo.venue().name() + " (times in " + demo.venue().timeZone() + ")");
                out.println();
            }
            RestartMarks marks = new RestartMarks(restart, time, json ? err : out);
            Simulation.Report report = simulation.run(e -> {
                marks.before(e.at());
                out.println(json ? DecisionJson.line(e) : timelineLine(e, demo, time));
            });
            marks.before(demo.simulate().until().plusSeconds(1));
            PrintWriter summary = json ? err : out;
            if (!json) {
                out.println();
            }
            summary.println(report.summary());
            restart.ifPresent(r -> {
                List<DecisionEvent> twice = report.sentTwice();
                summary.println("Restarted at " + time.format(r.at()) + " after " + r.down().toMinutes()
                        + " minutes down, on the same database: " + (twice.isEmpty() ? "nothing was sent twice."
                        : twice.size() + " messages were sent twice:"));
                twice.forEach(e -> summary.println("  " + timelineLine(e, demo, time)));
            });
            return restart.isPresent() && !report.sentTwice().isEmpty() ? 1 : 0;
        }

        /** Prints where the runtime stopped and started again, in its place in the timeline. */
        private static final class RestartMarks {
            private final Optional<Simulation.Restart> restart;
            private final DateTimeFormatter time;
            private final PrintWriter out;
            private boolean stopped;
            private boolean started;

            RestartMarks(Optional<Simulation.Restart> restart, DateTimeFormatter time, PrintWriter out) {
                this.restart = restart;
                this.time = time;
                this.out = out;
            }

            void before(Instant next) {
                if (restart.isEmpty()) {
                    return;
                }
                if (!stopped && !next.isBefore(restart.get().at())) {
                    stopped = true;
                    out.println(time.format(restart.get().at()) + "  -------- the runtime stops (a deploy, say);"
                            + " nothing ticks for " + restart.get().down().toMinutes() + " minutes --------");
                }
                if (!started && !next.isBefore(restart.get().backAt())) {
                    started = true;
                    out.println(time.format(restart.get().backAt()) + "  -------- a new runtime starts on the same"
                            + " database and resumes where the last one stopped --------");
                }
            }
        }

        static String timelineLine(DecisionEvent e, Scenario demo, DateTimeFormatter time) {
            String who = e.customer().flatMap(demo::customer).map(c -> c.firstName() + " " + c.lastName())
                    .orElse(e.to().map(n -> n.masked()).orElse("?"));
            String about = e.step().map(s -> s + (e.performance().map(p -> " for " + p).orElse(""))).orElse(e.purpose().name());
            StringBuilder line = new StringBuilder(time.format(e.at())).append("  ")
                    .append(String.format(Locale.ROOT, "%-8s", e.outcome())).append(' ').append(about).append(" -> ").append(who);
            e.reason().ifPresent(r -> line.append(": ").append(r));
            if (e.body().isPresent() && e.outcome().name().equals("SENT")) {
                for (String bodyLine : e.body().get().split("\n")) {
                    line.append("\n                     | ").append(bodyLine);
                }
            } else if (e.reason().isEmpty()) {
                line.append(": ").append(e.detail());
            }
            return line.toString();
        }
    }
}
