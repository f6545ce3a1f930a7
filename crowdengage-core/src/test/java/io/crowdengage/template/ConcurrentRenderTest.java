package io.crowdengage.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.MessageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rendering from many threads at once")
class ConcurrentRenderTest {

    @Test
    @DisplayName("8 threads rendering the seeds give exactly the single-threaded output")
    void eightThreads() throws Exception {
        TemplateEngine engine = Fixtures.engine();
        List<MessageSpec> specs = List.of(MessageSpec.of(Fixtures.REVIEW_REQUEST, MessageKind.TRANSACTIONAL),
                MessageSpec.of(Fixtures.REVIEW_REMINDER, MessageKind.MARKETING));
        List<AudienceSubject> recipients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            recipients.add(Fixtures.recipient("Name" + i,
                    i % 5 == 0 ? Map.of() : Map.of("attribute_ShowScoreID", String.valueOf(1000 + i))));
        }
        List<RenderResult> expected = new ArrayList<>();
        for (MessageSpec spec : specs) {
            for (AudienceSubject recipient : recipients) {
                expected.add(engine.render(spec, recipient));
            }
        }
        assertThat(expected).filteredOn(RenderResult::isMessage).hasSize(80);

        // A fresh engine, so that the parse cache and the template pool start empty under contention.
        TemplateEngine shared = Fixtures.engine();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                mismatches.add(pool.submit(() -> {
                    start.await();
                    int wrong = 0;
                    for (int round = 0; round < 40; round++) {
                        for (int k = 0; k < expected.size(); k++) {
                            int index = (k + offset * 13) % expected.size();
                            MessageSpec spec = specs.get(index / recipients.size());
                            RenderResult actual = shared.render(spec, recipients.get(index % recipients.size()));
                            if (!actual.equals(expected.get(index))) {
                                wrong++;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            start.countDown();
            for (Future<Integer> result : mismatches) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
