package io.crowdengage.twilio.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.crowdengage.adapter.fake.Exchanges;
import io.crowdengage.adapter.fake.FaultScript;
import io.crowdengage.adapter.fake.HttpFault;
import io.crowdengage.adapter.fake.LoopbackServer;
import io.crowdengage.adapter.fake.RequestLog;
import io.crowdengage.adapter.http.FormParams;
import io.crowdengage.internal.Checks;
import io.crowdengage.sms.Keyword;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SmsEncoding;
import io.crowdengage.twilio.TwilioConfig;
import io.crowdengage.twilio.TwilioKeywordHandling;
import io.crowdengage.twilio.TwilioSignature;
import io.crowdengage.twilio.internal.TwilioKeywords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Twilio's Messages API on loopback, for tests, and Twilio's side of the webhooks: it creates messages
 * from {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, answers in Twilio's shapes, records
 * every request, injects scripted faults, and posts signed status callbacks and inbound messages to
 * your webhook.
 *
 * <pre>{@code
 * try (FakeTwilioServer twilio = FakeTwilioServer.builder().clock(clock)
 *         .inboundWebhookUrl("http://127.0.0.1:" + port + "/twilio/inbound").start()) {
 *     TwilioSmsProvider provider = TwilioSmsProvider.create(twilio.configBuilder().throughputPerSecond(10)
 *             .statusCallbackUrl("http://127.0.0.1:" + port + "/twilio/status").build());
 *     SendResult result = provider.send(message);
 *     twilio.deliverStatus(((SendResult.Accepted) result).providerMessageId(), "delivered");
 *     twilio.sendInbound(customer, FakeTwilioServer.DEFAULT_NUMBER, "STOP");
 *     twilio.failNext(1, Fault.error(21610));
 * }
 * }</pre>
 *
 * <p>It refuses what Twilio refuses, in Twilio's words and codes, so a test cannot pass here and fail in
 * production on something the fake ignored: wrong or missing credentials (401, 20003; an API key is
 * accepted as well as the Auth Token), another account's path (404, 20404), a missing {@code To}
 * (21604), {@code Body} (21602), or {@code From} and {@code MessagingServiceSid} (21603), a {@code To}
 * that is not a number (21211), a body over 1600 characters (21617), a {@code From} number the account
 * does not own (21606), an alphanumeric sender to a +1 number (21612), an unknown Messaging Service
 * (21701), a bad {@code StatusCallback} (21609) or {@code ValidityPeriod} (21624), and a recipient on
 * the opt-out list (21610; through a Messaging Service the message is created and fails with 21610, as
 * Twilio does). Its keyword handling is Twilio's: an inbound STOP (whole body, any case) puts the
 * sender on the account's opt-out list and is answered, START takes it off, HELP is answered; with
 * Advanced Opt-Out the inbound webhook names the keyword in {@code OptOutType}. The opt-out list is
 * the account's, not per sender.
 *
 * <p>Message SIDs come from the seeded {@link Random}. Thread-safe; each instance listens on its own
 * ephemeral loopback port.
 */
public final class FakeTwilioServer implements AutoCloseable {
    /** The account SID the builder uses unless told otherwise. */
    public static final String DEFAULT_ACCOUNT_SID = "AC" + "face".repeat(8);
    /** The Auth Token the builder uses unless told otherwise. */
    public static final String DEFAULT_AUTH_TOKEN = "5ec2e7".repeat(5) + "5e";
    /** The number the account owns unless told otherwise. */
    public static final String DEFAULT_NUMBER = "+447400900900";
    /** A Messaging Service the account has, with {@link #DEFAULT_NUMBER} in its pool. */
    public static final String DEFAULT_MESSAGING_SERVICE_SID = "MG" + "5e2b1ce5".repeat(4);
    /** What the fake answers a STOP with, as Twilio's default reply. */
    public static final String STOP_REPLY = "You have successfully been unsubscribed. You will not receive any more"
            + " messages from this number. Reply START to resubscribe.";

    private static final String API_PREFIX = "/2010-04-01/Accounts/";
    private static final Pattern TO = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");
    private static final Pattern ALPHANUMERIC = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Set<String> CREDENTIAL_HEADERS = Set.of("Authorization");

    /** One auto-reply the fake sent for Twilio, to a keyword. */
    public record AutoReply(PhoneNumber to, Keyword keyword, String body) {
        /** Validates that every field is present. */
        public AutoReply {
            Checks.notNull(to, "to");
            Checks.notNull(keyword, "keyword");
            Checks.notNull(body, "body");
        }
    }

    private final String accountSid;
    private final String authToken;
    private final Optional<String[]> apiKey;
    private final Clock clock;
    private final Random random;
    private final Set<String> numbers;
    private final Map<String, String> messagingServices;
    private final TwilioKeywordHandling keywordHandling;
    private final Optional<String> inboundWebhookUrl;
    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server;
    private final HttpClient webhookClient;
    private final CountDownLatch closing = new CountDownLatch(1);

    private final Object lock = new Object();
    private final Map<String, FakeMessage> messages = new LinkedHashMap<>();
    private final RequestLog<RecordedRequest> requests = new RequestLog<>();
    private final FaultScript<FormParams, Fault> faults = new FaultScript<>();
    private final Set<PhoneNumber> optedOut = new HashSet<>();
    private final List<AutoReply> autoReplies = new ArrayList<>();
    private final List<CallbackDelivery> deliveries = new ArrayList<>();

    private FakeTwilioServer(Builder builder) {
        this.accountSid = builder.accountSid;
        this.authToken = builder.authToken;
        this.apiKey = builder.apiKey;
        this.clock = builder.clock;
        this.random = builder.random;
        this.numbers = Set.copyOf(builder.numbers);
        this.messagingServices = Map.copyOf(builder.messagingServices);
        this.keywordHandling = builder.keywordHandling;
        this.inboundWebhookUrl = builder.inboundWebhookUrl;
        this.webhookClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.server = LoopbackServer.start("fake-twilio", this::handle);
    }

    /** A builder with the defaults: {@link #DEFAULT_ACCOUNT_SID}, {@link #DEFAULT_AUTH_TOKEN}, {@link #DEFAULT_NUMBER}, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API root, for {@link TwilioConfig.Builder#baseUrl}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The account SID. */
    public String accountSid() {
        return accountSid;
    }

    /** The Auth Token: the fake signs its webhooks with it. */
    public String authToken() {
        return authToken;
    }

    /**
     * A config builder holding this server's base URL, account, credentials (the API key if one was set,
     * and the Auth Token either way), clock and keyword handling; add the throughput and webhook URLs and build.
     */
    public TwilioConfig.Builder configBuilder() {
        TwilioConfig.Builder config = TwilioConfig.builder().accountSid(accountSid).authToken(authToken)
                .baseUrl(baseUrl()).clock(clock);
        apiKey.ifPresent(key -> config.apiKey(key[0], key[1]));
        return keywordHandling == TwilioKeywordHandling.TWILIO_DEFAULT ? config : config.keywordHandling(keywordHandling);
    }

    // ------------------------------------------------------------------ state and faults

    /** Makes the next {@code times} sends the fake would accept go wrong as {@code fault} says. */
    public void failNext(int times, Fault fault) {
        faults.add(times, fault);
    }

    /** Puts {@code number} on the account's opt-out list, as if it had texted STOP: sends to it get 21610. */
    public void optOut(PhoneNumber number) {
        Checks.notNull(number, "number");
        synchronized (lock) {
            optedOut.add(number);
        }
    }

    /** Whether {@code number} is on the account's opt-out list. */
    public boolean isOptedOut(PhoneNumber number) {
        synchronized (lock) {
            return optedOut.contains(number);
        }
    }

    /** Every message created, oldest first, as each stands now. */
    public List<FakeMessage> messages() {
        synchronized (lock) {
            return List.copyOf(messages.values());
        }
    }

    /** The message with this SID, as it stands now. */
    public Optional<FakeMessage> message(String sid) {
        synchronized (lock) {
            return Optional.ofNullable(messages.get(sid));
        }
    }

    /** Every request to the REST API so far, oldest first, refused ones included. */
    public List<RecordedRequest> requests() {
        return requests.all();
    }

    /** The auto-replies the fake sent for Twilio to keywords, oldest first. */
    public List<AutoReply> autoReplies() {
        synchronized (lock) {
            return List.copyOf(autoReplies);
        }
    }

    /** Every webhook posted so far, oldest first, with what it answered. */
    public List<CallbackDelivery> deliveries() {
        synchronized (lock) {
            return List.copyOf(deliveries);
        }
    }

    // ------------------------------------------------------------------ webhooks

    /**
     * Moves message {@code sid} to {@code status} ({@code sent}, {@code delivered}, {@code undelivered},
     * {@code failed}...) and posts the signed status callback to its {@code StatusCallback}, as Twilio does.
     *
     * @throws IllegalStateException if there is no such message or it was sent without a status callback
     */
    public CallbackDelivery deliverStatus(String sid, String status) {
        return deliverStatus(sid, status, Optional.empty());
    }

    /** As {@link #deliverStatus(String, String)}, with Twilio's {@code ErrorCode} (30003, 30036, 21610...). */
    public CallbackDelivery deliverStatus(String sid, String status, int errorCode) {
        return deliverStatus(sid, status, Optional.of(errorCode));
    }

    private CallbackDelivery deliverStatus(String sid, String status, Optional<Integer> errorCode) {
        Checks.notBlank(sid, "sid");
        Checks.notBlank(status, "status");
        FakeMessage message;
        synchronized (lock) {
            FakeMessage current = messages.get(sid);
            if (current == null) {
                throw new IllegalStateException("the fake Twilio has no message " + sid);
            }
            message = current.withStatus(status, errorCode);
            messages.put(sid, message);
        }
        String callback = message.statusCallback().orElseThrow(() -> new IllegalStateException(
                "message " + sid + " was sent without a StatusCallback"));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("ApiVersion", "2010-04-01");
        errorCode.ifPresent(code -> params.put("ErrorCode", Integer.toString(code)));
        params.put("From", message.from());
        params.put("MessageSid", sid);
        params.put("MessageStatus", status);
        message.messagingServiceSid().ifPresent(service -> params.put("MessagingServiceSid", service));
        params.put("SmsSid", sid);
        params.put("SmsStatus", status);
        params.put("To", message.to());
        return post(signed(URI.create(callback), params));
    }

    /**
     * Posts a signed inbound message from {@code from} to {@code to} (one of the account's numbers) to the
     * builder's {@code inboundWebhookUrl}, after applying Twilio's keyword handling: a whole-body opt-out
     * keyword puts {@code from} on the opt-out list, an opt-in keyword takes it off, and each is answered
     * (see {@link #autoReplies()}); with Advanced Opt-Out the webhook carries {@code OptOutType}.
     *
     * @throws IllegalStateException if the builder was given no inbound webhook URL
     */
    public CallbackDelivery sendInbound(PhoneNumber from, String to, String body) {
        Checks.notNull(from, "from");
        Checks.notBlank(to, "to");
        Checks.notNull(body, "body");
        URI url = URI.create(inboundWebhookUrl.orElseThrow(() -> new IllegalStateException(
                "the fake Twilio was built without an inboundWebhookUrl")));
        Optional<Keyword> keyword = keywordHandling == TwilioKeywordHandling.NONE ? Optional.empty()
                : TwilioKeywords.defaultReading(body);
        String sid;
        synchronized (lock) {
            sid = newSid("SM");
            keyword.ifPresent(k -> {
                if (k == Keyword.OPT_OUT) {
                    optedOut.add(from);
                } else if (k == Keyword.OPT_IN) {
                    optedOut.remove(from);
                }
                autoReplies.add(new AutoReply(from, k, k == Keyword.OPT_OUT ? STOP_REPLY
                        : k == Keyword.OPT_IN ? "You have successfully been re-subscribed to messages from this number."
                        + " Reply HELP for help. Reply STOP to unsubscribe."
                        : "Reply STOP to unsubscribe. Msg&Data Rates May Apply."));
            });
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "GB");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", to);
        params.put("NumSegments", Integer.toString(Math.max(1, SmsEncoding.measure(body).segments())));
        params.put("MessageSid", sid);
        params.put("AccountSid", accountSid);
        params.put("From", from.e164());
        params.put("ApiVersion", "2010-04-01");
        if (keywordHandling == TwilioKeywordHandling.ADVANCED_OPT_OUT) {
            params.put("MessagingServiceSid", DEFAULT_MESSAGING_SERVICE_SID);
            keyword.ifPresent(k -> params.put("OptOutType", TwilioKeywords.optOutType(k)));
        }
        return post(signed(url, params));
    }

    /** Posts {@code delivery} as it is: a redelivery if unchanged, a forgery if changed. Returns it with the answer. */
    public CallbackDelivery post(CallbackDelivery delivery) {
        Checks.notNull(delivery, "delivery");
        String form = FormParams.of(delivery.params()).encode();
        HttpRequest.Builder request = HttpRequest.newBuilder(delivery.url()).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("User-Agent", "TwilioProxy/1.1")
                .header("I-Twilio-Idempotency-Token", delivery.idempotencyToken())
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        delivery.signature().ifPresent(signature -> request.header(TwilioSignature.HEADER, signature));
        CallbackDelivery answered;
        try {
            HttpResponse<String> response = webhookClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answered = new CallbackDelivery(delivery.url(), delivery.params(), delivery.signature(),
                    delivery.idempotencyToken(), response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("the webhook at " + delivery.url().getRawPath() + " could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting a webhook", e);
        }
        synchronized (lock) {
            deliveries.add(answered);
        }
        return answered;
    }

    private CallbackDelivery signed(URI url, Map<String, String> params) {
        String signature = TwilioSignature.compute(authToken, url.toString(), CallbackDelivery.entries(params));
        String token;
        synchronized (lock) {
            token = newSid("");
        }
        return new CallbackDelivery(url, params, Optional.of(signature), token, 0, "", "");
    }

    /** Stops the server at once; requests held by {@link Fault#noAnswer()} are let go. */
    @Override
    public void close() {
        closing.countDown();
        server.close();
    }

    // ------------------------------------------------------------------ serving the API

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(Exchanges.body(exchange), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            boolean form = exchange.getRequestHeaders().getFirst("Content-Type") != null && exchange.getRequestHeaders()
                    .getFirst("Content-Type").toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
            FormParams params;
            try {
                // Twilio reads no parameters from a body in another encoding: the send then lacks its To.
                params = form ? FormParams.decode(body) : FormParams.decode("");
            } catch (IllegalArgumentException e) {
                params = FormParams.decode("");
            }
            boolean authenticated = authenticated(exchange.getRequestHeaders().getFirst("Authorization"));
            Answer answer;
            Optional<Fault> fault = Optional.empty();
            synchronized (lock) {
                answer = refusal(exchange.getRequestMethod(), path, params, authenticated);
                if (answer == null) {
                    fault = faults.take(params);
                }
            }
            if (fault.isPresent() && fault.get().kind() == Fault.Kind.NO_ANSWER) {
                record(exchange, path, params, authenticated, 0);
                awaitClose();
                return;
            }
            if (answer == null && fault.isPresent() && fault.get().kind() == Fault.Kind.ANSWER) {
                answer = faultAnswer(fault.get());
            }
            if (answer == null) {
                answer = create(params);
                if (fault.isPresent() && fault.get().kind() == Fault.Kind.ANSWER_LOST) {
                    record(exchange, path, params, authenticated, 0);
                    // Closing the exchange without a response drops the connection: the client reads nothing.
                    return;
                }
            }
            record(exchange, path, params, authenticated, answer.status);
            respond(exchange, answer);
        } catch (RuntimeException e) {
            respond(exchange, new Answer(500, error(20500, "the fake Twilio server failed: " + e.getClass().getName(),
                    500), Optional.empty()));
        }
    }

    private void awaitClose() {
        try {
            closing.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean authenticated(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (decoded.equals(accountSid + ":" + authToken)) {
            return true;
        }
        return apiKey.map(key -> decoded.equals(key[0] + ":" + key[1])).orElse(false);
    }

    /** Called with the lock held: what Twilio refuses, in its order (path, method, auth, then the fields); null if nothing. */
    private Answer refusal(String method, String path, FormParams params, boolean authenticated) {
        if (!path.startsWith(API_PREFIX) || !path.endsWith("/Messages.json")) {
            return new Answer(404, error(20404, "The requested resource " + path + " was not found", 404),
                    Optional.empty());
        }
        if (!authenticated) {
            return new Answer(401, error(20003, "Authenticate", 401), Optional.empty());
        }
        String account = path.substring(API_PREFIX.length(), path.length() - "/Messages.json".length());
        if (!account.equals(accountSid)) {
            return new Answer(404, error(20404, "The requested resource " + path + " was not found", 404),
                    Optional.empty());
        }
        if (!method.equals("POST")) {
            return new Answer(405, error(20004, "Method not allowed", 405), Optional.empty());
        }
        Optional<String> to = params.nonBlank("To");
        if (to.isEmpty()) {
            return invalid(21604, "A 'To' phone number is required.");
        }
        Optional<String> service = params.nonBlank("MessagingServiceSid");
        Optional<String> from = params.nonBlank("From");
        if (service.isEmpty() && from.isEmpty()) {
            return invalid(21603, "A 'From' phone number is required.");
        }
        Optional<String> body = params.first("Body");
        if (body.isEmpty() || body.get().isEmpty()) {
            return invalid(21602, "Message body is required.");
        }
        if (!TO.matcher(to.get()).matches()) {
            return invalid(21211, "Invalid 'To' Phone Number: " + to.get());
        }
        if (body.get().length() > 1600) {
            return invalid(21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        if (service.isPresent() && !messagingServices.containsKey(service.get())) {
            return invalid(21701, "The Messaging Service Sid " + service.get() + " is invalid.");
        }
        if (from.isPresent()) {
            String sender = from.get();
            boolean alphanumeric = ALPHANUMERIC.matcher(sender).matches() && !SHORT_CODE.matcher(sender).matches();
            if (alphanumeric && to.get().startsWith("+1")) {
                return invalid(21612, "The 'To' phone number: " + to.get()
                        + ", is not currently reachable using the 'From' phone number: " + sender + " via SMS.");
            }
            if (!alphanumeric && !numbers.contains(sender)) {
                return invalid(21606, "The From phone number " + sender
                        + " is not a valid, SMS-capable inbound phone number or short code for your account.");
            }
        }
        Optional<String> callback = params.first("StatusCallback");
        if (callback.isPresent() && !isHttpUrl(callback.get())) {
            return invalid(21609, "Invalid StatusCallback");
        }
        Optional<String> validity = params.first("ValidityPeriod");
        if (validity.isPresent() && !validValidity(validity.get())) {
            return invalid(21624, "Validity period can only be set to integers between 1 and 36,000 seconds.");
        }
        // A direct send to an opted-out number is refused; through a Messaging Service it is created and fails.
        if (service.isEmpty() && optedOut.contains(PhoneNumber.ofE164(to.get()))) {
            return invalid(21610, "Attempt to send to unsubscribed recipient");
        }
        return null;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getHost() != null
                    && (uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean validValidity(String text) {
        try {
            int seconds = Integer.parseInt(text.strip());
            return seconds >= 1 && seconds <= 36_000;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Answer invalid(int code, String message) {
        return new Answer(400, error(code, message, 400), Optional.empty());
    }

    /** Creates the message, with the lock taken here. */
    private Answer create(FormParams params) {
        synchronized (lock) {
            String to = params.nonBlank("To").orElseThrow();
            Optional<String> service = params.nonBlank("MessagingServiceSid");
            String from = params.nonBlank("From").orElseGet(() -> messagingServices.get(service.orElseThrow()));
            String body = params.first("Body").orElseThrow();
            boolean optedOutRecipient = optedOut.contains(PhoneNumber.ofE164(to));
            String status = service.isPresent() ? (optedOutRecipient ? "failed" : "accepted") : "queued";
            FakeMessage message = new FakeMessage(newSid("SM"), to, from, service, body, params.first("StatusCallback"),
                    params.first("ValidityPeriod").map(String::strip).map(Integer::valueOf), status,
                    optedOutRecipient ? Optional.of(21610) : Optional.empty(),
                    SmsEncoding.measure(body).segments(), clock.instant());
            messages.put(message.sid(), message);
            return new Answer(201, resource(message), Optional.empty());
        }
    }

    private ObjectNode resource(FakeMessage message) {
        ObjectNode node = json.createObjectNode();
        String created = RFC_2822.format(message.createdAt());
        node.put("account_sid", accountSid);
        node.put("api_version", "2010-04-01");
        node.put("body", message.body());
        node.put("date_created", created);
        node.putNull("date_sent");
        node.put("date_updated", created);
        node.put("direction", "outbound-api");
        node.putNull("error_code");
        node.putNull("error_message");
        if (message.messagingServiceSid().isPresent()) {
            node.putNull("from");
        } else {
            node.put("from", message.from());
        }
        node.put("messaging_service_sid", message.messagingServiceSid().orElse(null));
        node.put("num_media", "0");
        node.put("num_segments", Integer.toString(message.segments()));
        node.putNull("price");
        node.put("price_unit", "USD");
        node.put("sid", message.sid());
        node.put("status", message.status().equals("failed") ? "accepted" : message.status());
        node.put("to", message.to());
        node.put("uri", API_PREFIX + accountSid + "/Messages/" + message.sid() + ".json");
        return node;
    }

    private Answer faultAnswer(Fault fault) {
        if (fault.body().isPresent()) {
            return new Answer(fault.status(), null, fault.retryAfter(), fault.body().get());
        }
        int code = fault.errorCode().orElse(0);
        String message = switch (code) {
            case 20429 -> "Too Many Requests";
            case 20500 -> "An internal server error has occurred";
            case 21610 -> "Attempt to send to unsubscribed recipient";
            case 21211 -> "Invalid 'To' Phone Number: +447400123456";
            case 21614 -> "'To' number +447400123456 is not a valid mobile number";
            case 21408 -> "Permission to send an SMS has not been enabled for the region indicated by the 'To' number:"
                    + " +447400123456";
            case 21612 -> "The 'To' phone number: +447400123456, is not currently reachable via SMS.";
            case 21611 -> "This 'From' number has exceeded the maximum number of queued messages";
            default -> "Error " + code;
        };
        ObjectNode body = code == 0 ? error(0, reasonPhrase(fault.status()), fault.status())
                : error(code, message, fault.status());
        return new Answer(fault.status(), body, fault.retryAfter());
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }

    private ObjectNode error(int code, String message, int status) {
        ObjectNode node = json.createObjectNode();
        if (code > 0) {
            node.put("code", code);
            node.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        } else {
            node.putNull("code");
        }
        node.put("message", message);
        node.put("status", status);
        return node;
    }

    private void record(HttpExchange exchange, String path, FormParams params, boolean authenticated, int status) {
        requests.add(new RecordedRequest(clock.instant(), exchange.getRequestMethod(), path, params.firstValues(),
                Exchanges.headersRedacting(exchange.getRequestHeaders(), CREDENTIAL_HEADERS), authenticated, status));
    }

    private void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = (answer.raw != null ? answer.raw : json.writeValueAsString(answer.body))
                .getBytes(StandardCharsets.UTF_8);
        if (answer.status == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
        }
        Exchanges.respond(exchange, answer.status, HttpFault.JSON, bytes, answer.retryAfter);
    }

    /** Called with the lock held. */
    private String newSid(String prefix) {
        StringBuilder sid = new StringBuilder(prefix);
        for (int i = 0; i < 32; i++) {
            sid.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sid.toString();
    }

    private static final class Answer {
        final int status;
        final ObjectNode body;
        final Optional<Duration> retryAfter;
        final String raw;

        Answer(int status, ObjectNode body, Optional<Duration> retryAfter) {
            this(status, body, retryAfter, null);
        }

        Answer(int status, ObjectNode body, Optional<Duration> retryAfter, String raw) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
            this.raw = raw;
        }
    }

    /** Configures a {@link FakeTwilioServer}. */
    public static final class Builder {
        private String accountSid = DEFAULT_ACCOUNT_SID;
        private String authToken = DEFAULT_AUTH_TOKEN;
        private Optional<String[]> apiKey = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Random random = new Random(0);
        private final Set<String> numbers = new LinkedHashSet<>(Set.of(DEFAULT_NUMBER));
        private final Map<String, String> messagingServices = new LinkedHashMap<>(
                Map.of(DEFAULT_MESSAGING_SERVICE_SID, DEFAULT_NUMBER));
        private TwilioKeywordHandling keywordHandling = TwilioKeywordHandling.TWILIO_DEFAULT;
        private Optional<String> inboundWebhookUrl = Optional.empty();

        private Builder() {
        }

        /** The account SID; default {@link #DEFAULT_ACCOUNT_SID}. */
        public Builder accountSid(String sid) {
            this.accountSid = Checks.notBlank(sid, "accountSid");
            return this;
        }

        /** The Auth Token; default {@link #DEFAULT_AUTH_TOKEN}. */
        public Builder authToken(String token) {
            this.authToken = Checks.notBlank(token, "authToken");
            return this;
        }

        /** An API key the account has, accepted as Basic credentials besides the Auth Token. */
        public Builder apiKey(String sid, String secret) {
            this.apiKey = Optional.of(new String[] {Checks.notBlank(sid, "apiKeySid"),
                    Checks.notBlank(secret, "apiKeySecret")});
            return this;
        }

        /** The clock for timestamps; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull(clock, "clock");
            return this;
        }

        /** The source of SIDs; default {@code new Random(0)}. */
        public Builder random(Random random) {
            this.random = Checks.notNull(random, "random");
            return this;
        }

        /** Another number (or short code) the account owns and may send {@code From}. */
        public Builder number(String e164OrShortCode) {
            numbers.add(Checks.notBlank(e164OrShortCode, "number"));
            return this;
        }

        /** Another Messaging Service, whose pool sends from {@code sender}. */
        public Builder messagingService(String sid, String sender) {
            messagingServices.put(Checks.notBlank(sid, "sid"), Checks.notBlank(sender, "sender"));
            return this;
        }

        /** Twilio's keyword handling to mimic; default {@link TwilioKeywordHandling#TWILIO_DEFAULT}. */
        public Builder keywordHandling(TwilioKeywordHandling handling) {
            this.keywordHandling = Checks.notNull(handling, "keywordHandling");
            return this;
        }

        /** Where {@link #sendInbound} posts: the URL configured on the number for incoming messages. */
        public Builder inboundWebhookUrl(String url) {
            this.inboundWebhookUrl = Optional.of(Checks.notBlank(url, "inboundWebhookUrl"));
            return this;
        }

        /** Starts the server on an ephemeral loopback port. */
        public FakeTwilioServer start() {
            return new FakeTwilioServer(this);
        }
    }
}
