package io.crowdengage.spektrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Performance;
import io.crowdengage.spektrix.testing.Fault;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.spektrix.testing.RecordedRequest;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.BookingChanges;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import io.crowdengage.ticketing.TicketingException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter against {@link FakeSpektrixServer}: paging, faults, caching and request counts. */
class SpektrixTicketingSystemTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Duration CACHE_EXPIRY = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.at(Instant.parse("2025-06-10T12:00:00Z"));
    private final FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final SpektrixTicketingSystem ticketing = system(spektrix.configBuilder());

    @AfterEach
    void stop() {
        spektrix.close();
    }

    private SpektrixTicketingSystem system(SpektrixConfig.Builder config) {
        return SpektrixTicketingSystem.builder(config
                        .cacheExpiry(CACHE_EXPIRY)
                        .requestTimeout(Duration.ofMillis(500))
                        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5)))
                        .build())
                .clock(clock)
                .sleeper(waits::add)
                .build();
    }

    @Test
    void pagesThrough250ChangedOrdersOldestFirstWithoutRepeatsOrGaps() {
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2025-06-14T19:30"));
        String customer = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            orderIds.add(spektrix.addOrder(customer, clock.instant(), instance));
            if (i % 3 == 2) {
                // Groups of three orders share a modification time, so ties straddle page boundaries.
                clock.advance(Duration.ofSeconds(1));
            }
        }

        List<String> seen = new ArrayList<>();
        ChangeCursor cursor = ChangeCursor.beginning();
        BookingChanges page;
        int pages = 0;
        do {
            page = ticketing.bookingsChangedSince(cursor);
            assertThat(page.bookings()).hasSizeLessThanOrEqualTo(100);
            page.bookings().forEach(b -> seen.add(b.id().substring(0, b.id().indexOf(':'))));
            cursor = page.next();
            pages++;
        } while (page.hasMore() && pages < 10);

        assertThat(page.hasMore()).isFalse();
        assertThat(seen).containsExactlyElementsOf(orderIds);
        assertThat(pages).isBetween(3, 4);
        assertThat(syncRequests()).hasSize(pages).allSatisfy(r -> assertThat(r.pathAndQuery()).contains("?since="));
        spektrix.clearRequests();
        assertThat(ticketing.bookingsChangedSince(cursor).bookings()).as("nothing new since the last cursor").isEmpty();
        assertThat(spektrix.requestCount()).isEqualTo(1);
    }

    @Test
    void reportsAFeedThatCannotPagePastMoreThanAPageOfOrdersModifiedAtOneInstant() {
        String instance = anInstance();
        String customer = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        for (int i = 0; i < 101; i++) {
            spektrix.addOrder(customer, clock.instant(), instance);
        }
        BookingChanges first = ticketing.bookingsChangedSince(ChangeCursor.beginning());
        assertThat(first.bookings()).hasSize(100);
        assertThat(first.hasMore()).isTrue();

        assertThatThrownBy(() -> ticketing.bookingsChangedSince(first.next()))
                .isInstanceOfSatisfying(TicketingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE))
                .hasMessageContaining("more than 100 orders share that modification time");
    }

    @Test
    void ridesOutA429HonouringRetryAfter() {
        String instance = anInstance();
        spektrix.failNext(1, "instances", Fault.tooManyRequests(Duration.ofSeconds(2)));

        assertThat(ticketing.performance(instance)).isPresent();

        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(spektrix.requests()).extracting(RecordedRequest::apiPath).startsWith("instances", "instances");
    }

    @Test
    void givesUpAtOnceWhenRetryAfterIsLongerThanTheCap() {
        anInstance();
        spektrix.failNext(1, "instances", Fault.tooManyRequests(Duration.ofMinutes(10)));

        assertThatThrownBy(() -> ticketing.performancesStartingBetween(clock.instant(), clock.instant().plusSeconds(86_400)))
                .isInstanceOfSatisfying(TicketingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesServerErrorsWithBackoffThenReportsUnavailable() {
        anInstance();
        spektrix.failNext(2, "events", Fault.serverError());
        assertThat(ticketing.performancesStartingBetween(clock.instant(), clock.instant().plusSeconds(86_400 * 7)))
                .hasSize(1);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

        spektrix.failNext(3, "orders/sync", Fault.serverError());
        assertThatThrownBy(() -> ticketing.bookingsChangedSince(ChangeCursor.beginning()))
                .isInstanceOfSatisfying(TicketingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE))
                .hasMessageContaining("500").hasMessageContaining("after 3 attempts");
    }

    @Test
    void retriesATimeout() {
        String instance = anInstance();
        spektrix.failNext(1, "instances", Fault.slow(Duration.ofSeconds(2)));

        assertThat(ticketing.performance(instance)).isPresent();
        assertThat(waits).hasSize(1);
    }

    @Test
    void failsFastOnABadSignatureTellingWhatToCheck() {
        String customer = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        SpektrixTicketingSystem wrongKey = system(SpektrixConfig.builder().clientName("fakevenue")
                .baseUrl(spektrix.baseUrl()).loginName("crowdengage-test").secretKey("d3Jvbmcga2V5")
                .venueZone(LONDON));

        assertThatThrownBy(() -> wrongKey.customer(customer))
                .isInstanceOfSatisfying(TicketingException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("401").hasMessageContaining("login name ('crowdengage-test')")
                .hasMessageContaining("secret key").hasMessageContaining("clock")
                .hasMessageNotContaining("d3Jvbmcga2V5");
        assertThat(spektrix.requests()).singleElement().satisfies(r -> assertThat(r.signatureValid()).isFalse());
        assertThat(waits).isEmpty();
    }

    @Test
    void reportsAnHtmlPageAsSuch() {
        spektrix.failNext(1, "orders/sync", Fault.htmlPage(200));
        assertThatThrownBy(() -> ticketing.bookingsChangedSince(ChangeCursor.beginning()))
                .isInstanceOfSatisfying(TicketingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE))
                .hasMessageContaining("HTML page instead of JSON").hasMessageContaining("Cloudflare");

        spektrix.failNext(1, "orders/sync", Fault.htmlPage(403));
        assertThatThrownBy(() -> ticketing.bookingsChangedSince(ChangeCursor.beginning()))
                .isInstanceOfSatisfying(TicketingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION))
                .hasMessageContaining("HTML page").hasMessageContaining("User-Agent");

        spektrix.failNext(1, "orders/sync", Fault.htmlPage(503));
        assertThat(ticketing.bookingsChangedSince(ChangeCursor.beginning()).bookings()).isEmpty();
        assertThat(waits).hasSize(1);
    }

    @Test
    void picksUpAChangedShowScoreIdOnceTheCacheExpires() {
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of("attribute_ShowScoreID", ""));
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2025-06-14T19:30"));
        assertThat(ticketing.performance(instance).orElseThrow().event().raw().has("attribute_ShowScoreID")).isFalse();

        spektrix.setEventField(event, "attribute_ShowScoreID", "12345");
        clock.advance(CACHE_EXPIRY.minusSeconds(1));
        assertThat(ticketing.performance(instance).orElseThrow().event().raw().text("attribute_ShowScoreID"))
                .as("still cached").isEmpty();

        clock.advance(Duration.ofSeconds(2));
        assertThat(ticketing.performance(instance).orElseThrow().event().raw().text("attribute_ShowScoreID"))
                .contains("12345");
    }

    @Test
    void aSteadyStateTickWithWarmCachesCostsOneOrdersSyncRequest() {
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of("attribute_ShowScoreID", "12345"));
        List<String> instances = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            instances.add(spektrix.addInstance(event, LocalDateTime.parse("2025-06-09T19:30").plusDays(day)));
        }
        String customer = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace").withMobile("07400 123456"));
        instances.forEach(instance -> spektrix.addOrder(customer, clock.instant(), instance));
        ChangeCursor cursor = tick(ChangeCursor.beginning());
        clock.advance(Duration.ofMinutes(1));
        spektrix.clearRequests();

        tick(cursor);

        List<RecordedRequest> requests = spektrix.requests();
        System.out.println("steady-state tick: " + requests.size() + " HTTP request(s): "
                + requests.stream().map(RecordedRequest::apiPath).toList());
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.apiPath()).isEqualTo("orders/sync"));
    }

    /** What a runtime tick reads: the feed to exhaustion, the performances around now and each by id. */
    private ChangeCursor tick(ChangeCursor cursor) {
        BookingChanges page;
        do {
            page = ticketing.bookingsChangedSince(cursor);
            cursor = page.next();
        } while (page.hasMore());
        Instant now = clock.instant();
        for (Performance performance : ticketing.performancesStartingBetween(now.minus(Duration.ofDays(2)),
                now.plus(Duration.ofDays(2)))) {
            assertThat(ticketing.performance(performance.id())).isPresent();
        }
        return cursor;
    }

    @Test
    void sendsAnIdentifiableAgentAndASignedDateButRecordsNoCredential() {
        anInstance();
        ticketing.bookingsChangedSince(ChangeCursor.beginning());

        assertThat(spektrix.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.header("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("crowdengage-spektrix/"));
            assertThat(r.header("Date")).hasValueSatisfying(d -> assertThat(d).endsWith("GMT"));
            assertThat(r.headers()).doesNotContainKey("authorization");
        });
    }

    @Test
    void aCustomerWithAGarbledMobileIsReadWithoutOne() {
        String garbled = spektrix.addCustomer(FakeCustomer.named("Grace", "Hopper").withMobile("07400 12")
                .withTag("Member").withAgreedStatement("Text me").withMembership("Friends").withAttribute("FirstVisit", true));

        assertThat(ticketing.customer(garbled)).hasValueSatisfying(c -> {
            assertThat(c.mobile()).isEmpty();
            assertThat(c.tags()).containsExactly("Member");
            assertThat(c.contactPreferences()).containsExactly("Text me");
            assertThat(c.memberships()).containsExactly("Friends");
            assertThat(c.attributes()).containsEntry("FirstVisit", "true");
        });
        assertThat(ticketing.tags()).containsValue("Member");
        assertThat(ticketing.statements()).containsValue("Text me");
    }

    @Test
    void bookingsOfAPerformanceFollowCancellationsAndAreIndexedIncrementally() {
        String instance = anInstance();
        String ada = spektrix.addCustomer(FakeCustomer.named("Ada", "Lovelace"));
        String order = spektrix.addOrder(ada, clock.instant(), instance, instance);
        assertThat(ticketing.bookingsOf(instance)).extracting(Booking::id).containsExactly(order + ":" + instance);

        clock.advance(Duration.ofMinutes(3));
        spektrix.cancelTickets(order, instance, clock.instant());
        spektrix.clearRequests();

        assertThat(ticketing.bookingsOf(instance)).singleElement()
                .satisfies(b -> assertThat(b.cancelledAt()).contains(clock.instant()));
        assertThat(spektrix.requests()).extracting(RecordedRequest::apiPath).containsExactly("orders/sync");
    }

    @Test
    void refusesARangeThatEndsBeforeItStarts() {
        Instant now = clock.instant();
        assertThatThrownBy(() -> ticketing.performancesStartingBetween(now, now.minusSeconds(1)))
                .isInstanceOfSatisfying(TicketingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISUSE));
    }

    private String anInstance() {
        String event = spektrix.addEvent("Hamlet", Duration.ofMinutes(150), Map.of());
        return spektrix.addInstance(event, LocalDateTime.parse("2025-06-14T19:30"));
    }

    /** The feed's requests; besides them only the cached listings its bookings' performances are checked in, once. */
    private List<RecordedRequest> syncRequests() {
        List<RecordedRequest> sync = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (RecordedRequest request : spektrix.requests()) {
            if (request.apiPath().equals("orders/sync")) {
                sync.add(request);
            } else {
                others.add(request.apiPath());
            }
        }
        assertThat(others).containsExactlyInAnyOrder("instances", "events");
        return sync;
    }
}
