package io.crowdengage.store;

import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import io.crowdengage.ticketing.ChangeCursor;
import java.time.Instant;
import java.util.Optional;

/**
 * What a restarted runtime needs to resume where it stopped, as a {@link RuntimeStateStore} keeps
 * it: the ticketing change-feed position reached and the instant of the last completed tick (so
 * that messages whose deadline passed while it was down are reported as missed).
 *
 * @param revision     how many times the state was saved; a save names the revision it was derived
 *                     from, so two writers cannot both win (see {@link RuntimeStateStore#save})
 * @param changeCursor the change-feed position reached, empty before the first tick
 * @param lastTickAt   when the last completed tick planned, empty before the first tick
 */
public record RuntimeState(long revision, Optional<ChangeCursor> changeCursor, Optional<Instant> lastTickAt) {
    private static final RuntimeState INITIAL = new RuntimeState(0, Optional.empty(), Optional.empty());

    public RuntimeState {
        if (revision < 0) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "revision",
                    "must not be negative but was " + revision);
        }
        Checks.notNull(changeCursor, "changeCursor");
        Checks.notNull(lastTickAt, "lastTickAt");
    }

    /** The state of a store nothing was ever saved to: revision 0, no cursor, no tick. */
    public static RuntimeState initial() {
        return INITIAL;
    }

    /**
     * This state after a tick that reached {@code cursor} and planned at {@code tickAt}, to pass to
     * {@link RuntimeStateStore#save}; it keeps this revision, which the save checks.
     */
    public RuntimeState afterTick(ChangeCursor cursor, Instant tickAt) {
        Checks.notNull(cursor, "cursor");
        Checks.notNull(tickAt, "tickAt");
        return new RuntimeState(revision, Optional.of(cursor), Optional.of(tickAt));
    }
}
