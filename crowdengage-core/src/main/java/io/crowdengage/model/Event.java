package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import java.time.Duration;

/**
 * A show, as the ticketing system knows it: one event has many performances.
 *
 * @param id       the ticketing system's id
 * @param name     the title customers know it by
 * @param duration the running time; a performance ends this long after it starts
 * @param raw      the ticketing system's own fields, verbatim ({@code attribute_ShowScoreID} and so on)
 */
public record Event(String id, String name, Duration duration, RawAttributes raw) {
    public Event {
        Checks.notBlank(id, "event.id");
        Checks.notBlank(name, "event.name");
        Checks.notNegative(duration, "event.duration");
        Checks.notNull(raw, "event.raw");
    }

    /** An event with no raw attributes. */
    public static Event of(String id, String name, Duration duration) {
        return new Event(id, name, duration, RawAttributes.empty());
    }
}
