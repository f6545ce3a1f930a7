package io.crowdengage.spektrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads an {@code orders/sync} element, or an {@code orders/{id}} answer, leniently: Spektrix
 * documents only {@code orderId}, {@code orderFriendlyId}, {@code customerId} and
 * {@code customerFriendlyId} in an element, so everything else is looked for under the names below
 * (inferred, not documented) and, when missing, worked around for that order alone and reported.
 */
final class OrderReader {
    // Documented (integrate.spektrix.com/docs/api/orders-sync).
    static final String ORDER_ID = "orderId";
    static final String CUSTOMER_ID = "customerId";
    // Inferred: the first name of each list is what crowdengage assumed first; the others are read too.
    static final List<String> CONFIRMED = List.of("confirmedUtc", "confirmed");
    static final List<String> LAST_MODIFIED = List.of("lastModifiedUtc", "lastModified");
    static final String TICKETS = "tickets";
    /** A ticket's instance: {@code instance.id} (a reference, as {@code tickets[].event.id} is in orders), or flat. */
    static final String TICKET_INSTANCE = "instance";
    static final String TICKET_INSTANCE_ID = "instanceId";
    static final String TICKET_CANCELLED = "cancelled";
    static final String TICKET_CANCELLED_AT = "cancelledUtc";

    private final ObjectMapper mapper;
    private final ProblemReport problems;

    OrderReader(ObjectMapper mapper, ProblemReport problems) {
        this.mapper = mapper;
        this.problems = problems;
    }

    /**
     * An element of {@code values}; empty (and reported) when it has no order id.
     *
     * @param path where the element is, for reports: {@code values[3]}
     */
    Optional<OrderRecord> element(JsonNode node, String path) {
        Optional<String> id = SpektrixJson.optionalText(node, ORDER_ID);
        if (id.isEmpty() || !node.isObject()) {
            problems.leftOut("orders/sync " + path, ORDER_ID, "an order without an 'orderId' cannot be told apart"
                    + " from the others; it gives no booking");
            return Optional.empty();
        }
        String what = "order '" + id.get() + "'";
        Optional<String> customerId = SpektrixJson.optionalText(node, CUSTOMER_ID);
        Optional<Instant> lastModified = firstTime(node, LAST_MODIFIED, what, path);
        Optional<Instant> confirmed = firstTime(node, CONFIRMED, what, path);
        Optional<List<OrderRecord.Ticket>> tickets = tickets(node, what, path);
        return Optional.of(new OrderRecord(id.get(), customerId, confirmed, lastModified, tickets,
                fingerprint(id.get(), node, Optional.empty())));
    }

    /**
     * {@code order} with the tickets (and times it lacked) read from its {@code orders/{id}} answer;
     * unchanged when that answer has no ticket list either.
     */
    OrderRecord completedFrom(OrderRecord order, JsonNode element, JsonNode full) {
        String what = "order '" + order.id() + "'";
        String path = "orders/" + order.id();
        Optional<List<OrderRecord.Ticket>> tickets = tickets(full, what, path);
        if (tickets.isEmpty()) {
            return order;
        }
        Optional<Instant> confirmed = order.confirmed().or(() -> firstTime(full, CONFIRMED, what, path));
        Optional<Instant> lastModified = order.lastModified().or(() -> firstTime(full, LAST_MODIFIED, what, path));
        return new OrderRecord(order.id(), order.customerId().or(() -> SpektrixJson.optionalText(full, CUSTOMER_ID)),
                confirmed, lastModified, tickets, fingerprint(order.id(), element, Optional.of(full)));
    }

    /** Whether an answer carries a ticket list (an array under {@code tickets}). */
    static boolean hasTicketList(JsonNode node) {
        return node.path(TICKETS).isArray();
    }

    private Optional<List<OrderRecord.Ticket>> tickets(JsonNode node, String what, String path) {
        JsonNode array = node.get(TICKETS);
        if (array == null || array.isNull()) {
            return Optional.empty();
        }
        if (!array.isArray()) {
            problems.degraded(what, path + "." + TICKETS, "'tickets' is not a list; it is read as missing");
            return Optional.empty();
        }
        List<OrderRecord.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode ticket = array.get(i);
            String ticketPath = path + "." + TICKETS + "[" + i + "]";
            JsonNode instance = ticket.path(TICKET_INSTANCE);
            Optional<String> instanceId = instance.isObject() ? SpektrixJson.optionalText(instance, "id")
                    : SpektrixJson.optionalText(ticket, TICKET_INSTANCE);
            instanceId = instanceId.or(() -> SpektrixJson.optionalText(ticket, TICKET_INSTANCE_ID));
            if (instanceId.isEmpty()) {
                problems.leftOut(what, ticketPath + "." + TICKET_INSTANCE + ".id", "the ticket names no instance"
                        + " (looked for instance.id and instanceId), so it belongs to no performance and gives no booking");
            }
            Optional<Instant> cancelledAt = Optional.empty();
            Optional<String> cancelledText = SpektrixJson.optionalText(ticket, TICKET_CANCELLED_AT);
            if (cancelledText.isPresent()) {
                cancelledAt = readTime(cancelledText.get());
                if (cancelledAt.isEmpty()) {
                    problems.degraded(what, ticketPath + "." + TICKET_CANCELLED_AT, "unreadable cancellation time "
                            + SafeText.describeText(cancelledText.get()) + "; the ticket counts as cancelled when the"
                            + " order was last changed");
                }
            }
            boolean cancelled = ticket.path(TICKET_CANCELLED).asBoolean(false) || cancelledText.isPresent();
            tickets.add(new OrderRecord.Ticket(instanceId, cancelled, cancelledAt));
        }
        return Optional.of(tickets);
    }

    private Optional<Instant> firstTime(JsonNode node, List<String> names, String what, String path) {
        for (String name : names) {
            Optional<String> text = SpektrixJson.optionalText(node, name);
            if (text.isEmpty()) {
                continue;
            }
            Optional<Instant> read = readTime(text.get());
            if (read.isEmpty()) {
                problems.degraded(what, path + "." + name, "unreadable date-time " + SafeText.describeText(text.get())
                        + "; read as missing");
            }
            return read;
        }
        return Optional.empty();
    }

    /** A UTC time with or without {@code Z}, as Spektrix writes its {@code *Utc} fields. */
    static Optional<Instant> readTime(String text) {
        try {
            return Optional.of(SpektrixJson.utc(text, "a time"));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code orderId~hash}: the first 8 hex digits of SHA-256 over everything read about the order. */
    private String fingerprint(String id, JsonNode element, Optional<JsonNode> full) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(mapper.writeValueAsBytes(element));
            if (full.isPresent()) {
                digest.update((byte) '|');
                digest.update(mapper.writeValueAsBytes(full.get()));
            }
            String idPart = id.replaceAll("[^A-Za-z0-9_-]", "_");
            return idPart + "~" + HexFormat.of().formatHex(digest.digest(), 0, 4);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            // SHA-256 is in every JDK, and a tree read from JSON writes back: neither can fail.
            throw new IllegalStateException("cannot fingerprint an order", e);
        }
    }
}
