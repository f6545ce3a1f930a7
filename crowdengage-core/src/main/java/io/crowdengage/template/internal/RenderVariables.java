package io.crowdengage.template.internal;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The variables a render sees, as plain maps, lists, text and numbers (Liqp reads nothing else
 * safely), with snake_case names as box-office templates write them. Customer data is handed over
 * as values and is never parsed as template text.
 */
final class RenderVariables {
    private RenderVariables() {
    }

    /**
     * The roots and fields a template reads, worked out once per compiled template, so that a render
     * builds only those: the seed review request reads two fields of the customer and the event, and
     * making every map, sorted list and venue date-time of the recipient for it would cost more than
     * Liqp's render. A template that reads a whole root ({@code {{ customer }}}, a loop over it) or an
     * index the template computes ({@code customer[name]}) gets every field of that root.
     */
    static final class Needs {
        /** Every root, every field: for callers that have no translation to go by. */
        static final Needs EVERYTHING = new Needs(VariableSchema.roots(), Map.of(), true);

        private final Set<String> roots;
        /** Canonical root to the fields read; a root read whole is absent. */
        private final Map<String, Set<String>> fieldsByRoot;
        private final boolean everything;

        private Needs(Set<String> roots, Map<String, Set<String>> fieldsByRoot, boolean everything) {
            this.roots = Set.copyOf(roots);
            this.fieldsByRoot = Map.copyOf(fieldsByRoot);
            this.everything = everything;
        }

        /** What the lookups {@code referenced} (paths whose first segment is a root) need. */
        static Needs of(List<List<String>> referenced) {
            Set<String> roots = new HashSet<>();
            Set<String> readWhole = new HashSet<>();
            Map<String, Set<String>> fields = new HashMap<>();
            for (List<String> path : referenced) {
                String root = path.get(0);
                if (!VariableSchema.isRoot(root)) {
                    continue;
                }
                roots.add(root);
                String canonical = VariableSchema.canonical(root);
                if (path.size() < 2 || "*".equals(path.get(1))) {
                    readWhole.add(canonical);
                } else {
                    fields.computeIfAbsent(canonical, k -> new HashSet<>()).add(path.get(1));
                }
            }
            readWhole.forEach(fields::remove);
            return new Needs(roots, fields, false);
        }

        boolean root(String name) {
            return everything || roots.contains(name);
        }

        /** Whether {@code field} of the canonical root {@code root} is read; only asked for roots read. */
        boolean field(String root, String field) {
            Set<String> read = fieldsByRoot.get(root);
            return read == null || read.contains(field);
        }
    }

    /** Every variable, as previews and callers without a compiled template see them. */
    static Map<String, Object> of(AudienceSubject subject) {
        return of(subject, Needs.EVERYTHING);
    }

    /** The variables {@code needs} asks for; nothing else is computed. */
    static Map<String, Object> of(AudienceSubject subject, Needs needs) {
        Map<String, Object> variables = new HashMap<>(16);
        if (needs.root("customer")) {
            variables.put("customer", customer(subject.customer(), needs));
        }
        if (needs.root("event")) {
            variables.put("event", event(subject.performance().event(), needs));
        }
        boolean performance = needs.root("performance");
        boolean instance = needs.root("instance");
        if (performance || instance) {
            // One map under both names, as before: a template may read either.
            Map<String, Object> performanceMap = performance(subject, needs);
            if (performance) {
                variables.put("performance", performanceMap);
            }
            if (instance) {
                variables.put("instance", performanceMap);
            }
        }
        boolean booking = needs.root("booking");
        boolean order = needs.root("order");
        if (booking || order) {
            Map<String, Object> bookingMap = booking(subject, needs);
            if (booking) {
                variables.put("booking", bookingMap);
            }
            if (order) {
                variables.put("order", bookingMap);
            }
        }
        if (needs.root("venue")) {
            Venue venue = subject.venue();
            boolean id = needs.field("venue", "id");
            boolean name = needs.field("venue", "name");
            variables.put("venue", id && name ? Map.of("id", venue.id(), "name", venue.name())
                    : id ? Map.of("id", venue.id()) : Map.of("name", venue.name()));
        }
        return variables;
    }

    private static Map<String, Object> customer(Customer customer, Needs needs) {
        Map<String, Object> map = new HashMap<>(16);
        putIf(map, needs, "customer", "id", customer::id);
        putIf(map, needs, "customer", "first_name", customer::firstName);
        putIf(map, needs, "customer", "last_name", customer::lastName);
        putIf(map, needs, "customer", "tags", () -> sorted(customer.tags()));
        putIf(map, needs, "customer", "attributes", customer::attributes);
        putIf(map, needs, "customer", "contact_preferences", () -> sorted(customer.contactPreferences()));
        putIf(map, needs, "customer", "memberships", () -> sorted(customer.memberships()));
        putIf(map, needs, "customer", "raw", () -> customer.raw().values());
        return map;
    }

    private static Map<String, Object> event(Event event, Needs needs) {
        Map<String, Object> map = new HashMap<>(8);
        putIf(map, needs, "event", "id", event::id);
        putIf(map, needs, "event", "name", event::name);
        putIf(map, needs, "event", "duration", () -> event.duration().toMinutes());
        putIf(map, needs, "event", "raw", () -> event.raw().values());
        return map;
    }

    private static Map<String, Object> performance(AudienceSubject subject, Needs needs) {
        Performance performance = subject.performance();
        ZoneId zone = subject.venue().zone();
        Map<String, Object> map = new HashMap<>(8);
        putIf(map, needs, "performance", "id", performance::id);
        putIf(map, needs, "performance", "start", () -> new VenueDateTime(performance.start(zone)));
        putIf(map, needs, "performance", "end",
                () -> new VenueDateTime(performance.end(zone).withZoneSameInstant(zone)));
        putIf(map, needs, "performance", "raw", () -> performance.raw().values());
        return map;
    }

    private static Map<String, Object> booking(AudienceSubject subject, Needs needs) {
        Booking booking = subject.booking();
        Map<String, Object> map = new HashMap<>(4);
        putIf(map, needs, "booking", "id", booking::id);
        putIf(map, needs, "booking", "confirmed_at",
                () -> new VenueDateTime(booking.confirmedAt().atZone(subject.venue().zone())));
        return map;
    }

    private static void putIf(Map<String, Object> map, Needs needs, String root, String field,
                              Supplier<Object> value) {
        if (needs.field(root, field)) {
            map.put(field, value.get());
        }
    }

    /** Sets iterate in no fixed order; a template must print the same text every time. */
    private static List<String> sorted(Set<String> values) {
        if (values.size() <= 1) {
            return List.copyOf(values);
        }
        List<String> list = new ArrayList<>(values);
        Collections.sort(list);
        return Collections.unmodifiableList(list);
    }

    /** Whether the value at {@code path} is absent, blank text, or an empty list or map. */
    static boolean isMissing(Map<String, Object> variables, List<String> path) {
        Object current = variables;
        for (String segment : path) {
            if ("*".equals(segment)) {
                return false;
            }
            if (!(current instanceof Map<?, ?> map)) {
                return !(current instanceof Collection<?> && isListAccessor(segment));
            }
            current = map.get(segment);
            if (current == null) {
                return true;
            }
        }
        return current instanceof CharSequence text ? text.toString().isBlank()
                : current instanceof Collection<?> collection ? collection.isEmpty()
                : current instanceof Map<?, ?> map && map.isEmpty();
    }

    private static boolean isListAccessor(String segment) {
        return segment.equals("size") || segment.equals("first") || segment.equals("last");
    }
}
