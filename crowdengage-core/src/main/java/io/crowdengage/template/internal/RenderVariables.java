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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables a render sees, as plain maps, lists, text and numbers (Liqp reads nothing else
 * safely), with snake_case names as box-office templates write them. Customer data is handed over
 * as values and is never parsed as template text.
 */
final class RenderVariables {
    private RenderVariables() {
    }

    static Map<String, Object> of(AudienceSubject subject) {
        Venue venue = subject.venue();
        ZoneId zone = venue.zone();
        Map<String, Object> variables = new HashMap<>(16);
        variables.put("customer", customer(subject.customer()));
        Performance performance = subject.performance();
        variables.put("event", event(performance.event()));
        Map<String, Object> performanceMap = new HashMap<>(8);
        performanceMap.put("id", performance.id());
        performanceMap.put("start", new VenueDateTime(performance.start(zone)));
        performanceMap.put("end", new VenueDateTime(performance.end(zone).withZoneSameInstant(zone)));
        performanceMap.put("raw", performance.raw().values());
        variables.put("performance", performanceMap);
        variables.put("instance", performanceMap);
        Booking booking = subject.booking();
        Map<String, Object> bookingMap = new HashMap<>(4);
        bookingMap.put("id", booking.id());
        bookingMap.put("confirmed_at", new VenueDateTime(booking.confirmedAt().atZone(zone)));
        variables.put("booking", bookingMap);
        variables.put("order", bookingMap);
        variables.put("venue", Map.of("id", venue.id(), "name", venue.name()));
        return variables;
    }

    private static Map<String, Object> customer(Customer customer) {
        Map<String, Object> map = new HashMap<>(16);
        map.put("id", customer.id());
        map.put("first_name", customer.firstName());
        map.put("last_name", customer.lastName());
        map.put("tags", sorted(customer.tags()));
        map.put("attributes", customer.attributes());
        map.put("contact_preferences", sorted(customer.contactPreferences()));
        map.put("memberships", sorted(customer.memberships()));
        map.put("raw", customer.raw().values());
        return map;
    }

    private static Map<String, Object> event(Event event) {
        Map<String, Object> map = new HashMap<>(8);
        map.put("id", event.id());
        map.put("name", event.name());
        map.put("duration", event.duration().toMinutes());
        map.put("raw", event.raw().values());
        return map;
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
