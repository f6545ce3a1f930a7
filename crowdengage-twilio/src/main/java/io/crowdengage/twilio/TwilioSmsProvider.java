package io.crowdengage.twilio;

import io.crowdengage.adapter.http.FormParams;
import io.crowdengage.internal.Checks;
import io.crowdengage.internal.Redaction;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.SendOutcomeUnknownException;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.SenderId;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.sms.SmsProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through Twilio Programmable Messaging: one form-encoded
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} per message, on {@code java.net.http},
 * with HTTP Basic auth (the API key if configured, else the account SID and Auth Token).
 *
 * <p>Each request carries {@code To}, {@code Body}, and {@code From} (the message's sender) or
 * {@code MessagingServiceSid}; the {@code StatusCallback} is the configured URL with our reference in
 * its query ({@value TwilioConfig#REFERENCE_PARAMETER}), so a delivery receipt finds its send even when
 * Twilio's message SID never reached our ledger. What Twilio answers becomes a {@link SendResult}
 * (the table is in docs/twilio.md):
 * <ul>
 *   <li>201 with the message's {@code sid}: {@link SendResult.Accepted};</li>
 *   <li>HTTP 429 or error 20429, error 21611 (the sender's queue is full), HTTP 5xx, and a connection
 *       that could not be made: {@link SendResult.TransientFailure}, with Twilio's {@code Retry-After};</li>
 *   <li>21610 (the recipient texted STOP): permanent, {@link FailureReason#OPTED_OUT_AT_PROVIDER}, so the
 *       runtime records the opt-out in the consent ledger; 21211, 21614, 21612: {@code INVALID_NUMBER};
 *       21408 and bad credentials: {@code AUTHENTICATION}; anything unknown: permanent {@code UNKNOWN};</li>
 *   <li>a timeout or a broken connection after the request was written, or a success without a readable
 *       SID: {@link SendOutcomeUnknownException}. Twilio has no idempotency key, so such a send is never
 *       retried, here or by the runtime.</li>
 * </ul>
 * It never retries by itself. It refuses, by throwing {@link SmsProviderException} and sending nothing,
 * a body over 1600 characters and an alphanumeric sender for a +1 (US or Canada) number, which Twilio
 * would refuse too. Error texts from Twilio are masked before they reach a result or a log.
 *
 * <p>Thread-safe: one instance serves every thread and reuses its connections.
 */
public final class TwilioSmsProvider implements SmsProvider {
    /** {@link #id()}. */
    public static final String ID = "twilio";
    /** Twilio's limit for {@code Body}. */
    public static final int MAX_BODY_LENGTH = 1600;
    private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsProvider.class);

    private final TwilioConfig config;
    private final HttpClient client;
    private final URI messagesUri;
    private final String authorization;
    private final Set<Capability> capabilities;

    private TwilioSmsProvider(TwilioConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
        String root = config.baseUrl().toString().replaceAll("/+$", "");
        this.messagesUri = URI.create(root + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json");
        String[] credentials = config.basicCredentials();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8));
        EnumSet<Capability> declared = EnumSet.of(Capability.INBOUND_MESSAGES, Capability.ALPHANUMERIC_SENDER,
                Capability.UNICODE);
        if (config.statusCallbackUrl().isPresent()) {
            declared.add(Capability.DELIVERY_RECEIPTS);
        }
        if (config.keywordHandling() != TwilioKeywordHandling.NONE) {
            declared.add(Capability.ANSWERS_KEYWORDS);
        }
        this.capabilities = Set.copyOf(declared);
    }

    /** A provider for {@code config}, with its own HTTP client (no redirects followed: one would carry the credentials elsewhere). */
    public static TwilioSmsProvider create(TwilioConfig config) {
        Checks.notNull(config, "config");
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        return new TwilioSmsProvider(config, client);
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /**
     * {@code INBOUND_MESSAGES}, {@code ALPHANUMERIC_SENDER} and {@code UNICODE}; {@code DELIVERY_RECEIPTS}
     * when a status-callback URL is configured; {@code ANSWERS_KEYWORDS} unless keyword handling is
     * {@link TwilioKeywordHandling#NONE}.
     */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** The configured {@link TwilioConfig#throughputPerSecond()}. */
    @Override
    public double throughputPerSecond() {
        return config.throughputPerSecond();
    }

    /** {@value #MAX_BODY_LENGTH}. */
    @Override
    public int maxBodyLength() {
        return MAX_BODY_LENGTH;
    }

    /** The configuration this provider was made with. */
    public TwilioConfig config() {
        return config;
    }

    /** Sends one message; see the class description for what each answer becomes. */
    @Override
    public SendResult send(OutboundSms message) {
        Checks.notNull(message, "message");
        refuseMisuse(message);
        HttpRequest request = HttpRequest.newBuilder(messagesUri)
                .timeout(config.requestTimeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .header("User-Agent", config.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString(form(message).encode(), StandardCharsets.UTF_8))
                .build();
        String reference = message.reference();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return notConnected(reference, "could not connect within " + config.connectTimeout());
        } catch (ConnectException | SSLHandshakeException e) {
            // No connection, or no TLS session: the request was never written, so trying again later is safe.
            return notConnected(reference, "could not connect (" + e.getClass().getSimpleName() + ")");
        } catch (HttpTimeoutException e) {
            throw unknown(SendOutcomeUnknownException.Reason.TIMED_OUT, reference,
                    "no answer within " + config.requestTimeout(), e);
        } catch (IOException e) {
            throw unknown(SendOutcomeUnknownException.Reason.CONNECTION_LOST, reference,
                    "the connection broke (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unknown(SendOutcomeUnknownException.Reason.INTERRUPTED, reference,
                    "interrupted while waiting for Twilio's answer", e);
        }
        SendResult result = TwilioAnswers.ofSend(response.statusCode(), response.headers().firstValue("Retry-After"),
                response.body(), reference, config.clock());
        log(reference, response.statusCode(), result);
        return result;
    }

    private FormParams form(OutboundSms message) {
        List<FormParams.Param> params = new ArrayList<>();
        params.add(new FormParams.Param("To", message.to().e164()));
        if (config.messagingServiceSid().isPresent()) {
            params.add(new FormParams.Param("MessagingServiceSid", config.messagingServiceSid().get()));
        } else {
            params.add(new FormParams.Param("From", message.from().value()));
        }
        params.add(new FormParams.Param("Body", message.body()));
        config.statusCallbackUrl().ifPresent(url -> params.add(new FormParams.Param("StatusCallback",
                withReference(url, message.reference()))));
        config.validityPeriod().ifPresent(period -> params.add(new FormParams.Param("ValidityPeriod",
                Long.toString(period.toSeconds()))));
        return FormParams.of(params);
    }

    /** The status-callback URL with {@code reference} added to its query. */
    static String withReference(URI url, String reference) {
        String text = url.toString();
        int fragment = text.indexOf('#');
        String base = fragment < 0 ? text : text.substring(0, fragment);
        String separator = url.getRawQuery() == null ? "?" : base.endsWith("&") || base.endsWith("?") ? "" : "&";
        return base + separator + TwilioConfig.REFERENCE_PARAMETER + "=" + FormParams.encode(reference);
    }

    private void refuseMisuse(OutboundSms message) {
        if (message.body().length() > MAX_BODY_LENGTH) {
            throw SmsProviderException.refused(FailureReason.REJECTED_CONTENT, "body is " + message.body().length()
                    + " characters; Twilio accepts at most " + MAX_BODY_LENGTH + " (message to " + message.to().masked()
                    + ", reference " + message.reference() + ")");
        }
        if (config.messagingServiceSid().isEmpty() && message.from() instanceof SenderId
                && message.to().e164().startsWith("+1")) {
            throw SmsProviderException.refused(FailureReason.INVALID_SENDER, "sender '" + message.from().value()
                    + "' is alphanumeric, which US and Canadian numbers cannot receive (message to "
                    + message.to().masked() + ", reference " + message.reference()
                    + "); send from a number, or through a Messaging Service with one in its pool");
        }
    }

    private SendResult notConnected(String reference, String what) {
        LOG.debug("send of {}: {}; nothing was sent", reference, what);
        return new SendResult.TransientFailure(FailureReason.PROVIDER_UNAVAILABLE, "", Optional.empty(),
                "Twilio " + what + "; nothing was sent");
    }

    private SendOutcomeUnknownException unknown(SendOutcomeUnknownException.Reason reason, String reference,
                                                String what, Exception cause) {
        LOG.warn("send of {}: {} after the request was written; it may have gone out, so it is not sent again: {}",
                reference, what, Redaction.throwable(cause));
        // The cause's message is kept out of ours: it may name hosts or quote bytes; logged above, masked.
        return new SendOutcomeUnknownException(reason, "Twilio send of " + reference + ": " + what
                + " after the request was written; it may have gone out, so it is not sent again", null);
    }

    private static void log(String reference, int status, SendResult result) {
        if (result instanceof SendResult.Accepted accepted) {
            LOG.debug("send of {} accepted by Twilio as {}", reference, accepted.providerMessageId());
        } else if (result instanceof SendResult.TransientFailure failure) {
            LOG.info("send of {} refused for now by Twilio (HTTP {}): {}", reference, status, failure.detail());
        } else if (result instanceof SendResult.PermanentFailure failure) {
            LOG.info("send of {} refused by Twilio (HTTP {}, {}): {}", reference, status, failure.reason(),
                    failure.detail());
        }
    }

    @Override
    public String toString() {
        return "TwilioSmsProvider[" + config.accountSid() + ", " + messagesUri.getHost() + "]";
    }
}
