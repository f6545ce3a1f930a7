package io.crowdengage.showscore;

import io.crowdengage.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One single-use review link from Show-Score. {@code generate} gives no separate token, so its
 * review URL stands for it; either way the review URL is what identifies a link.
 *
 * @param token     Show-Score's token, or the review URL when none was given
 * @param reviewUrl the link the customer opens
 * @param expiresAt when Show-Score stops accepting it, when its answer said so readably (Show-Score's
 *                  own bulk example gives {@code "T11:59:40.724-04:00"}, a time without a date)
 * @param fetchedAt when it was fetched
 */
record PartnerToken(String token, String reviewUrl, Optional<Instant> expiresAt, Instant fetchedAt) {
    /**
     * How long after it was fetched a link without a known expiry may be handed out: long enough for
     * the wave it was fetched for, never pooled for a later performance.
     */
    static final Duration UNKNOWN_EXPIRY_USE = Duration.ofHours(1);

    PartnerToken {
        Checks.notBlank(token, "token");
        Checks.notBlank(reviewUrl, "reviewUrl");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notNull(fetchedAt, "fetchedAt");
    }

    /** A link with a known expiry. */
    PartnerToken(String token, String reviewUrl, Instant expiresAt, Instant fetchedAt) {
        this(token, reviewUrl, Optional.of(expiresAt), fetchedAt);
    }

    /**
     * Whether it can still be sent at {@code now}: a known expiry after {@code cutoff} (now plus the
     * near-expiry margin), or, without one, within {@link #UNKNOWN_EXPIRY_USE} of being fetched.
     */
    boolean usableAt(Instant now, Instant cutoff) {
        return expiresAt.map(at -> at.isAfter(cutoff)).orElseGet(() -> now.isBefore(fetchedAt.plus(UNKNOWN_EXPIRY_USE)));
    }
}
