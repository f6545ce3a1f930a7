package io.crowdengage.twilio;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.InboundSms;
import java.util.function.Consumer;

/**
 * Where {@link TwilioWebhookHandler} delivers what Twilio posted. The runtime's facade has exactly these
 * two methods, so wiring is one line:
 * <pre>{@code
 * InboundSink sink = InboundSink.of(crowdEngage::onInboundSms, crowdEngage::onDeliveryReport);
 * }</pre>
 * Both are called from the web server's threads, possibly at once; each should record and return
 * quickly, since Twilio gives up on a webhook after about 15 seconds. A method that throws makes the
 * handler answer 500 and forget the event, so that a redelivery is processed.
 */
public interface InboundSink {

    /** A text someone sent to one of the account's numbers. */
    void onInboundSms(InboundSms inbound);

    /** What became of a message Twilio accepted: delivered, undelivered, failed or expired. */
    void onDeliveryReport(DeliveryReport report);

    /** A sink made of two method references, such as {@code crowdEngage::onInboundSms} and {@code crowdEngage::onDeliveryReport}. */
    static InboundSink of(Consumer<InboundSms> inbound, Consumer<DeliveryReport> reports) {
        Checks.notNull(inbound, "inbound");
        Checks.notNull(reports, "reports");
        return new InboundSink() {
            @Override
            public void onInboundSms(InboundSms sms) {
                inbound.accept(sms);
            }

            @Override
            public void onDeliveryReport(DeliveryReport report) {
                reports.accept(report);
            }
        };
    }
}
