package io.crowdengage.store;

import io.crowdengage.engine.SendKey;
import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * The send ledger's record of one key: what was claimed, with the body rendered at claim time (so
 * a retry sends the same words), and how it went.
 *
 * @param key               step, performance and number
 * @param reference         our own message reference, passed to the provider so receipts can be matched
 * @param body              the rendered body, fixed at claim time
 * @param claimedAt         when the key was claimed
 * @param deadline          the last moment (exclusive) the message may still go: no attempt is made at or after it
 * @param status            where it stands
 * @param attempts          provider calls made so far
 * @param nextAttemptAt     when the next attempt is due, for {@link SendStatus#RETRY_PENDING}
 * @param providerMessageId the provider's id, once accepted
 * @param detail            the latest outcome in words (a failure reason and provider code, say)
 * @param updatedAt         when the status last changed
 */
public record SendRecord(SendKey key, String reference, String body, Instant claimedAt, Instant deadline,
                         SendStatus status,
                         int attempts, Optional<Instant> nextAttemptAt, Optional<String> providerMessageId,
                         String detail, Instant updatedAt) {
    public SendRecord {
        Checks.notNull(key, "key");
        Checks.notBlank(reference, "reference");
        Checks.notNull(body, "body");
        Checks.notNull(claimedAt, "claimedAt");
        Checks.notNull(deadline, "deadline");
        Checks.notNull(status, "status");
        Checks.notNegative(attempts, "attempts");
        Checks.notNull(nextAttemptAt, "nextAttemptAt");
        Checks.notNull(providerMessageId, "providerMessageId");
        Checks.notNull(detail, "detail");
        Checks.notNull(updatedAt, "updatedAt");
    }

    /** A fresh claim. */
    public static SendRecord claimed(SendKey key, String reference, String body, Instant at, Instant deadline) {
        return new SendRecord(key, reference, body, at, deadline, SendStatus.CLAIMED, 0, Optional.empty(), Optional.empty(),
                "claimed", at);
    }

    /** This record after a provider attempt was made at {@code at}. */
    public SendRecord attempted(Instant at) {
        return new SendRecord(key, reference, body, claimedAt, deadline, SendStatus.CLAIMED, attempts + 1, Optional.empty(),
                providerMessageId, "attempt " + (attempts + 1) + " in progress", at);
    }

    /** This record moved to {@code status}. */
    public SendRecord moved(SendStatus newStatus, Optional<Instant> nextAttempt, Optional<String> messageId,
                            String newDetail, Instant at) {
        return new SendRecord(key, reference, body, claimedAt, deadline, newStatus, attempts, nextAttempt,
                messageId.or(() -> providerMessageId), newDetail, at);
    }
}
