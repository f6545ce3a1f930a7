package io.crowdengage.showscore;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.SendKey;
import io.crowdengage.model.Customer;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.Outcome;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.showscore.testing.RecordedRequest;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.SentSms;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The seed guide's two Show-Score templates, verbatim, rendering real links from the fake
 * Show-Score through the runtime: InMemoryTicketingSystem, InMemorySmsProvider, a MutableClock.
 */
@DisplayName("The seed templates through the runtime, with links from the fake Show-Score")
class SeedTemplatesThroughRuntimeTest {
    private static final Pattern LINK = Pattern.compile("https://www\\.show-score\\.test/partner-reviews/[a-z0-9]{24}");

    private final ReviewSeason season = new ReviewSeason();
    private final FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(season.clock).start();

    @AfterEach
    void stop() {
        showScore.close();
    }

    private static String linkIn(String body) {
        Matcher matcher = LINK.matcher(body);
        assertThat(matcher.find()).as("a link in %s", body).isTrue();
        return matcher.group();
    }

    @Test
    @DisplayName("each booker gets the request and the reminder, each with its own link the fake issued")
    void requestAndReminderWithOwnLinks() {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        season.performance("P2", "Late Lounge", "");
        List<Customer> bookers = season.bookers("P1", 3);
        season.bookers("P2", 2);
        ShowScorePartnerLinks links = ShowScorePartnerLinks.create(showScore.configBuilder().build());
        CrowdEngage runtime = season.runtime(links, true, ReviewSeason.REVIEW_STEP, ReviewSeason.REMINDER_STEP).build();

        // Every two minutes lands on both due times (22:30, and 19:30 the next day).
        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofHours(21)), Duration.ofMinutes(2));

        Customer ada = bookers.get(0);
        List<SentSms> toAda = season.sms.sentTo(ada.mobile().orElseThrow());
        assertThat(toAda).hasSize(2);
        assertThat(toAda.get(0).body()).matches("Patron0, please help the theatre community by leaving your review of"
                + " Twelfth Night on Show-Score:\n" + LINK.pattern());
        assertThat(toAda.get(1).body()).matches("Patron0, have you reviewed the show yet\\? Please help other"
                + " theatregoers by reviewing Twelfth Night on Show-Score:\n" + LINK.pattern());
        assertThat(toAda.get(0).acceptedAt()).isEqualTo(ReviewSeason.REVIEW_DUE);

        List<String> sentLinks = season.sms.all().stream().map(m -> linkIn(m.body())).toList();
        assertThat(sentLinks).as("three bookers, two steps").hasSize(6).doesNotHaveDuplicates();
        assertThat(showScore.issuedReviewUrls()).as("every link sent is one the fake issued")
                .containsAll(sentLinks);
        assertThat(season.events).filteredOn(e -> e.outcome() == Outcome.SKIPPED)
                .extracting(e -> e.reason().orElseThrow().name())
                .as("the Late Lounge has a blank ShowScoreID, so the seed template renders blank")
                .containsOnly("BLANK_MESSAGE");
        assertThat(showScore.requestCount(Endpoint.BULK_GENERATE))
                .as("one top-up of minimumRefill (20) before the request wave; the reminders use the spares")
                .isEqualTo(1);
        assertThat(showScore.requestCount(Endpoint.GENERATE)).isZero();
        assertThat(links.pooled("98765")).isEqualTo(20 - 6);
    }

    @Test
    @DisplayName("a retry of the same message resends the body stored at claim: same link, no new request")
    void retryReusesTheLink() {
        showScore.addShow("98765", "Twelfth Night");
        season.performance("P1", "Twelfth Night", "98765");
        Customer ada = season.bookers("P1", 1).get(0);
        season.sms.failNext(ada.mobile().orElseThrow(), 2, InMemorySmsProvider.FailureKind.TRANSIENT,
                FailureReason.PROVIDER_UNAVAILABLE);
        InMemorySendLedger ledger = InMemorySendLedger.create();
        ShowScorePartnerLinks links = ShowScorePartnerLinks.create(showScore.configBuilder().build());
        CrowdEngage runtime = season.runtime(links, false, ReviewSeason.REVIEW_STEP).sendLedger(ledger).build();

        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE, Duration.ofMinutes(1));
        SendKey key = new SendKey(ReviewSeason.REVIEW_STEP.id(), "P1", ada.mobile().orElseThrow());
        assertThat(ledger.find(key).orElseThrow().status()).isEqualTo(SendStatus.RETRY_PENDING);
        String claimedBody = ledger.find(key).orElseThrow().body();
        int requestsAtClaim = showScore.requestCount();

        season.tickUntil(runtime, ReviewSeason.REVIEW_DUE.plus(Duration.ofMinutes(30)), Duration.ofMinutes(1));
        List<InMemorySmsProvider.SendAttempt> attempts = season.sms.attempts();
        assertThat(attempts).as("two transient failures, then accepted").hasSize(3)
                .extracting(a -> a.message().body()).containsOnly(claimedBody);
        assertThat(season.sms.sentTo(ada.mobile().orElseThrow())).singleElement()
                .satisfies(m -> assertThat(m.body()).isEqualTo(claimedBody));
        assertThat(showScore.requestCount()).as("retries fetch no new link").isEqualTo(requestsAtClaim)
                .isEqualTo(1);
        assertThat(showScore.issuedReviewUrls()).containsExactly(linkIn(claimedBody));
    }

    @Test
    @DisplayName("no personal data leaves: requests carry only the show id, the count and the key")
    void noPersonalDataInAnyRequest() {
        showScore.addShow("98765", "Twelfth Night");
        showScore.addShow("4242", "Hamlet");
        season.performance("P1", "Twelfth Night", "98765");
        season.performance("P2", "Hamlet", 4242);
        season.bookers("P1", 30);
        season.bookers("P2", 3);
        ShowScorePartnerLinks links = ShowScorePartnerLinks.builder(showScore.configBuilder().minimumRefill(1).build())
                .build();
        // Without prefetch for one of the runs, so that generate's requests are checked too.
        CrowdEngage withPrefetch = season.runtime(links, true, ReviewSeason.REVIEW_STEP).build();
        season.tickUntil(withPrefetch, ReviewSeason.REVIEW_DUE, Duration.ofMinutes(1));
        ShowScorePartnerLinks oneByOne = ShowScorePartnerLinks.create(showScore.configBuilder().build());
        CrowdEngage withoutPrefetch = season.runtime(oneByOne, false, ReviewSeason.REMINDER_STEP).build();
        season.clock.set(ReviewSeason.REVIEW_DUE.plus(Duration.ofHours(21)).minus(Duration.ofMinutes(1)));
        season.tickUntil(withoutPrefetch, ReviewSeason.REVIEW_DUE.plus(Duration.ofHours(21)), Duration.ofMinutes(1));

        assertThat(season.sms.count()).isEqualTo(66);
        List<RecordedRequest> requests = showScore.requests();
        assertThat(requests).extracting(r -> r.endpoint().orElseThrow())
                .contains(Endpoint.BULK_GENERATE, Endpoint.GENERATE);
        assertThat(requests).hasSize(2 + 33);
        List<String> personal = season.customers.stream()
                .flatMap(c -> java.util.stream.Stream.of(c.id(), c.firstName(), c.lastName(),
                        c.mobile().orElseThrow().e164(), c.mobile().orElseThrow().e164().substring(1),
                        c.mobile().orElseThrow().e164().substring(3)))
                .collect(Collectors.toList());
        season.bookings.forEach(b -> personal.add(b.id()));
        for (RecordedRequest request : requests) {
            String everything = request.everything();
            assertThat(personal).as("personal data in %s", everything).noneMatch(everything::contains);
            assertThat(request.query().keySet()).isSubsetOf("show_id", "count");
            assertThat(request.path()).doesNotContain("Patron").doesNotContain("booking");
            assertThat(new HashSet<>(request.headers().keySet())).isSubsetOf(
                    "x-partner-api-key", "authorization", "accept", "user-agent", "host", "connection",
                    "content-length", "upgrade", "http2-settings");
            assertThat(request.body()).isEmpty();
        }
        assertThat(requests).extracting(r -> r.query().get("show_id")).containsOnly("98765", "4242");
    }
}
