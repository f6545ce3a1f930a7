package io.crowdengage.engine;

import io.crowdengage.engine.internal.ShardedMap;
import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable {@link SeasonView}: performances indexed by start time, bookings grouped by
 * performance in confirmation order, customers by id.
 *
 * <p>Changes return a new snapshot and leave this one as it was. They copy only what they touch
 * (one performance's bookings, one shard of the customers), so a runtime can keep a snapshot of a
 * large season current one change at a time.
 *
 * <p>Every booking must refer to a performance and a customer the snapshot holds; anything else is
 * refused with an error naming the booking.
 */
public final class SeasonSnapshot implements SeasonView {
    private static final Comparator<Booking> BOOKING_ORDER =
            Comparator.comparing(Booking::confirmedAt).thenComparing(Booking::id);

    private final ZoneId zone;
    private final Map<String, Performance> performances;
    private final NavigableMap<Instant, List<Performance>> byStart;
    private final Map<String, List<Booking>> bookingsByPerformance;
    private final ShardedMap<String, Booking> bookingsById;
    private final ShardedMap<String, Customer> customers;
    private final Duration longestEventDuration;

    private SeasonSnapshot(ZoneId zone, Map<String, Performance> performances,
                           NavigableMap<Instant, List<Performance>> byStart,
                           Map<String, List<Booking>> bookingsByPerformance, ShardedMap<String, Booking> bookingsById,
                           ShardedMap<String, Customer> customers, Duration longestEventDuration) {
        this.zone = zone;
        this.performances = performances;
        this.byStart = byStart;
        this.bookingsByPerformance = bookingsByPerformance;
        this.bookingsById = bookingsById;
        this.customers = customers;
        this.longestEventDuration = longestEventDuration;
    }

    /** An empty season at a venue in {@code zone}. */
    public static SeasonSnapshot empty(ZoneId zone) {
        return new SeasonSnapshot(Checks.notNull(zone, "zone"), Map.of(), new TreeMap<>(), Map.of(),
                ShardedMap.empty(), ShardedMap.empty(), Duration.ZERO);
    }

    /** Collects a season in one go, which is cheaper than one change at a time. */
    public static Builder builder(ZoneId zone) {
        return new Builder(Checks.notNull(zone, "zone"));
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Optional<Performance> performance(String performanceId) {
        return Optional.ofNullable(performances.get(performanceId));
    }

    @Override
    public List<Performance> performancesStartingBetween(Instant from, Instant to) {
        if (to.isBefore(from)) {
            return List.of();
        }
        List<Performance> found = new ArrayList<>();
        for (List<Performance> atInstant : byStart.subMap(from, true, to, true).values()) {
            found.addAll(atInstant);
        }
        return found;
    }

    @Override
    public List<Booking> bookingsOf(String performanceId) {
        return bookingsByPerformance.getOrDefault(performanceId, List.of());
    }

    @Override
    public Optional<Customer> customer(String customerId) {
        return Optional.ofNullable(customers.get(customerId));
    }

    /** A booking by id. */
    public Optional<Booking> booking(String bookingId) {
        return Optional.ofNullable(bookingsById.get(bookingId));
    }

    @Override
    public Duration longestEventDuration() {
        return longestEventDuration;
    }

    /** Every performance, in start order. */
    public List<Performance> performances() {
        List<Performance> all = new ArrayList<>(performances.size());
        byStart.values().forEach(all::addAll);
        return all;
    }

    /** How many bookings, cancelled ones included. */
    public int bookingCount() {
        return bookingsById.size();
    }

    /** How many customers. */
    public int customerCount() {
        return customers.size();
    }

    /** This season with a performance added, or replaced (rescheduled, cancelled) by id. */
    public SeasonSnapshot withPerformance(Performance performance) {
        Checks.notNull(performance, "performance");
        Map<String, Performance> newPerformances = new HashMap<>(performances);
        Performance previous = newPerformances.put(performance.id(), performance);
        NavigableMap<Instant, List<Performance>> newByStart = new TreeMap<>(byStart);
        if (previous != null) {
            removeFromIndex(newByStart, previous);
        }
        addToIndex(newByStart, performance);
        Duration longest = longestEventDuration.compareTo(performance.event().duration()) >= 0
                ? longestEventDuration : performance.event().duration();
        return new SeasonSnapshot(zone, Map.copyOf(newPerformances), newByStart, bookingsByPerformance, bookingsById,
                customers, longest);
    }

    /** This season with a customer added or replaced by id. */
    public SeasonSnapshot withCustomer(Customer customer) {
        Checks.notNull(customer, "customer");
        return new SeasonSnapshot(zone, performances, byStart, bookingsByPerformance, bookingsById,
                customers.with(customer.id(), customer), longestEventDuration);
    }

    /**
     * This season with a booking added or replaced by id (a cancellation is a replacement). Its
     * performance and customer must already be in the season.
     */
    public SeasonSnapshot withBooking(Booking booking) {
        Checks.notNull(booking, "booking");
        requireKnown(booking, performances, customers);
        booking = sharingIds(booking, performances, customers);
        Map<String, List<Booking>> newByPerformance = new HashMap<>(bookingsByPerformance);
        Booking previous = bookingsById.get(booking.id());
        if (previous != null) {
            List<Booking> old = new ArrayList<>(newByPerformance.getOrDefault(previous.performanceId(), List.of()));
            old.removeIf(b -> b.id().equals(previous.id()));
            newByPerformance.put(previous.performanceId(), List.copyOf(old));
        }
        List<Booking> target = new ArrayList<>(newByPerformance.getOrDefault(booking.performanceId(), List.of()));
        int insertAt = -(java.util.Collections.binarySearch(target, booking, BOOKING_ORDER) + 1);
        target.add(Math.max(insertAt, 0), booking);
        newByPerformance.put(booking.performanceId(), List.copyOf(target));
        return new SeasonSnapshot(zone, performances, byStart, Map.copyOf(newByPerformance),
                bookingsById.with(booking.id(), booking), customers, longestEventDuration);
    }

    /**
     * This season with customers and then bookings added or replaced by id, as if by {@link
     * #withCustomer} for each customer and then {@link #withBooking} for each booking, in order (a
     * later record with the same id wins), but copying each map and list it touches once: loading
     * the thousands of bookings of a newly seen performance one by one would copy them over and
     * over. Every booking's performance must already be in the season, and its customer in the
     * season or among {@code customers}.
     */
    public SeasonSnapshot withAll(Collection<Customer> newCustomers, Collection<Booking> newBookings) {
        Checks.notNull(newCustomers, "customers");
        Checks.notNull(newBookings, "bookings");
        Map<String, Customer> customerChanges = new LinkedHashMap<>();
        for (Customer customer : newCustomers) {
            Checks.notNull(customer, "customer");
            customerChanges.put(customer.id(), customer);
        }
        ShardedMap<String, Customer> mergedCustomers = customers.withAll(customerChanges);
        Map<String, Booking> bookingChanges = new LinkedHashMap<>();
        for (Booking booking : newBookings) {
            Checks.notNull(booking, "booking");
            requireKnown(booking, performances, mergedCustomers);
            bookingChanges.put(booking.id(), sharingIds(booking, performances, mergedCustomers));
        }
        if (bookingChanges.isEmpty()) {
            return new SeasonSnapshot(zone, performances, byStart, bookingsByPerformance, bookingsById,
                    mergedCustomers, longestEventDuration);
        }
        Set<String> touchedPerformances = new HashSet<>();
        for (Booking booking : bookingChanges.values()) {
            touchedPerformances.add(booking.performanceId());
            Booking previous = bookingsById.get(booking.id());
            if (previous != null) {
                touchedPerformances.add(previous.performanceId());
            }
        }
        Map<String, List<Booking>> newByPerformance = new HashMap<>(bookingsByPerformance);
        for (String performanceId : touchedPerformances) {
            List<Booking> kept = new ArrayList<>();
            for (Booking booking : bookingsByPerformance.getOrDefault(performanceId, List.of())) {
                if (!bookingChanges.containsKey(booking.id())) {
                    kept.add(booking);
                }
            }
            for (Booking booking : bookingChanges.values()) {
                if (booking.performanceId().equals(performanceId)) {
                    kept.add(booking);
                }
            }
            kept.sort(BOOKING_ORDER);
            newByPerformance.put(performanceId, List.copyOf(kept));
        }
        return new SeasonSnapshot(zone, performances, byStart, Map.copyOf(newByPerformance),
                bookingsById.withAll(bookingChanges), mergedCustomers, longestEventDuration);
    }

    private static void requireKnown(Booking booking, Map<String, Performance> performances,
                                     ShardedMap<String, Customer> customers) {
        if (!performances.containsKey(booking.performanceId())) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "booking '" + booking.id() + "'",
                    "refers to unknown performance '" + booking.performanceId() + "'");
        }
        if (customers.get(booking.customerId()) == null) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "booking '" + booking.id() + "'",
                    "refers to unknown customer '" + booking.customerId() + "'");
        }
    }

    /**
     * The booking, referring to its performance and customer by the very id strings the snapshot
     * already holds. A ticketing adapter deserialising JSON gives every booking its own copies of
     * those ids; over a million bookings the copies come to about 100 MB. Only identity changes:
     * the result equals the booking given.
     */
    @SuppressWarnings("StringEquality")
    private static Booking sharingIds(Booking booking, Map<String, Performance> performances,
                                      ShardedMap<String, Customer> customers) {
        String performanceId = performances.get(booking.performanceId()).id();
        String customerId = customers.get(booking.customerId()).id();
        if (performanceId == booking.performanceId() && customerId == booking.customerId()) {
            return booking;
        }
        return new Booking(booking.id(), customerId, performanceId, booking.confirmedAt(), booking.cancelledAt());
    }

    private void addToIndex(NavigableMap<Instant, List<Performance>> index, Performance performance) {
        index.merge(performance.startInstant(zone), List.of(performance), (a, b) -> {
            List<Performance> merged = new ArrayList<>(a);
            merged.addAll(b);
            merged.sort(Comparator.comparing(Performance::id));
            return List.copyOf(merged);
        });
    }

    private void removeFromIndex(NavigableMap<Instant, List<Performance>> index, Performance performance) {
        Instant start = performance.startInstant(zone);
        List<Performance> atStart = index.get(start);
        if (atStart == null) {
            return;
        }
        List<Performance> remaining = new ArrayList<>(atStart);
        remaining.removeIf(p -> p.id().equals(performance.id()));
        if (remaining.isEmpty()) {
            index.remove(start);
        } else {
            index.put(start, List.copyOf(remaining));
        }
    }

    /** Collects performances, customers and bookings, then checks and indexes them once. */
    public static final class Builder {
        private final ZoneId zone;
        private final Map<String, Performance> performances = new HashMap<>();
        private final Map<String, Customer> customers = new HashMap<>();
        private final Map<String, Booking> bookings = new HashMap<>();

        private Builder(ZoneId zone) {
            this.zone = zone;
        }

        /** Adds or replaces a performance. */
        public Builder performance(Performance performance) {
            performances.put(Checks.notNull(performance, "performance").id(), performance);
            return this;
        }

        /** Adds or replaces performances. */
        public Builder performances(Collection<Performance> all) {
            all.forEach(this::performance);
            return this;
        }

        /** Adds or replaces a customer. */
        public Builder customer(Customer customer) {
            customers.put(Checks.notNull(customer, "customer").id(), customer);
            return this;
        }

        /** Adds or replaces customers. */
        public Builder customers(Collection<Customer> all) {
            all.forEach(this::customer);
            return this;
        }

        /** Adds or replaces a booking. */
        public Builder booking(Booking booking) {
            bookings.put(Checks.notNull(booking, "booking").id(), booking);
            return this;
        }

        /** Adds or replaces bookings. */
        public Builder bookings(Collection<Booking> all) {
            all.forEach(this::booking);
            return this;
        }

        /** The snapshot; fails naming the first booking whose performance or customer is unknown. */
        public SeasonSnapshot build() {
            ShardedMap<String, Customer> customerMap = ShardedMap.copyOf(customers);
            Map<String, List<Booking>> grouped = new HashMap<>();
            for (Booking booking : bookings.values()) {
                requireKnown(booking, performances, customerMap);
            }
            bookings.replaceAll((id, booking) -> sharingIds(booking, performances, customerMap));
            for (Booking booking : bookings.values()) {
                grouped.computeIfAbsent(booking.performanceId(), id -> new ArrayList<>()).add(booking);
            }
            Map<String, List<Booking>> sorted = new HashMap<>();
            grouped.forEach((id, list) -> {
                list.sort(BOOKING_ORDER);
                sorted.put(id, List.copyOf(list));
            });
            NavigableMap<Instant, List<Performance>> byStart = new TreeMap<>();
            Duration longest = Duration.ZERO;
            SeasonSnapshot indexer = empty(zone);
            for (Performance performance : performances.values()) {
                indexer.addToIndex(byStart, performance);
                if (performance.event().duration().compareTo(longest) > 0) {
                    longest = performance.event().duration();
                }
            }
            return new SeasonSnapshot(zone, Map.copyOf(performances), byStart, Map.copyOf(sorted),
                    ShardedMap.copyOf(bookings), customerMap, longest);
        }
    }
}
