package io.crowdengage.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.showscore.ShowScoreConfig;
import io.crowdengage.spektrix.SpektrixConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file {@code check} reads: where the venue's Spektrix and Show-Score are and how to reach
 * them, and optionally a scenario file whose flows are forecast. Secrets are never written in it:
 * each is {@code {"env": "NAME"}} (an environment variable) or {@code {"file": "PATH"}} (a file
 * holding only the secret, relative to this file), so the file can be pasted into a support
 * ticket as it is.
 *
 * <pre>{@code
 * {
 *   "spektrix": {
 *     "clientName": "yourvenue",
 *     "loginName": "crowdengage",
 *     "secretKey": {"env": "SPEKTRIX_SECRET_KEY"},
 *     "venueZone": "Europe/London"
 *   },
 *   "showscore": {"apiKey": {"file": "/etc/crowdengage/show-score.key"}},
 *   "flows": "weekend.json"
 * }
 * }</pre>
 *
 * @param spektrix  the Spektrix settings, if the file has a {@code spektrix} section
 * @param showScore the Show-Score settings, if it has a {@code showscore} section
 * @param showId    the show {@code --spend-one-token} spends its token on, if given
 * @param flows     the scenario file whose venue, settings and flows are forecast, if given
 */
record CheckConfig(Optional<SpektrixConfig> spektrix, Optional<ShowScoreConfig> showScore, Optional<String> showId,
                   Optional<Path> flows) {

    private static final Set<String> TOP = Set.of("$schema", "description", "spektrix", "showscore", "flows");
    private static final Set<String> SPEKTRIX = Set.of("clientName", "baseUrl", "loginName", "secretKey", "venueZone",
            "syncSinceZone", "defaultPhoneRegion", "orderHistory", "instanceLookback", "requestTimeout", "userAgent");
    private static final Set<String> SHOW_SCORE = Set.of("apiKey", "bulkApiKey", "generateBaseUrl", "bulkBaseUrl",
            "showId", "requestTimeout", "userAgent");

    /**
     * Reads the file, resolving secrets from {@code environment} and secret files.
     *
     * @throws ValidationException (INVALID_CONFIGURATION) naming every problem; never quoting a secret
     */
    static CheckConfig read(Path file, Map<String, String> environment, Clock clock) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw refused(List.of(new Problem("", "'" + file + "' is not JSON: line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr())));
        } catch (IOException e) {
            throw refused(List.of(new Problem("", "cannot read '" + file + "': " + e.getClass().getSimpleName())));
        }
        if (root == null || !root.isObject()) {
            throw refused(List.of(new Problem("", "'" + file + "' must hold a JSON object")));
        }
        Reader reader = new Reader(file.toAbsolutePath().getParent(), environment, problems);
        reader.unknown(root, "", TOP);
        Optional<SpektrixConfig> spektrix = reader.section(root, "spektrix", SPEKTRIX).flatMap(node -> reader.spektrix(node));
        JsonNode showScoreNode = root.path("showscore");
        Optional<ShowScoreConfig> showScore = reader.section(root, "showscore", SHOW_SCORE)
                .flatMap(node -> reader.showScore(node, clock));
        Optional<String> showId = reader.plain(showScoreNode, "showscore.showId");
        Optional<Path> flows = reader.plain(root, "flows").map(path -> reader.base.resolve(path));
        if (spektrix.isEmpty() && showScore.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("", "has neither a 'spektrix' nor a 'showscore' section: nothing to check"));
        }
        if (!problems.isEmpty()) {
            throw refused(problems);
        }
        return new CheckConfig(spektrix, showScore, showId, flows);
    }

    private static ValidationException refused(List<Problem> problems) {
        return new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
    }

    /** One reading: the problems found so far, and where secrets come from. */
    private static final class Reader {
        final Path base;
        final Map<String, String> environment;
        final List<Problem> problems;

        Reader(Path base, Map<String, String> environment, List<Problem> problems) {
            this.base = base;
            this.environment = environment;
            this.problems = problems;
        }

        Optional<JsonNode> section(JsonNode root, String name, Set<String> fields) {
            JsonNode node = root.get(name);
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isObject()) {
                problems.add(new Problem(name, "must be an object"));
                return Optional.empty();
            }
            unknown(node, name + ".", fields);
            return Optional.of(node);
        }

        void unknown(JsonNode node, String prefix, Set<String> known) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    problems.add(new Problem(prefix + name, "is not a setting check knows (misspelt?); known: "
                            + String.join(", ", new java.util.TreeSet<>(known))));
                }
            }
        }

        Optional<SpektrixConfig> spektrix(JsonNode node) {
            SpektrixConfig.Builder builder = SpektrixConfig.builder();
            int before = problems.size();
            plain(node, "spektrix.clientName").ifPresent(builder::clientName);
            plain(node, "spektrix.baseUrl").ifPresent(builder::baseUrl);
            value(node, "spektrix.loginName", true).ifPresent(builder::loginName);
            secret(node, "spektrix.secretKey").ifPresent(builder::secretKey);
            zone(node, "spektrix.venueZone").ifPresent(builder::venueZone);
            zone(node, "spektrix.syncSinceZone").ifPresent(builder::syncSinceZone);
            plain(node, "spektrix.defaultPhoneRegion").ifPresent(builder::defaultPhoneRegion);
            duration(node, "spektrix.orderHistory").ifPresent(builder::orderHistory);
            duration(node, "spektrix.instanceLookback").ifPresent(builder::instanceLookback);
            duration(node, "spektrix.requestTimeout").ifPresent(builder::requestTimeout);
            plain(node, "spektrix.userAgent").ifPresent(builder::userAgent);
            return build(before, builder::build);
        }

        Optional<ShowScoreConfig> showScore(JsonNode node, Clock clock) {
            ShowScoreConfig.Builder builder = ShowScoreConfig.builder().clock(clock);
            int before = problems.size();
            secret(node, "showscore.apiKey").ifPresent(builder::apiKey);
            if (node.has("bulkApiKey")) {
                secret(node, "showscore.bulkApiKey").ifPresent(builder::bulkApiKey);
            }
            plain(node, "showscore.generateBaseUrl").ifPresent(builder::generateBaseUrl);
            plain(node, "showscore.bulkBaseUrl").ifPresent(builder::bulkBaseUrl);
            duration(node, "showscore.requestTimeout").ifPresent(builder::requestTimeout);
            plain(node, "showscore.userAgent").ifPresent(builder::userAgent);
            return build(before, builder::build);
        }

        private <T> Optional<T> build(int problemsBefore, java.util.function.Supplier<T> build) {
            if (problems.size() > problemsBefore) {
                return Optional.empty();
            }
            try {
                return Optional.of(build.get());
            } catch (ValidationException e) {
                problems.addAll(e.problems());
                return Optional.empty();
            }
        }

        /** A plain text setting; absent when not given. */
        Optional<String> plain(JsonNode section, String path) {
            JsonNode value = section.get(leaf(path));
            if (value == null) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                problems.add(new Problem(path, "must be text"));
                return Optional.empty();
            }
            return Optional.of(value.asText());
        }

        /** A secret: {"env": NAME} or {"file": PATH}, never the value itself. */
        Optional<String> secret(JsonNode section, String path) {
            JsonNode value = section.get(leaf(path));
            if (value == null) {
                problems.add(new Problem(path, "is required, as {\"env\": \"NAME\"} or {\"file\": \"PATH\"}"));
                return Optional.empty();
            }
            if (value.isTextual()) {
                // Not even a hint of the value: it is a credential typed where it does not belong.
                problems.add(new Problem(path, "is written in the file; a secret must not be (the file is meant to be"
                        + " pasted into a support ticket): give {\"env\": \"NAME\"} or {\"file\": \"PATH\"} instead"));
                return Optional.empty();
            }
            return value(section, path, false);
        }

        /** Text given literally (when allowed), from an environment variable, or from a file. */
        Optional<String> value(JsonNode section, String path, boolean literalAllowed) {
            JsonNode value = section.get(leaf(path));
            if (value == null) {
                return Optional.empty();
            }
            if (value.isTextual() && literalAllowed) {
                return Optional.of(value.asText());
            }
            if (!value.isObject() || value.size() != 1 || !(value.has("env") || value.has("file"))
                    || !value.elements().next().isTextual()) {
                problems.add(new Problem(path, "must be " + (literalAllowed ? "text, " : "")
                        + "{\"env\": \"NAME\"} or {\"file\": \"PATH\"}"));
                return Optional.empty();
            }
            if (value.has("env")) {
                String name = value.get("env").asText();
                String found = environment.get(name);
                if (found == null || found.isBlank()) {
                    problems.add(new Problem(path, "environment variable " + name + " is not set"));
                    return Optional.empty();
                }
                return Optional.of(found.strip());
            }
            Path file = base.resolve(value.get("file").asText());
            try {
                String found = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (found.isEmpty()) {
                    problems.add(new Problem(path, "file '" + file + "' is empty"));
                    return Optional.empty();
                }
                return Optional.of(found);
            } catch (IOException e) {
                problems.add(new Problem(path, "cannot read file '" + file + "' (" + e.getClass().getSimpleName() + ")"));
                return Optional.empty();
            }
        }

        Optional<ZoneId> zone(JsonNode section, String path) {
            return plain(section, path).flatMap(text -> {
                try {
                    return Optional.of(ZoneId.of(text));
                } catch (DateTimeException e) {
                    problems.add(new Problem(path, "must be a time zone such as Europe/London or UTC but was '" + text + "'"));
                    return Optional.empty();
                }
            });
        }

        Optional<Duration> duration(JsonNode section, String path) {
            return plain(section, path).flatMap(text -> {
                try {
                    return Optional.of(Duration.parse(text));
                } catch (DateTimeParseException e) {
                    problems.add(new Problem(path, "must be an ISO-8601 duration such as P30D or PT20S but was '"
                            + text + "'"));
                    return Optional.empty();
                }
            });
        }

        private static String leaf(String path) {
            return path.substring(path.lastIndexOf('.') + 1);
        }
    }
}
