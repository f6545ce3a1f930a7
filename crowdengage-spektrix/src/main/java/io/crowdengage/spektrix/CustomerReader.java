package io.crowdengage.spektrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdengage.spektrix.SpektrixTicketingSystem.PathSegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a customer with their tags, agreed statements (contact preferences) and memberships,
 * wherever this Spektrix system keeps them.
 *
 * <p>Spektrix's documented customer samples hold none of the three; public clients read
 * statements with {@code customers/{id}?$expand=AllStatements} and tags from
 * {@code customers/{id}/tags}. So the first customer read finds out, per collection, where this
 * system has it: in the plain answer, under an expansion, in a sub-resource, or nowhere. Later
 * reads go straight there (one request, plus one per sub-resource). If the system returns none of
 * the three, that is reported once: every customer then looks as if they had no tags, preferences
 * or memberships, so audience rules on them match nobody and a ticketing consent rule gives nobody
 * marketing consent.
 */
final class CustomerReader {
    /** Where a collection was found. */
    enum Source { INLINE, EXPANDED, SUB_RESOURCE, NONE }

    /** The three collections, with every place each may be. */
    enum Collection {
        TAGS("tags", "tags", Optional.of("Tags"), Optional.of("tags")),
        AGREED_STATEMENTS("agreedStatements", "agreedStatements", Optional.of("AllStatements"), Optional.of("agreed-statements")),
        MEMBERSHIPS("subscriptions", "subscriptions", Optional.of("Subscriptions"), Optional.empty());

        final String field;
        final String expandedField;
        final Optional<String> expansion;
        final Optional<String> subResource;

        Collection(String field, String expandedField, Optional<String> expansion, Optional<String> subResource) {
            this.field = field;
            this.expandedField = expandedField;
            this.expansion = expansion;
            this.subResource = subResource;
        }

        /** Where this collection may be, for reports: "tags, ?$expand=Tags, customers/{id}/tags". */
        String places() {
            List<String> places = new ArrayList<>();
            places.add("'" + field + "'");
            expansion.ifPresent(e -> places.add("?$expand=" + e));
            subResource.ifPresent(s -> places.add("customers/{id}/" + s));
            return String.join(", ", places);
        }
    }

    private final SpektrixHttp http;
    private final ProblemReport problems;
    private final Object lock = new Object();
    private Map<Collection, Source> sources = Map.of();

    CustomerReader(SpektrixHttp http, ProblemReport problems) {
        this.http = http;
        this.problems = problems;
    }

    /** Where each collection was found, once a customer was read; empty before. */
    Map<Collection, Source> sources() {
        synchronized (lock) {
            return Map.copyOf(sources);
        }
    }

    /**
     * The customer's answer with {@code tags}, {@code agreedStatements} and {@code subscriptions}
     * filled from wherever this system keeps them (missing where it has none); empty on 404.
     */
    Optional<JsonNode> read(String customerId) {
        String path = "customers/" + PathSegment.encode(customerId);
        String what = "customer '" + customerId + "'";
        Map<Collection, Source> known = sources();
        if (known.isEmpty()) {
            return discover(path, what);
        }
        List<String> expansions = known.entrySet().stream().filter(e -> e.getValue() == Source.EXPANDED)
                .map(e -> e.getKey().expansion.orElseThrow()).sorted().collect(Collectors.toList());
        String query = expansions.isEmpty() ? "" : "?$expand=" + String.join(",", expansions);
        Optional<JsonNode> found = http.getOrNotFound(path + query, what);
        if (found.isEmpty() || !found.get().isObject()) {
            return found;
        }
        ObjectNode customer = ((ObjectNode) found.get()).deepCopy();
        for (Map.Entry<Collection, Source> entry : known.entrySet()) {
            Collection collection = entry.getKey();
            switch (entry.getValue()) {
                case INLINE -> {
                    // Present as a list on the first customer read; absent here means none.
                }
                case EXPANDED -> expanded(customer, collection).ifPresentOrElse(
                        list -> customer.set(collection.field, list), () -> customer.remove(collection.field));
                case SUB_RESOURCE -> subResource(path, what, collection).ifPresentOrElse(
                        list -> customer.set(collection.field, list), () -> customer.remove(collection.field));
                case NONE -> customer.remove(collection.field);
            }
        }
        return Optional.of(customer);
    }

    private Optional<JsonNode> discover(String path, String what) {
        Optional<JsonNode> plain = http.getOrNotFound(path, what);
        if (plain.isEmpty() || !plain.get().isObject()) {
            return plain;
        }
        ObjectNode customer = ((ObjectNode) plain.get()).deepCopy();
        Map<Collection, Source> found = new EnumMap<>(Collection.class);
        for (Collection collection : Collection.values()) {
            if (customer.path(collection.field).isArray()) {
                found.put(collection, Source.INLINE);
                continue;
            }
            Optional<ArrayNode> list = collection.expansion.flatMap(expansion ->
                    http.getIfOffered(path + "?$expand=" + expansion, what)).flatMap(node -> expanded(node, collection));
            if (list.isPresent()) {
                found.put(collection, Source.EXPANDED);
                customer.set(collection.field, list.get());
                continue;
            }
            list = subResource(path, what, collection);
            if (list.isPresent()) {
                found.put(collection, Source.SUB_RESOURCE);
                customer.set(collection.field, list.get());
                continue;
            }
            found.put(collection, Source.NONE);
        }
        synchronized (lock) {
            if (sources.isEmpty()) {
                sources = Map.copyOf(found);
            }
        }
        if (found.values().stream().allMatch(source -> source == Source.NONE)) {
            problems.degraded("customers", "tags, agreedStatements, subscriptions", "this Spektrix system returns"
                    + " none of them (looked in the customer, under $expand and in its sub-resources): every customer"
                    + " looks as if they had no tags, contact preferences or memberships, so audience rules on them match"
                    + " nobody and a ticketing consent rule gives nobody marketing consent");
        } else {
            found.forEach((collection, source) -> {
                if (source == Source.NONE) {
                    problems.degraded("customers", collection.field, "this Spektrix system returns no " + collection.field
                            + " (looked in " + collection.places() + "); every customer looks as if they had none");
                }
            });
        }
        return Optional.of(customer);
    }

    /**
     * A collection from an answer read with its expansion: the field itself, or, for statements,
     * {@code allStatements} narrowed to those marked {@code agreed}.
     */
    private static Optional<ArrayNode> expanded(JsonNode customer, Collection collection) {
        JsonNode direct = customer.path(collection.expandedField);
        if (direct.isArray()) {
            return Optional.of((ArrayNode) direct);
        }
        if (collection == Collection.AGREED_STATEMENTS) {
            JsonNode all = customer.path("allStatements");
            if (all.isArray() && all.size() > 0 && allHaveAgreedFlag(all)) {
                ArrayNode agreed = ((ArrayNode) all).arrayNode();
                all.forEach(statement -> {
                    if (statement.path("agreed").asBoolean(false)) {
                        agreed.add(statement);
                    }
                });
                return Optional.of(agreed);
            }
            if (all.isArray() && all.isEmpty()) {
                return Optional.of(((ArrayNode) all).arrayNode());
            }
        }
        return Optional.empty();
    }

    private static boolean allHaveAgreedFlag(JsonNode statements) {
        for (JsonNode statement : statements) {
            if (!statement.path("agreed").isBoolean()) {
                return false;
            }
        }
        return true;
    }

    private Optional<ArrayNode> subResource(String path, String what, Collection collection) {
        return collection.subResource.flatMap(sub -> http.getIfOffered(path + "/" + sub, what + " " + sub))
                .filter(JsonNode::isArray).map(node -> (ArrayNode) node);
    }
}
