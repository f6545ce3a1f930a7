package io.crowdengage.showscore;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links handed out recently, as a guard: should Show-Score ever return a link it returned
 * before, it is not handed to a second recipient. The pool already hands each link it holds out
 * once; this covers a repeat across answers. Kept for {@link #RETENTION}, which bounds the memory a
 * busy venue needs.
 */
final class IssuedLinks {
    static final Duration RETENTION = Duration.ofDays(7);

    private final ConcurrentHashMap<String, Instant> issuedAt = new ConcurrentHashMap<>();

    /** Records {@code token} as handed out now; false if it was handed out before (it must not be used). */
    boolean claim(PartnerToken token, Instant now) {
        return issuedAt.putIfAbsent(token.reviewUrl(), now) == null;
    }

    /** Whether {@code token} was handed out within the retention. */
    boolean contains(PartnerToken token) {
        return issuedAt.containsKey(token.reviewUrl());
    }

    void prune(Instant now) {
        Instant horizon = now.minus(RETENTION);
        issuedAt.values().removeIf(at -> at.isBefore(horizon));
    }

    int size() {
        return issuedAt.size();
    }
}
