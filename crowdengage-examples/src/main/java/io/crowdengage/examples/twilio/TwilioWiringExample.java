package io.crowdengage.examples.twilio;

import com.sun.net.httpserver.HttpServer;
import io.crowdengage.flow.Flow;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.ticketing.TicketingSystem;
import io.crowdengage.twilio.InboundSink;
import io.crowdengage.twilio.TwilioConfig;
import io.crowdengage.twilio.TwilioHttpServerBinding;
import io.crowdengage.twilio.TwilioSmsProvider;
import io.crowdengage.twilio.TwilioWebhookHandler;
import java.time.Clock;
import java.util.List;

/**
 * How a venue sends through Twilio and takes Twilio's webhooks: one {@link TwilioConfig} for both, the
 * provider into the runtime, the webhook handler on a web server feeding the runtime's
 * {@code onInboundSms} and {@code onDeliveryReport}. The code between the {@code DOCS:start} and
 * {@code DOCS:end} markers is what docs/twilio.md shows, character for character (a test checks, and
 * runs it against the fake Twilio).
 */
public final class TwilioWiringExample {
    private final CrowdEngage crowdEngage;
    private final TwilioSmsProvider smsProvider;

    /**
     * Wires crowdengage to Twilio.
     *
     * @param boxOffice     the ticketing system
     * @param settings      the venue's settings; its sender is the Twilio number messages go from
     * @param flows         the flows
     * @param account       a config builder holding the account SID and credentials, from your secrets store
     * @param publicBase    where Twilio reaches your web server, for example {@code https://tickets.playhouse.example}
     * @param webhookServer the web server Twilio's webhooks arrive on (behind your TLS proxy)
     * @param clock         the clock (the system clock in production)
     */
    public TwilioWiringExample(TicketingSystem boxOffice, VenueSettings settings, List<Flow> flows,
                               TwilioConfig.Builder account, String publicBase, HttpServer webhookServer, Clock clock) {
        // DOCS:start
        TwilioConfig twilio = account                          // accountSid, and authToken or apiKey(...)
                .throughputPerSecond(10)                       // what the account's sender may send a second
                .statusCallbackUrl(publicBase + "/twilio/status")
                .inboundWebhookUrl(publicBase + "/twilio/inbound")   // as set on the number in Twilio's console
                .build();
        TwilioSmsProvider smsProvider = TwilioSmsProvider.create(twilio);

        CrowdEngage crowdEngage = CrowdEngage.builder()
                .ticketingSystem(boxOffice)
                .smsProvider(smsProvider)
                .venueSettings(settings)
                .flows(flows)
                .clock(clock)
                .build();

        TwilioWebhookHandler webhooks = TwilioWebhookHandler.create(twilio,
                InboundSink.of(crowdEngage::onInboundSms, crowdEngage::onDeliveryReport));
        TwilioHttpServerBinding.register(webhookServer, webhooks);   // serves /twilio/status and /twilio/inbound
        webhookServer.start();
        crowdEngage.start();
        // DOCS:end
        this.crowdEngage = crowdEngage;
        this.smsProvider = smsProvider;
    }

    /** The runtime, started. */
    public CrowdEngage crowdEngage() {
        return crowdEngage;
    }

    /** The provider the runtime sends through. */
    public TwilioSmsProvider smsProvider() {
        return smsProvider;
    }
}
