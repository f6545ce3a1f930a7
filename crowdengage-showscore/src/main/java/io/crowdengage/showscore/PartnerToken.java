package io.crowdengage.showscore;

import io.crowdengage.internal.Checks;
import java.time.Instant;

/**
 * One single-use review link from Show-Score. {@code generate} gives no separate token, so its
 * review URL stands for it; either way the review URL is what identifies a link.
 *
 * @param token     Show-Score's token, or the review URL when none was given
 * @param reviewUrl the link the customer opens
 * @param expiresAt when Show-Score stops accepting it
 */
record PartnerToken(String token, String reviewUrl, Instant expiresAt) {
    PartnerToken {
        Checks.notBlank(token, "token");
        Checks.notBlank(reviewUrl, "reviewUrl");
        Checks.notNull(expiresAt, "expiresAt");
    }

    /** Whether it can still be sent: it does not expire before {@code cutoff}. */
    boolean usableAt(Instant cutoff) {
        return expiresAt.isAfter(cutoff);
    }
}
