package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Many threads rendering at once, while the pool is being refilled: every recipient and step gets
 * its own link, no link goes to two of them, and every link that reached the function is handed
 * out once or still pooled.
 *
 * <p>Links are counted as the function received them ({@link ReceivedLinksCounter}), not as the
 * fake issued them: an exchange that times out or is reset after the server answered, then is
 * retried (by {@link ShowScoreHttp} or inside the JDK's client), issues a link that never arrives.
 * Equating the fake's count with what was handed out and pooled, as this test once did, fails then
 * although the pool lost nothing. The refill starts once a fifth of the renders are done, so that it
 * really runs in the middle of the wave (it used to be queued behind every render).
 */
@DisplayName("One link per recipient, under concurrent renders")
class OneLinkPerRecipientConcurrencyTest {
    private static final int THREADS = 16;
    private static final int RECIPIENTS = 750;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-14T22:30:00Z"));
    private final FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).requestsPerMinute(0).start();

    @AfterEach
    void stop() {
        showScore.close();
    }

    @Test
    @DisplayName("16 threads, 750 recipients, two steps, each send asked for twice, the pool refilled meanwhile")
    void noLinkTwice() throws Exception {
        showScore.addShow(ShowScorePartnerLinksTest.SHOW, "Twelfth Night");
        ReceivedLinksCounter http = new ReceivedLinksCounter();
        ShowScorePartnerLinks links = ShowScorePartnerLinks.builder(showScore.configBuilder().build())
                .httpClient(http).build();
        assertThat(links.prefetch(ShowScorePartnerLinksTest.SHOW, 300)).isEqualTo(300);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch aFifthDone = new CountDownLatch(2 * RECIPIENTS / 5);
            // Submitted first, so it holds a thread of its own from the start and refills mid-wave.
            Future<Integer> refill = pool.submit(() -> {
                go.await();
                aFifthDone.await();
                return links.prefetch(ShowScorePartnerLinksTest.SHOW, 500);
            });
            List<Future<String[]>> renders = new ArrayList<>();
            for (int n = 0; n < RECIPIENTS; n++) {
                for (String step : List.of("review", "reminder")) {
                    int recipient = n;
                    Callable<String[]> render = () -> {
                        go.await();
                        // The same send asked for twice, as a re-render would; it must get the same link.
                        Object first = links.call(ShowScorePartnerLinksTest.context(recipient, step),
                                List.of(ShowScorePartnerLinksTest.SHOW));
                        Object again = links.call(ShowScorePartnerLinksTest.context(recipient, step),
                                List.of(ShowScorePartnerLinksTest.SHOW));
                        aFifthDone.countDown();
                        return new String[] {first.toString(), again.toString()};
                    };
                    renders.add(pool.submit(render));
                }
            }
            go.countDown();
            List<String> handedOut = new ArrayList<>();
            for (Future<String[]> render : renders) {
                String[] pair = render.get(60, TimeUnit.SECONDS);
                assertThat(pair[1]).as("the same send asked for again").isEqualTo(pair[0]);
                handedOut.add(pair[0]);
            }
            assertThat(refill.get(60, TimeUnit.SECONDS)).isEqualTo(500);

            assertThat(handedOut).hasSize(2 * RECIPIENTS).doesNotHaveDuplicates();
            List<String> issued = showScore.issuedReviewUrls();
            assertThat(new HashSet<>(issued)).containsAll(handedOut);
            int leftInPool = links.pooled(ShowScorePartnerLinksTest.SHOW);
            assertThat(handedOut.size() + leftInPool).as("every link that reached the function is handed out once"
                    + " or still pooled").isEqualTo(http.receivedLinks());
            assertThat(http.receivedLinks()).as("links received: the 800 asked for in bulk, and one per generate"
                    + " answer").isGreaterThanOrEqualTo(800).isLessThanOrEqualTo(issued.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
