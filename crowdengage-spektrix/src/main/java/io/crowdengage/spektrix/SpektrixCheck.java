package io.crowdengage.spektrix;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdengage.adapter.http.Sleeper;
import io.crowdengage.check.CheckReport;
import io.crowdengage.check.Finding;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.spektrix.SpektrixTicketingSystem.PathSegment;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingProblem;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A live check of one Spektrix system, for an integrator to run before anything else: it reads a
 * little of each endpoint the adapter uses (one {@code orders/sync} page, a customer or three, the
 * next week's instances and their events) and says, field by field, what the adapter needs, what
 * it found, and what it will do about anything missing. It only reads; it writes nothing to
 * Spektrix and sends nothing to anyone. Findings never hold personal data: fields are counted,
 * never quoted.
 *
 * <pre>{@code
 * SpektrixCheck check = SpektrixCheck.create(config, Clock.systemUTC());
 * CheckReport report = check.run();
 * System.exit(report.exitCode());   // 0 all found, 1 degraded, 2 cannot work
 * }</pre>
 *
 * <p>{@link #ticketing()} is the adapter the check read through, caches warm, for a forecast.
 */
public final class SpektrixCheck {
    /** How far back the first {@code orders/sync} page is read from; a quiet week falls back to the order history. */
    static final Duration RECENT = Duration.ofDays(7);
    /** How far ahead instances are read. */
    static final Duration NEXT_WEEK = Duration.ofDays(7);
    /** How far back: messages follow a performance by up to a day. */
    static final Duration LAST_DAY = Duration.ofDays(1);
    /** How many distinct customers are tried before {@code customers/{id}} is judged. */
    static final int CUSTOMERS_TRIED = 3;

    private final SpektrixConfig config;
    private final Clock clock;
    private final SpektrixHttp http;
    private final List<TicketingProblem> problems = new CopyOnWriteArrayList<>();
    private final SpektrixTicketingSystem ticketing;

    private SpektrixCheck(SpektrixConfig config, Clock clock, HttpClient client) {
        this.config = config;
        this.clock = clock;
        this.http = new SpektrixHttp(config, clock, client, Sleeper.REAL, JsonMapper.builder()
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        this.ticketing = SpektrixTicketingSystem.builder(config).clock(clock).httpClient(client)
                .problemListener(problems::add).build();
    }

    /** A check with a default HTTP client (no redirects, the configured timeout). */
    public static SpektrixCheck create(SpektrixConfig config, Clock clock) {
        Checks.notNull(config, "config");
        return create(config, clock, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.requestTimeout()).build());
    }

    /** A check over your own HTTP client (a proxy, say); it must not follow redirects. */
    public static SpektrixCheck create(SpektrixConfig config, Clock clock, HttpClient client) {
        return new SpektrixCheck(Checks.notNull(config, "config"), Checks.notNull(clock, "clock"),
                Checks.notNull(client, "client"));
    }

    /** The adapter the check reads through (the same configuration), for what comes after it. */
    public SpektrixTicketingSystem ticketing() {
        return ticketing;
    }

    /** Reads, judges and reports. Never throws for what Spektrix answers: a refusal is a blocking finding. */
    public CheckReport run() {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("Spektrix API root " + config.baseUrl() + ", login " + config.loginName() + ", venue zone "
                + config.venueZone() + ", since read in " + name(config.syncSinceZone()));
        Instant now = clock.instant();
        Optional<List<String>> customerIds = orders(now, findings, notes);
        if (customerIds.isEmpty()) {
            return report(findings, notes);
        }
        customers(customerIds.get(), findings);
        performances(now, findings, notes);
        for (TicketingProblem problem : problems) {
            if (problem.record().equals("customers") || problem.record().equals("orders/sync")) {
                continue;  // judged field by field above
            }
            findings.add(Finding.degraded("worked around", problem.record() + (problem.field().isEmpty() ? ""
                    : " " + problem.field()), problem.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    problem.explanation()));
        }
        return report(findings, notes);
    }

    private CheckReport report(List<Finding> findings, List<String> notes) {
        return new CheckReport("Spektrix (" + config.clientName() + ")", findings, notes);
    }

    // ------------------------------------------------------------------ orders/sync

    /** The page's customer ids (for the customer read), or empty when reading must stop here. */
    private Optional<List<String>> orders(Instant now, List<Finding> findings, List<String> notes) {
        String area = "orders/sync";
        JsonNode page;
        String since;
        try {
            since = sinceOf(now.minus(RECENT));
            page = http.getAnswer("orders/sync?since=" + since, "the orders/sync page since " + since).body();
            if (page.path("values").isArray() && page.path("values").isEmpty()) {
                since = sinceOf(now.minus(config.orderHistory()));
                page = http.getAnswer("orders/sync?since=" + since, "the orders/sync page since " + since).body();
            }
        } catch (TicketingException e) {
            findings.add(Finding.blocking(area, "a signed GET", refusal(e), whatToDo(e)));
            return Optional.empty();
        }
        JsonNode values = page.path("values");
        if (!values.isArray()) {
            findings.add(Finding.blocking(area, "values", "no 'values' list in the answer",
                    "no booking can be read: this is not the orders/sync Spektrix documents (early access: ask Spektrix)"));
            return Optional.empty();
        }
        int count = values.size();
        notes.add("read one orders/sync page since " + since + " (" + name(config.syncSinceZone()) + "): " + count + " orders");
        findings.add(Finding.ok(area, "values", count + " orders on the page"));
        if (count == 0) {
            findings.add(Finding.degraded(area, "an order to look at", "no order changed in the last "
                    + config.orderHistory().toDays() + " days", "the order fields cannot be judged; run the check again"
                    + " once there are orders"));
            return Optional.of(List.of());
        }
        paging(page.path("paging"), count, findings);

        int ids = 0;
        List<String> customerIds = new ArrayList<>();
        int withTicketList = 0;
        for (JsonNode order : values) {
            ids += SpektrixJson.optionalText(order, OrderReader.ORDER_ID).isPresent() ? 1 : 0;
            SpektrixJson.optionalText(order, OrderReader.CUSTOMER_ID).ifPresent(customerIds::add);
            withTicketList += OrderReader.hasTicketList(order) ? 1 : 0;
        }
        findings.add(ids == count ? Finding.ok(area, "values[].orderId (documented)", "on " + ids + " of " + count)
                : ids == 0 ? Finding.blocking(area, "values[].orderId (documented)", "on none of " + count,
                "orders cannot be told apart: no booking can be read")
                : Finding.degraded(area, "values[].orderId (documented)", "on " + ids + " of " + count,
                "orders without one give no booking"));
        findings.add(customerIds.isEmpty() ? Finding.blocking(area, "values[].customerId (documented)",
                "on none of " + count, "every order looks anonymous, so no one can be messaged")
                : Finding.ok(area, "values[].customerId (documented)", "on " + customerIds.size() + " of " + count
                + (customerIds.size() < count ? " (the others are anonymous sales, which are not messaged)" : "")));

        List<JsonNode> tickets = new ArrayList<>();
        Optional<JsonNode> wholeOrder = Optional.empty();
        if (withTicketList > 0) {
            findings.add(Finding.ok(area, "values[].tickets (inferred)", "a ticket list on " + withTicketList + " of " + count));
            values.forEach(order -> order.path(OrderReader.TICKETS).forEach(tickets::add));
        } else {
            Optional<String> firstId = SpektrixJson.optionalText(values.get(0), OrderReader.ORDER_ID);
            Optional<JsonNode> full = Optional.empty();
            try {
                full = firstId.flatMap(id -> http.getIfOffered("orders/" + PathSegment.encode(id), "order '" + id + "'"));
            } catch (TicketingException e) {
                findings.add(Finding.blocking("orders/{id}", "a signed GET", refusal(e), whatToDo(e)));
            }
            if (full.isPresent() && OrderReader.hasTicketList(full.get())) {
                findings.add(Finding.degraded(area, "values[].tickets (inferred)", "no ticket list in orders/sync;"
                        + " orders/{id} has one", "each changed order costs one more request (orders/{id}); the booking"
                        + " index's first fill costs one per order of the last " + config.orderHistory().toDays()
                        + " days (spektrix.orderHistory sets how far)"));
                full.get().path(OrderReader.TICKETS).forEach(tickets::add);
                wholeOrder = full;
            } else {
                findings.add(Finding.blocking(area, "values[].tickets (inferred)", "no ticket list in orders/sync"
                        + " nor in orders/{id}", "no booking can be placed on a performance: crowdengage cannot work"
                        + " with this system until Spektrix gives each order's tickets"));
            }
        }
        ticketFindings(tickets, findings);
        times(values, wholeOrder, findings);
        sinceZone(page.path("paging"), values, findings);
        return Optional.of(List.copyOf(new LinkedHashSet<>(customerIds)));
    }

    private void paging(JsonNode paging, int count, List<Finding> findings) {
        String area = "orders/sync";
        int limit = paging.path("limit").asInt(0);
        findings.add(limit > 0 ? Finding.ok(area, "paging.limit (documented)", Integer.toString(limit))
                : Finding.degraded(area, "paging.limit (documented)", "absent", "a page of "
                + config.syncPageLimit() + " is assumed full (spektrix.syncPageLimit)"));
        Optional<String> next = SpektrixJson.optionalText(paging, "next");
        boolean full = count >= (limit > 0 ? limit : config.syncPageLimit());
        if (next.isPresent()) {
            findings.add(ChangeFeed.sinceOf(next.get()).isPresent()
                    ? Finding.ok(area, "paging.next (documented)", "a link with a readable since")
                    : Finding.degraded(area, "paging.next (documented)", "a link without a readable since",
                    "the next page starts from the orders' own times instead"));
        } else {
            findings.add(full ? Finding.degraded(area, "paging.next (documented)", "absent on a full page",
                    "the next page starts from the orders' own times, or " + ChangeFeed.OVERLAP.toMinutes()
                            + " minutes before Spektrix answered")
                    : Finding.ok(area, "paging.next (documented)", "absent, as on a last page"));
        }
    }

    private void ticketFindings(List<JsonNode> tickets, List<Finding> findings) {
        String area = "orders/sync";
        if (tickets.isEmpty()) {
            return;
        }
        int withInstance = 0;
        int withCancellation = 0;
        for (JsonNode ticket : tickets) {
            JsonNode instance = ticket.path(OrderReader.TICKET_INSTANCE);
            boolean named = instance.isObject() ? SpektrixJson.optionalText(instance, "id").isPresent()
                    : SpektrixJson.optionalText(ticket, OrderReader.TICKET_INSTANCE).isPresent()
                    || SpektrixJson.optionalText(ticket, OrderReader.TICKET_INSTANCE_ID).isPresent();
            withInstance += named ? 1 : 0;
            withCancellation += ticket.path(OrderReader.TICKET_CANCELLED).isBoolean()
                    || ticket.has(OrderReader.TICKET_CANCELLED_AT) ? 1 : 0;
        }
        String item = "tickets[].instance.id (inferred; instanceId read too)";
        findings.add(withInstance == tickets.size() ? Finding.ok(area, item, "on " + withInstance + " of " + tickets.size()
                + " tickets") : withInstance == 0 ? Finding.blocking(area, item, "on none of " + tickets.size() + " tickets",
                "no booking can be placed on a performance (a ticket naming only its event is not enough)")
                : Finding.degraded(area, item, "on " + withInstance + " of " + tickets.size() + " tickets",
                "tickets without one give no booking; each is reported"));
        String cancelled = "tickets[].cancelled / cancelledUtc (inferred)";
        findings.add(withCancellation > 0 ? Finding.ok(area, cancelled, "on " + withCancellation + " of "
                + tickets.size() + " tickets") : Finding.degraded(area, cancelled, "on none of " + tickets.size()
                + " tickets", "a returned ticket is not seen as cancelled: its booker still gets the performance's"
                + " messages"));
    }

    private void times(JsonNode values, Optional<JsonNode> wholeOrder, List<Finding> findings) {
        findings.add(timeFinding(values, wholeOrder, OrderReader.CONFIRMED, "values[].confirmedUtc (inferred)",
                "a booking counts as confirmed when its order was last changed, or when first read"));
        findings.add(timeFinding(values, wholeOrder, OrderReader.LAST_MODIFIED, "values[].lastModifiedUtc (inferred)",
                "the cursor follows paging.next; after the last page it starts " + ChangeFeed.OVERLAP.toMinutes()
                        + " minutes before Spektrix answered, telling orders read twice apart by their content"));
    }

    private static Finding timeFinding(JsonNode values, Optional<JsonNode> wholeOrder, List<String> names, String item,
                                       String withoutIt) {
        String area = "orders/sync";
        Map<String, Integer> found = countNames(values, names);
        if (!found.isEmpty()) {
            return Finding.ok(area, item, describe(found, values.size()));
        }
        JsonNode whole = wholeOrder.map(node -> (JsonNode) com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .arrayNode().add(node)).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        if (!countNames(whole, names).isEmpty()) {
            // The adapter reads each order's orders/{id} anyway, and takes the times it lacks from there.
            return Finding.ok(area, item, "not in orders/sync; in orders/{id}, which the adapter reads for each order");
        }
        return Finding.degraded(area, item, "on none of " + values.size() + " orders (also looked for "
                + String.join(", ", names) + ")", withoutIt);
    }

    /**
     * Whether {@code since} is read in the configured zone: {@code paging.next} should name the last
     * order's modification time, written in the zone Spektrix reads {@code since} in.
     */
    private void sinceZone(JsonNode paging, JsonNode values, List<Finding> findings) {
        String area = "orders/sync";
        String item = "the zone of since (undocumented; spektrix.syncSinceZone)";
        Optional<LocalDateTime> next = SpektrixJson.optionalText(paging, "next").flatMap(ChangeFeed::sinceOf);
        Optional<Instant> lastModified = Optional.empty();
        for (String name : OrderReader.LAST_MODIFIED) {
            lastModified = SpektrixJson.optionalText(values.get(values.size() - 1), name).flatMap(OrderReader::readTime);
            if (lastModified.isPresent()) {
                break;
            }
        }
        if (next.isEmpty() || lastModified.isEmpty()) {
            findings.add(Finding.ok(area, item, "cannot be told from this page (it needs paging.next and the last"
                    + " order's modification time)", name(config.syncSinceZone()) + " is assumed"));
            return;
        }
        Instant at = lastModified.get();
        Optional<ZoneId> matching = java.util.stream.Stream.of(config.syncSinceZone(), ZoneOffset.UTC, config.venueZone())
                .filter(zone -> LocalDateTime.ofInstant(at, zone).withNano(0).equals(next.get().withNano(0))).findFirst();
        if (matching.isEmpty()) {
            findings.add(Finding.ok(area, item, "paging.next does not name the last order's time, so it cannot be told",
                    name(config.syncSinceZone()) + " is assumed"));
        } else if (sameRules(matching.get(), config.syncSinceZone(), at)) {
            findings.add(Finding.ok(area, item, name(config.syncSinceZone()) + ", as configured (paging.next names the"
                    + " last order's time in it)"));
        } else {
            boolean losesChanges = matching.get().getRules().getOffset(at).getTotalSeconds()
                    < config.syncSinceZone().getRules().getOffset(at).getTotalSeconds();
            Finding.Status status = losesChanges ? Finding.Status.BLOCKING : Finding.Status.DEGRADED;
            findings.add(new Finding(area, item, status, name(matching.get()) + ", not the configured "
                    + name(config.syncSinceZone()) + " (paging.next names the last order's time in " + name(matching.get())
                    + ")", "set spektrix.syncSinceZone to " + name(matching.get()) + (losesChanges
                            ? "; as configured, changes would be missed" : "; as configured, changes are read twice")));
        }
    }

    // ------------------------------------------------------------------ customers

    private void customers(List<String> ids, List<Finding> findings) {
        String area = "customers/{id}";
        if (ids.isEmpty()) {
            return;
        }
        List<Customer> read = new ArrayList<>();
        int tried = 0;
        try {
            for (String id : ids.subList(0, Math.min(CUSTOMERS_TRIED, ids.size()))) {
                tried++;
                ticketing.customer(id).ifPresent(read::add);
            }
        } catch (TicketingException e) {
            findings.add(Finding.blocking(area, "a signed GET", refusal(e), whatToDo(e)));
            return;
        }
        if (read.isEmpty()) {
            findings.add(Finding.blocking(area, "the order's customerId", "404 for all " + tried + " customers tried",
                    "every booking's customer would be missing, and bookings without a customer are not messaged:"
                            + " Spektrix may want the other form of the id (I-XXXX-XXXX)"));
            return;
        }
        String of = " of " + read.size() + " customer" + (read.size() == 1 ? "" : "s") + " read";
        findings.add(read.size() == tried ? Finding.ok(area, "the order's customerId", "accepted for " + tried + " of " + tried)
                : Finding.degraded(area, "the order's customerId", "accepted for " + read.size() + " of " + tried,
                "bookings whose customer cannot be read are not messaged"));
        long named = read.stream().filter(c -> !c.firstName().isEmpty() || !c.lastName().isEmpty()).count();
        findings.add(named > 0 ? Finding.ok(area, "firstName, lastName (documented)", "on " + named + of)
                : Finding.degraded(area, "firstName, lastName (documented)", "empty on all" + of,
                "{{ customer.first_name }} prints nothing"));
        long mobiles = read.stream().filter(c -> c.mobile().isPresent()).count();
        long withField = read.stream().filter(c -> c.raw().values().containsKey("mobile")).count();
        findings.add(mobiles > 0 ? Finding.ok(area, "mobile (documented)", "a valid mobile on " + mobiles + of,
                mobiles < read.size() ? "customers without one are not texted (NO_VALID_MOBILE)" : "")
                : withField > 0 ? Finding.ok(area, "mobile (documented)", "present, but not a valid mobile, on all" + of,
                "those customers are not texted (NO_VALID_MOBILE); run the check again to see others")
                : Finding.degraded(area, "mobile (documented)", "absent on all" + of,
                "a customer without a mobile is not texted"));
        Map<String, String> sources = ticketing.customerCollectionSources();
        Map<String, String> uses = new LinkedHashMap<>();
        uses.put("tags", "audience rules on tags, ticketing consent by tag");
        uses.put("agreedStatements", "contact preferences: audience rules and ticketing consent by statement");
        uses.put("subscriptions", "memberships: audience rules on memberships");
        uses.forEach((field, use) -> {
            String source = sources.getOrDefault(field, "NONE");
            String item = field + " (inferred; for " + use + ")";
            findings.add(source.equals("NONE") ? Finding.degraded(area, item, "not returned (looked in the customer,"
                    + " under $expand and in its sub-resources)", "every customer looks as if they had none")
                    : Finding.ok(area, item, switch (source) {
                        case "INLINE" -> "in the customer";
                        case "EXPANDED" -> "under $expand (one request per customer read)";
                        default -> "in customers/{id}/" + (field.equals("tags") ? "tags" : "agreed-statements")
                                + " (one more request per customer read)";
                    }));
        });
    }

    // ------------------------------------------------------------------ instances and events

    private void performances(Instant now, List<Finding> findings, List<String> notes) {
        String area = "instances, events";
        List<Performance> week;
        JsonNode raw;
        LocalDate today = LocalDate.ofInstant(now.minus(LAST_DAY), config.venueZone());
        try {
            week = ticketing.performancesStartingBetween(now.minus(LAST_DAY), now.plus(NEXT_WEEK));
            raw = http.get("instances?startFrom=" + today, "the instance list");
        } catch (TicketingException e) {
            findings.add(Finding.blocking(area, "a signed GET", refusal(e), whatToDo(e)));
            return;
        }
        notes.add("read instances from " + today + " and the events they belong to: " + counted(week.size(), "performance")
                + " from a day ago to " + NEXT_WEEK.toDays() + " days ahead");
        int compared = 0;
        int disagreeing = 0;
        for (JsonNode instance : raw) {
            Optional<String> start = SpektrixJson.optionalText(instance, "start");
            Optional<String> startUtc = SpektrixJson.optionalText(instance, "startUtc");
            if (start.isEmpty() || startUtc.isEmpty()) {
                continue;
            }
            try {
                Instant local = LocalDateTime.parse(start.get()).atZone(config.venueZone()).toInstant();
                compared++;
                disagreeing += local.equals(SpektrixJson.utc(startUtc.get(), "startUtc")) ? 0 : 1;
            } catch (RuntimeException unreadable) {
                // Unreadable instances are reported by the adapter as left out.
            }
        }
        findings.add(compared == 0 ? Finding.ok(area, "start, startUtc (real payloads)", "no instance to compare",
                "spektrix.venueZone is assumed right")
                : disagreeing == 0 ? Finding.ok(area, "start, startUtc (real payloads)", "agree in "
                + config.venueZone() + " on " + counted(compared, "instance"))
                : Finding.blocking(area, "start, startUtc (real payloads)", "disagree in " + config.venueZone() + " on "
                + disagreeing + " of " + compared + " instances", "spektrix.venueZone is wrong: messages would go at"
                + " the wrong times"));
        Set<String> eventIds = new LinkedHashSet<>();
        int withShowScore = 0;
        for (Performance performance : week) {
            Event event = performance.event();
            if (eventIds.add(event.id()) && event.raw().has("attribute_ShowScoreID")) {
                withShowScore++;
            }
        }
        findings.add(Finding.ok(area, "event of each instance", counted(week.size(), "performance") + " of "
                + counted(eventIds.size(), "event") + " read (events missing from the listing are read by id)"));
        notes.add("attribute_ShowScoreID set on " + withShowScore + " of " + counted(eventIds.size(), "event"));
    }

    /**
     * The ShowScoreID of each event with a performance from a day ago to a week ahead, by event id,
     * as typed (for the Show-Score check).
     */
    public Map<String, String> showScoreIdsOfNextWeek() {
        Instant now = clock.instant();
        Map<String, String> ids = new LinkedHashMap<>();
        for (Performance performance : ticketing.performancesStartingBetween(now.minus(LAST_DAY), now.plus(NEXT_WEEK))) {
            performance.event().raw().text("attribute_ShowScoreID").filter(text -> !text.isBlank())
                    .ifPresent(id -> ids.putIfAbsent(performance.event().id(), id));
        }
        return ids;
    }

    // ------------------------------------------------------------------ helpers

    private String sinceOf(Instant instant) {
        return new SyncCursor(SyncCursor.toSince(instant, config.syncSinceZone()), Set.of()).sinceParameter();
    }

    private static String counted(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** A zone as people write it: {@code UTC} rather than {@code Z}. */
    static String name(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static boolean sameRules(ZoneId a, ZoneId b, Instant at) {
        return a.getRules().getOffset(at).equals(b.getRules().getOffset(at));
    }

    private static Map<String, Integer> countNames(JsonNode values, List<String> names) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (JsonNode order : values) {
            for (String name : names) {
                if (SpektrixJson.optionalText(order, name).flatMap(OrderReader::readTime).isPresent()) {
                    found.merge(name, 1, Integer::sum);
                    break;
                }
            }
        }
        return found;
    }

    private static String describe(Map<String, Integer> found, int count) {
        List<String> parts = new ArrayList<>();
        found.forEach((name, n) -> parts.add("as '" + name + "' on " + n + " of " + count));
        return String.join(", ", parts);
    }

    private static String refusal(TicketingException e) {
        return e.reason() + ": " + e.getMessage();
    }

    private static String whatToDo(TicketingException e) {
        return switch (e.reason()) {
            case AUTHENTICATION -> "nothing can be read: fix the login name, the secret key or this server's clock";
            case RATE_LIMITED, UNAVAILABLE -> "Spektrix could not answer now: run the check again later";
            default -> "the adapter cannot read this: check the client name and base URL";
        };
    }
}
