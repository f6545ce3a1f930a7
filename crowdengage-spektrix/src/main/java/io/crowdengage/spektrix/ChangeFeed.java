package io.crowdengage.spektrix;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdengage.model.Booking;
import io.crowdengage.spektrix.SpektrixTicketingSystem.PathSegment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code orders/sync} one page at a time and says where the next page starts, using only
 * what Spektrix documents where it must: the envelope ({@code paging.limit}, {@code paging.next},
 * {@code values}) and {@code orderId}.
 *
 * <p>Where the next page starts, in order of preference: the {@code since} of {@code paging.next}
 * (documented); else the latest modification time the page's orders carry; else, when they carry
 * none, {@link #OVERLAP} before Spektrix answered, so a change made while the page was being read
 * is read again. Orders that come back unchanged (the same fingerprint) are skipped, so reading a
 * stretch twice returns nothing twice.
 *
 * <p>An element without a ticket list is read again from {@code orders/{id}}, one more request per
 * changed order (anonymous sales excepted, which give no booking anyway).
 */
final class ChangeFeed {
    /** How far before Spektrix's answer a page without modification times restarts. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    /** The most fingerprints a cursor carries. */
    static final int MAX_SEEN = 100;

    private final SpektrixConfig config;
    private final Clock clock;
    private final SpektrixHttp http;
    private final OrderReader reader;
    private final ProblemReport problems;
    /** When each order without any time of its own was first read: its confirmation time of last resort. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    ChangeFeed(SpektrixConfig config, Clock clock, SpektrixHttp http, OrderReader reader, ProblemReport problems) {
        this.config = config;
        this.clock = clock;
        this.http = http;
        this.reader = reader;
        this.problems = problems;
    }

    /**
     * One page.
     *
     * @param orders  the orders on it not returned before, oldest change first
     * @param next    where the following page starts
     * @param hasMore whether Spektrix has a following page now
     */
    record Page(List<OrderRecord> orders, SyncCursor next, boolean hasMore) {
    }

    Page page(SyncCursor position) {
        String since = position.sinceParameter();
        String what = "the orders/sync page since " + since;
        Instant asked = clock.instant();
        SpektrixHttp.Answer answer = http.getAnswer("orders/sync?since=" + since, what);
        JsonNode body = answer.body();
        JsonNode values = body.get("values");
        if (values == null || !values.isArray()) {
            throw SpektrixJson.bad(what + " has no 'values' array");
        }
        JsonNode paging = body.path("paging");
        int limit = paging.path("limit").asInt(0) > 0 ? paging.path("limit").asInt() : config.syncPageLimit();
        Optional<String> nextLink = SpektrixJson.optionalText(paging, "next");
        Optional<LocalDateTime> nextSince = nextLink.flatMap(ChangeFeed::sinceOf);
        if (nextLink.isPresent() && nextSince.isEmpty()) {
            problems.degraded("orders/sync", "paging.next", "the link to the next page has no readable 'since';"
                    + " the next page starts from the orders' own times instead");
        }

        List<OrderRecord> all = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode element = values.get(i);
            reader.element(element, "values[" + i + "]").map(order -> completed(order, element)).ifPresent(all::add);
        }
        if (!all.isEmpty() && all.stream().allMatch(order -> order.lastModified().isEmpty())) {
            problems.degraded("orders/sync", "values[]." + OrderReader.LAST_MODIFIED.get(0), "orders carry no"
                    + " modification time (looked for " + String.join(", ", OrderReader.LAST_MODIFIED) + "); the cursor"
                    + " follows paging.next, and after the last page starts " + OVERLAP.toMinutes() + " minutes before"
                    + " Spektrix answered, telling orders read twice apart by their content");
        }

        ZoneId zone = config.syncSinceZone();
        List<OrderRecord> fresh = new ArrayList<>();
        for (OrderRecord order : all) {
            boolean before = order.lastModified()
                    .map(at -> SyncCursor.toSince(at, zone).isBefore(position.since())).orElse(false);
            if (!before && !position.seen().contains(order.fingerprint())) {
                fresh.add(order);
            }
        }
        LocalDateTime next = nextStart(position, all, nextSince, answer.date(), asked);
        List<String> seen = new ArrayList<>();
        for (OrderRecord order : all) {
            boolean mayReturn = order.lastModified().map(at -> !SyncCursor.toSince(at, zone).isBefore(next)).orElse(true);
            if (mayReturn) {
                seen.add(order.fingerprint());
            }
        }
        List<String> kept = seen.subList(Math.max(0, seen.size() - MAX_SEEN), seen.size());
        boolean hasMore = nextSince.isPresent() && values.size() >= limit;
        if (hasMore && fresh.isEmpty() && !next.isAfter(position.since())) {
            throw SpektrixJson.bad("a full orders/sync page since " + since + " held only orders already returned: "
                    + "more than " + limit + " orders share that modification time, and 'since' cannot page past them");
        }
        return new Page(fresh, new SyncCursor(next, java.util.Set.copyOf(kept)), hasMore);
    }

    /** The bookings of an order, with a stand-in confirmation time (reported) when Spektrix gave none. */
    List<Booking> bookings(OrderRecord order) {
        if (order.confirmed().isEmpty() && order.customerId().isPresent() && order.tickets().isPresent()) {
            problems.degraded("order '" + order.id() + "'", OrderReader.CONFIRMED.get(0), "no confirmation time"
                    + " (looked for " + String.join(", ", OrderReader.CONFIRMED) + "); the booking counts as confirmed "
                    + (order.lastModified().isPresent() ? "when the order was last changed" : "when crowdengage first read it"));
        }
        Instant seen = order.confirmed().isPresent() || order.lastModified().isPresent() ? Instant.EPOCH
                : firstSeen.computeIfAbsent(order.id(), id -> clock.instant());
        return order.bookings(seen);
    }

    private LocalDateTime nextStart(SyncCursor position, List<OrderRecord> all, Optional<LocalDateTime> nextSince,
                                    Optional<Instant> answeredAt, Instant asked) {
        ZoneId zone = config.syncSinceZone();
        LocalDateTime next;
        if (nextSince.isPresent()) {
            next = nextSince.get();
        } else {
            Optional<LocalDateTime> latest = all.stream().flatMap(order -> order.lastModified().stream())
                    .max(Instant::compareTo).map(at -> SyncCursor.toSince(at, zone));
            boolean someWithoutTime = all.stream().anyMatch(order -> order.lastModified().isEmpty());
            if (latest.isPresent() && !someWithoutTime) {
                next = latest.get();
            } else if (all.isEmpty() && latest.isEmpty()) {
                next = position.since();
            } else {
                // Our clock or Spektrix's, whichever is earlier: a clock that runs fast must not skip changes.
                Instant made = answeredAt.filter(at -> at.isBefore(asked)).orElse(asked);
                next = SyncCursor.toSince(made.minus(OVERLAP), zone);
                if (latest.isPresent() && latest.get().isBefore(next)) {
                    next = latest.get();
                }
            }
        }
        return next.isBefore(position.since()) ? position.since() : next;
    }

    private OrderRecord completed(OrderRecord order, JsonNode element) {
        if (order.tickets().isPresent() || order.customerId().isEmpty()) {
            return order;
        }
        String what = "order '" + order.id() + "'";
        Optional<JsonNode> full = http.getIfOffered("orders/" + PathSegment.encode(order.id()), what);
        if (full.isPresent() && OrderReader.hasTicketList(full.get())) {
            problems.degraded("orders/sync", "values[]." + OrderReader.TICKETS, "orders carry no ticket list; each"
                    + " changed order is read again from orders/{id} for its tickets (one more request per order)");
            return reader.completedFrom(order, element, full.get());
        }
        problems.leftOut(what, OrderReader.TICKETS, "neither orders/sync nor orders/{id} lists the order's tickets,"
                + " so it belongs to no performance and gives no booking");
        return order;
    }

    /** The {@code since} of a {@code paging.next} link such as {@code /api/v3/orders/sync?since=2024-06-02T09:14:52.0000000}. */
    static Optional<LocalDateTime> sinceOf(String link) {
        int query = link.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String pair : link.substring(query + 1).split("&")) {
            if (pair.startsWith("since=")) {
                return SyncCursor.parseSince(URLDecoder.decode(pair.substring("since=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
