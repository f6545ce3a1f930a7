package io.crowdengage.adapter.http;

import io.crowdengage.internal.Checks;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110, section 10.2.3): whole seconds ({@code 120}) or an HTTP
 * date ({@code Wed, 21 Oct 2015 07:28:00 GMT}), read against an injected clock.
 */
public final class RetryAfter {
    /** The header's name. */
    public static final String HEADER = "Retry-After";

    private RetryAfter() {
    }

    /**
     * How long {@code value} asks to wait: its seconds, or the time from {@code clock}'s now until its
     * date (zero for a date already past). Empty for a value that is neither, or negative seconds, which
     * the header cannot mean: the caller then falls back to its own backoff.
     */
    public static Optional<Duration> parse(String value, Clock clock) {
        Checks.notNull(value, "retryAfter");
        Checks.notNull(clock, "clock");
        String text = value.strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(clock.instant(), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** The first {@code Retry-After} of a response, read as {@link #parse} does; empty if there is none. */
    public static Optional<Duration> of(HttpHeaders headers, Clock clock) {
        Checks.notNull(headers, "headers");
        return headers.firstValue(HEADER).flatMap(value -> parse(value, clock));
    }

    /**
     * What a server (a loopback fake) sends for {@code wait}: its whole seconds, fractions dropped (the
     * header has none), never negative.
     */
    public static String format(Duration wait) {
        Checks.notNull(wait, "retryAfter");
        return Long.toString(Math.max(0, wait.toSeconds()));
    }
}
