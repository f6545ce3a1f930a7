package io.crowdengage.spektrix.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.crowdengage.adapter.fake.Exchanges;
import io.crowdengage.adapter.fake.FaultScript;
import io.crowdengage.adapter.fake.LoopbackServer;
import io.crowdengage.adapter.fake.RequestLog;
import io.crowdengage.internal.Checks;
import io.crowdengage.spektrix.SpektrixConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Spektrix API v3 on loopback, for tests: it serves the shapes real Spektrix systems send
 * (bare arrays, flat {@code attribute_*} keys on every record, references as {@code {"id": ...}},
 * local {@code start} with no offset, {@code startUtc} without {@code Z}), checks every request's
 * signature exactly and answers 401 when it does not match, pages {@code orders/sync} oldest first
 * with {@code paging.next}, and records every request.
 *
 * <pre>{@code
 * try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).start()) {
 *     String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of("attribute_ShowScoreID", "12345"));
 *     String instance = spektrix.addInstance(event, LocalDateTime.parse("2025-06-14T19:30"));
 *     String customer = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456"));
 *     spektrix.addOrder(customer, clock.instant(), instance);
 *     SpektrixTicketingSystem ticketing = SpektrixTicketingSystem.create(spektrix.configBuilder().build(), clock);
 *     ...
 *     assertThat(spektrix.requests()).hasSize(...);
 * }
 * }</pre>
 *
 * <p>Change stamps ({@code lastModifiedUtc} of orders) come from the clock given to the builder, so
 * a test that moves a mutable clock controls the change feed. Faults are scripted with
 * {@link #failNext(int, String, Fault)}. Thread-safe; each instance listens on its own ephemeral port.
 *
 * <p>Where Spektrix's documentation is silent, the fake answers in any of the shapes a live system
 * might use, so the adapter is tested against each rather than against one guess:
 * {@link Builder#orderShape} (what an {@code orders/sync} element holds), {@link Builder#sinceZone}
 * (the zone of {@code since}), {@link Builder#customerCollections} (where a customer's tags,
 * agreed statements and memberships are), {@link #hideEventFromListing} (an event only
 * {@code events/{id}} serves) and {@link #deleteEvent} / {@link #setInstanceField} (records that
 * cannot be read).
 */
public final class FakeSpektrixServer implements AutoCloseable {
    /** The secret key the builder uses unless told otherwise: base64 of "crowdengage fake spektrix key". */
    public static final String DEFAULT_SECRET_KEY = "Y3Jvd2RlbmdhZ2UgZmFrZSBzcGVrdHJpeCBrZXk=";

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter UTC_NO_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_FRACTION_Z =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");
    private static final String ID_LETTERS = "ABCDGHJKLMNPQRSTV";

    private static final Set<String> CREDENTIAL_HEADERS = Set.of("Authorization");

    private final String clientName;
    private final String loginName;
    private final String secretKey;
    private final ZoneId venueZone;
    private final Clock clock;
    private final int syncPageSize;
    private final OrderShape orderShape;
    private final ZoneId sinceZone;
    private final CustomerCollections customerCollections;
    private final SignatureCheck signatures;
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server;
    private final String apiRoot;

    private final Object lock = new Object();
    private final Map<String, EventData> events = new LinkedHashMap<>();
    private final Map<String, InstanceData> instances = new LinkedHashMap<>();
    private final Map<String, CustomerData> customers = new LinkedHashMap<>();
    private final Map<String, OrderData> orders = new LinkedHashMap<>();
    private final Map<String, String> tagIdsByName = new LinkedHashMap<>();
    private final Map<String, String> statementIdsByText = new LinkedHashMap<>();
    private final FaultScript<String, Fault> faults = new FaultScript<>();
    private final RequestLog<RecordedRequest> recorded = new RequestLog<>();
    private long nextId = 1;

    private FakeSpektrixServer(Builder builder) {
        this.clientName = builder.clientName;
        this.loginName = builder.loginName;
        this.secretKey = builder.secretKey;
        this.venueZone = builder.venueZone;
        this.clock = builder.clock;
        this.syncPageSize = builder.syncPageSize;
        this.orderShape = builder.orderShape;
        this.sinceZone = builder.sinceZone;
        this.customerCollections = builder.customerCollections;
        this.signatures = new SignatureCheck(loginName, secretKey);
        this.apiRoot = "/" + clientName + "/api/v3/";
        this.server = LoopbackServer.start("fake-spektrix", this::handle);
    }

    /** A builder with defaults: client {@code fakevenue}, login {@code crowdengage-test}, zone Europe/London. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API root to configure the adapter with, for example {@code http://127.0.0.1:49152/fakevenue/api/v3}. */
    public String baseUrl() {
        return server.baseUrl() + apiRoot.substring(0, apiRoot.length() - 1);
    }

    /** A config builder already holding this server's client name, base URL, login, key and zone. */
    public SpektrixConfig.Builder configBuilder() {
        return SpektrixConfig.builder().clientName(clientName).baseUrl(baseUrl()).loginName(loginName)
                .secretKey(secretKey).venueZone(venueZone);
    }

    /** The most orders one {@code orders/sync} page holds. */
    public int syncPageSize() {
        return syncPageSize;
    }

    // ------------------------------------------------------------------ seeding

    /**
     * Adds an event.
     *
     * @param name        the title
     * @param runningTime served as {@code duration} in whole minutes
     * @param fields      extra top-level fields, verbatim: {@code attribute_ShowScoreID -> "12345"} and the like
     * @return the new event's id
     */
    public String addEvent(String name, Duration runningTime, Map<String, ?> fields) {
        Checks.notBlank(name, "name");
        Checks.notNegative(runningTime, "runningTime");
        synchronized (lock) {
            String id = newId();
            events.put(id, new EventData(id, name, runningTime.toMinutes(), new LinkedHashMap<>(fields)));
            return id;
        }
    }

    /** Sets (or replaces) a top-level field of an event, for example a new {@code attribute_ShowScoreID}. */
    public void setEventField(String eventId, String key, Object value) {
        synchronized (lock) {
            event(eventId).fields.put(Checks.notBlank(key, "key"), value);
        }
    }

    /**
     * Leaves an event out of {@code GET events} while {@code events/{id}} still serves it, as Spektrix's
     * listing holds only events with instances visible on the web.
     */
    public void hideEventFromListing(String eventId) {
        synchronized (lock) {
            event(eventId).listed = false;
        }
    }

    /** Makes an event unreadable (out of the listing, 404 at {@code events/{id}}) while its instances remain. */
    public void deleteEvent(String eventId) {
        synchronized (lock) {
            EventData event = event(eventId);
            event.listed = false;
            event.deleted = true;
        }
    }

    /**
     * Sets (or, with a {@code null} value, writes as JSON null) a top-level field of an instance as
     * served, for example {@code start} to {@code null} to make one instance unreadable.
     */
    public void setInstanceField(String instanceId, String key, Object value) {
        synchronized (lock) {
            instance(instanceId).overrides.put(Checks.notBlank(key, "key"), Optional.ofNullable(value));
        }
    }

    /**
     * Adds a live instance (performance) of an event.
     *
     * @param eventId    an event this server holds
     * @param localStart the venue wall-clock start
     * @return the new instance's id
     */
    public String addInstance(String eventId, LocalDateTime localStart) {
        Checks.notNull(localStart, "localStart");
        synchronized (lock) {
            event(eventId);
            String id = newId();
            instances.put(id, new InstanceData(id, eventId, localStart, false));
            return id;
        }
    }

    /** Moves an instance to a new wall-clock start. */
    public void rescheduleInstance(String instanceId, LocalDateTime newLocalStart) {
        synchronized (lock) {
            instance(instanceId).start = Checks.notNull(newLocalStart, "newLocalStart");
        }
    }

    /** Cancels an instance. */
    public void cancelInstance(String instanceId) {
        synchronized (lock) {
            instance(instanceId).cancelled = true;
        }
    }

    /** Adds a customer; its tags and agreed statements are added to {@code GET tags} and {@code GET statements}. */
    public String addCustomer(FakeCustomer customer) {
        Checks.notNull(customer, "customer");
        synchronized (lock) {
            customer.tags().forEach(tag -> tagIdsByName.computeIfAbsent(tag, t -> newId()));
            customer.agreedStatements().forEach(text -> statementIdsByText.computeIfAbsent(text, t -> newId()));
            String id = newId();
            customers.put(id, new CustomerData(id, "I-" + String.format("%04d", nextId) + "-FAKE", customer));
            return id;
        }
    }

    /** Replaces a customer's details, keeping the id. */
    public void replaceCustomer(String customerId, FakeCustomer customer) {
        synchronized (lock) {
            CustomerData old = customer(customerId);
            customer.tags().forEach(tag -> tagIdsByName.computeIfAbsent(tag, t -> newId()));
            customer.agreedStatements().forEach(text -> statementIdsByText.computeIfAbsent(text, t -> newId()));
            customers.put(customerId, new CustomerData(customerId, old.friendlyId, customer));
        }
    }

    /**
     * Adds a confirmed order with one ticket per instance id given (repeat an id for more tickets).
     * It enters {@code orders/sync} as modified now, by the server's clock.
     *
     * @return the order id
     */
    public String addOrder(String customerId, Instant confirmedAt, String... instanceIds) {
        Checks.notNull(confirmedAt, "confirmedAt");
        Checks.require(instanceIds.length > 0, "instanceIds", "must name at least one instance");
        synchronized (lock) {
            customer(customerId);
            String id = newId();
            List<TicketData> tickets = new ArrayList<>();
            for (String instanceId : instanceIds) {
                tickets.add(new TicketData(newId(), instance(instanceId)));
            }
            orders.put(id, new OrderData(id, customerId, truncate(confirmedAt), stamp(), tickets));
            return id;
        }
    }

    /**
     * Cancels (returns) an order's tickets for one instance at {@code at}; the order enters
     * {@code orders/sync} again as modified now.
     */
    public void cancelTickets(String orderId, String instanceId, Instant at) {
        Checks.notNull(at, "at");
        synchronized (lock) {
            OrderData order = order(orderId);
            boolean any = false;
            for (TicketData ticket : order.tickets) {
                if (ticket.instance.id.equals(instanceId)) {
                    ticket.cancelledAt = Optional.of(truncate(at));
                    any = true;
                }
            }
            Checks.require(any, "instanceId", "order '" + orderId + "' has no tickets for instance '" + instanceId + "'");
            order.lastModified = stamp();
        }
    }

    // ------------------------------------------------------------------ faults and recording

    /**
     * Makes the next {@code times} requests whose API path (below {@code /api/v3/}, no query)
     * starts with {@code apiPathPrefix} go wrong as {@code fault} says; {@code ""} matches every path.
     * Faults are applied before the signature check, as a proxy in front of Spektrix would.
     */
    public void failNext(int times, String apiPathPrefix, Fault fault) {
        Checks.notNull(apiPathPrefix, "apiPathPrefix");
        faults.add(times, apiPath -> apiPath.startsWith(apiPathPrefix), fault);
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return recorded.all();
    }

    /** How many requests were received so far. */
    public int requestCount() {
        return recorded.count();
    }

    /** Forgets the recorded requests (scripted faults stay). */
    public void clearRequests() {
        recorded.clear();
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = Exchanges.body(exchange);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            String pathAndQuery = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
            String apiPath = rawPath.startsWith(apiRoot) ? rawPath.substring(apiRoot.length()) : "";
            String host = exchange.getRequestHeaders().getFirst("Host");
            String absoluteUrl = "http://" + host + pathAndQuery;
            boolean signatureValid = signatures.matches(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestMethod(), absoluteUrl, exchange.getRequestHeaders().getFirst("Date"), body);
            recorded.add(new RecordedRequest(exchange.getRequestMethod(), pathAndQuery, apiPath,
                    Exchanges.headersWithout(exchange.getRequestHeaders(), CREDENTIAL_HEADERS), signatureValid));
            Optional<Fault> fault = faults.take(apiPath);
            if (fault.isPresent() && fault.get().http().answer(exchange, this::errorBody)) {
                return;
            }
            if (apiPath.isEmpty()) {
                respond(exchange, 404, error("no such API path: " + rawPath + " (client '" + clientName + "')"));
                return;
            }
            if (!signatureValid) {
                respond(exchange, 401, error("Authorization has been denied for this request: the signature is wrong"));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, error("this fake serves GET only"));
                return;
            }
            Map<String, String> query = Exchanges.query(exchange);
            Answer answer;
            synchronized (lock) {
                answer = route(apiPath, query);
            }
            if (fault.filter(Fault::truncated).isPresent()) {
                byte[] whole = json.writeValueAsBytes(answer.body);
                respond(exchange, 200, Arrays.copyOf(whole, whole.length / 2));
                return;
            }
            respond(exchange, answer.status, answer.body);
        } catch (RuntimeException e) {
            respond(exchange, 500, error("the fake Spektrix server failed: " + e));
        }
    }

    private Answer route(String apiPath, Map<String, String> query) {
        String[] parts = apiPath.split("/", -1);
        String id = parts.length >= 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        if (parts.length > 3 || (parts.length == 3 && !parts[0].equals("customers"))) {
            return notFound(apiPath);
        }
        switch (parts[0]) {
            case "events":
                if (parts.length == 1) {
                    ArrayNode all = json.createArrayNode();
                    events.values().stream().filter(e -> e.listed).forEach(event -> all.add(eventJson(event)));
                    return new Answer(200, all);
                }
                return Optional.ofNullable(events.get(id)).filter(e -> !e.deleted).map(e -> new Answer(200, eventJson(e)))
                        .orElse(notFound(apiPath));
            case "instances":
                if (parts.length == 1) {
                    return instanceList(query);
                }
                return Optional.ofNullable(instances.get(id)).map(i -> new Answer(200, instanceJson(i)))
                        .orElse(notFound(apiPath));
            case "customers":
                if (parts.length == 1 && query.containsKey("email")) {
                    // Spektrix answers one object or 404 for an email lookup, never a list.
                    return customers.values().stream()
                            .filter(c -> c.customer.email().equalsIgnoreCase(query.get("email")))
                            .findFirst().map(c -> new Answer(200, customerJson(c))).orElse(notFound(apiPath));
                }
                if (parts.length == 3) {
                    return customerPart(id, parts[2], apiPath);
                }
                return Optional.ofNullable(customers.get(id)).map(c -> customerAnswer(c, query))
                        .orElse(notFound(apiPath));
            case "tags":
                return new Answer(200, named(tagIdsByName, "name"));
            case "statements":
                return new Answer(200, named(statementIdsByText, "text"));
            case "orders":
                if (parts.length == 2 && parts[1].equals("sync")) {
                    return ordersSync(query);
                }
                if (parts.length == 2) {
                    return Optional.ofNullable(orders.get(id)).map(o -> new Answer(200, orderJson(o, true)))
                            .orElse(notFound(apiPath));
                }
                return notFound(apiPath);
            default:
                return notFound(apiPath);
        }
    }

    private Answer instanceList(Map<String, String> query) {
        Optional<LocalDate> from;
        Optional<LocalDate> to;
        try {
            from = Optional.ofNullable(query.get("startFrom")).map(LocalDate::parse);
            to = Optional.ofNullable(query.get("startTo")).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            return new Answer(400, error("startFrom and startTo must be dates like 2025-06-14"));
        }
        ArrayNode all = json.createArrayNode();
        instances.values().stream()
                .filter(i -> from.map(d -> !i.start.toLocalDate().isBefore(d)).orElse(true))
                .filter(i -> to.map(d -> !i.start.toLocalDate().isAfter(d)).orElse(true))
                .sorted(Comparator.comparing((InstanceData i) -> i.start).thenComparing(i -> i.id))
                .forEach(i -> all.add(instanceJson(i)));
        return new Answer(200, all);
    }

    private Answer ordersSync(Map<String, String> query) {
        String sinceText = query.get("since");
        Instant since;
        try {
            since = LocalDateTime.parse(Checks.notBlank(sinceText, "since")).atZone(sinceZone).toInstant();
        } catch (RuntimeException e) {
            return new Answer(400, error("since must be an ISO-8601 date-time such as 2024-06-01T00:00:00.0000000"));
        }
        List<OrderData> changed = orders.values().stream()
                .filter(o -> !o.lastModified.isBefore(since))
                .sorted(Comparator.comparing((OrderData o) -> o.lastModified).thenComparing(o -> o.id))
                .toList();
        List<OrderData> page = changed.subList(0, Math.min(syncPageSize, changed.size()));
        ObjectNode body = json.createObjectNode();
        ObjectNode paging = body.putObject("paging");
        paging.put("limit", syncPageSize);
        if (changed.size() > page.size()) {
            paging.put("next", "/api/v3/orders/sync?since="
                    + SINCE.format(LocalDateTime.ofInstant(page.get(page.size() - 1).lastModified, sinceZone)));
        } else {
            paging.putNull("next");
        }
        ArrayNode values = body.putArray("values");
        page.forEach(order -> values.add(orderJson(order, false)));
        return new Answer(200, body);
    }

    // ------------------------------------------------------------------ shapes

    private ObjectNode eventJson(EventData event) {
        List<InstanceData> own = instances.values().stream().filter(i -> i.eventId.equals(event.id))
                .sorted(Comparator.comparing(i -> i.start)).toList();
        ObjectNode node = json.createObjectNode();
        node.put("description", "");
        node.put("htmlDescription", "");
        node.put("duration", event.durationMinutes);
        node.put("imageUrl", "");
        node.put("isOnSale", true);
        node.put("name", event.name);
        node.put("instanceDates", own.isEmpty() ? "" : own.get(0).start.toLocalDate() + "-"
                + own.get(own.size() - 1).start.toLocalDate());
        node.put("thumbnailUrl", "");
        node.putNull("webEventId");
        node.put("id", event.id);
        if (own.isEmpty()) {
            node.putNull("firstInstanceDateTime");
            node.putNull("lastInstanceDateTime");
        } else {
            node.put("firstInstanceDateTime", LOCAL.format(own.get(0).start));
            node.put("lastInstanceDateTime", LOCAL.format(own.get(own.size() - 1).start));
        }
        // Every event of a client carries the same attribute_* keys, empty where not set.
        for (EventData any : events.values()) {
            any.fields.keySet().stream().filter(k -> k.startsWith("attribute_")).forEach(k -> node.put(k, ""));
        }
        event.fields.forEach((key, value) -> node.set(key, json.valueToTree(value)));
        return node;
    }

    private ObjectNode instanceJson(InstanceData instance) {
        Instant startUtc = instance.start.atZone(venueZone).toInstant();
        LocalDateTime sellFrom = instance.start.minusDays(60);
        LocalDateTime sellTo = instance.start.minusHours(1);
        ObjectNode node = json.createObjectNode();
        node.put("isOnSale", !instance.cancelled);
        node.put("planId", instance.id + "P");
        node.putObject("priceList").put("id", instance.id + "L");
        node.putObject("event").put("id", instance.eventId);
        node.put("start", LOCAL.format(instance.start));
        node.put("startUtc", LOCAL.format(startUtc.atOffset(ZoneOffset.UTC)));
        node.put("startSellingAtWeb", LOCAL.format(sellFrom));
        node.put("startSellingAtWebUtc", UTC_Z.format(sellFrom.atZone(venueZone).toInstant()));
        node.put("stopSellingAtWeb", LOCAL.format(sellTo));
        node.put("stopSellingAtWebUtc", UTC_Z.format(sellTo.atZone(venueZone).toInstant()));
        node.putNull("webInstanceId");
        node.put("cancelled", instance.cancelled);
        node.put("id", instance.id);
        node.put("hasBestAvailableOverlay", false);
        instance.overrides.forEach((key, value) -> node.set(key, value.<JsonNode>map(json::valueToTree).orElse(json.nullNode())));
        return node;
    }

    private ObjectNode customerJson(CustomerData data) {
        FakeCustomer customer = data.customer;
        ObjectNode node = json.createObjectNode();
        node.put("id", data.id);
        node.put("friendlyId", data.friendlyId);
        node.put("title", "");
        node.put("firstName", customer.firstName());
        node.put("lastName", customer.lastName());
        node.put("email", customer.email());
        node.put("mobile", customer.mobileAsTyped().orElse(""));
        node.put("phone", "");
        node.putNull("birthDate");
        if (customerCollections == CustomerCollections.INLINE) {
            node.set("tags", tagsJson(customer));
            node.set("agreedStatements", agreedJson(customer));
            node.set("subscriptions", subscriptionsJson(customer));
        }
        node.putArray("addresses");
        Set<String> attributeNames = new LinkedHashSet<>();
        customers.values().forEach(c -> attributeNames.addAll(c.customer.attributes().keySet()));
        attributeNames.forEach(name -> node.put("attribute_" + name, ""));
        customer.attributes().forEach((name, value) -> node.set("attribute_" + name, json.valueToTree(value)));
        return node;
    }

    private Answer customerAnswer(CustomerData data, Map<String, String> query) {
        ObjectNode node = customerJson(data);
        String expand = query.getOrDefault("$expand", "");
        if (expand.isBlank() || customerCollections == CustomerCollections.INLINE) {
            return new Answer(200, node);
        }
        for (String name : expand.split(",")) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            if (customerCollections == CustomerCollections.EXPAND_OR_SUB_RESOURCE && wanted.equals("allstatements")) {
                ArrayNode all = node.putArray("allStatements");
                statementIdsByText.forEach((text, id) -> all.addObject().put("id", id).put("text", text)
                        .put("agreed", data.customer.agreedStatements().contains(text)));
            } else if (customerCollections == CustomerCollections.EXPAND_OR_SUB_RESOURCE && wanted.equals("subscriptions")) {
                node.set("subscriptions", subscriptionsJson(data.customer));
            } else {
                return new Answer(400, error("Could not find a property named '" + name.strip() + "' on type 'Customer'"));
            }
        }
        return new Answer(200, node);
    }

    private Answer customerPart(String customerId, String part, String apiPath) {
        CustomerData data = customers.get(customerId);
        if (data == null || customerCollections == CustomerCollections.ABSENT) {
            return notFound(apiPath);
        }
        switch (part) {
            case "tags":
                return new Answer(200, tagsJson(data.customer));
            case "agreed-statements":
                return new Answer(200, agreedJson(data.customer));
            default:
                return notFound(apiPath);
        }
    }

    private ArrayNode tagsJson(FakeCustomer customer) {
        ArrayNode tags = json.createArrayNode();
        customer.tags().forEach(tag -> tags.addObject().put("id", tagIdsByName.get(tag)).put("name", tag));
        return tags;
    }

    private ArrayNode agreedJson(FakeCustomer customer) {
        ArrayNode statements = json.createArrayNode();
        customer.agreedStatements().forEach(text ->
                statements.addObject().put("id", statementIdsByText.get(text)).put("text", text));
        return statements;
    }

    private ArrayNode subscriptionsJson(FakeCustomer customer) {
        ArrayNode subscriptions = json.createArrayNode();
        customer.memberships().forEach(name -> subscriptions.addObject().putObject("membership")
                .put("id", name.toUpperCase(Locale.ROOT)).put("name", name));
        return subscriptions;
    }

    /** An order as {@code orders/sync} lists it ({@code full} false) or {@code orders/{id}} answers it. */
    private ObjectNode orderJson(OrderData order, boolean full) {
        CustomerData customer = customers.get(order.customerId);
        ObjectNode node = json.createObjectNode();
        node.put("orderId", order.id);
        node.put("orderFriendlyId", order.id.substring(0, Math.min(6, order.id.length())));
        node.put("customerId", order.customerId);
        node.put("customerFriendlyId", customer.friendlyId);
        if (orderShape == OrderShape.DOCUMENTED_ONLY && !full) {
            return node;
        }
        if (orderShape == OrderShape.OTHER_NAMES) {
            node.put("confirmed", UTC_FRACTION_Z.format(order.confirmed));
            node.put("lastModified", UTC_FRACTION_Z.format(order.lastModified));
        } else {
            node.put("confirmedUtc", UTC_NO_Z.format(order.confirmed));
            if (orderShape != OrderShape.NO_MODIFICATION_TIME) {
                node.put("lastModifiedUtc", UTC_NO_Z.format(order.lastModified));
            }
        }
        ArrayNode tickets = node.putArray("tickets");
        for (TicketData ticket : order.tickets) {
            ObjectNode t = tickets.addObject();
            t.put("id", ticket.id);
            t.putObject("event").put("id", ticket.instance.eventId);
            if (orderShape == OrderShape.OTHER_NAMES) {
                t.put("instanceId", ticket.instance.id);
                t.put("cancelled", ticket.cancelledAt.isPresent());
                continue;
            }
            if (orderShape != OrderShape.EVENT_ONLY_TICKETS) {
                t.putObject("instance").put("id", ticket.instance.id);
            }
            t.put("cancelled", ticket.cancelledAt.isPresent());
            if (ticket.cancelledAt.isPresent()) {
                t.put("cancelledUtc", UTC_NO_Z.format(ticket.cancelledAt.get()));
            } else {
                t.putNull("cancelledUtc");
            }
        }
        return node;
    }

    private ArrayNode named(Map<String, String> idsByName, String nameField) {
        ArrayNode all = json.createArrayNode();
        idsByName.forEach((name, id) -> all.addObject().put("id", id).put(nameField, name));
        return all;
    }

    // ------------------------------------------------------------------ helpers

    /** Spektrix's body for an error status a fault answers. */
    private byte[] errorBody(int status) {
        try {
            return json.writeValueAsBytes(error(status == 429 ? "Too many requests" : "An error has occurred."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        respond(exchange, status, json.writeValueAsBytes(body));
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        Exchanges.respondJson(exchange, status, bytes);
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("message", message);
    }

    private Answer notFound(String apiPath) {
        return new Answer(404, error("No resource found at " + apiPath));
    }

    /** Spektrix-looking ids: a number, then letters, 33 characters. */
    private String newId() {
        StringBuilder id = new StringBuilder().append(nextId++).append('A');
        long seed = nextId * 7919;
        while (id.length() < 33) {
            id.append(ID_LETTERS.charAt((int) (seed % ID_LETTERS.length())));
            seed = seed / 3 + id.length() * 31L;
        }
        return id.toString();
    }

    /** Now, to the 100 ns Spektrix's since parameter can express. */
    private Instant stamp() {
        return truncate(clock.instant());
    }

    private static Instant truncate(Instant instant) {
        return Instant.ofEpochSecond(instant.getEpochSecond(), instant.getNano() / 100 * 100);
    }

    private EventData event(String id) {
        return require(events, id, "event");
    }

    private InstanceData instance(String id) {
        return require(instances, id, "instance");
    }

    private CustomerData customer(String id) {
        return require(customers, id, "customer");
    }

    private OrderData order(String id) {
        return require(orders, id, "order");
    }

    private static <T> T require(Map<String, T> map, String id, String kind) {
        T found = map.get(id);
        Checks.require(found != null, kind + "Id", "the fake Spektrix server has no " + kind + " '" + id + "'");
        return found;
    }

    private record Answer(int status, JsonNode body) {
    }

    private static final class EventData {
        final String id;
        final String name;
        final long durationMinutes;
        final Map<String, Object> fields;
        boolean listed = true;
        boolean deleted;

        EventData(String id, String name, long durationMinutes, Map<String, Object> fields) {
            this.id = id;
            this.name = name;
            this.durationMinutes = durationMinutes;
            this.fields = fields;
        }
    }

    private static final class InstanceData {
        final String id;
        final String eventId;
        LocalDateTime start;
        boolean cancelled;
        final Map<String, Optional<Object>> overrides = new LinkedHashMap<>();

        InstanceData(String id, String eventId, LocalDateTime start, boolean cancelled) {
            this.id = id;
            this.eventId = eventId;
            this.start = start;
            this.cancelled = cancelled;
        }
    }

    private record CustomerData(String id, String friendlyId, FakeCustomer customer) {
    }

    private static final class TicketData {
        final String id;
        final InstanceData instance;
        Optional<Instant> cancelledAt = Optional.empty();

        TicketData(String id, InstanceData instance) {
            this.id = id;
            this.instance = instance;
        }
    }

    private static final class OrderData {
        final String id;
        final String customerId;
        final Instant confirmed;
        Instant lastModified;
        final List<TicketData> tickets;

        OrderData(String id, String customerId, Instant confirmed, Instant lastModified, List<TicketData> tickets) {
            this.id = id;
            this.customerId = customerId;
            this.confirmed = confirmed;
            this.lastModified = lastModified;
            this.tickets = tickets;
        }
    }

    /** Builds and starts a {@link FakeSpektrixServer}. */
    public static final class Builder {
        private String clientName = "fakevenue";
        private String loginName = "crowdengage-test";
        private String secretKey = DEFAULT_SECRET_KEY;
        private ZoneId venueZone = ZoneId.of("Europe/London");
        private Clock clock = Clock.systemUTC();
        private int syncPageSize = 100;
        private OrderShape orderShape = OrderShape.ASSUMED;
        private ZoneId sinceZone = ZoneOffset.UTC;
        private CustomerCollections customerCollections = CustomerCollections.INLINE;

        private Builder() {
        }

        /** How an {@code orders/sync} element is written; default {@link OrderShape#ASSUMED}. */
        public Builder orderShape(OrderShape orderShape) {
            this.orderShape = Checks.notNull(orderShape, "orderShape");
            return this;
        }

        /**
         * The zone {@code orders/sync?since=} is read in and {@code paging.next} written in; default UTC.
         * Spektrix does not document it; a venue's local zone is the other reading.
         */
        public Builder sinceZone(ZoneId sinceZone) {
            this.sinceZone = Checks.notNull(sinceZone, "sinceZone");
            return this;
        }

        /** Where customers' tags, agreed statements and memberships are; default {@link CustomerCollections#INLINE}. */
        public Builder customerCollections(CustomerCollections customerCollections) {
            this.customerCollections = Checks.notNull(customerCollections, "customerCollections");
            return this;
        }

        /** The client name in the path; default {@code fakevenue}. */
        public Builder clientName(String clientName) {
            this.clientName = Checks.notBlank(clientName, "clientName");
            return this;
        }

        /** The API login name signatures must carry; default {@code crowdengage-test}. */
        public Builder loginName(String loginName) {
            this.loginName = Checks.notBlank(loginName, "loginName");
            return this;
        }

        /** The base64 secret key signatures are checked with; default {@link #DEFAULT_SECRET_KEY}. */
        public Builder secretKey(String secretKey) {
            this.secretKey = Checks.notBlank(secretKey, "secretKey");
            return this;
        }

        /** The zone {@code startUtc} is computed in; default Europe/London. */
        public Builder venueZone(ZoneId venueZone) {
            this.venueZone = Checks.notNull(venueZone, "venueZone");
            return this;
        }

        /** The clock that stamps order changes; default the system UTC clock. Pass a test's mutable clock. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** Orders per {@code orders/sync} page; default 100, as Spektrix documents. */
        public Builder syncPageSize(int syncPageSize) {
            Checks.require(syncPageSize >= 1, "syncPageSize", "must be at least 1 but was " + syncPageSize);
            this.syncPageSize = syncPageSize;
            return this;
        }

        /** Starts the server on an ephemeral loopback port. */
        public FakeSpektrixServer start() {
            return new FakeSpektrixServer(this);
        }
    }
}
