package io.crowdengage.showscore;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Unused links for one show, fetched ahead of a wave. Taking is atomic: a link leaves the pool as it
 * is handed out, so no two callers get the same one. Links that would expire within the margin are
 * dropped when met, never handed out.
 */
final class TokenPool {
    private final Deque<PartnerToken> tokens = new ArrayDeque<>();
    private final Set<String> held = new HashSet<>();

    /**
     * Adds fresh links, leaving out any already held and any not usable at {@code now} with {@code cutoff}
     * (see {@link PartnerToken#usableAt}).
     *
     * @return how many were added
     */
    synchronized int addAll(Collection<PartnerToken> fresh, Instant now, Instant cutoff) {
        int added = 0;
        for (PartnerToken token : fresh) {
            if (token.usableAt(now, cutoff) && held.add(token.reviewUrl())) {
                tokens.addLast(token);
                added++;
            }
        }
        return added;
    }

    /** The oldest link still usable, removed from the pool; stale ones met on the way are dropped. */
    synchronized Optional<PartnerToken> take(Instant now, Instant cutoff) {
        while (!tokens.isEmpty()) {
            PartnerToken token = tokens.pollFirst();
            held.remove(token.reviewUrl());
            if (token.usableAt(now, cutoff)) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** How many links are usable; the others are dropped. */
    synchronized int usable(Instant now, Instant cutoff) {
        tokens.removeIf(token -> {
            boolean stale = !token.usableAt(now, cutoff);
            if (stale) {
                held.remove(token.reviewUrl());
            }
            return stale;
        });
        return tokens.size();
    }
}
