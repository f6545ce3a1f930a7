package io.crowdengage.spektrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Spektrix API v3 JSON into crowdengage records. Unknown fields are ignored (and kept in
 * {@code raw}); a missing required field is a {@code BAD_RESPONSE} naming the record and the field.
 *
 * <p>The shapes follow real payloads: bare arrays, flat {@code attribute_*} keys, references as
 * {@code {"id": ...}}, local times with no offset, UTC times with or without a trailing {@code Z}.
 * Orders are read by {@link OrderReader}, which is lenient where this class is strict: only an
 * order's ids are documented.
 */
final class SpektrixJson {
    static final String ATTRIBUTE_PREFIX = "attribute_";

    private final ObjectMapper mapper;

    SpektrixJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An element of {@code GET events} or {@code GET events/{id}}. */
    Event event(JsonNode node) {
        String id = requiredText(node, "id", "an event");
        String what = "event '" + id + "'";
        String name = requiredText(node, "name", what);
        JsonNode duration = required(node, "duration", what);
        if (!duration.canConvertToLong() || duration.asLong() < 0) {
            throw bad(what + " has field 'duration' = " + SafeText.describe(duration)
                    + ", but it must be a whole number of minutes");
        }
        return new Event(id, name, Duration.ofMinutes(duration.asLong()), raw(node));
    }

    /** An element of {@code GET instances}: what is needed before its event is joined. */
    InstanceRecord instance(JsonNode node) {
        String id = requiredText(node, "id", "an instance");
        String what = "instance '" + id + "'";
        String eventId = requiredText(required(node, "event", what), "id", what + " field 'event'");
        LocalDateTime start = localDateTime(required(node, "start", what), what + " field 'start'");
        Optional<Instant> startUtc = optionalText(node, "startUtc").map(text -> utc(text, what + " field 'startUtc'"));
        JsonNode cancelled = required(node, "cancelled", what);
        if (!cancelled.isBoolean()) {
            throw bad(what + " has field 'cancelled' = " + SafeText.describe(cancelled) + ", but it must be true or false");
        }
        return new InstanceRecord(id, eventId, start, startUtc, cancelled.asBoolean(), raw(node));
    }

    /** A customer from {@code GET customers/{id}}; tag and statement names come from the lookups when missing. */
    Customer customer(JsonNode node, String region, Map<String, String> tagNames, Map<String, String> statementTexts) {
        String id = requiredText(node, "id", "a customer");
        Optional<PhoneNumber> mobile = optionalText(node, "mobile").flatMap(typed -> PhoneNumber.tryParse(typed, region));
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (field.getKey().startsWith(ATTRIBUTE_PREFIX) && value.isValueNode() && !value.isNull()) {
                attributes.put(field.getKey().substring(ATTRIBUTE_PREFIX.length()), value.asText());
            }
        }
        return Customer.builder(id)
                .name(optionalText(node, "firstName").orElse(""), optionalText(node, "lastName").orElse(""))
                .mobile(mobile)
                .tags(names(node.path("tags"), "name", tagNames))
                .contactPreferences(names(node.path("agreedStatements"), "text", statementTexts))
                .memberships(memberships(node.path("subscriptions")))
                .attributes(attributes)
                .raw(raw(node))
                .build();
    }

    /** Every field verbatim; JSON nulls are dropped by {@link RawAttributes}. */
    RawAttributes raw(JsonNode node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = mapper.convertValue(node, LinkedHashMap.class);
        return RawAttributes.of(values);
    }

    /** Each element's {@code nameField}, else the lookup of its {@code id}, else the id itself. */
    private static Set<String> names(JsonNode array, String nameField, Map<String, String> byId) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode element : array) {
            Optional<String> name = optionalText(element, nameField);
            Optional<String> id = optionalText(element, "id");
            name.or(() -> id.map(byId::get)).or(() -> id).ifPresent(names::add);
        }
        return names;
    }

    /** Spektrix's {@code CustomerSubscription} fields are undocumented; take a name wherever one is. */
    private static Set<String> memberships(JsonNode subscriptions) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode subscription : subscriptions) {
            optionalText(subscription, "name")
                    .or(() -> optionalText(subscription.path("membership"), "name"))
                    .or(() -> optionalText(subscription.path("membership"), "id"))
                    .or(() -> optionalText(subscription, "id"))
                    .ifPresent(names::add);
        }
        return names;
    }

    static JsonNode required(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw bad(what + " has no '" + field + "', which crowdengage needs");
        }
        return value;
    }

    static String requiredText(JsonNode node, String field, String what) {
        JsonNode value = required(node, field, what);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw bad(what + " has field '" + field + "' = " + SafeText.describe(value) + ", but it must be non-blank text");
        }
        return value.asText();
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    /** A local date-time such as {@code 2025-08-23T16:30:00}; an offset, if any, is refused. */
    static LocalDateTime localDateTime(JsonNode value, String what) {
        try {
            return LocalDateTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw bad(what + " = " + SafeText.describe(value) + " is not a local date-time like 2025-08-23T16:30:00");
        }
    }

    /** A UTC time as Spektrix writes it: {@code startUtc} has no Z, {@code *SellingAtWebUtc} has one. */
    static Instant utc(String text, String what) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException noOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw bad(what + " = " + SafeText.describeText(text) + " is not a UTC date-time like 2025-08-23T21:30:00");
            }
        }
    }

    static TicketingException bad(String message) {
        return new TicketingException(Reason.BAD_RESPONSE, "Spektrix's answer cannot be used: " + message);
    }
}
