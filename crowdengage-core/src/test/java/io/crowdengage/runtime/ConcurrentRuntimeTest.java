package io.crowdengage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.engine.SendKey;
import io.crowdengage.flow.Flow;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime with sends in flight, from outside: what webhooks see while a wave is being sent, a
 * delivery receipt that overtakes the provider's answer, and {@code close()} in the middle of a wave.
 */
@DisplayName("The runtime with sends in flight")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentRuntimeTest extends WaveFixture {
    CrowdEngage runtime(CrowdEngageTest.DelegatingProvider through) {
        return CrowdEngage.builder().ticketingSystem(boxOffice).smsProvider(through)
                .venueSettings(VenueSettings.builder(VENUE, Sender.number(VENUE_NUMBER)).build())
                .flows(List.of(Flow.of("F", List.of(REVIEW)))).consentLedger(consent).sendLedger(sends)
                .clock(clock).throttle(Throttle.none()).build();
    }

    @Test
    @DisplayName("a STOP and a delivery report are handled while every send of a wave is stuck at the provider")
    void webhooksDoNotWaitForTheWave() throws Exception {
        book(8);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch atTheProvider = new CountDownLatch(1);
        CrowdEngage runtime = runtime(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms message) {
                if (!message.to().equals(OUTSIDER)) {
                    atTheProvider.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.send(message);
            }
        });
        CompletableFuture<TickReport> wave = CompletableFuture.supplyAsync(runtime::tick);
        assertThat(atTheProvider.await(20, TimeUnit.SECONDS)).isTrue();

        // Neither call can finish if it waits for the tick: the tick waits for the provider, which waits for us.
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() ->
                runtime.onInboundSms(new InboundSms(OUTSIDER, VENUE_NUMBER.e164(), "STOP", clock.instant())));
        CompletableFuture<Void> report = CompletableFuture.runAsync(() -> runtime.onDeliveryReport(
                new DeliveryReport("unknown-id", Optional.empty(), DeliveryStatus.DELIVERED, clock.instant(),
                        Optional.empty())));
        stop.get(20, TimeUnit.SECONDS);
        report.get(20, TimeUnit.SECONDS);
        assertThat(wave).isNotDone();
        assertThat(consent.history(OUTSIDER).stateAt(clock.instant()).optedOut()).isTrue();

        release.countDown();
        assertThat(wave.get(20, TimeUnit.SECONDS).sent()).isEqualTo(8);
        assertThat(runtime.awaitDispatched(Duration.ofSeconds(20))).isTrue();
        assertThat(provider.sentTo(OUTSIDER)).singleElement()
                .satisfies(sms -> assertThat(sms.body()).isEqualTo(VenueSettings.DEFAULT_OPT_OUT_CONFIRMATION));
    }

    @Test
    @DisplayName("a delivery receipt that arrives before the provider's answer is recorded is applied right after it")
    void receiptOvertakesTheAnswer() {
        book(6);
        CrowdEngage[] runtime = new CrowdEngage[1];
        runtime[0] = runtime(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms message) {
                SendResult result = super.send(message);
                String id = ((SendResult.Accepted) result).providerMessageId();
                // The handset answered before our HTTP call did: the webhook runs before the send records ACCEPTED.
                runtime[0].onDeliveryReport(new DeliveryReport(id, Optional.of(message.reference()),
                        DeliveryStatus.DELIVERED, clock.instant(), Optional.empty()));
                return result;
            }
        });

        assertThat(runtime[0].tick().sent()).isEqualTo(6);

        for (PhoneNumber number : numbers) {
            SendRecord record = sends.find(new SendKey(REVIEW.id(), "P1", number)).orElseThrow();
            assertThat(record.status()).as("%s", number.masked()).isEqualTo(SendStatus.DELIVERED);
            assertThat(record.providerMessageId()).isPresent();
        }
    }

    @Test
    @DisplayName("close() in the middle of a wave returns with every send's outcome recorded, none left claimed")
    void closeMidWave() throws Exception {
        book(40);
        CountDownLatch firstCall = new CountDownLatch(1);
        CrowdEngage runtime = runtime(new CrowdEngageTest.DelegatingProvider(provider) {
            @Override
            public SendResult send(OutboundSms message) {
                firstCall.countDown();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(message);
            }
        });
        runtime.start();
        assertThat(firstCall.await(20, TimeUnit.SECONDS)).isTrue();

        runtime.close();

        assertThat(sends.unsettled()).as("claims without an outcome").isEmpty();
        assertThat(provider.count()).isEqualTo(40);
        assertThat(provider.duplicates()).isEmpty();
    }
}
