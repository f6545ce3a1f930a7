package io.crowdengage.examples.cli;

import io.crowdengage.check.CheckReport;
import io.crowdengage.check.Finding;
import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.error.ValidationException;
import io.crowdengage.simulation.Scenario;
import io.crowdengage.simulation.ScenarioReader;
import io.crowdengage.simulation.ScenarioWorld;
import io.crowdengage.showscore.ShowScoreCheck;
import io.crowdengage.spektrix.SpektrixCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code check [spektrix|showscore] --config FILE [--spend-one-token]}: a live check of the venue's
 * real systems. Reads only; sends nothing (Show-Score: one {@code generate} call at most, and only
 * with {@code --spend-one-token}). Exits 0 when everything was found, 1 when something is missing
 * and worked around, 2 when crowdengage cannot work (or the config cannot be used).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks the venue's live Spektrix and Show-Score: reads a little of each endpoint crowdengage uses and",
                "prints, field by field, what it needs, what it found and what it will do about anything missing; then what",
                "the flows would send in the next 24 hours. Sends nothing (Show-Score: one generate call, only with",
                "--spend-one-token). Secrets come from environment variables or files named in the config, never from the",
                "command line. Exit codes: 0 all found, 1 degraded, 2 cannot work."},
        subcommands = {CheckCommand.SpektrixCommand.class, CheckCommand.ShowScoreCommand.class})
final class CheckCommand implements Callable<Integer> {
    /** The most customers the forecast reads. */
    static final int DEFAULT_MAX_CUSTOMERS = 2_000;

    @ParentCommand
    CrowdEngageCli cli;

    @Option(names = "--config", paramLabel = "FILE", description = "the check config (JSON; see docs/spektrix.md)")
    Path config;

    @Option(names = "--spend-one-token", description = "allow one Show-Score generate call, which spends one token")
    boolean spendOneToken;

    @Option(names = "--max-customers", defaultValue = "" + DEFAULT_MAX_CUSTOMERS,
            description = "the most customers the forecast reads (default ${DEFAULT-VALUE})")
    int maxCustomers;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return new Run(cli, spec.commandLine().getOut(), required(config, spec), maxCustomers).all(spendOneToken);
    }

    static Path required(Path config, CommandLine.Model.CommandSpec spec) {
        if (config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--config=FILE'");
        }
        return config;
    }

    /** {@code check spektrix}. */
    @Command(name = "spektrix", mixinStandardHelpOptions = true,
            description = {"Checks the live Spektrix only (orders/sync, a customer, the next week's instances and events),",
                    "then forecasts the flows' next 24 hours if the config names a flows file. Reads only."})
    static final class SpektrixCommand implements Callable<Integer> {
        @ParentCommand
        CheckCommand check;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "the check config (JSON)")
        Path config;

        @Option(names = "--max-customers", defaultValue = "" + DEFAULT_MAX_CUSTOMERS,
                description = "the most customers the forecast reads (default ${DEFAULT-VALUE})")
        int maxCustomers;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return new Run(check.cli, spec.commandLine().getOut(), config, maxCustomers).spektrixOnly();
        }
    }

    /** {@code check showscore}. */
    @Command(name = "showscore", mixinStandardHelpOptions = true,
            description = {"Checks Show-Score only: its hosts, the venue's show ids (from Spektrix, if the config has it), and,",
                    "with --spend-one-token, one generate call (one token spent)."})
    static final class ShowScoreCommand implements Callable<Integer> {
        @ParentCommand
        CheckCommand check;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "the check config (JSON)")
        Path config;

        @Option(names = "--spend-one-token", description = "allow one generate call, which spends one token")
        boolean spendOneToken;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return new Run(check.cli, spec.commandLine().getOut(), config, DEFAULT_MAX_CUSTOMERS).showScoreOnly(spendOneToken);
        }
    }

    /** One run of the check: reads the config, checks, prints, and says the exit code. */
    static final class Run {
        private final PrintWriter out;
        private final Clock clock;
        private final CheckConfig config;
        private final int maxCustomers;
        private Finding.Status worst = Finding.Status.OK;

        Run(CrowdEngageCli cli, PrintWriter out, Path file, int maxCustomers) {
            this.out = out;
            this.clock = cli.clock();
            this.config = CheckConfig.read(file, cli.environment(), clock);
            this.maxCustomers = maxCustomers;
            out.println("crowdengage check (" + CrowdEngageCli.VERSION + "), " + clock.instant() + ", config " + file);
        }

        int all(boolean spendOneToken) {
            Optional<SpektrixCheck> spektrix = config.spektrix().map(this::spektrix);
            if (config.showScore().isPresent()) {
                showScore(spektrix, spendOneToken);
            }
            return finish();
        }

        int spektrixOnly() {
            if (config.spektrix().isEmpty()) {
                throw ValidationException.of(ValidationException.Reason.INVALID_CONFIGURATION, "spektrix",
                        "the config has no 'spektrix' section to check");
            }
            spektrix(config.spektrix().get());
            return finish();
        }

        int showScoreOnly(boolean spendOneToken) {
            if (config.showScore().isEmpty()) {
                throw ValidationException.of(ValidationException.Reason.INVALID_CONFIGURATION, "showscore",
                        "the config has no 'showscore' section to check");
            }
            Optional<SpektrixCheck> spektrix = config.spektrix().map(settings -> SpektrixCheck.create(settings, clock));
            showScore(spektrix, spendOneToken);
            return finish();
        }

        private SpektrixCheck spektrix(io.crowdengage.spektrix.SpektrixConfig settings) {
            SpektrixCheck check = SpektrixCheck.create(settings, clock);
            CheckReport report = check.run();
            print(report);
            if (report.worst() != Finding.Status.BLOCKING) {
                forecast(check, settings.venueZone());
            }
            return check;
        }

        private void showScore(Optional<SpektrixCheck> spektrix, boolean spendOneToken) {
            Map<String, String> showIds = Map.of();
            if (spektrix.isPresent()) {
                try {
                    showIds = spektrix.get().showScoreIdsOfNextWeek();
                } catch (CrowdEngageException e) {
                    out.println();
                    out.println("Show ids could not be read from Spektrix (" + e.getMessage() + "); only showscore.showId is used.");
                }
            }
            print(ShowScoreCheck.create(config.showScore().orElseThrow()).run(showIds, spendOneToken, config.showId()));
        }

        private void forecast(SpektrixCheck check, ZoneId zone) {
            out.println();
            if (config.flows().isEmpty()) {
                out.println("Forecast: no flows file in the config ('flows'), so what would be sent is not forecast.");
                return;
            }
            Path file = config.flows().get();
            Scenario scenario;
            try {
                scenario = ScenarioReader.read(file).scenario();
            } catch (ValidationException e) {
                out.println("Forecast: the flows file " + file + " cannot be used:");
                e.problems().forEach(problem -> out.println("  " + problem));
                worst(Finding.Status.BLOCKING);
                return;
            }
            ScenarioWorld world = ScenarioWorld.of(scenario, clock);
            Instant now = clock.instant();
            Forecast.Result result;
            try {
                result = Forecast.of(check.ticketing(), world.settings(), world.flows(), now, Duration.ofHours(24),
                        maxCustomers);
            } catch (CrowdEngageException e) {
                out.println("Forecast: could not be made: " + e.getMessage());
                worst(Finding.Status.DEGRADED);
                return;
            }
            ZoneId venue = world.settings().venue().zone();
            DateTimeFormatter time = DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ENGLISH).withZone(venue);
            out.println("Forecast, from " + time.format(result.from()) + " to " + time.format(result.until()) + " ("
                    + venue + "), flows of " + file.getFileName() + "; nothing is sent:");
            if (!venue.equals(zone)) {
                out.println("  note: the flows file's venue zone " + venue + " is not spektrix.venueZone " + zone);
            }
            out.println("  assumes nobody has texted STOP and no express consent is on record (the check reads no ledger),");
            out.println("  nothing was sent before now, and no booking changes; soft opt-in notices are not counted.");
            out.println("  read " + result.customersRead() + " customers" + (result.leftOut() > 0 ? "; " + result.leftOut()
                    + " bookings left out past --max-customers " + maxCustomers : ""));
            for (Forecast.StepCount step : result.steps()) {
                out.println("  " + step.step().id() + " (" + step.step().name() + "): " + step.messages() + " message"
                        + (step.messages() == 1 ? "" : "s") + " to " + step.numbers().size() + " people, for "
                        + step.performances().size() + " performance" + (step.performances().size() == 1 ? "" : "s"));
                if (!step.notSent().isEmpty()) {
                    out.println("      not sent: " + step.notSent().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
                }
            }
            out.println("  in all: " + result.messages() + " messages to " + result.people() + " people");
        }

        private void print(CheckReport report) {
            out.println();
            out.println("== " + report.system() + " ==");
            report.notes().forEach(note -> out.println("  " + note));
            for (Finding finding : report.findings()) {
                out.println(String.format(Locale.ROOT, "  %-9s %s: %s", finding.status(), finding.area(), finding.item()));
                out.println("            found: " + finding.found());
                if (!finding.consequence().isEmpty()) {
                    out.println("            then:  " + finding.consequence());
                }
            }
            List<Finding> findings = report.findings();
            out.println("  " + report.system() + ": " + report.worst() + " (" + count(findings, Finding.Status.OK) + " ok, "
                    + count(findings, Finding.Status.DEGRADED) + " degraded, " + count(findings, Finding.Status.BLOCKING)
                    + " blocking)");
            worst(report.worst());
        }

        private static long count(List<Finding> findings, Finding.Status status) {
            return findings.stream().filter(f -> f.status() == status).count();
        }

        private void worst(Finding.Status status) {
            if (status.compareTo(worst) > 0) {
                worst = status;
            }
        }

        private int finish() {
            int code = CheckReport.exitCode(worst);
            out.println();
            out.println("Result: " + switch (worst) {
                case OK -> "everything crowdengage needs was found";
                case DEGRADED -> "DEGRADED: crowdengage works, with less (see DEGRADED above)";
                case BLOCKING -> "CANNOT WORK: fix what is BLOCKING above";
            } + " (exit " + code + ")");
            out.flush();
            return code;
        }
    }
}
