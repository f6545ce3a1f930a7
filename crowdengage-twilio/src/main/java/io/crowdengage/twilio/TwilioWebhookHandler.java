package io.crowdengage.twilio;

import io.crowdengage.adapter.http.FormParams;
import io.crowdengage.error.ValidationException;
import io.crowdengage.error.ValidationException.Problem;
import io.crowdengage.internal.Checks;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.twilio.internal.TwilioKeywords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's webhooks, framework-neutral: give it a {@link WebhookRequest} (method, the URL as Twilio
 * called it, headers, raw body) and write back the {@link WebhookResponse} it returns. It serves the
 * two webhooks of {@link TwilioConfig}: incoming messages ({@code inboundWebhookUrl}) and status
 * callbacks ({@code statusCallbackUrl}), and delivers what they say to an {@link InboundSink}.
 *
 * <p>In this order, each step answering at once when it fails, changing nothing:
 * <ol>
 *   <li>only {@code POST} (405), at most {@value #MAX_BODY_BYTES} bytes (413), form-encoded (415);</li>
 *   <li>{@code X-Twilio-Signature} is checked before anything in the body is read or believed: missing or
 *       wrong is 403. It is computed over the URL as given (with and without its default port) and the
 *       POST parameters, with the Auth Token, and compared in constant time;</li>
 *   <li>a signed request for another account ({@code AccountSid}) is 403;</li>
 *   <li>an incoming message ({@code From}, {@code To}, {@code Body}, {@code MessageSid}, and
 *       {@code OptOutType} with Advanced Opt-Out) becomes an {@link InboundSms}, answered with empty
 *       TwiML; its {@link InboundSms#providerKeyword()} says whether Twilio answered it itself (see
 *       {@link TwilioKeywordHandling});</li>
 *   <li>a status callback ({@code MessageSid}, {@code MessageStatus}, {@code ErrorCode}) with a final
 *       status becomes a {@link DeliveryReport} carrying our reference from the callback URL's query:
 *       {@code delivered}, {@code undelivered} and {@code failed} (error 30036, the validity period ran
 *       out: {@code EXPIRED}); error 21610 says {@link FailureReason#OPTED_OUT_AT_PROVIDER}. Intermediate
 *       statuses ({@code queued}, {@code sent}...) are acknowledged and dropped;</li>
 *   <li>an event already seen (Twilio redelivers) is acknowledged and not delivered again. If the sink
 *       throws, the answer is 500 and the event is forgotten, so a redelivery is processed.</li>
 * </ol>
 * Nothing from the body is logged but message SIDs and statuses. Thread-safe.
 *
 * <p>Behind a proxy that terminates TLS or rewrites paths, the URL to check is the public one Twilio
 * called: configure it as {@code inboundWebhookUrl} and {@code statusCallbackUrl} and let the binding
 * build each request's URL with {@link #publicUrl(Route, String)}, as {@link TwilioHttpServerBinding} does.
 */
public final class TwilioWebhookHandler {
    /** The two webhooks. */
    public enum Route {
        /** Incoming messages: "A message comes in" on the number or Messaging Service. */
        INBOUND_MESSAGE,
        /** Status callbacks for the messages we send. */
        STATUS_CALLBACK
    }

    /** The largest body accepted; Twilio's webhooks are a few kilobytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhookHandler.class);
    private static final Pattern DIGITS = Pattern.compile("\\+?[1-9][0-9]{6,14}");

    private final TwilioConfig config;
    private final String authToken;
    private final InboundSink sink;
    private final Clock clock;
    private final RecentEvents recent;

    private TwilioWebhookHandler(TwilioConfig config, InboundSink sink) {
        this.config = config;
        this.authToken = config.authToken().orElseThrow();
        this.sink = sink;
        this.clock = config.clock();
        this.recent = new RecentEvents(config.webhookMemory());
    }

    /**
     * A handler for the webhooks of {@code config}, delivering to {@code sink}.
     *
     * @throws ValidationException (INVALID_CONFIGURATION) if the config has no Auth Token (webhooks are signed
     *                             with it even when sends use an API key) or no webhook URL
     */
    public static TwilioWebhookHandler create(TwilioConfig config, InboundSink sink) {
        Checks.notNull(config, "config");
        Checks.notNull(sink, "sink");
        List<Problem> problems = new ArrayList<>();
        if (config.authToken().isEmpty()) {
            problems.add(new Problem("twilio.authToken", "is required for webhooks: Twilio signs them with the"
                    + " account's Auth Token, even when sends use an API key"));
        }
        if (config.inboundWebhookUrl().isEmpty() && config.statusCallbackUrl().isEmpty()) {
            problems.add(new Problem("twilio.inboundWebhookUrl", "or twilio.statusCallbackUrl must be set: the"
                    + " handler serves the public URLs Twilio calls"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(ValidationException.Reason.INVALID_CONFIGURATION, problems);
        }
        return new TwilioWebhookHandler(config, sink);
    }

    /** The configured public URL of {@code route}, without our query parameters; empty if not configured. */
    public Optional<URI> publicUrl(Route route) {
        Checks.notNull(route, "route");
        return route == Route.INBOUND_MESSAGE ? config.inboundWebhookUrl() : config.statusCallbackUrl();
    }

    /**
     * The URL Twilio called for {@code route}, rebuilt from the configured public URL and the query the
     * request arrived with ({@code rawQuery}, as received, percent escapes intact; null or empty for none):
     * what a binding behind a proxy passes as {@link WebhookRequest#url()}.
     *
     * @throws ValidationException if {@code route} has no configured URL
     */
    public URI publicUrl(Route route, String rawQuery) {
        URI configured = publicUrl(route).orElseThrow(() -> ValidationException.of(
                ValidationException.Reason.INVALID_CONFIGURATION, route == Route.INBOUND_MESSAGE
                        ? "twilio.inboundWebhookUrl" : "twilio.statusCallbackUrl", "is not configured"));
        String text = configured.toString();
        int cut = text.indexOf('?');
        String base = cut < 0 ? text : text.substring(0, cut);
        return URI.create(rawQuery == null || rawQuery.isEmpty() ? base : base + "?" + rawQuery);
    }

    /** The route whose configured public URL has the path of {@code url}, if any. */
    public Optional<Route> routeOf(URI url) {
        Checks.notNull(url, "url");
        String path = normalisedPath(url);
        for (Route route : Route.values()) {
            if (publicUrl(route).map(TwilioWebhookHandler::normalisedPath).filter(path::equals).isPresent()) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** Handles a request whose URL is the public URL Twilio called: routed by its path, 404 if it matches neither. */
    public WebhookResponse handle(WebhookRequest request) {
        Checks.notNull(request, "request");
        Optional<Route> route = routeOf(request.url());
        if (route.isEmpty()) {
            return WebhookResponse.text(404, "no Twilio webhook at this path");
        }
        return handle(route.get(), request);
    }

    /** Handles a request a binding has already routed to {@code route}. */
    public WebhookResponse handle(Route route, WebhookRequest request) {
        Checks.notNull(route, "route");
        Checks.notNull(request, "request");
        if (!request.method().equalsIgnoreCase("POST")) {
            return new WebhookResponse(405, WebhookResponse.TEXT, "Twilio webhooks are POSTed", Map.of("Allow", "POST"));
        }
        byte[] raw = request.body();
        if (raw.length > MAX_BODY_BYTES) {
            return WebhookResponse.text(413, "body over " + MAX_BODY_BYTES + " bytes");
        }
        String contentType = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            return WebhookResponse.text(415, "expected application/x-www-form-urlencoded");
        }
        FormParams params;
        try {
            params = FormParams.decode(new String(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.warn("Twilio webhook {} refused: the body is not valid form encoding", route);
            return WebhookResponse.text(400, "malformed form body");
        }
        Optional<String> signature = request.header(TwilioSignature.HEADER);
        if (signature.isEmpty() || !TwilioSignature.matches(authToken, request.url().toString(), entries(params),
                signature.get())) {
            LOG.warn("Twilio webhook {} refused: {} signature for {}", route, signature.isEmpty() ? "no" : "a wrong",
                    request.url().getRawPath());
            return WebhookResponse.text(403, "invalid signature");
        }
        Optional<String> account = params.nonBlank("AccountSid");
        if (account.isPresent() && !account.get().equals(config.accountSid())) {
            LOG.warn("Twilio webhook {} refused: signed, but for account {}, not {}", route, account.get(),
                    config.accountSid());
            return WebhookResponse.text(403, "webhook for another account");
        }
        return route == Route.INBOUND_MESSAGE ? inbound(params) : statusCallback(params, request.url());
    }

    private WebhookResponse inbound(FormParams params) {
        Optional<String> sid = params.nonBlank("MessageSid").or(() -> params.nonBlank("SmsMessageSid"));
        Optional<String> from = params.nonBlank("From");
        Optional<String> to = params.nonBlank("To");
        if (sid.isEmpty() || from.isEmpty() || to.isEmpty()) {
            LOG.warn("Twilio inbound message refused: MessageSid, From or To missing");
            return WebhookResponse.text(400, "MessageSid, From and To are required");
        }
        Optional<PhoneNumber> sender = phoneNumber(from.get());
        if (sender.isEmpty()) {
            // WhatsApp, Messenger and the like name their senders otherwise: not an SMS, nothing to record.
            LOG.info("Twilio inbound message {} ignored: its sender is not a phone number", sid.get());
            return WebhookResponse.emptyTwiml();
        }
        String body = params.first("Body").orElse("");
        String key = "in:" + sid.get();
        if (!recent.claim(key)) {
            LOG.debug("Twilio inbound message {} delivered again; already handled", sid.get());
            return WebhookResponse.emptyTwiml();
        }
        InboundSms inbound = new InboundSms(sender.get(), to.get(), body, clock.instant(),
                providerKeyword(params, body, sid.get()));
        try {
            sink.onInboundSms(inbound);
        } catch (RuntimeException e) {
            recent.release(key);
            LOG.error("inbound message {} could not be recorded; answering 500 so Twilio may deliver it again: {}",
                    sid.get(), Redaction.throwable(e));
            return WebhookResponse.text(500, "could not record the message");
        }
        LOG.debug("Twilio inbound message {} recorded{}", sid.get(),
                inbound.providerKeyword().map(k -> " (Twilio answered it as " + k + ")").orElse(""));
        return WebhookResponse.emptyTwiml();
    }

    private Optional<Keyword> providerKeyword(FormParams params, String body, String sid) {
        Optional<Keyword> named = params.nonBlank("OptOutType").flatMap(TwilioKeywords::ofOptOutType);
        switch (config.keywordHandling()) {
            case TWILIO_DEFAULT:
                return named.or(() -> TwilioKeywords.defaultReading(body));
            case ADVANCED_OPT_OUT:
                return named;
            default:
                if (named.isPresent()) {
                    LOG.warn("Twilio says it answered inbound message {} as {} itself, but keywordHandling is NONE:"
                            + " the sender may get two replies; set keywordHandling to match the account", sid,
                            named.get());
                }
                return Optional.empty();
        }
    }

    private WebhookResponse statusCallback(FormParams params, URI url) {
        Optional<String> sid = params.nonBlank("MessageSid").or(() -> params.nonBlank("SmsSid"));
        Optional<String> status = params.nonBlank("MessageStatus").or(() -> params.nonBlank("SmsStatus"));
        if (sid.isEmpty() || status.isEmpty()) {
            LOG.warn("Twilio status callback refused: MessageSid or MessageStatus missing");
            return WebhookResponse.text(400, "MessageSid and MessageStatus are required");
        }
        Optional<String> errorCode = params.nonBlank("ErrorCode").map(String::strip).filter(code -> !code.equals("0"));
        Optional<DeliveryStatus> outcome = TwilioAnswers.ofCallbackStatus(status.get(), errorCode);
        if (outcome.isEmpty()) {
            LOG.trace("Twilio status callback for {}: {} is not final; nothing to report", sid.get(), status.get());
            return WebhookResponse.text(200, "");
        }
        String key = "st:" + sid.get() + ":" + status.get().strip().toLowerCase(Locale.ROOT);
        if (!recent.claim(key)) {
            LOG.debug("Twilio status callback for {} ({}) delivered again; already handled", sid.get(), status.get());
            return WebhookResponse.text(200, "");
        }
        Optional<String> reference = FormParams.decode(url.getRawQuery()).nonBlank(TwilioConfig.REFERENCE_PARAMETER);
        Optional<FailureReason> why = outcome.get().isDelivered() ? Optional.empty()
                : errorCode.flatMap(TwilioAnswers::ofCallbackError);
        DeliveryReport report = new DeliveryReport(sid.get(), reference, outcome.get(), clock.instant(),
                outcome.get().isDelivered() ? Optional.empty() : errorCode, why);
        try {
            sink.onDeliveryReport(report);
        } catch (RuntimeException e) {
            recent.release(key);
            LOG.error("delivery report for {} could not be recorded; answering 500 so Twilio may deliver it again: {}",
                    sid.get(), Redaction.throwable(e));
            return WebhookResponse.text(500, "could not record the report");
        }
        LOG.debug("Twilio status callback for {} ({}) recorded as {}", sid.get(), status.get(), outcome.get());
        return WebhookResponse.text(200, "");
    }

    /** Twilio's {@code From} as a number: E.164, or digits Twilio sent without their {@code +}. */
    private static Optional<PhoneNumber> phoneNumber(String from) {
        String value = from.strip();
        if (!DIGITS.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(PhoneNumber.ofE164(value.startsWith("+") ? value : "+" + value));
    }

    private static String normalisedPath(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static List<Map.Entry<String, String>> entries(FormParams params) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(params.size());
        for (FormParams.Param param : params.all()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(param.name(), param.value()));
        }
        return entries;
    }

    @Override
    public String toString() {
        return "TwilioWebhookHandler[" + config.accountSid() + ", inbound " + config.inboundWebhookUrl()
                .map(URI::getRawPath).orElse("none") + ", status " + config.statusCallbackUrl().map(URI::getRawPath)
                .orElse("none") + "]";
    }
}
