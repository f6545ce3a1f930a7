package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The pool never hands a link out twice, nor one that expires within the margin. */
class TokenPoolProperties {
    private static final Instant START = Instant.parse("2026-03-14T22:30:00Z");
    private static final Duration MARGIN = Duration.ofDays(14);

    /** One step of a pool's life: a bulk answer arrives (possibly repeating links), a link is taken, or time passes. */
    sealed interface Step permits Add, Take, Wait {
    }

    record Add(List<Integer> tokenNumbers, int lifetimeDays) implements Step {
    }

    record Take() implements Step {
    }

    record Wait(int days) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> lives() {
        Arbitrary<Step> add = Combinators.combine(Arbitraries.integers().between(0, 60).list().ofMaxSize(12),
                Arbitraries.integers().between(0, 200)).as(Add::new);
        Arbitrary<Step> take = Arbitraries.just(new Take());
        Arbitrary<Step> wait = Arbitraries.integers().between(1, 60).map(Wait::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, add), net.jqwik.api.Tuple.of(6, take), net.jqwik.api.Tuple.of(1, wait))
                .list().ofMaxSize(80);
    }

    @Property(tries = 300)
    @Label("in any sequence of bulk answers, takes and time passing, no link comes out twice or near expiry")
    void neverTwiceNeverStale(@ForAll("lives") List<Step> life) {
        TokenPool pool = new TokenPool();
        Instant now = START;
        Set<String> handedOut = new HashSet<>();
        Set<String> offered = new HashSet<>();
        for (Step step : life) {
            if (step instanceof Add add) {
                List<PartnerToken> tokens = new ArrayList<>();
                for (int number : add.tokenNumbers()) {
                    String url = "https://www.show-score.test/partner-reviews/t" + number;
                    offered.add(url);
                    // A lifetime of 0 stands for a link whose expiry Show-Score's answer did not say readably.
                    tokens.add(add.lifetimeDays() == 0 ? new PartnerToken("t" + number, url, Optional.empty(), now)
                            : new PartnerToken("t" + number, url, now.plus(Duration.ofDays(add.lifetimeDays())), now));
                }
                // A link handed out before must never be pooled again: the function filters them; mirror that here.
                pool.addAll(tokens.stream().filter(t -> !handedOut.contains(t.reviewUrl())).toList(), now, now.plus(MARGIN));
            } else if (step instanceof Take) {
                Instant cutoff = now.plus(MARGIN);
                Instant at = now;
                Optional<PartnerToken> taken = pool.take(now, cutoff);
                taken.ifPresent(token -> {
                    token.expiresAt().ifPresentOrElse(
                            expiry -> assertThat(expiry).as("expiry of a link handed out").isAfter(cutoff),
                            () -> assertThat(at).as("a link of unknown expiry, handed out")
                                    .isBefore(token.fetchedAt().plus(PartnerToken.UNKNOWN_EXPIRY_USE)));
                    assertThat(handedOut.add(token.reviewUrl())).as("handed out before: %s", token.reviewUrl()).isTrue();
                });
            } else {
                now = now.plus(Duration.ofDays(((Wait) step).days()));
            }
            assertThat(pool.usable(now, now.plus(MARGIN))).isNotNegative();
        }
        assertThat(offered).containsAll(handedOut);
    }

    @Property(tries = 30)
    @Label("threads taking from one pool at once share its links without overlap and leave none behind")
    void concurrentTakes(@ForAll @IntRange(min = 1, max = 600) int links, @ForAll @IntRange(min = 2, max = 12) int threads)
            throws InterruptedException {
        TokenPool pool = new TokenPool();
        List<PartnerToken> tokens = new ArrayList<>();
        for (int i = 0; i < links; i++) {
            tokens.add(new PartnerToken("t" + i, "https://www.show-score.test/partner-reviews/t" + i,
                    START.plus(Duration.ofDays(i % 3 == 0 ? 10 : 180)), START));
        }
        pool.addAll(tokens, START, START);
        Instant cutoff = START.plus(MARGIN);
        ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (Optional<PartnerToken> token = pool.take(START, cutoff); token.isPresent(); token = pool.take(START, cutoff)) {
                    taken.add(token.get().reviewUrl());
                }
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long usable = tokens.stream().filter(t -> t.usableAt(START, cutoff)).count();
        assertThat(taken).doesNotHaveDuplicates().hasSize((int) usable);
        assertThat(pool.usable(START, cutoff)).isZero();
    }
}
