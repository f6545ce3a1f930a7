package io.crowdengage.runtime;

import io.crowdengage.engine.SeasonSnapshot;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Performance;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a {@link SeasonSnapshot} current from a ticketing system: performances in a window around
 * now (re-read every tick, since reschedules and cancellations do not appear in a booking feed; one
 * held in the window that the ticketing system no longer lists there is asked for by id, and is
 * taken as cancelled if it is gone), and bookings through the change feed's cursor (a performance
 * first met through the feed is loaded with all its bookings). Not thread-safe: the runtime calls it from its
 * tick only.
 */
final class SeasonSync {
    private static final int MAX_PAGES_PER_TICK = 1_000;

    private final TicketingSystem ticketing;
    private final ZoneId zone;
    private final Duration lookback;
    private final Duration lookahead;
    private final Set<String> seenBookings = new HashSet<>();
    /**
     * Bookings first seen by the sync under way: they join {@link #seenBookings} only when it completes.
     * A sync that fails partway returns nothing, so what it first saw must be first seen again by the next
     * one, or a soft opt-in notice owed to it would be lost.
     */
    private final Set<String> seenThisSync = new HashSet<>();
    /**
     * Whether the next sync is the first since resuming from a saved cursor: everything the season
     * holds is new to this process, but only what the change feed delivers after the cursor is new to
     * the runtime (the previous run read up to it).
     */
    private boolean resuming;
    /** Bookings a resuming sync loaded with their performance: seen by the previous run. */
    private final Set<String> loadedOnResume = new HashSet<>();
    // Customers and bookings read during a sync, taken into the snapshot in one batch when it ends:
    // one by one, each would copy the performance's booking list and a shard of the season's maps.
    private final Map<String, Customer> pendingCustomers = new LinkedHashMap<>();
    private final Map<String, Booking> pendingBookings = new LinkedHashMap<>();
    /** Immutable, replaced as a whole: readers outside the tick (explain) see one consistent season. */
    private volatile SeasonSnapshot season;
    private volatile Optional<ChangeCursor> cursor;

    SeasonSync(TicketingSystem ticketing, ZoneId zone, Duration lookback, Duration lookahead,
               Optional<ChangeCursor> cursor) {
        this.ticketing = ticketing;
        this.zone = zone;
        this.lookback = lookback;
        this.lookahead = lookahead;
        this.season = SeasonSnapshot.empty(zone);
        this.cursor = cursor;
        this.resuming = cursor.isPresent();
    }

    SeasonSnapshot season() {
        return season;
    }

    Optional<ChangeCursor> cursor() {
        return cursor;
    }

    /** The ids of the performances the season holds in the read window around {@code now}. */
    List<String> performanceIdsAround(Instant now) {
        return season().performancesStartingBetween(now.minus(lookback), now.plus(lookahead)).stream()
                .map(Performance::id).toList();
    }

    /**
     * Continues the change feed from where another run (or another instance) left it. The next sync
     * reports as first seen only the bookings the feed delivers after that position: the ones it loads
     * with their performances were read by the run that saved it.
     */
    void resumeFrom(Optional<ChangeCursor> position) {
        if (position.isPresent() && cursor.isPresent() && !position.equals(cursor)) {
            // Another instance read the feed from here to there: what this one holds misses those changes (a
            // cancellation, say). Read the window again, as on a start.
            forgetSeason();
        }
        this.cursor = position;
        this.resuming = position.isPresent();
    }

    private void forgetSeason() {
        season = SeasonSnapshot.empty(zone);
        seenBookings.clear();
        pendingCustomers.clear();
        pendingBookings.clear();
    }

    /**
     * Brings the snapshot up to date and returns the bookings seen for the first time that are live
     * now (the ones a soft opt-in notice may be due for). If it fails partway, what it read is kept in
     * the snapshot but nothing counts as seen: the next sync reports those bookings as first seen.
     */
    List<Booking> sync(Instant now) {
        boolean completed = false;
        try {
            List<Booking> firstSeen = syncBuffered(now);
            completed = true;
            return firstSeen;
        } finally {
            boolean resumeFailed = !completed && resuming;
            if (completed) {
                seenBookings.addAll(seenThisSync);
                seenBookings.addAll(loadedOnResume);
                resuming = false;
            }
            seenThisSync.clear();
            loadedOnResume.clear();
            if (resumeFailed) {
                // What it loaded would not be loaded again, and its bookings would never count as read before.
                forgetSeason();
            } else {
                // Also on failure: what was read stays taken, as it did when each record went in at once.
                applyPending();
            }
        }
    }

    private List<Booking> syncBuffered(Instant now) {
        List<Booking> firstSeen = new ArrayList<>();
        Instant from = now.minus(lookback);
        Instant to = now.plus(lookahead);
        Set<String> returned = new HashSet<>();
        for (Performance performance : ticketing.performancesStartingBetween(from, to)) {
            returned.add(performance.id());
            Optional<Performance> known = season.performance(performance.id());
            if (known.isEmpty()) {
                addWithBookings(performance, now, firstSeen);
            } else if (!known.get().equals(performance)) {
                season = season.withPerformance(performance);
            }
        }
        // A performance we hold inside the window that the ticketing system no longer lists there was
        // moved out of it, or deleted: ask for it by id, or the old start would still drive messages.
        for (Performance held : season.performancesStartingBetween(from, to)) {
            if (returned.contains(held.id()) || held.cancelled()) {
                continue;
            }
            Optional<Performance> current = ticketing.performance(held.id());
            season = season.withPerformance(current.orElseGet(held::asCancelled));
        }
        ChangeCursor position = cursor.orElseGet(() -> ChangeCursor.since(now.minus(lookback)));
        for (int page = 0; page < MAX_PAGES_PER_TICK; page++) {
            BookingChanges changes = ticketing.bookingsChangedSince(position);
            for (Booking booking : changes.bookings()) {
                accept(booking, now, firstSeen, true);
            }
            position = changes.next();
            if (!changes.hasMore()) {
                break;
            }
        }
        cursor = Optional.of(position);
        return firstSeen;
    }

    /**
     * Loads performances outside the read window, with their bookings, between syncs: the ones a notice
     * carried over from before a restart waits for. Their bookings count as seen (they were there before
     * this run). A performance the ticketing system no longer has is left out.
     *
     * @throws io.crowdengage.ticketing.TicketingException if the ticketing system cannot be read; what was
     *         read stays taken
     */
    void loadPerformances(List<String> performanceIds, Instant now) {
        try {
            for (String id : performanceIds) {
                if (season.performance(id).isEmpty()) {
                    Optional<Performance> performance = ticketing.performance(id);
                    if (performance.isPresent()) {
                        addWithBookings(performance.get(), now, new ArrayList<>());
                    }
                }
            }
        } finally {
            seenBookings.addAll(seenThisSync);
            seenThisSync.clear();
            applyPending();
        }
    }

    /** Takes a customer record read outside a sync (just before a send) into the snapshot. */
    void refreshCustomer(Customer customer) {
        if (season.customer(customer.id()).isPresent() && !season.customer(customer.id()).get().equals(customer)) {
            season = season.withCustomer(customer);
        }
    }

    /** A performance seen for the first time comes with all its bookings, not only the ones in the feed. */
    private void addWithBookings(Performance performance, Instant now, List<Booking> firstSeen) {
        season = season.withPerformance(performance);
        for (Booking booking : ticketing.bookingsOf(performance.id())) {
            accept(booking, now, firstSeen, false);
        }
    }

    private void accept(Booking booking, Instant now, List<Booking> firstSeen, boolean fromFeed) {
        if (season.performance(booking.performanceId()).isEmpty()) {
            Optional<Performance> performance = ticketing.performance(booking.performanceId());
            if (performance.isEmpty()) {
                return;
            }
            addWithBookings(performance.get(), now, firstSeen);
        }
        Optional<Customer> customer = ticketing.customer(booking.customerId());
        if (customer.isEmpty()) {
            // A booking whose customer the ticketing system cannot show is left out: it cannot be messaged safely.
            return;
        }
        if (!currentCustomer(customer.get().id()).equals(customer)) {
            pendingCustomers.put(customer.get().id(), customer.get());
        }
        // Loaded with its performance on resuming: read by the previous run, unless the feed delivers it after the
        // cursor (then it is first seen there).
        boolean readBefore = resuming && !fromFeed;
        if (readBefore && !seenThisSync.contains(booking.id())) {
            loadedOnResume.add(booking.id());
        }
        boolean first = !readBefore && !seenBookings.contains(booking.id()) && seenThisSync.add(booking.id());
        if (!currentBooking(booking.id()).map(booking::equals).orElse(false)) {
            pendingBookings.put(booking.id(), booking);
        }
        if (first && booking.liveAt(now)) {
            firstSeen.add(booking);
        }
    }

    private Optional<Customer> currentCustomer(String id) {
        Customer pending = pendingCustomers.get(id);
        return pending != null ? Optional.of(pending) : season.customer(id);
    }

    private Optional<Booking> currentBooking(String id) {
        Booking pending = pendingBookings.get(id);
        return pending != null ? Optional.of(pending) : season.booking(id);
    }

    private void applyPending() {
        if (pendingCustomers.isEmpty() && pendingBookings.isEmpty()) {
            return;
        }
        season = season.withAll(pendingCustomers.values(), pendingBookings.values());
        pendingCustomers.clear();
        pendingBookings.clear();
    }
}
