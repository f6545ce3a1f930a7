package io.crowdengage.spektrix;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdengage.adapter.http.Sleeper;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingException.Reason;
import io.crowdengage.ticketing.TicketingProblemListener;
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
 * <p>Where Spektrix's answer lacks something undocumented (an order's times or tickets, a customer's
 * tags, an event missing from the listing), the adapter works around it for that record alone and
 * reports it ({@link Builder#problemListener}); one record that cannot be read never fails the others.
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
    private final ProblemReport problems;
    private final ChangeFeed feed;
    private final CustomerReader customers;
    private final ExpiringCache<String, Map<String, Event>> events;
    private final ExpiringCache<String, Optional<Event>> eventsById;
    private final ExpiringCache<LocalDate, List<InstanceRecord>> instances;
    private final ExpiringCache<String, Optional<InstanceRecord>> instancesById;
    private final ExpiringCache<String, Map<String, String>> tags;
    private final ExpiringCache<String, Map<String, String>> statements;
    private final OrderIndex orderIndex = new OrderIndex();
    private final HeldBack heldBack = new HeldBack();
    private final AtomicBoolean zoneWarningGiven = new AtomicBoolean();

    private SpektrixTicketingSystem(SpektrixConfig config, Clock clock, HttpClient client, Sleeper sleeper,
                                    TicketingProblemListener listener) {
        this.config = config;
        this.clock = clock;
        this.zone = config.venueZone();
        // Jackson's default already leaves the source out of error locations; said here so that no upgrade brings it back.
        ObjectMapper mapper = JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        this.http = new SpektrixHttp(config, clock, client, sleeper, mapper);
        this.json = new SpektrixJson(mapper);
        this.problems = new ProblemReport(listener);
        this.feed = new ChangeFeed(config, clock, http, new OrderReader(mapper, problems), problems);
        this.customers = new CustomerReader(http, problems);
        Duration expiry = config.cacheExpiry();
        this.events = new ExpiringCache<>(expiry, clock, key -> readEvents());
        this.eventsById = new ExpiringCache<>(expiry, clock, this::readEvent);
        this.instances = new ExpiringCache<>(expiry, clock, this::readInstances);
        this.instancesById = new ExpiringCache<>(expiry, clock, this::readInstance);
        this.tags = new ExpiringCache<>(expiry, clock, key -> readNamed("tags", "name"));
        this.statements = new ExpiringCache<>(expiry, clock, key -> readNamed("statements", "text"));
    }

    /** A system reading Spektrix with a default {@link HttpClient}. */
    public static SpektrixTicketingSystem create(SpektrixConfig config, Clock clock) {
        return builder(config).clock(clock).build();
    }

    /** A builder, to supply your own {@link HttpClient} (a proxy, say), clock or problem listener. */
    public static Builder builder(SpektrixConfig config) {
        return new Builder(Checks.notNull(config, "config"));
    }

    /** The configuration in use. */
    public SpektrixConfig config() {
        return config;
    }

    /**
     * Performances starting in {@code [from, to)}. An instance that cannot be read (a required field
     * missing, or an event Spektrix will not show) is left out and reported; the others are returned.
     */
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
                toPerformance(instance).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing((Performance p) -> p.startInstant(zone)).thenComparing(Performance::id));
        return found;
    }

    /** One performance; empty when unknown, or when it or its event cannot be read (reported). */
    @Override
    public Optional<Performance> performance(String performanceId) {
        Checks.notBlank(performanceId, "performanceId");
        for (InstanceRecord instance : instances.get(defaultStartFrom())) {
            if (instance.id().equals(performanceId)) {
                return toPerformance(instance);
            }
        }
        // Older than the listing reaches, or unknown: ask for it alone.
        return instancesById.get(performanceId).flatMap(this::toPerformance);
    }

    @Override
    public List<Booking> bookingsOf(String performanceId) {
        Checks.notBlank(performanceId, "performanceId");
        orderIndex.catchUp();
        return orderIndex.bookingsOf(performanceId);
    }

    /**
     * One page of {@code orders/sync}. A booking whose performance cannot be read is not returned
     * but held back (reported) and asked about again on every later call, for up to
     * {@link SpektrixConfig#heldBackRetention()}; once it can be read it is returned, before the
     * page's own bookings.
     */
    @Override
    public BookingChanges bookingsChangedSince(ChangeCursor cursor) {
        Checks.notNull(cursor, "cursor");
        ChangeFeed.Page page = feed.page(SyncCursor.from(cursor, config.syncSinceZone()));
        orderIndex.absorb(page.orders());
        List<Booking> bookings = new ArrayList<>(heldBack.release());
        for (OrderRecord order : page.orders()) {
            for (Booking booking : feed.bookings(order)) {
                if (performance(booking.performanceId()).isPresent()) {
                    heldBack.forget(booking.id());
                    bookings.add(booking);
                } else {
                    heldBack.hold(booking);
                }
            }
        }
        return new BookingChanges(bookings, page.next().toChangeCursor(), page.hasMore());
    }

    /**
     * One customer, read every time (their consent-relevant fields must be current at send time),
     * with tags, agreed statements and memberships from wherever this Spektrix system keeps them.
     */
    @Override
    public Optional<Customer> customer(String customerId) {
        Checks.notBlank(customerId, "customerId");
        return customers.read(customerId)
                .map(node -> json.customer(node, config.defaultPhoneRegion(),
                        lacksField(node.path("tags"), "name") ? tags() : Map.of(),
                        lacksField(node.path("agreedStatements"), "text") ? statements() : Map.of()));
    }

    /**
     * Where this Spektrix system keeps each customer collection ({@code tags}, {@code agreedStatements},
     * {@code subscriptions}): {@code INLINE}, {@code EXPANDED}, {@code SUB_RESOURCE} or {@code NONE}.
     * Known after the first customer read; empty before.
     */
    public Map<String, String> customerCollectionSources() {
        Map<String, String> named = new LinkedHashMap<>();
        customers.sources().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> named.put(e.getKey().field, e.getValue().name()));
        return named;
    }

    /** Bookings held back because their performance cannot be read yet, by booking id. */
    public Set<String> heldBackBookings() {
        return heldBack.ids();
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
        instancesById.invalidateAll();
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
        JsonNode all = http.get("events", "the event list");
        int index = 0;
        for (JsonNode node : array(all, "GET events")) {
            String path = "events[" + index++ + "]";
            try {
                Event event = json.event(node);
                byId.put(event.id(), event);
            } catch (TicketingException e) {
                // Its instances fall back to events/{id}, and are left out (reported) if that fails too.
                problems.leftOut("GET events " + path, "", e.getMessage() + "; left out of the listing");
            }
        }
        return Map.copyOf(byId);
    }

    private Optional<Event> readEvent(String eventId) {
        String what = "event '" + eventId + "'";
        try {
            return http.getOrNotFound("events/" + PathSegment.encode(eventId), what).map(json::event);
        } catch (TicketingException e) {
            if (e.reason() != Reason.BAD_RESPONSE) {
                throw e;
            }
            problems.leftOut(what, "", e.getMessage());
            return Optional.empty();
        }
    }

    private List<InstanceRecord> readInstances(LocalDate startFrom) {
        List<InstanceRecord> read = new ArrayList<>();
        int index = 0;
        for (JsonNode node : array(http.get("instances?startFrom=" + startFrom, "the instance list"), "GET instances")) {
            String path = "instances[" + index++ + "]";
            try {
                read.add(json.instance(node));
            } catch (TicketingException e) {
                problems.leftOut("GET instances " + path, "", e.getMessage()
                        + "; this performance is left out until Spektrix answers it in full");
            }
        }
        return List.copyOf(read);
    }

    private Optional<InstanceRecord> readInstance(String instanceId) {
        String what = "instance '" + instanceId + "'";
        try {
            return http.getOrNotFound("instances/" + PathSegment.encode(instanceId), what).map(json::instance);
        } catch (TicketingException e) {
            if (e.reason() != Reason.BAD_RESPONSE) {
                throw e;
            }
            problems.leftOut(what, "", e.getMessage() + "; this performance is left out until Spektrix answers it in full");
            return Optional.empty();
        }
    }

    private Map<String, String> readNamed(String path, String nameField) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (JsonNode node : array(http.get(path, "the " + path + " list"), "GET " + path)) {
            Optional<String> id = SpektrixJson.optionalText(node, "id");
            if (id.isEmpty()) {
                problems.leftOut("GET " + path, "id", "an element without an 'id' cannot be matched; left out");
                continue;
            }
            byId.put(id.get(), SpektrixJson.optionalText(node, nameField).orElse(id.get()));
        }
        return Map.copyOf(byId);
    }

    /** The instance with its event, or empty (reported) when the event cannot be read. */
    private Optional<Performance> toPerformance(InstanceRecord instance) {
        Optional<Event> event = Optional.ofNullable(events.get(ALL).get(instance.eventId()))
                .or(() -> eventsById.get(instance.eventId()));
        if (event.isEmpty()) {
            problems.leftOut("instance '" + instance.id() + "'", "event.id", "its event '" + instance.eventId()
                    + "' is not in GET events and GET events/{id} does not give it; this performance is left out"
                    + " (and bookings for it are held back) until the event can be read");
            return Optional.empty();
        }
        instance.startUtc().ifPresent(utc -> checkZone(instance, utc));
        return Optional.of(new Performance(instance.id(), event.get(), instance.start(), instance.cancelled(), instance.raw()));
    }

    /** Spektrix gives both the local start and UTC; if they disagree in our zone, the configured zone is wrong. */
    private void checkZone(InstanceRecord instance, Instant startUtc) {
        Instant ours = instance.start().atZone(zone).toInstant();
        if (!ours.equals(startUtc) && zoneWarningGiven.compareAndSet(false, true)) {
            LOG.warn("instance '{}' starts at {} local and {} UTC, which is not {} in the configured venue zone {}: "
                    + "check SpektrixConfig.venueZone", instance.id(), instance.start(), startUtc, ours, zone);
        }
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

    /** Bookings whose performance could not be read yet, asked about again on each feed read. */
    private final class HeldBack {
        private final Map<String, Held> held = new LinkedHashMap<>();

        synchronized void hold(Booking booking) {
            Held before = held.get(booking.id());
            held.put(booking.id(), new Held(booking, before == null ? clock.instant() : before.since()));
            if (before == null) {
                problems.heldBack("booking '" + booking.id() + "'", "tickets[].instance.id", "its performance (instance '"
                        + booking.performanceId() + "') cannot be read from Spektrix; the booking is held back and asked"
                        + " about again on each read of the change feed, for up to " + config.heldBackRetention().toHours()
                        + " hours");
            }
        }

        synchronized void forget(String bookingId) {
            held.remove(bookingId);
        }

        synchronized Set<String> ids() {
            return Set.copyOf(held.keySet());
        }

        /** The held bookings that can be read now (no longer held); those held too long are given up, reported. */
        synchronized List<Booking> release() {
            List<Booking> released = new ArrayList<>();
            Instant now = clock.instant();
            for (java.util.Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
                Held entry = it.next();
                if (Duration.between(entry.since(), now).compareTo(config.heldBackRetention()) >= 0) {
                    it.remove();
                    problems.leftOut("booking '" + entry.booking().id() + "'", "tickets[].instance.id", "its performance"
                            + " (instance '" + entry.booking().performanceId() + "') could not be read for "
                            + config.heldBackRetention().toHours() + " hours; the booking is given up");
                } else if (performance(entry.booking().performanceId()).isPresent()) {
                    it.remove();
                    released.add(entry.booking());
                }
            }
            return released;
        }
    }

    private record Held(Booking booking, Instant since) {
    }

    /** Orders by id in their latest state, filled from orders/sync, for {@link #bookingsOf}. */
    private final class OrderIndex {
        private final Map<String, OrderRecord> orders = new HashMap<>();
        private Optional<SyncCursor> position = Optional.empty();

        synchronized void catchUp() {
            SyncCursor at = position.orElseGet(() -> new SyncCursor(
                    SyncCursor.toSince(clock.instant().minus(config.orderHistory()), config.syncSinceZone()), Set.of()));
            ChangeFeed.Page page;
            do {
                page = feed.page(at);
                absorb(page.orders());
                at = page.next();
            } while (page.hasMore());
            position = Optional.of(at);
        }

        synchronized void absorb(Collection<OrderRecord> changed) {
            for (OrderRecord order : changed) {
                orders.merge(order.id(), order, (old, now) -> now.lastModified().isPresent() && old.lastModified().isPresent()
                        && now.lastModified().get().isBefore(old.lastModified().get()) ? old : now);
            }
        }

        synchronized List<Booking> bookingsOf(String instanceId) {
            List<Booking> found = new ArrayList<>();
            for (OrderRecord order : orders.values()) {
                if (order.hasInstance(instanceId)) {
                    feed.bookings(order).stream().filter(b -> b.performanceId().equals(instanceId)).forEach(found::add);
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
        private TicketingProblemListener problemListener = TicketingProblemListener.ignoring();

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

        /**
         * Told about each record worked around (degraded, held back, left out), once per record and
         * field; by default nobody is told, and each is logged at WARN either way.
         */
        public Builder problemListener(TicketingProblemListener listener) {
            this.problemListener = Checks.notNull(listener, "problemListener");
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
            return new SpektrixTicketingSystem(config, clock, client, sleeper, problemListener);
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
