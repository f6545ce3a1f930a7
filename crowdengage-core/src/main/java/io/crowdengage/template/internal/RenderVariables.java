package io.crowdengage.template.internal;

import io.crowdengage.flow.AudienceSubject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The variables a render sees, as plain maps, lists, text and numbers (Liqp reads nothing else
 * safely), with snake_case names as box-office templates write them. Customer data is handed over
 * as values and is never parsed as template text.
 */
final class RenderVariables {
    /** A field of a root and how to read it from the recipient. */
    private record Field(String name, Function<AudienceSubject, Object> value) {
    }

    /**
     * A root (with its alias, if any) and its fields. {@code capacity} is the initial size of its
     * map, kept as it always was so that a map printed whole lists its entries in the same order.
     */
    private record Root(String name, String alias, int capacity, List<Field> fields) {
    }

    private static final List<Root> ROOTS = List.of(
            new Root("customer", "", 16, List.of(
                    new Field("id", s -> s.customer().id()),
                    new Field("first_name", s -> s.customer().firstName()),
                    new Field("last_name", s -> s.customer().lastName()),
                    new Field("tags", s -> sorted(s.customer().tags())),
                    new Field("attributes", s -> s.customer().attributes()),
                    new Field("contact_preferences", s -> sorted(s.customer().contactPreferences())),
                    new Field("memberships", s -> sorted(s.customer().memberships())),
                    new Field("raw", s -> s.customer().raw().values()))),
            new Root("event", "", 8, List.of(
                    new Field("id", s -> s.performance().event().id()),
                    new Field("name", s -> s.performance().event().name()),
                    new Field("duration", s -> s.performance().event().duration().toMinutes()),
                    new Field("raw", s -> s.performance().event().raw().values()))),
            new Root("performance", "instance", 8, List.of(
                    new Field("id", s -> s.performance().id()),
                    new Field("start", s -> new VenueDateTime(s.performance().start(s.venue().zone()))),
                    new Field("end", s -> new VenueDateTime(
                            s.performance().end(s.venue().zone()).withZoneSameInstant(s.venue().zone()))),
                    new Field("raw", s -> s.performance().raw().values()))),
            new Root("booking", "order", 4, List.of(
                    new Field("id", s -> s.booking().id()),
                    new Field("confirmed_at", s -> new VenueDateTime(s.booking().confirmedAt().atZone(s.venue().zone()))))),
            // The venue map is immutable, as it always was.
            new Root("venue", "", 0, List.of(
                    new Field("id", s -> s.venue().id()),
                    new Field("name", s -> s.venue().name()))));

    private RenderVariables() {
    }

    /**
     * What a render of one template must build, worked out once per compiled template: the roots it
     * reads, each with only the fields it reads. The seed review request reads two fields of the
     * customer and the event; making every map, sorted list and venue date-time of the recipient for
     * it would cost more than Liqp's render. A template that reads a whole root ({@code {{ customer }}},
     * a loop over it) or an index it computes ({@code customer[name]}) gets every field of that root.
     */
    static final class Needs {
        /** Every root, every field: for callers that have no translation to go by. */
        static final Needs EVERYTHING = new Needs(ROOTS.stream().map(root -> new Wanted(root, true,
                !root.alias().isEmpty(), root.fields())).toList());

        /** A root to build, under which of its names, with which fields. */
        private record Wanted(Root root, boolean underName, boolean underAlias, List<Field> fields) {
        }

        private final List<Wanted> wanted;

        private Needs(List<Wanted> wanted) {
            this.wanted = List.copyOf(wanted);
        }

        /** What the lookups {@code referenced} (paths whose first segment may be a root) need. */
        static Needs of(List<List<String>> referenced) {
            Set<String> names = new HashSet<>();
            Set<String> readWhole = new HashSet<>();
            Map<String, Set<String>> fieldsRead = new HashMap<>();
            for (List<String> path : referenced) {
                String name = path.get(0);
                if (!VariableSchema.isRoot(name)) {
                    continue;
                }
                names.add(name);
                String canonical = VariableSchema.canonical(name);
                if (path.size() < 2 || "*".equals(path.get(1))) {
                    readWhole.add(canonical);
                } else {
                    fieldsRead.computeIfAbsent(canonical, k -> new HashSet<>()).add(path.get(1));
                }
            }
            List<Wanted> wanted = new ArrayList<>();
            for (Root root : ROOTS) {
                boolean underName = names.contains(root.name());
                boolean underAlias = !root.alias().isEmpty() && names.contains(root.alias());
                if (!underName && !underAlias) {
                    continue;
                }
                Set<String> read = fieldsRead.getOrDefault(root.name(), Set.of());
                boolean whole = readWhole.contains(root.name())
                        || read.stream().anyMatch(field -> root.fields().stream().noneMatch(f -> f.name().equals(field)));
                List<Field> fields = whole ? root.fields()
                        : root.fields().stream().filter(field -> read.contains(field.name())).toList();
                wanted.add(new Wanted(root, underName, underAlias, fields));
            }
            return new Needs(wanted);
        }
    }

    /** Every variable, as a caller without a compiled template would see them. */
    static Map<String, Object> of(AudienceSubject subject) {
        return of(subject, Needs.EVERYTHING);
    }

    /** The variables {@code needs} asks for; nothing else is computed. */
    static Map<String, Object> of(AudienceSubject subject, Needs needs) {
        // Room for the roots, both names of an aliased root, and the render state added later.
        Map<String, Object> variables = new HashMap<>(capacityFor(2 * needs.wanted.size() + 1));
        for (Needs.Wanted wanted : needs.wanted) {
            Root root = wanted.root();
            boolean whole = wanted.fields().size() == root.fields().size();
            Map<String, Object> map = root.capacity() == 0 ? new LinkedHashMap<>(4)
                    : new HashMap<>(whole ? root.capacity() : capacityFor(wanted.fields().size()));
            for (Field field : wanted.fields()) {
                map.put(field.name(), field.value().apply(subject));
            }
            if (root.capacity() == 0) {
                map = Map.copyOf(map);
            }
            // A root and its alias share one map, as a template reading both expects.
            if (wanted.underName()) {
                variables.put(root.name(), map);
            }
            if (wanted.underAlias()) {
                variables.put(root.alias(), map);
            }
        }
        return variables;
    }

    /** A HashMap capacity that holds {@code entries} without resizing. */
    private static int capacityFor(int entries) {
        return (int) Math.ceil(entries / 0.75);
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
