package io.crowdengage.flow;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.Performance;

/**
 * Which performances a step applies to. Cancelled performances are never messaged whatever the
 * filter says; the filter only chooses among shows.
 */
public interface PerformanceFilter {

    /** Whether the step applies to this performance. */
    boolean matches(Performance performance);

    /** A short description for people. */
    String describe();

    /** Every performance ("all live instances": cancelled ones are skipped by the engine with their own reason). */
    static PerformanceFilter allLive() {
        return Simple.ALL;
    }

    /** Performances of one event. */
    static PerformanceFilter ofEvent(String eventId) {
        Checks.notBlank(eventId, "eventId");
        return new Simple("performances of event '" + eventId + "'", p -> p.event().id().equals(eventId));
    }

    /**
     * Performances whose event has a non-blank raw attribute, for example {@code attribute_ShowScoreID}.
     * The name is the raw key as the ticketing system returns it.
     */
    static PerformanceFilter eventHasAttribute(String rawKey) {
        Checks.notBlank(rawKey, "attribute");
        return new Simple("performances whose event has '" + rawKey + "'", p -> p.event().raw().has(rawKey));
    }

    /** The built-in filters. */
    final class Simple implements PerformanceFilter {
        static final Simple ALL = new Simple("all live performances", p -> true);

        private final String description;
        private final java.util.function.Predicate<Performance> predicate;

        private Simple(String description, java.util.function.Predicate<Performance> predicate) {
            this.description = description;
            this.predicate = predicate;
        }

        @Override
        public boolean matches(Performance performance) {
            return predicate.test(performance);
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
