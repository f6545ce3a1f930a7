package io.crowdengage.spektrix;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingException.Reason;
import io.crowdengage.ticketing.TicketingSystem;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TicketingSystem} reading one Spektrix system through API v3 in System Owner mode, every
 * request signed.
 *
 * <p>What it reads, and how often:
 * <ul>
 *   <li>events ({@code GET events}), instances ({@code GET instances?startFrom=}), tags and
 *       statements are cached for {@link SpektrixConfig#cacheExpiry()}, so a tick every minute does
 *       not read them again; a changed event attribute (a new {@code ShowScoreID}) or a rescheduled
 *       instance shows once the cache expires;</li>
 *   <li>{@link #bookingsChangedSince} reads {@code orders/sync?since=} every time;</li>
 *   <li>{@link #bookingsOf} keeps an index of orders filled from {@code orders/sync}, brought up to
 *       date (one request when nothing changed) on each call;</li>
 *   <li>{@link #customer} reads {@code customers/{id}} every time, since its consent-relevant fields
 *       (agreed statements, tags) must be current when a message goes.</li>
 * </ul>
 *
 * <p>A booking is one order's tickets for one instance; its id is {@code {orderId}:{instanceId}}.
 * Orders without a customer are left out. Failures are {@link TicketingException}s whose messages
 * say what to check; a customer whose mobile cannot be parsed comes back without one.
 *
 * <p>Thread-safe.
 */
public final class SpektrixTicketingSystem implements TicketingSystem {
    private static final Logger LOG = LoggerFactory.getLogger(SpektrixTicketingSystem.class);
    private static final String ALL = "all";
    private static final Comparator<Booking> BOOKING_ORDER =
            Comparator.comparing(Booking::confirmedAt).thenComparing(Booking::id);

    private final SpektrixConfig config;
    private final Clock clock;
    private final ZoneId zone;
    private final SpektrixHttp http;
    private final SpektrixJson json;
    private final ExpiringCache<String, Map<String, Event>> events;
    private final ExpiringCache<String, Event> eventsById;
    private final ExpiringCache<LocalDate, List<InstanceRecord>> instances;
    private final ExpiringCache<String, Map<String, String>> tags;
    private final ExpiringCache<String, Map<String, String>> statements;
    private final OrderIndex orderIndex = new OrderIndex();
    private final AtomicBoolean zoneWarningGiven = new AtomicBoolean();

    private SpektrixTicketingSystem(SpektrixConfig config, Clock clock, HttpClient client, Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.zone = config.venueZone();
        // Jackson's default already leaves the source out of error locations; said here so that no upgrade brings it back.
        ObjectMapper mapper = JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.http = new SpektrixHttp(config, clock, client, sleeper, mapper);
        this.json = new SpektrixJson(mapper);
        Duration expiry = config.cacheExpiry();
        this.events = new ExpiringCache<>(expiry, clock, key -> readEvents());
        this.eventsById = new ExpiringCache<>(expiry, clock, this::readEvent);
        this.instances = new ExpiringCache<>(expiry, clock, this::readInstances);
        this.tags = new ExpiringCache<>(expiry, clock, key -> readNamed("tags", "name"));
        this.statements = new ExpiringCache<>(expiry, clock, key -> readNamed("statements", "text"));
    }

    /** A system reading Spektrix with a default {@link HttpClient}. */
    public static SpektrixTicketingSystem create(SpektrixConfig config, Clock clock) {
        return builder(config).clock(clock).build();
    }

    /** A builder, to supply your own {@link HttpClient} (a proxy, say) or clock. */
    public static Builder builder(SpektrixConfig config) {
        return new Builder(Checks.notNull(config, "config"));
    }

    /** The configuration in use. */
    public SpektrixConfig config() {
        return config;
    }

    @Override
    public List<Performance> performancesStartingBetween(Instant from, Instant to) {
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        if (to.isBefore(from)) {
            throw new TicketingException(Reason.MISUSE, "the range's end " + to + " is before its start " + from);
        }
        LocalDate fromDate = LocalDate.ofInstant(from, zone);
        LocalDate startFrom = fromDate.isBefore(defaultStartFrom()) ? fromDate : defaultStartFrom();
        List<Performance> found = new ArrayList<>();
        for (InstanceRecord instance : instances.get(startFrom)) {
            Instant start = instance.start().atZone(zone).toInstant();
            if (!start.isBefore(from) && start.isBefore(to)) {
                found.add(toPerformance(instance));
            }
        }
        found.sort(Comparator.comparing((Performance p) -> p.startInstant(zone)).thenComparing(Performance::id));
        return found;
    }

    @Override
    public Optional<Performance> performance(String performanceId) {
        Checks.notBlank(performanceId, "performanceId");
        for (InstanceRecord instance : instances.get(defaultStartFrom())) {
            if (instance.id().equals(performanceId)) {
                return Optional.of(toPerformance(instance));
            }
        }
        // Older than the listing reaches, or unknown: ask for it alone (not cached; rare).
        return http.getOrNotFound("instances/" + PathSegment.encode(performanceId), "instance '" + performanceId + "'")
                .map(json::instance)
                .map(this::toPerformance);
    }

    @Override
    public List<Booking> bookingsOf(String performanceId) {
        Checks.notBlank(performanceId, "performanceId");
        orderIndex.catchUp();
        return orderIndex.bookingsOf(performanceId);
    }

    @Override
    public BookingChanges bookingsChangedSince(ChangeCursor cursor) {
        Checks.notNull(cursor, "cursor");
        SyncPage page = syncPage(SyncCursor.from(cursor));
        orderIndex.absorb(page.orders());
        List<Booking> bookings = new ArrayList<>();
        page.orders().forEach(order -> bookings.addAll(order.bookings()));
        return new BookingChanges(bookings, page.next().toChangeCursor(), page.hasMore());
    }

    @Override
    public Optional<Customer> customer(String customerId) {
        Checks.notBlank(customerId, "customerId");
        return http.getOrNotFound("customers/" + PathSegment.encode(customerId), "customer '" + customerId + "'")
                .map(node -> json.customer(node, config.defaultPhoneRegion(),
                        lacksField(node.path("tags"), "name") ? tags() : Map.of(),
                        lacksField(node.path("agreedStatements"), "text") ? statements() : Map.of()));
    }

    /** Spektrix tags by id ({@code GET tags}), names as values; cached. */
    public Map<String, String> tags() {
        return tags.get(ALL);
    }

    /** Spektrix statements (contact preferences) by id ({@code GET statements}), texts as values; cached. */
    public Map<String, String> statements() {
        return statements.get(ALL);
    }

    /** Forgets every cached event, instance, tag and statement, so the next read goes to Spektrix. */
    public void invalidateCaches() {
        events.invalidateAll();
        eventsById.invalidateAll();
        instances.invalidateAll();
        tags.invalidateAll();
        statements.invalidateAll();
    }

    @Override
    public String toString() {
        return "SpektrixTicketingSystem[" + config.baseUrl() + " as " + config.loginName() + "]";
    }

    // ------------------------------------------------------------------ reading

    private LocalDate defaultStartFrom() {
        return LocalDate.ofInstant(clock.instant(), zone).minusDays(config.instanceLookback().toDays());
    }

    private Map<String, Event> readEvents() {
        Map<String, Event> byId = new LinkedHashMap<>();
        for (JsonNode node : array(http.get("events", "the event list"), "GET events")) {
            Event event = json.event(node);
            byId.put(event.id(), event);
        }
        return Map.copyOf(byId);
    }

    private Event readEvent(String eventId) {
        return json.event(http.get("events/" + PathSegment.encode(eventId), "event '" + eventId + "'"));
    }

    private List<InstanceRecord> readInstances(LocalDate startFrom) {
        List<InstanceRecord> read = new ArrayList<>();
        for (JsonNode node : array(http.get("instances?startFrom=" + startFrom, "the instance list"), "GET instances")) {
            read.add(json.instance(node));
        }
        return List.copyOf(read);
    }

    private Map<String, String> readNamed(String path, String nameField) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (JsonNode node : array(http.get(path, "the " + path + " list"), "GET " + path)) {
            String id = SpektrixJson.requiredText(node, "id", "an element of GET " + path);
            byId.put(id, SpektrixJson.optionalText(node, nameField).orElse(id));
        }
        return Map.copyOf(byId);
    }

    private Performance toPerformance(InstanceRecord instance) {
        Event event = Optional.ofNullable(events.get(ALL).get(instance.eventId()))
                .orElseGet(() -> eventsById.get(instance.eventId()));
        instance.startUtc().ifPresent(utc -> checkZone(instance, utc));
        return new Performance(instance.id(), event, instance.start(), instance.cancelled(), instance.raw());
    }

    /** Spektrix gives both the local start and UTC; if they disagree in our zone, the configured zone is wrong. */
    private void checkZone(InstanceRecord instance, Instant startUtc) {
        Instant ours = instance.start().atZone(zone).toInstant();
        if (!ours.equals(startUtc) && zoneWarningGiven.compareAndSet(false, true)) {
            LOG.warn("instance '{}' starts at {} local and {} UTC, which is not {} in the configured venue zone {}: "
                    + "check SpektrixConfig.venueZone", instance.id(), instance.start(), startUtc, ours, zone);
        }
    }

    private SyncPage syncPage(SyncCursor position) {
        String since = position.sinceParameter();
        JsonNode body = http.get("orders/sync?since=" + since, "the orders/sync page since " + since);
        JsonNode values = body.get("values");
        if (values == null || !values.isArray()) {
            throw SpektrixJson.bad("the orders/sync page since " + since + " has no 'values' array");
        }
        JsonNode paging = body.path("paging");
        int limit = paging.path("limit").asInt(0) > 0 ? paging.path("limit").asInt() : config.syncPageLimit();
        boolean nextLink = SpektrixJson.optionalText(paging, "next").isPresent();
        List<OrderRecord> all = new ArrayList<>();
        values.forEach(node -> all.add(json.order(node)));

        List<OrderRecord> fresh = new ArrayList<>();
        Instant mark = position.since();
        Set<String> seenAtMark = new HashSet<>(position.seenAtMark());
        for (OrderRecord order : all) {
            boolean alreadyReturned = order.lastModified().equals(position.since())
                    && position.seenAtMark().contains(order.id());
            if (alreadyReturned || order.lastModified().isBefore(position.since())) {
                continue;
            }
            fresh.add(order);
            if (order.lastModified().isAfter(mark)) {
                mark = order.lastModified();
                seenAtMark.clear();
            }
            if (order.lastModified().equals(mark)) {
                seenAtMark.add(order.id());
            }
        }
        boolean hasMore = nextLink && all.size() >= limit;
        if (hasMore && fresh.isEmpty()) {
            throw SpektrixJson.bad("a full orders/sync page since " + since + " held only orders already returned: "
                    + "more than " + limit + " orders share that modification time, and 'since' cannot page past them");
        }
        return new SyncPage(fresh, new SyncCursor(mark, seenAtMark), hasMore);
    }

    private static Iterable<JsonNode> array(JsonNode node, String what) {
        if (!node.isArray()) {
            throw SpektrixJson.bad(what + " did not answer a JSON array but " + node.getNodeType());
        }
        return node;
    }

    private static boolean lacksField(JsonNode array, String field) {
        for (JsonNode element : array) {
            if (SpektrixJson.optionalText(element, field).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private record SyncPage(List<OrderRecord> orders, SyncCursor next, boolean hasMore) {
    }

    /** Orders by id in their latest state, filled from orders/sync, for {@link #bookingsOf}. */
    private final class OrderIndex {
        private final Map<String, OrderRecord> orders = new HashMap<>();
        private Optional<SyncCursor> position = Optional.empty();

        synchronized void catchUp() {
            SyncCursor at = position.orElseGet(() -> new SyncCursor(clock.instant().minus(config.orderHistory()), Set.of()));
            SyncPage page;
            do {
                page = syncPage(at);
                absorb(page.orders());
                at = page.next();
            } while (page.hasMore());
            position = Optional.of(at);
        }

        synchronized void absorb(Collection<OrderRecord> changed) {
            for (OrderRecord order : changed) {
                orders.merge(order.id(), order,
                        (old, now) -> now.lastModified().isBefore(old.lastModified()) ? old : now);
            }
        }

        synchronized List<Booking> bookingsOf(String instanceId) {
            List<Booking> found = new ArrayList<>();
            for (OrderRecord order : orders.values()) {
                if (order.hasInstance(instanceId)) {
                    order.bookings().stream().filter(b -> b.performanceId().equals(instanceId)).forEach(found::add);
                }
            }
            found.sort(BOOKING_ORDER);
            return found;
        }
    }

    /** Builds a {@link SpektrixTicketingSystem}. */
    public static final class Builder {
        private final SpektrixConfig config;
        private Clock clock;
        private HttpClient httpClient;
        private Sleeper sleeper = Sleeper.REAL;

        private Builder(SpektrixConfig config) {
            this.config = config;
        }

        /** The clock for signed Date headers, cache expiry and the booking index. Required. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /**
         * The HTTP client to use; by default one that never follows redirects (a redirect would
         * change the signed URL) and connects within the request timeout.
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Checks.notNull(httpClient, "httpClient");
            return this;
        }

        /** For tests: how to wait between retries. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The system. */
        public SpektrixTicketingSystem build() {
            Checks.notNull(clock, "clock");
            HttpClient client = httpClient != null ? httpClient : HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(config.requestTimeout())
                    .build();
            return new SpektrixTicketingSystem(config, clock, client, sleeper);
        }
    }

    /** Percent-encodes one path segment, so an id can never change the signed path's shape. */
    static final class PathSegment {
        private PathSegment() {
        }

        static String encode(String segment) {
            StringBuilder out = new StringBuilder();
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }
    }
}
