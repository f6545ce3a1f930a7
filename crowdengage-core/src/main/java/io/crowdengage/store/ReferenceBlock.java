package io.crowdengage.store;

import io.crowdengage.error.ValidationException;

/**
 * A run of message-reference numbers that a {@link RuntimeStateStore} handed out to one caller and
 * will never hand out again, to this or any other instance, before or after a restart.
 *
 * @param first the first number of the run (1 or more)
 * @param size  how many numbers, {@code first} to {@code first + size - 1}
 */
public record ReferenceBlock(long first, int size) {
    public ReferenceBlock {
        if (first < 1) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "first",
                    "must be 1 or more but was " + first);
        }
        if (size < 1) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "size",
                    "must be 1 or more but was " + size);
        }
        if (first > Long.MAX_VALUE - size + 1) {
            throw ValidationException.of(ValidationException.Reason.INVALID_VALUE, "size",
                    "a run of " + size + " from " + first + " goes past the largest long");
        }
    }

    /** The last number of the run. */
    public long last() {
        return first + size - 1;
    }

    /** Whether {@code number} is in the run. */
    public boolean contains(long number) {
        return number >= first && number <= last();
    }
}
