package io.crowdengage.ticketing;

import io.crowdengage.internal.Checks;
import java.time.Instant;

/**
 * Where a reader of {@link TicketingSystem#bookingsChangedSince} got to. The token is opaque to
 * crowdengage: each ticketing system puts what it needs in it (a high-water-mark time, a next-page
 * link, a sequence number) and callers store it as text between runs.
 *
 * @param token the implementation's own position marker
 */
public record ChangeCursor(String token) {
    private static final String BEGINNING = "beginning";

    public ChangeCursor {
        Checks.notBlank(token, "cursor.token");
    }

    /** Every change the system still holds. */
    public static ChangeCursor beginning() {
        return new ChangeCursor(BEGINNING);
    }

    /** Changes made at or after {@code instant}: how a first run starts from a recent point. */
    public static ChangeCursor since(Instant instant) {
        return new ChangeCursor("since:" + Checks.notNull(instant, "instant"));
    }

    /** Whether this is {@link #beginning()}. */
    public boolean isBeginning() {
        return BEGINNING.equals(token);
    }

    /** The instant of a {@link #since(Instant)} cursor, if this is one. */
    public java.util.Optional<Instant> sinceInstant() {
        if (!token.startsWith("since:")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Instant.parse(token.substring("since:".length())));
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }
}
