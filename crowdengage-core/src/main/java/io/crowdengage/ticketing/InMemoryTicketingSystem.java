package io.crowdengage.ticketing;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A faithful in-memory {@link TicketingSystem} for tests and demos, the way Micrometer ships
 * {@code SimpleMeterRegistry}: it answers the SPI from what it was given, records what it holds,
 * and refuses misuse loudly instead of guessing.
 *
 * <pre>{@code
 * InMemoryTicketingSystem ticketing = InMemoryTicketingSystem.create(ZoneId.of("Europe/London"), clock);
 * Event hamlet = ticketing.addEvent(Event.of("E1", "Hamlet", Duration.ofMinutes(180)));
 * ticketing.addPerformance(Performance.of("P1", hamlet, LocalDateTime.parse("2025-06-14T19:30")));
 * ticketing.addCustomer(Customer.builder("C1").name("Ada", "Lovelace").build());
 * ticketing.addBooking(Booking.of("B1", "C1", "P1", clock.instant()));
 * }</pre>
 *
 * <h2>Change feed</h2>
 * Every booking change (a new booking, a replaced one, a cancellation) is appended to a change log
 * stamped with the injected clock. {@link #bookingsChangedSince} pages through that log,
 * {@link Builder#pageSize(int) pageSize} entries at a time, returning each changed booking once
 * per page in its current state, at the position of its latest change in that page. Cursor tokens
 * look like {@code in-memory:42} (the log position); {@link ChangeCursor#beginning()} and
 * {@link ChangeCursor#since(Instant)} are understood too. Stamps never go backwards, even when
 * the clock does, so a {@code since} cursor keeps high-water-mark semantics.
 *
 * <h2>Performance changes</h2>
 * {@link #reschedule} and {@link #cancelPerformance} show at once in {@link #performance(String)}
 * and {@link #performancesStartingBetween}, but do <em>not</em> put the performance's bookings in
 * the change feed: the bookings themselves did not change, and a high-water-mark order feed such
 * as Spektrix's {@code orders/sync} does not report them either. Keeping the fake no more generous
 * than the real thing means a runtime that forgets to re-read performances fails its tests here,
 * not in production. Cancelling a performance does not cancel its bookings, as in a box office.
 *
 * <h2>Misuse</h2>
 * A booking for an unknown performance or customer, an id added twice with different content, a
 * replacement or cancellation of something never added, or a cursor this system did not issue is
 * refused with a {@link TicketingException} of reason {@link TicketingException.Reason#MISUSE}
 * whose message names the id. Adding an identical record twice is allowed and changes nothing.
 *
 * <h2>Faults</h2>
 * {@link #failNext(int, TicketingException.Reason)} makes the next SPI reads throw, so a runtime's
 * handling of an outage can be tested.
 *
 * <p>Thread-safe: every method holds one lock, which is plenty for a fake.
 */
public final class InMemoryTicketingSystem implements TicketingSystem {

    /** How many change-log entries {@link #bookingsChangedSince} reads per page unless told otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    private static final String TOKEN_PREFIX = "in-memory:";

    /** One entry of the change log: which booking changed, and when (never earlier than the previous entry). */
    private record Change(String bookingId, Instant recordedAt) {
    }

    private final ZoneId zone;
    private final Clock clock;
    private final int pageSize;
    private final Object lock = new Object();
    // Insertion order, so that the accessors list things the way a test added them.
    private final Map<String, Event> events = new LinkedHashMap<>();
    private final Map<String, Performance> performances = new LinkedHashMap<>();
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, Booking> bookings = new LinkedHashMap<>();
    private final List<Change> changeLog = new ArrayList<>();
    private int failuresToInject;
    private int failuresInjectedSoFar;
    private TicketingException.Reason failureReason = TicketingException.Reason.UNAVAILABLE;

    private InMemoryTicketingSystem(ZoneId zone, Clock clock, int pageSize) {
        this.zone = zone;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /**
     * An empty system for a venue in {@code zone}, stamping changes with {@code clock}, with the
     * default page size.
     *
     * @param zone  the venue's zone: performance starts are read in it
     * @param clock stamps the change log
     * @return a new, empty system
     */
    public static InMemoryTicketingSystem create(ZoneId zone, Clock clock) {
        return builder().zone(zone).clock(clock).build();
    }

    /** A builder; {@link Builder#zone} and {@link Builder#clock} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The venue zone in which performance starts are read. */
    public ZoneId zone() {
        return zone;
    }

    /** The clock that stamps the change log. */
    public Clock clock() {
        return clock;
    }

    /** How many change-log entries one page of {@link #bookingsChangedSince} covers. */
    public int pageSize() {
        return pageSize;
    }

    // ---------------------------------------------------------------- mutators: events

    /**
     * Adds an event. Adding an identical event again does nothing.
     *
     * @return the event held
     * @throws TicketingException MISUSE if another event with the same id is held
     */
    public Event addEvent(Event event) {
        Checks.notNull(event, "event");
        synchronized (lock) {
            requireAbsentOrSame(events, event.id(), event, "event", "replaceEvent");
            events.put(event.id(), event);
            return event;
        }
    }

    /**
     * Replaces a held event; the performances of that event carry the new one from now on.
     *
     * @return the event now held
     * @throws TicketingException MISUSE if no event with that id is held
     */
    public Event replaceEvent(Event event) {
        Checks.notNull(event, "event");
        synchronized (lock) {
            requirePresent(events, event.id(), "event", "addEvent");
            events.put(event.id(), event);
            performances.replaceAll((id, p) -> p.event().id().equals(event.id())
                    ? new Performance(p.id(), event, p.localStart(), p.cancelled(), p.raw())
                    : p);
            return event;
        }
    }

    // ---------------------------------------------------------------- mutators: performances

    /**
     * Adds a performance, and its event if the event is not held yet. Adding an identical
     * performance again does nothing.
     *
     * @return the performance held
     * @throws TicketingException MISUSE if another performance with the same id is held, or the
     *                            performance carries an event that differs from the one held
     */
    public Performance addPerformance(Performance performance) {
        Checks.notNull(performance, "performance");
        synchronized (lock) {
            requireAbsentOrSame(performances, performance.id(), performance, "performance", "replacePerformance");
            holdEventOf(performance);
            performances.put(performance.id(), performance);
            return performance;
        }
    }

    /**
     * Replaces a held performance (its start, its cancelled flag, its raw attributes). Its bookings
     * do not appear in the change feed; see the class comment for why.
     *
     * @return the performance now held
     * @throws TicketingException MISUSE if no performance with that id is held, or it carries an
     *                            event that differs from the one held
     */
    public Performance replacePerformance(Performance performance) {
        Checks.notNull(performance, "performance");
        synchronized (lock) {
            requirePresent(performances, performance.id(), "performance", "addPerformance");
            holdEventOf(performance);
            performances.put(performance.id(), performance);
            return performance;
        }
    }

    /**
     * Moves a performance to a new venue-local start, at once visible to every read.
     *
     * @param performanceId   the performance to move
     * @param newLocalStart   the new wall-clock start at the venue
     * @return the rescheduled performance
     * @throws TicketingException MISUSE if the performance is unknown
     */
    public Performance reschedule(String performanceId, LocalDateTime newLocalStart) {
        Checks.notBlank(performanceId, "performanceId");
        Checks.notNull(newLocalStart, "newLocalStart");
        synchronized (lock) {
            Performance moved = requirePresent(performances, performanceId, "performance", "addPerformance")
                    .rescheduledTo(newLocalStart);
            performances.put(performanceId, moved);
            return moved;
        }
    }

    /**
     * Cancels a performance; cancelling it again does nothing. Its bookings stay as they are.
     *
     * @return the cancelled performance
     * @throws TicketingException MISUSE if the performance is unknown
     */
    public Performance cancelPerformance(String performanceId) {
        Checks.notBlank(performanceId, "performanceId");
        synchronized (lock) {
            Performance cancelled = requirePresent(performances, performanceId, "performance", "addPerformance")
                    .asCancelled();
            performances.put(performanceId, cancelled);
            return cancelled;
        }
    }

    // ---------------------------------------------------------------- mutators: customers

    /**
     * Adds a customer. Adding an identical customer again does nothing.
     *
     * @return the customer held
     * @throws TicketingException MISUSE if another customer with the same id is held
     */
    public Customer addCustomer(Customer customer) {
        Checks.notNull(customer, "customer");
        synchronized (lock) {
            requireAbsentOrSame(customers, customer.id(), customer, "customer", "replaceCustomer");
            customers.put(customer.id(), customer);
            return customer;
        }
    }

    /**
     * Replaces a held customer (a new mobile, new tags).
     *
     * @return the customer now held
     * @throws TicketingException MISUSE if no customer with that id is held
     */
    public Customer replaceCustomer(Customer customer) {
        Checks.notNull(customer, "customer");
        synchronized (lock) {
            requirePresent(customers, customer.id(), "customer", "addCustomer");
            customers.put(customer.id(), customer);
            return customer;
        }
    }

    // ---------------------------------------------------------------- mutators: bookings

    /**
     * Adds a booking and records it in the change feed. Adding an identical booking again does
     * nothing and records nothing.
     *
     * @return the booking held
     * @throws TicketingException MISUSE if its customer or performance is unknown, or another
     *                            booking with the same id is held
     */
    public Booking addBooking(Booking booking) {
        Checks.notNull(booking, "booking");
        synchronized (lock) {
            if (booking.equals(bookings.get(booking.id()))) {
                return booking;
            }
            requireAbsentOrSame(bookings, booking.id(), booking, "booking", "replaceBooking");
            requireReferencesHeld(booking);
            bookings.put(booking.id(), booking);
            recordChange(booking.id());
            return booking;
        }
    }

    /**
     * Replaces a held booking (moved to another performance, say) and records the change, unless
     * the replacement is identical.
     *
     * @return the booking now held
     * @throws TicketingException MISUSE if no booking with that id is held, or its customer or
     *                            performance is unknown
     */
    public Booking replaceBooking(Booking booking) {
        Checks.notNull(booking, "booking");
        synchronized (lock) {
            Booking held = requirePresent(bookings, booking.id(), "booking", "addBooking");
            requireReferencesHeld(booking);
            if (!held.equals(booking)) {
                bookings.put(booking.id(), booking);
                recordChange(booking.id());
            }
            return booking;
        }
    }

    /**
     * Cancels a booking at {@code at} and records the change. Cancelling it again at the same
     * instant does nothing.
     *
     * @return the cancelled booking
     * @throws TicketingException  MISUSE if the booking is unknown or was already cancelled at another instant
     * @throws ValidationException if {@code at} is before the booking was confirmed
     */
    public Booking cancelBooking(String bookingId, Instant at) {
        Checks.notBlank(bookingId, "bookingId");
        Checks.notNull(at, "at");
        synchronized (lock) {
            Booking held = requirePresent(bookings, bookingId, "booking", "addBooking");
            if (held.cancelledAt().isPresent()) {
                if (held.cancelledAt().get().equals(at)) {
                    return held;
                }
                throw misuse("booking " + bookingId + " was already cancelled at " + held.cancelledAt().get()
                        + "; cannot cancel it again at " + at);
            }
            Booking cancelled = held.cancelledAt(at);
            bookings.put(bookingId, cancelled);
            recordChange(bookingId);
            return cancelled;
        }
    }

    // ---------------------------------------------------------------- faults

    /**
     * Makes the next {@code count} SPI reads (any of the {@link TicketingSystem} methods) throw a
     * {@link TicketingException} with {@code reason}, then answer normally again. Mutators are not
     * affected. A new call replaces what is left of an earlier one; {@code failNext(0, ...)} clears it.
     *
     * @param count  how many reads fail, zero or more
     * @param reason the reason they fail with, for example {@link TicketingException.Reason#UNAVAILABLE}
     */
    public void failNext(int count, TicketingException.Reason reason) {
        Checks.notNegative(count, "count");
        Checks.notNull(reason, "reason");
        synchronized (lock) {
            failuresToInject = count;
            failuresInjectedSoFar = 0;
            failureReason = reason;
        }
    }

    /** How many injected failures are still to come. */
    public int pendingFailures() {
        synchronized (lock) {
            return failuresToInject;
        }
    }

    // ---------------------------------------------------------------- what it holds

    /** Every event held, in the order first added. */
    public List<Event> events() {
        synchronized (lock) {
            return List.copyOf(events.values());
        }
    }

    /** Every performance held, as it is now, in the order first added. */
    public List<Performance> performances() {
        synchronized (lock) {
            return List.copyOf(performances.values());
        }
    }

    /** Every customer held, in the order first added. */
    public List<Customer> customers() {
        synchronized (lock) {
            return List.copyOf(customers.values());
        }
    }

    /** Every booking held, as it is now, in the order first added. */
    public List<Booking> bookings() {
        synchronized (lock) {
            return List.copyOf(bookings.values());
        }
    }

    /** How many booking changes the change log holds (every add, replacement and cancellation that changed a booking). */
    public int changeCount() {
        synchronized (lock) {
            return changeLog.size();
        }
    }

    // ---------------------------------------------------------------- the SPI

    /**
     * {@inheritDoc}
     *
     * @throws TicketingException MISUSE if {@code to} is before {@code from}
     */
    @Override
    public List<Performance> performancesStartingBetween(Instant from, Instant to) {
        Checks.notNull(from, "from");
        Checks.notNull(to, "to");
        synchronized (lock) {
            injectFailure("performancesStartingBetween");
            if (to.isBefore(from)) {
                throw misuse("performancesStartingBetween: to (" + to + ") is before from (" + from + ")");
            }
            return performances.values().stream()
                    .filter(p -> {
                        Instant start = p.startInstant(zone);
                        return !start.isBefore(from) && start.isBefore(to);
                    })
                    .sorted(Comparator.comparing((Performance p) -> p.startInstant(zone)).thenComparing(Performance::id))
                    .toList();
        }
    }

    @Override
    public Optional<Performance> performance(String performanceId) {
        Checks.notNull(performanceId, "performanceId");
        synchronized (lock) {
            injectFailure("performance");
            return Optional.ofNullable(performances.get(performanceId));
        }
    }

    /** {@inheritDoc} An unknown performance has no bookings: the answer is empty, not an error. */
    @Override
    public List<Booking> bookingsOf(String performanceId) {
        Checks.notNull(performanceId, "performanceId");
        synchronized (lock) {
            injectFailure("bookingsOf");
            return bookings.values().stream()
                    .filter(b -> b.performanceId().equals(performanceId))
                    .sorted(Comparator.comparing(Booking::confirmedAt).thenComparing(Booking::id))
                    .toList();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws TicketingException MISUSE if the cursor was not issued by this system (nor is
     *                            {@link ChangeCursor#beginning()} or a {@link ChangeCursor#since} cursor)
     */
    @Override
    public BookingChanges bookingsChangedSince(ChangeCursor cursor) {
        Checks.notNull(cursor, "cursor");
        synchronized (lock) {
            injectFailure("bookingsChangedSince");
            int from = positionOf(cursor);
            int to = Math.min(changeLog.size(), from + pageSize);
            // One entry per booking in a page, at its latest change: the caller wants current state.
            Map<String, Booking> changed = new LinkedHashMap<>();
            for (Change change : changeLog.subList(from, to)) {
                changed.remove(change.bookingId());
                changed.put(change.bookingId(), bookings.get(change.bookingId()));
            }
            return new BookingChanges(List.copyOf(changed.values()), new ChangeCursor(TOKEN_PREFIX + to),
                    to < changeLog.size());
        }
    }

    @Override
    public Optional<Customer> customer(String customerId) {
        Checks.notNull(customerId, "customerId");
        synchronized (lock) {
            injectFailure("customer");
            return Optional.ofNullable(customers.get(customerId));
        }
    }

    /** The zone, the page size and how much it holds, for assertion messages. */
    @Override
    public String toString() {
        synchronized (lock) {
            return "InMemoryTicketingSystem[zone=" + zone + ", events=" + events.size() + ", performances="
                    + performances.size() + ", customers=" + customers.size() + ", bookings=" + bookings.size()
                    + ", changes=" + changeLog.size() + "]";
        }
    }

    // ---------------------------------------------------------------- internals (callers hold the lock)

    private int positionOf(ChangeCursor cursor) {
        if (cursor.isBeginning()) {
            return 0;
        }
        Optional<Instant> since = cursor.sinceInstant();
        if (since.isPresent()) {
            return firstChangeAtOrAfter(since.get());
        }
        String token = cursor.token();
        if (token.startsWith(TOKEN_PREFIX)) {
            try {
                int position = Integer.parseInt(token.substring(TOKEN_PREFIX.length()));
                if (position >= 0 && position <= changeLog.size()) {
                    return position;
                }
            } catch (NumberFormatException notANumber) {
                // falls through to the misuse below, which names the token
            }
        }
        throw misuse("cursor token '" + token + "' was not issued by this in-memory ticketing system (it holds "
                + changeLog.size() + " changes; tokens look like '" + TOKEN_PREFIX + "N', or use "
                + "ChangeCursor.beginning() or ChangeCursor.since(instant))");
    }

    /** Binary search: stamps never decrease (see {@link #recordChange}). */
    private int firstChangeAtOrAfter(Instant instant) {
        int low = 0;
        int high = changeLog.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (changeLog.get(middle).recordedAt().isBefore(instant)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private void recordChange(String bookingId) {
        Instant now = clock.instant();
        if (!changeLog.isEmpty()) {
            Instant previous = changeLog.get(changeLog.size() - 1).recordedAt();
            // A clock moved back must not make a change hide before one already reported.
            if (now.isBefore(previous)) {
                now = previous;
            }
        }
        changeLog.add(new Change(bookingId, now));
    }

    private void holdEventOf(Performance performance) {
        Event event = performance.event();
        Event held = events.get(event.id());
        if (held == null) {
            events.put(event.id(), event);
        } else if (!held.equals(event)) {
            throw misuse("performance " + performance.id() + " carries event " + event.id()
                    + " that differs from the event held under that id (" + held + " vs " + event
                    + "); call replaceEvent first");
        }
    }

    private void requireReferencesHeld(Booking booking) {
        if (!performances.containsKey(booking.performanceId())) {
            throw misuse("booking " + booking.id() + " is for unknown performance " + booking.performanceId()
                    + "; add the performance first");
        }
        if (!customers.containsKey(booking.customerId())) {
            throw misuse("booking " + booking.id() + " is by unknown customer " + booking.customerId()
                    + "; add the customer first");
        }
    }

    private static <T> void requireAbsentOrSame(Map<String, T> held, String id, T candidate, String kind,
                                                 String replaceMethod) {
        T existing = held.get(id);
        if (existing != null && !existing.equals(candidate)) {
            throw misuse(kind + " " + id + " is already held with different content; call " + replaceMethod
                    + " to change it");
        }
    }

    private static <T> T requirePresent(Map<String, T> held, String id, String kind, String addMethod) {
        T existing = held.get(id);
        if (existing == null) {
            throw misuse("unknown " + kind + " " + id + "; call " + addMethod + " first");
        }
        return existing;
    }

    private void injectFailure(String operation) {
        if (failuresToInject > 0) {
            failuresToInject--;
            failuresInjectedSoFar++;
            throw new TicketingException(failureReason, "injected failure " + failuresInjectedSoFar + " (" + failureReason
                    + ") in " + operation + "; " + failuresToInject + " more to come");
        }
    }

    private static TicketingException misuse(String message) {
        return new TicketingException(TicketingException.Reason.MISUSE, message);
    }

    /**
     * Builds an {@link InMemoryTicketingSystem}. Like Caffeine's builders it refuses a value set
     * twice; {@link #build()} reports every problem at once.
     */
    public static final class Builder {
        private ZoneId zone;
        private Clock clock;
        private Integer pageSize;
        private final List<ValidationException.Problem> problems = new ArrayList<>();

        private Builder() {
        }

        /** The venue zone in which performance starts are read. Required. */
        public Builder zone(ZoneId zone) {
            if (this.zone != null) {
                problems.add(new ValidationException.Problem("zone", "was already set to " + this.zone));
            }
            if (zone == null) {
                problems.add(new ValidationException.Problem("zone", "is required but was null"));
            }
            this.zone = zone;
            return this;
        }

        /** The clock that stamps the change log; inject a test clock to control it. Required. */
        public Builder clock(Clock clock) {
            if (this.clock != null) {
                problems.add(new ValidationException.Problem("clock", "was already set to " + this.clock));
            }
            if (clock == null) {
                problems.add(new ValidationException.Problem("clock", "is required but was null"));
            }
            this.clock = clock;
            return this;
        }

        /**
         * How many change-log entries one page of {@link #bookingsChangedSince} covers: at least 1,
         * default {@value InMemoryTicketingSystem#DEFAULT_PAGE_SIZE}. A small page makes paging easy to test.
         */
        public Builder pageSize(int pageSize) {
            if (this.pageSize != null) {
                problems.add(new ValidationException.Problem("pageSize", "was already set to " + this.pageSize));
            }
            if (pageSize < 1) {
                problems.add(new ValidationException.Problem("pageSize", "must be at least 1 but was " + pageSize));
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * A new, empty system.
         *
         * @throws ValidationException INVALID_CONFIGURATION listing every problem found
         */
        public InMemoryTicketingSystem build() {
            List<ValidationException.Problem> found = new ArrayList<>(problems);
            if (zone == null && found.stream().noneMatch(p -> p.path().equals("zone"))) {
                found.add(new ValidationException.Problem("zone", "is required (the venue's time zone)"));
            }
            if (clock == null && found.stream().noneMatch(p -> p.path().equals("clock"))) {
                found.add(new ValidationException.Problem("clock", "is required (it stamps the change log)"));
            }
            if (!found.isEmpty()) {
                throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, found);
            }
            return new InMemoryTicketingSystem(zone, clock, pageSize == null ? DEFAULT_PAGE_SIZE : pageSize);
        }
    }
}
