package io.crowdengage.store;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import io.crowdengage.ticketing.ChangeCursor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a restarted runtime needs to resume where it stopped, as a {@link RuntimeStateStore} keeps
 * it: the ticketing change-feed position reached, the instant of the last completed tick (so that
 * messages whose deadline passed while it was down are reported as missed), and the soft opt-in
 * notices still owed a decision (so that a restart does not lose them).
 *
 * @param revision     how many times the state was saved; a save names the revision it was derived
 *                     from, so two writers cannot both win (see {@link RuntimeStateStore#save})
 * @param changeCursor the change-feed position reached, empty before the first tick
 * @param lastTickAt   when the last completed tick planned, empty before the first tick
 * @param owedNotices  the bookings whose soft opt-in notice was still to be decided when the tick
 *                     ended, in the order they were first seen; usually empty
 */
public record RuntimeState(long revision, Optional<ChangeCursor> changeCursor, Optional<Instant> lastTickAt,
                           List<OwedNotice> owedNotices) {
    private static final RuntimeState INITIAL = new RuntimeState(0, Optional.empty(), Optional.empty(), List.of());

    public RuntimeState {
        if (revision < 0) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "revision",
                    "must not be negative but was " + revision);
        }
        Checks.notNull(changeCursor, "changeCursor");
        Checks.notNull(lastTickAt, "lastTickAt");
        owedNotices = List.copyOf(Checks.noNullElements(owedNotices, "owedNotices"));
    }

    /** A state with no notice owed. */
    public RuntimeState(long revision, Optional<ChangeCursor> changeCursor, Optional<Instant> lastTickAt) {
        this(revision, changeCursor, lastTickAt, List.of());
    }

    /** The state of a store nothing was ever saved to: revision 0, no cursor, no tick. */
    public static RuntimeState initial() {
        return INITIAL;
    }

    /**
     * This state after a tick that reached {@code cursor}, planned at {@code tickAt} and left no
     * notice owed, to pass to {@link RuntimeStateStore#save}; it keeps this revision, which the save
     * checks.
     */
    public RuntimeState afterTick(ChangeCursor cursor, Instant tickAt) {
        return afterTick(cursor, tickAt, List.of());
    }

    /** Like {@link #afterTick(ChangeCursor, Instant)}, for a tick that left {@code stillOwed} undecided. */
    public RuntimeState afterTick(ChangeCursor cursor, Instant tickAt, List<OwedNotice> stillOwed) {
        Checks.notNull(cursor, "cursor");
        Checks.notNull(tickAt, "tickAt");
        return new RuntimeState(revision, Optional.of(cursor), Optional.of(tickAt), stillOwed);
    }

    /** This state as a store holds it once saved: the same contents at {@code savedRevision}. */
    public RuntimeState atRevision(long savedRevision) {
        return new RuntimeState(savedRevision, changeCursor, lastTickAt, owedNotices);
    }
}
