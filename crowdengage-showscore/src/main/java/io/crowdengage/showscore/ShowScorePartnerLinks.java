package io.crowdengage.showscore;

import io.crowdengage.adapter.http.Sleeper;
import io.crowdengage.engine.Candidate;
import io.crowdengage.internal.Checks;
import io.crowdengage.runtime.RenderPreparer;
import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.Returns;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.template.TemplateFunctionException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The template function {@code show_score_url(showId)}: a secure, single-use Show-Score review link
 * per recipient, from Show-Score's partner-token API. Also a {@link RenderPreparer}: told about each
 * tick's sends before they render, it fills a pool of links per show with {@code bulk_generate} (up
 * to 500 a request), so a post-show wave of a thousand bookers costs two requests instead of a
 * thousand against Show-Score's 200 a minute. A recipient the pool cannot serve gets a link from
 * {@code generate}, one request each.
 *
 * <pre>{@code
 * ShowScorePartnerLinks links = ShowScorePartnerLinks.create(ShowScoreConfig.builder()
 *         .apiKey(System.getenv("SHOW_SCORE_PARTNER_KEY")).build());
 * CrowdEngage crowdEngage = CrowdEngage.builder()
 *         ...
 *         .templateFunctions(TemplateFunctions.builder().register(links).build())
 *         .renderPreparer(links)
 *         .build();
 * }</pre>
 *
 * <p><b>One link per recipient.</b> A link leaves the pool as it is handed out and is never handed
 * out again. The link chosen for a send (step, performance, number) is remembered for three days,
 * so rendering that send again (after a deferral, or a template printing it twice) gives the same
 * link; and the runtime stores the rendered body when it claims the send, so a retry of the message
 * resends that body without calling this function. Links that expire within
 * {@link ShowScoreConfig#nearExpiryMargin()} are dropped, never sent.
 *
 * <p><b>No personal data.</b> Requests carry the show id, the count and the key; nothing about the
 * customer, the booking or the number.
 *
 * <p><b>When Show-Score says no</b> (each logged once, not per recipient):
 * <ul>
 *   <li>429, 5xx, timeouts: retried within the request per {@link ShowScoreRetry}; then no requests until
 *       the pause ends (the {@code Retry-After}, or the outage pause), and the function throws
 *       {@code RETRY_LATER}: the runtime defers the send to a later tick, until its deadline;</li>
 *   <li>404 (and other 4xx) for a show id: the function throws {@code NO_VALUE_FOR_ARGUMENT} and the
 *       step is skipped for that show's recipients; the answer is remembered for
 *       {@link ShowScoreConfig#unknownShowRetention()} before Show-Score is asked again;</li>
 *   <li>401 or 403: the function stops, throwing {@code MISCONFIGURED} with a message naming the key
 *       setting to fix, until a new instance is created with a working key; sends wait meanwhile.</li>
 * </ul>
 * These are {@code generate}'s answers. A failing {@code bulk_generate} pauses or stops bulk
 * prefetch only (a 429 excepted, which pauses both): renders are then served one by one. A bulk
 * answer for another show id, or links without a readable expiry, are logged once and used (the
 * latter only within an hour of being fetched); redirects between Show-Score's own hosts are
 * followed.
 *
 * <p>Thread-safe: one instance serves every render on every thread.
 */
public final class ShowScorePartnerLinks implements TemplateFunction, RenderPreparer {
    /** The name templates call it by. */
    public static final String FUNCTION_NAME = "show_score_url";
    /** How long to leave Show-Score alone after a 429 that gave no {@code Retry-After}: its limit is per minute. */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofMinutes(1);
    /** Memory upkeep (expired memo entries and guards) runs at every prepare and every this many calls. */
    private static final int UPKEEP_EVERY = 1024;
    private static final Returns RETURNS = Returns.url(60, ShowScoreHttp.MAX_REVIEW_URL_LENGTH);

    private final ShowScoreConfig config;
    private final ShowScoreHttp http;
    private final OperatorLog log;
    private final Clock clock;
    private final ConcurrentHashMap<String, TokenPool> pools = new ConcurrentHashMap<>();
    private final LinkMemo memo = new LinkMemo();
    private final IssuedLinks issued = new IssuedLinks();
    private final ConcurrentHashMap<String, Instant> unknownUntil = new ConcurrentHashMap<>();
    /** Shows {@code bulk_generate} refused (404, 4xx): not prefetched for a while; {@code generate} decides for itself. */
    private final ConcurrentHashMap<String, Instant> bulkRefusedUntil = new ConcurrentHashMap<>();
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedOnce = ConcurrentHashMap.newKeySet();
    private final Gate generateGate = new Gate();
    private final Gate bulkGate = new Gate();
    private final AtomicInteger callsSinceUpkeep = new AtomicInteger();

    private ShowScorePartnerLinks(Builder builder) {
        this.config = builder.config;
        this.clock = builder.config.clock();
        this.http = new ShowScoreHttp(builder.config,
                builder.httpClient.orElseGet(() -> ShowScoreHttp.defaultClient(builder.config)), builder.sleeper);
        this.log = builder.log;
    }

    /** The function with the JDK's HTTP client configured from {@code config}. */
    public static ShowScorePartnerLinks create(ShowScoreConfig config) {
        return builder(config).build();
    }

    /** Starts a function on {@code config}, to supply your own {@link HttpClient} (a proxy, say). */
    public static Builder builder(ShowScoreConfig config) {
        return new Builder(config);
    }

    /** The configuration. */
    public ShowScoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return FUNCTION_NAME;
    }

    @Override
    public int arity() {
        return 1;
    }

    /** A link, usually about 60 characters and at most 200 (a longer {@code review_url} is refused). */
    @Override
    public Returns returns() {
        return RETURNS;
    }

    /** True: it calls Show-Score, so previews use {@link #previewValue} and audience conditions may not call it. */
    @Override
    public boolean mayDoIo() {
        return true;
    }

    /**
     * The review link for this recipient and step.
     *
     * @throws TemplateFunctionException {@code NO_VALUE_FOR_ARGUMENT} for something that is not a show id or a
     *                                   show Show-Score does not know; {@code RETRY_LATER} while Show-Score is
     *                                   rate limiting or unavailable; {@code MISCONFIGURED} after it refused the key
     */
    @Override
    public Object call(FunctionContext context, List<Object> arguments) {
        Object argument = arguments.get(0);
        // The argument is not repeated: a template that passes the wrong field would put a name or a number in the log.
        String showId = ShowIds.normalize(argument).orElseThrow(() -> TemplateFunctionException.noValueForArgument(
                ShowIds.describe(argument) + " is not a Show-Score show id (letters, digits, '-', '_' or '.' expected)"));
        Instant now = clock.instant();
        if (callsSinceUpkeep.incrementAndGet() >= UPKEEP_EVERY) {
            upkeep(now);
        }
        return memo.linkFor(SendSlot.of(showId, context), now, () -> newLink(showId, now));
    }

    /** A link that shows its purpose in previews, without calling Show-Score. */
    @Override
    public Object previewValue(List<Object> arguments) {
        return "https://www.show-score.com/review-link-preview?show_id="
                + ShowIds.normalize(arguments.get(0)).orElse("unknown");
    }

    /**
     * Tops up the pool of each show among {@code sendsAboutToRender} whose step calls
     * {@code show_score_url}, with {@code bulk_generate}, to as many links as its sends need (at least
     * {@link ShowScoreConfig#minimumRefill()} when it fetches at all). The show id is read from the
     * event's raw attribute {@link ShowScoreConfig#showIdAttribute()}, as the seed templates pass it.
     * Failures are logged once and leave the function to fetch one by one, or to defer.
     */
    @Override
    public void prepare(List<Candidate> sendsAboutToRender) {
        Instant now = clock.instant();
        upkeep(now);
        if (generateGate.stopped().isPresent() || bulkGate.stopped().isPresent() || bulkGate.paused(now)) {
            return;
        }
        Map<String, Integer> needed = new LinkedHashMap<>();
        for (Candidate candidate : sendsAboutToRender) {
            if (!candidate.step().template().contains(FUNCTION_NAME)) {
                continue;
            }
            Optional<String> showId = candidate.performance().event().raw().get(config.showIdAttribute())
                    .flatMap(ShowIds::normalize);
            if (showId.isEmpty() || knownUnknown(showId.get(), now) || refusedByBulk(showId.get(), now)
                    || memo.holds(SendSlot.of(showId.get(), candidate), now)) {
                continue;
            }
            needed.merge(showId.get(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> show : needed.entrySet()) {
            int missing = show.getValue() - pool(show.getKey()).usable(now, cutoff(now));
            if (missing <= 0) {
                continue;
            }
            try {
                fill(show.getKey(), Math.max(missing, config.minimumRefill()), now);
            } catch (ShowScoreException e) {
                bulkFailed(e, show.getKey(), now);
                if (e.reason() != ShowScoreException.Reason.UNKNOWN_SHOW
                        && e.reason() != ShowScoreException.Reason.REFUSED) {
                    return;  // rate limited, down or refused the key: asking for the next show would fare no better
                }
            }
        }
    }

    /**
     * Fetches {@code count} links for {@code showId} into its pool now, with {@code bulk_generate},
     * for hosts that want pools filled earlier than the tick a wave is due (at a performance's start,
     * say).
     *
     * @return how many links were added (fewer than {@code count} if Show-Score gave links that expire
     *         within the margin, or ones already handed out)
     * @throws ShowScoreException when Show-Score refuses, is rate limiting, is down, or the function is
     *                            stopped or paused
     */
    public int prefetch(String showId, int count) {
        String id = ShowIds.normalize(Checks.notNull(showId, "showId")).orElseThrow(() ->
                new IllegalArgumentException(ShowIds.describe(showId) + " is not a Show-Score show id"));
        Checks.require(count >= 1 && count <= 10_000, "count", "must be between 1 and 10000 but was " + count);
        Instant now = clock.instant();
        Optional<String> stopped = generateGate.stopped().or(bulkGate::stopped);
        if (stopped.isPresent()) {
            throw new ShowScoreException(ShowScoreException.Reason.INVALID_API_KEY, stopped.get());
        }
        if (bulkGate.paused(now)) {
            throw new ShowScoreException(ShowScoreException.Reason.UNAVAILABLE, bulkGate.pauseMessage(),
                    Optional.of(Duration.between(now, bulkGate.pausedUntil())), null);
        }
        try {
            return fill(id, count, now);
        } catch (ShowScoreException e) {
            bulkFailed(e, id, now);
            throw e;
        }
    }

    /** How many unused links the pool holds for {@code showId} that are not near expiry. */
    public int pooled(String showId) {
        Instant now = clock.instant();
        return ShowIds.normalize(showId).map(id -> pool(id).usable(now, cutoff(now))).orElse(0);
    }

    /**
     * Why the function is stopped, when Show-Score refused the API key: the message names the setting to
     * fix. A health check can report it.
     */
    public Optional<String> stoppedBecause() {
        return generateGate.stopped();
    }

    /**
     * Why bulk prefetch is stopped, when Show-Score refused the bulk key while {@code generate} may
     * still work: links then come one by one. A health check can report it.
     */
    public Optional<String> bulkStoppedBecause() {
        return bulkGate.stopped();
    }

    /** The endpoints, without the keys. */
    @Override
    public String toString() {
        return "ShowScorePartnerLinks[generate=" + config.generateBaseUrl() + ", bulk=" + config.bulkBaseUrl() + "]";
    }

    // ------------------------------------------------------------------ links

    private String newLink(String showId, Instant now) {
        Optional<String> stopped = generateGate.stopped();
        if (stopped.isPresent()) {
            throw TemplateFunctionException.misconfigured(stopped.get());
        }
        if (knownUnknown(showId, now)) {
            throw TemplateFunctionException.noValueForArgument("Show-Score does not know show id " + showId
                    + " (it answered 404); check the event's ShowScoreID");
        }
        Optional<PartnerToken> pooled = pool(showId).take(now, cutoff(now));
        while (pooled.isPresent()) {
            if (issued.claim(pooled.get(), now)) {
                return pooled.get().reviewUrl();
            }
            pooled = pool(showId).take(now, cutoff(now));
        }
        if (generateGate.paused(now)) {
            throw TemplateFunctionException.retryLater(generateGate.pauseMessage());
        }
        PartnerToken generated;
        try {
            generated = http.generate(showId);
        } catch (ShowScoreException e) {
            throw generateFailed(e, showId, now);
        }
        recovered(showId);
        if (generated.expiresAt().isEmpty()) {
            onceWarn("expiry generate " + showId, "Show-Score's generate gave show " + showId + " a link without a"
                    + " readable expiry; it is sent at once, as links without a known expiry always are");
        }
        if (generated.expiresAt().map(at -> !at.isAfter(now)).orElse(false)) {
            throw TemplateFunctionException.retryLater("Show-Score's generate gave show " + showId
                    + " a link that expired at " + generated.expiresAt().get() + "; asking again on a later tick");
        }
        if (!issued.claim(generated, now)) {
            throw TemplateFunctionException.retryLater("Show-Score's generate gave show " + showId
                    + " a link it had given before; it is not sent twice; asking again on a later tick");
        }
        return generated.reviewUrl();
    }

    /** Fetches {@code count} links in requests of at most {@link ShowScoreConfig#bulkSize()}; returns how many were pooled. */
    private int fill(String showId, int count, Instant now) {
        TokenPool pool = pool(showId);
        int added = 0;
        int remaining = count;
        while (remaining > 0) {
            int ask = Math.min(remaining, config.bulkSize());
            ShowScoreHttp.Bulk answer = http.bulkGenerate(showId, ask);
            bulkRecovered(showId);
            List<PartnerToken> tokens = answer.tokens();
            if (!answer.answeredFor().equals(Optional.of(showId))) {
                onceWarn("bulk show " + showId + " " + answer.answeredFor().orElse(""), "bulk_generate for show " + showId
                        + " answered for show '" + answer.answeredFor().orElse("(none)") + "'; its links are used all the"
                        + " same (Show-Score's own documented example answers so), but if customers report reviewing the"
                        + " wrong production, check the event's ShowScoreID with Show-Score");
            }
            if (tokens.stream().anyMatch(token -> token.expiresAt().isEmpty())) {
                onceWarn("expiry bulk " + showId, "bulk_generate gave show " + showId + " links without a readable"
                        + " expiry (a time without a date, or none); they are handed out within "
                        + PartnerToken.UNKNOWN_EXPIRY_USE.toMinutes() + " minutes of being fetched and not kept for"
                        + " later performances");
            }
            List<PartnerToken> fresh = tokens.stream().filter(token -> !issued.contains(token))
                    .collect(Collectors.toList());
            int pooled = pool.addAll(fresh, now, cutoff(now));
            if (fresh.size() < tokens.size() || pooled < fresh.size()) {
                log.warn("bulk_generate for show " + showId + " gave " + tokens.size() + " links, of which "
                        + (tokens.size() - fresh.size()) + " were handed out before and " + (fresh.size() - pooled)
                        + " expire within " + config.nearExpiryMargin().toDays() + " days or repeat; only "
                        + pooled + " were kept");
            }
            added += pooled;
            remaining -= ask;
            if (pooled == 0) {
                break;  // nothing usable came back: asking again at once would waste the rate limit
            }
        }
        return added;
    }

    private TokenPool pool(String showId) {
        return pools.computeIfAbsent(showId, id -> new TokenPool());
    }

    private Instant cutoff(Instant now) {
        return now.plus(config.nearExpiryMargin());
    }

    // ------------------------------------------------------------------ Show-Score's answers

    /** Records what a {@code generate} failure means for later calls (stop, unknown show, pause) and says it to the render. */
    private TemplateFunctionException generateFailed(ShowScoreException e, String showId, Instant now) {
        switch (e.reason()) {
            case INVALID_API_KEY:
                // The key itself is refused: bulk, which may use the same key, stops with it.
                if (generateGate.stop(e.getMessage())) {
                    log.error(e.getMessage());
                }
                bulkGate.stop(e.getMessage());
                return new TemplateFunctionException(TemplateFunctionException.Reason.MISCONFIGURED,
                        generateGate.stopped().orElseThrow(), e);
            case UNKNOWN_SHOW:
            case REFUSED:
                unknownUntil.put(showId, now.plus(config.unknownShowRetention()));
                if (warnedUnknown.add(showId)) {
                    log.warn(e.getMessage() + "; sends needing a link for it are skipped, and Show-Score is asked"
                            + " again after " + config.unknownShowRetention().toMinutes() + " minutes");
                }
                return new TemplateFunctionException(TemplateFunctionException.Reason.NO_VALUE_FOR_ARGUMENT,
                        e.getMessage(), e);
            case RATE_LIMITED:
                rateLimited(e, now);
                return new TemplateFunctionException(TemplateFunctionException.Reason.RETRY_LATER,
                        generateGate.pauseMessage(), e);
            default:
                if (generateGate.pause(now.plus(config.retry().pauseAfter(generateGate.failedRound())), e.getMessage(), now)) {
                    log.warn(e.getMessage() + "; no generate requests to Show-Score until "
                            + generateGate.pausedUntil().truncatedTo(ChronoUnit.SECONDS)
                            + ", and sends needing a link wait for a later tick");
                }
                return new TemplateFunctionException(TemplateFunctionException.Reason.RETRY_LATER,
                        generateGate.pauseMessage(), e);
        }
    }

    /**
     * Records what a {@code bulk_generate} failure means. Only bulk is affected: links are then fetched
     * one by one, which decides for itself about keys and shows; a 429 pauses both, since the limit
     * is Show-Score's for the partner.
     */
    private void bulkFailed(ShowScoreException e, String showId, Instant now) {
        switch (e.reason()) {
            case INVALID_API_KEY:
                if (bulkGate.stop(e.getMessage())) {
                    log.error(e.getMessage().replace("show_score_url stops until then",
                            "bulk prefetch stops until then, and links are fetched one by one"));
                }
                break;
            case UNKNOWN_SHOW:
            case REFUSED:
                bulkRefusedUntil.put(showId, now.plus(config.unknownShowRetention()));
                onceWarn("bulk refused " + showId, e.getMessage() + "; show " + showId + " is not prefetched for "
                        + config.unknownShowRetention().toMinutes() + " minutes, and its links are fetched one by one");
                break;
            case RATE_LIMITED:
                rateLimited(e, now);
                break;
            default:
                if (bulkGate.pause(now.plus(config.retry().pauseAfter(bulkGate.failedRound())), e.getMessage(), now)) {
                    log.warn(e.getMessage() + "; no bulk_generate requests until "
                            + bulkGate.pausedUntil().truncatedTo(ChronoUnit.SECONDS) + ", and links are fetched one by one"
                            + " meanwhile");
                }
        }
    }

    private void rateLimited(ShowScoreException e, Instant now) {
        Instant until = now.plus(e.retryAfter().orElse(RATE_LIMIT_PAUSE));
        boolean fresh = generateGate.pause(until, e.getMessage(), now);
        fresh |= bulkGate.pause(until, e.getMessage(), now);
        if (fresh) {
            log.warn(e.getMessage() + "; no requests to Show-Score until " + until.truncatedTo(ChronoUnit.SECONDS)
                    + ", and sends needing a link wait for a later tick");
        }
    }

    private void onceWarn(String key, String message) {
        if (warnedOnce.size() > 10_000) {
            warnedOnce.clear();
        }
        if (warnedOnce.add(key)) {
            log.warn(message);
        }
    }

    /** {@code generate} answered for {@code showId}: forget failures, so a later 404 for it is news again. */
    private void recovered(String showId) {
        generateGate.recovered();
        unknownUntil.remove(showId);
        warnedUnknown.remove(showId);
    }

    private void bulkRecovered(String showId) {
        bulkGate.recovered();
        bulkRefusedUntil.remove(showId);
        warnedOnce.remove("bulk refused " + showId);
    }

    private boolean knownUnknown(String showId, Instant now) {
        Instant until = unknownUntil.get(showId);
        return until != null && until.isAfter(now);
    }

    private boolean refusedByBulk(String showId, Instant now) {
        Instant until = bulkRefusedUntil.get(showId);
        return until != null && until.isAfter(now);
    }

    private void upkeep(Instant now) {
        callsSinceUpkeep.set(0);
        memo.prune(now);
        issued.prune(now);
        unknownUntil.values().removeIf(until -> !until.isAfter(now));
        bulkRefusedUntil.values().removeIf(until -> !until.isAfter(now));
    }

    /** Configures a {@link ShowScorePartnerLinks}. */
    public static final class Builder {
        private final ShowScoreConfig config;
        private Optional<HttpClient> httpClient = Optional.empty();
        private Sleeper sleeper = Sleeper.REAL;
        private OperatorLog log = OperatorLog.slf4j();

        private Builder(ShowScoreConfig config) {
            this.config = Checks.notNull(config, "config");
        }

        /**
         * The HTTP client to use instead of the JDK's default one. Do not let it follow redirects: a
         * redirect would carry the API key to another host.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Optional.of(Checks.notNull(client, "httpClient"));
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        Builder operatorLog(OperatorLog log) {
            this.log = log;
            return this;
        }

        /** The function. */
        public ShowScorePartnerLinks build() {
            return new ShowScorePartnerLinks(this);
        }
    }
}
