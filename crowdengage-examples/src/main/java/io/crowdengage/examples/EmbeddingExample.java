package io.crowdengage.examples;

import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.SoftOptIn;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.ticketing.TicketingSystem;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * How a box-office system embeds crowdengage: wire a ticketing system, an SMS provider, the
 * venue's settings and the flows; start it; forward inbound texts and delivery receipts. The code
 * between the {@code README:start} and {@code README:end} markers is what README.md shows,
 * character for character (a test checks).
 */
public final class EmbeddingExample {
    private final CrowdEngage crowdEngage;

    /**
     * Wires crowdengage for a venue.
     *
     * @param boxOffice     the ticketing system (a Spektrix adapter, or the in-memory one in tests)
     * @param smsProvider   the SMS provider adapter
     * @param partnerLinks  template functions such as {@code show_score_url}
     * @param clock         the clock (the system clock in production)
     */
    public EmbeddingExample(TicketingSystem boxOffice, SmsProvider smsProvider, TemplateFunctions partnerLinks,
                            Clock clock) {
        // README:start
        Venue venue = new Venue("playhouse", "The Playhouse", ZoneId.of("Europe/London"));
        FlowStep reviewRequest = FlowStep.builder("showscore-review")
                .name("Show-Score review request (3 hours post-show)")
                .template("{% if event.raw.attribute_ShowScoreID %}\n"
                        + "{{ customer.first_name }}, please help the theatre community by leaving your review of"
                        + " {{ event.name }} on Show-Score:\n"
                        + "{{ show_score_url(event.raw.attribute_ShowScoreID) }}\n"
                        + "{% endif %}")
                .performances(PerformanceFilter.allLive())
                .timing(Timing.afterStart(0, 3, 0))
                .build();

        CrowdEngage crowdEngage = CrowdEngage.builder()
                .ticketingSystem(boxOffice)
                .smsProvider(smsProvider)
                .venueSettings(VenueSettings.builder(venue, Sender.number(PhoneNumber.parse("07400 900100", "GB")))
                        .softOptIn(SoftOptIn.enabledWithDefaultNotice())
                        .build())
                .flows(List.of(Flow.of("Default Flow", List.of(reviewRequest))))
                .templateFunctions(partnerLinks)
                .clock(clock)
                .listener(decision -> System.out.println(decision.toLogLine()))
                .build();
        crowdEngage.start();   // ticks every minute until close()
        // README:end
        this.crowdEngage = crowdEngage;
    }

    /** Forward what the SMS provider's inbound webhook receives. */
    public void inbound(InboundSms message) {
        crowdEngage.onInboundSms(message);
    }

    /** Forward what the SMS provider's delivery-receipt webhook receives. */
    public void receipt(DeliveryReport report) {
        crowdEngage.onDeliveryReport(report);
    }

    /** The runtime, for previews and explanations. */
    public CrowdEngage crowdEngage() {
        return crowdEngage;
    }

    /** Stops ticking after the tick in progress. */
    public void stop() {
        crowdEngage.close();
    }
}
