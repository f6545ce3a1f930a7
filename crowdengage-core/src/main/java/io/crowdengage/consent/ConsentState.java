package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A number's consent at one instant, derived from its history.
 *
 * @param optedOutAt           when the opt-out in force was recorded, if the number is opted out
 * @param probableOptOut       whether that opt-out was only probable (flagged for review)
 * @param softOptInSince       when the soft opt-in notice in force was sent, if any
 * @param expressSince         when the express consent in force was given, if any
 * @param conversationOpenedAt when the number last texted in, if it ever did and is not opted out
 */
public record ConsentState(Optional<Instant> optedOutAt, boolean probableOptOut, Optional<Instant> softOptInSince,
                           Optional<Instant> expressSince, Optional<Instant> conversationOpenedAt) {
    private static final ConsentState NONE = new ConsentState(Optional.empty(), false, Optional.empty(),
            Optional.empty(), Optional.empty());

    public ConsentState {
        Checks.notNull(optedOutAt, "optedOutAt");
        Checks.notNull(softOptInSince, "softOptInSince");
        Checks.notNull(expressSince, "expressSince");
        Checks.notNull(conversationOpenedAt, "conversationOpenedAt");
    }

    /** A number we know nothing about. */
    public static ConsentState none() {
        return NONE;
    }

    /** Whether the number is opted out: no flow message of any kind may go to it. */
    public boolean optedOut() {
        return optedOutAt.isPresent();
    }

    /**
     * The basis for a marketing message in our own ledger, express before soft opt-in. Empty when
     * opted out or when there is none. (Express consent derived from the ticketing system is checked
     * separately by the engine.)
     */
    public Optional<LawfulBasis> marketingBasis() {
        if (optedOut()) {
            return Optional.empty();
        }
        if (expressSince.isPresent()) {
            return Optional.of(LawfulBasis.EXPRESS);
        }
        if (softOptInSince.isPresent()) {
            return Optional.of(LawfulBasis.SOFT_OPT_IN);
        }
        return Optional.empty();
    }
}
