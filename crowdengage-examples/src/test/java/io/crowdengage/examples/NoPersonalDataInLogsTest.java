package io.crowdengage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentLedger;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.consent.InMemoryConsentLedger;
import io.crowdengage.engine.SendKey;
import io.crowdengage.examples.logging.CapturedLog;
import io.crowdengage.flow.AudienceSubject;
import io.crowdengage.flow.Flow;
import io.crowdengage.flow.FlowStep;
import io.crowdengage.flow.PerformanceFilter;
import io.crowdengage.flow.StepId;
import io.crowdengage.flow.Timing;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.model.Venue;
import io.crowdengage.runtime.CrowdEngage;
import io.crowdengage.runtime.DecisionEvent;
import io.crowdengage.runtime.SoftOptIn;
import io.crowdengage.runtime.Throttle;
import io.crowdengage.runtime.VenueSettings;
import io.crowdengage.showscore.ShowScoreConfig;
import io.crowdengage.showscore.ShowScorePartnerLinks;
import io.crowdengage.showscore.ShowScoreRetry;
import io.crowdengage.showscore.testing.FakeShowScoreServer;
import io.crowdengage.showscore.testing.FakeShowScoreServer.Endpoint;
import io.crowdengage.sms.Capability;
import io.crowdengage.sms.DeliveryReport;
import io.crowdengage.sms.DeliveryStatus;
import io.crowdengage.sms.FailureReason;
import io.crowdengage.sms.InMemorySmsProvider;
import io.crowdengage.sms.InMemorySmsProvider.FailureKind;
import io.crowdengage.sms.InboundSms;
import io.crowdengage.sms.OutboundSms;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.SendResult;
import io.crowdengage.sms.Sender;
import io.crowdengage.sms.SentSms;
import io.crowdengage.sms.SmsProvider;
import io.crowdengage.sms.SmsProviderException;
import io.crowdengage.spektrix.RetryPolicy;
import io.crowdengage.store.InMemorySendLedger;
import io.crowdengage.store.SendLedger;
import io.crowdengage.store.SendRecord;
import io.crowdengage.store.SendStatus;
import io.crowdengage.store.StoreException;
import io.crowdengage.spektrix.SpektrixTicketingSystem;
import io.crowdengage.spektrix.testing.FakeCustomer;
import io.crowdengage.spektrix.testing.FakeSpektrixServer;
import io.crowdengage.spektrix.testing.Fault;
import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.TemplateFunctions;
import io.crowdengage.testkit.MutableClock;
import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.twilio.TwilioConfig;
import io.crowdengage.twilio.TwilioHttpServerBinding;
import io.crowdengage.twilio.TwilioSmsProvider;
import io.crowdengage.twilio.TwilioWebhookHandler;
import io.crowdengage.twilio.testing.FakeTwilioServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Item 4 of issue 12: the adapters and the runtime, run through their faults with every logger at
 * TRACE, leave no customer's number (E.164 or national, with or without spaces), email address or
 * name in any log line, stack traces included. Lines are captured by the test backend
 * {@link io.crowdengage.examples.logging.CapturingServiceProvider}, which surefire selects with
 * {@code slf4j.provider}. Besides what the libraries log, each failure a call throws is logged the
 * way a host would log it ({@code log.warn("...", e)}), since exception messages end up in logs too.
 *
 * <p>{@link #runtimeThroughStoreAndProviderFailures()} adds the texts nobody at crowdengage wrote: a
 * send ledger and a consent ledger failing with a database's words quoting a customer's row (name,
 * email, number), and a provider writing the number in every way providers do.
 */
@DisplayName("No personal data in the logs, adapters and runtime through their faults")
class NoPersonalDataInLogsTest {
    private static final Logger HOST = LoggerFactory.getLogger("host.box-office");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final String SHOW_ID = "24680";

    /** The test customers: names, emails and UK mobiles as a box office would have typed them. */
    private static final List<Person> PEOPLE = List.of(
            new Person("Philippa", "Quaint", "philippa.quaint@example.org", "07400 100001"),
            new Person("Bartholomew", "Wrenfield", "b.wrenfield@example.net", "+44 7400 100002"),
            new Person("Ottoline", "Marchbanks", "ottoline@marchbanks.example", "07400100003"),
            new Person("Cressida", "Thistlewood", "cressida.t@example.com", "+447400100004"),
            new Person("Ignatius", "Pemberton-Vale", "ignatius.pv@example.co.uk", "07400 100005"));

    private static final Pattern ANY_EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(\\.[\\p{L}\\p{N}\\-]+)+");
    /** Separators a number may be written with, between digits. */
    private static final Pattern BETWEEN_DIGITS = Pattern.compile("(?<=\\d)[\\s\\p{Zs}.()/\\p{Pd}]+(?=\\d)");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-13T07:00:00Z"));

    record Person(String first, String last, String email, String mobileAsTyped) {
        PhoneNumber mobile() {
            return PhoneNumber.parse(mobileAsTyped, "GB");
        }

        /** The national significant number: every way of writing the number (+44, 0044, 0, spaced) contains it. */
        String nationalDigits() {
            return mobile().e164().substring(3);
        }
    }

    @BeforeEach
    void clearLog() {
        assertThat(CapturedLog.installed()).as("surefire's slf4j.provider selects the capturing backend").isTrue();
        CapturedLog.clear();
    }

    @Test
    @DisplayName("the Spektrix adapter: malformed and truncated bodies with customer data, refusals quoting it, 5xx, 429, HTML pages, timeouts")
    void spektrixThroughItsFaults() {
        try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start()) {
            List<String> ids = seed(spektrix);
            SpektrixTicketingSystem ticketing = spektrix(spektrix);
            String philippa = ids.get(0);
            Person p = PEOPLE.get(0);
            String customerJson = "{\"id\":\"" + philippa + "\",\"firstName\":\"" + p.first() + "\",\"lastName\":\""
                    + p.last() + "\",\"email\":\"" + p.email() + "\",\"mobile\":\"" + p.mobileAsTyped() + "\"";

            List<Fault> faults = List.of(
                    // An unquoted value, so that Jackson's own message would quote the customer's name.
                    Fault.answer(200, customerJson.replace("\"firstName\":\"" + p.first() + "\"",
                            "\"firstName\":" + p.first() + " " + p.last()) + "}"),
                    Fault.answer(200, customerJson),             // cut off before the closing brace
                    Fault.truncatedAnswer(),
                    Fault.answer(200, customerJson.replace("\"id\":\"" + philippa + "\"",
                            "\"id\":{\"email\":\"" + p.email() + "\"}") + "}"),
                    Fault.answer(400, "{\"message\":\"Customer " + p.first() + " " + p.last() + " <" + p.email()
                            + ">, mobile " + p.mobileAsTyped() + ", is locked\"}"),
                    Fault.answer(409, customerJson + "}"),
                    Fault.htmlPage(200),
                    Fault.htmlPage(403),
                    Fault.serverError(),
                    Fault.tooManyRequests(Duration.ZERO),
                    Fault.tooManyRequests(Duration.ofMinutes(5)),
                    Fault.slow(Duration.ofMillis(800)));
            for (Fault fault : faults) {
                spektrix.failNext(fault.status() >= 500 || fault.status() == 429 || !fault.delay().isZero() ? 2 : 1,
                        "customers/", fault);
                host("reading customer " + philippa, () -> ticketing.customer(philippa));
            }
            for (Fault fault : List.of(Fault.truncatedAnswer(), Fault.answer(200, "{\"values\":[{\"orderId\":\"O1\","
                    + "\"customerId\":{\"firstName\":\"" + p.first() + "\",\"email\":\"" + p.email() + "\"}}]"),
                    Fault.answer(200, "{\"values\":[{\"orderId\":\"O1\",\"customerId\":\"" + philippa
                            + "\",\"lastModifiedUtc\":\"" + p.mobile().e164() + "\"}]}"))) {
                spektrix.failNext(1, "orders/sync", fault);
                host("reading the change feed", () -> ticketing.bookingsChangedSince(ChangeCursor.beginning()));
            }
            for (Person person : PEOPLE) {
                host("reading a customer", () -> ticketing.customer(ids.get(PEOPLE.indexOf(person))));
            }
        }
        List<CapturedLog.Line> lines = CapturedLog.lines();
        assertLogged(lines, "host.box-office", "failed", 14);
        assertLogged(lines, "io.crowdengage.spektrix.SpektrixHttp", "trying again", 1);
        assertNoPersonalData(lines, List.of());
    }

    @Test
    @DisplayName("show_score_url: refusals quoting a number, bodies that are not JSON, 401, 404, 429, 5xx, timeouts, wrong arguments")
    void showScoreThroughItsFaults() {
        try (FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).start()) {
            showScore.addShow(SHOW_ID, "Twelfth Night");
            ShowScorePartnerLinks links = showScore(showScore);
            Person cressida = PEOPLE.get(3);
            List<Runnable> faults = List.of(
                    () -> showScore.failNext(1, Endpoint.GENERATE, io.crowdengage.showscore.testing.Fault.answer(422,
                            "{\"success\":false,\"error\":\"The 'To' number " + cressida.mobile().e164()
                                    + " is not a valid phone number (" + cressida.email() + ")\"}")),
                    () -> showScore.failNext(1, Endpoint.GENERATE, io.crowdengage.showscore.testing.Fault.answer(200,
                            "{\"success\":true,\"for\":" + cressida.first() + " " + cressida.last() + "}")),
                    () -> showScore.failNext(1, Endpoint.GENERATE, io.crowdengage.showscore.testing.Fault.answer(200,
                            "{\"success\":true,\"review_url\":\"mailto:" + cressida.email() + "\"}")),
                    () -> showScore.failNext(2, Endpoint.GENERATE, io.crowdengage.showscore.testing.Fault.serverError()),
                    () -> showScore.failNext(1, Endpoint.GENERATE,
                            io.crowdengage.showscore.testing.Fault.tooManyRequests(Duration.ofSeconds(40))),
                    () -> showScore.failNext(2, Endpoint.GENERATE,
                            io.crowdengage.showscore.testing.Fault.slow(Duration.ofMillis(800))),
                    () -> showScore.failNext(1, Endpoint.GENERATE, io.crowdengage.showscore.testing.Fault.notFound()));
            int n = 0;
            for (Runnable fault : faults) {
                fault.run();
                int recipient = n++ % PEOPLE.size();
                host("rendering show_score_url", () -> links.call(context(recipient), List.of(SHOW_ID)));
                clock.advance(Duration.ofMinutes(11));   // past any pause, so the next fault meets a request
            }
            for (Person person : PEOPLE) {
                // A template that passes the wrong field: the name, the email, the number.
                for (Object wrong : List.of(person.first() + " " + person.last(), person.email(), person.mobileAsTyped())) {
                    host("rendering show_score_url", () -> links.call(context(PEOPLE.indexOf(person)), List.of(wrong)));
                }
            }
            showScore.failNext(1, Endpoint.BULK_GENERATE, io.crowdengage.showscore.testing.Fault.answer(200, "not json "
                    + cressida.mobile().e164()));
            host("prefetching", () -> links.prefetch(SHOW_ID, 50));
            clock.advance(Duration.ofMinutes(11));
            showScore.failNext(1, io.crowdengage.showscore.testing.Fault.unauthorized());
            host("prefetching", () -> links.prefetch(SHOW_ID, 50));
            host("rendering show_score_url", () -> links.call(context(0), List.of(SHOW_ID)));
        }
        List<CapturedLog.Line> lines = CapturedLog.lines();
        assertLogged(lines, "host.box-office", "failed", 20);
        assertLogged(lines, "io.crowdengage.showscore.ShowScorePartnerLinks", "Show-Score", 4);
        assertNoPersonalData(lines, List.of());
    }

    /**
     * The Twilio adapter and its webhook handler: error texts quoting the number (as 21211 and 21606 do),
     * bodies that are not JSON, a success without a sid, timeouts and lost answers; inbound texts full of
     * names and emails, forged and redelivered webhooks, and a sink that fails with the number in its message.
     */
    @Test
    @DisplayName("the Twilio adapter and webhooks: errors quoting numbers, lost answers, forged callbacks, a failing sink")
    void twilioThroughItsFaults() throws java.io.IOException {
        com.sun.net.httpserver.HttpServer webhooks = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + webhooks.getAddress().getPort();
        try (FakeTwilioServer twilio = FakeTwilioServer.builder().clock(clock).inboundWebhookUrl(base + "/twilio/inbound")
                .start()) {
            TwilioConfig config = twilio.configBuilder().throughputPerSecond(10).statusCallbackUrl(base + "/twilio/status")
                    .inboundWebhookUrl(base + "/twilio/inbound").build();
            TwilioSmsProvider provider = TwilioSmsProvider.create(config);
            // Only the request meant to time out waits this little; the others have the default ten seconds.
            TwilioSmsProvider impatient = TwilioSmsProvider.create(twilio.configBuilder().throughputPerSecond(10)
                    .statusCallbackUrl(base + "/twilio/status").requestTimeout(Duration.ofMillis(300)).build());
            java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(2);
            io.crowdengage.twilio.InboundSink sink = io.crowdengage.twilio.InboundSink.of(inbound -> {
                if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("could not record a text from " + inbound.from().e164());
                }
            }, report -> { });
            TwilioHttpServerBinding.register(webhooks, TwilioWebhookHandler.create(config, sink));
            webhooks.start();
            Sender venue = Sender.number(PhoneNumber.ofE164(FakeTwilioServer.DEFAULT_NUMBER));
            Person bart = PEOPLE.get(1);
            List<io.crowdengage.twilio.testing.Fault> faults = List.of(
                    io.crowdengage.twilio.testing.Fault.error(21211),
                    io.crowdengage.twilio.testing.Fault.answer(400, "{\"code\":21211,\"message\":\"Invalid 'To' Phone"
                            + " Number: " + bart.mobileAsTyped() + " (" + bart.email() + ")\",\"status\":400}"),
                    io.crowdengage.twilio.testing.Fault.answer(400, "{\"code\":21614,\"message\":\"'To' number "
                            + bart.mobile().e164() + " is not a valid mobile number\",\"status\":400}"),
                    io.crowdengage.twilio.testing.Fault.answer(500, "<html>" + bart.mobile().e164() + "</html>"),
                    io.crowdengage.twilio.testing.Fault.answer(201, "{\"to\":\"" + bart.mobile().e164() + "\"}"),
                    io.crowdengage.twilio.testing.Fault.tooManyRequests(Duration.ofSeconds(3)),
                    io.crowdengage.twilio.testing.Fault.acceptedButAnswerLost());
            int n = 0;
            for (io.crowdengage.twilio.testing.Fault fault : faults) {
                twilio.failNext(1, fault);
                String reference = "ce-" + n;
                Person person = PEOPLE.get(n++ % PEOPLE.size());
                host("sending through Twilio", () -> provider.send(new OutboundSms(person.mobile(), venue,
                        "Dear " + person.first() + ", doors open at 7pm", reference)));
            }
            twilio.failNext(1, io.crowdengage.twilio.testing.Fault.noAnswer());
            host("sending through Twilio, which never answers", () -> impatient.send(new OutboundSms(bart.mobile(),
                    venue, "Dear " + bart.first() + ", doors open at 7pm", "ce-timeout")));
            host("sending from a number the account does not own", () -> provider.send(new OutboundSms(bart.mobile(),
                    Sender.number(PEOPLE.get(2).mobile()), "hi", "ce-unowned")));
            twilio.optOut(PEOPLE.get(3).mobile());
            host("sending to an opted-out number", () -> provider.send(new OutboundSms(PEOPLE.get(3).mobile(), venue,
                    "hi", "ce-opted-out")));
            for (Person person : PEOPLE) {
                io.crowdengage.twilio.testing.CallbackDelivery text = twilio.sendInbound(person.mobile(),
                        FakeTwilioServer.DEFAULT_NUMBER, "This is " + person.first() + " " + person.last() + ", "
                                + person.email() + ", call me on " + person.mobileAsTyped());
                twilio.post(text);
                twilio.post(text.withParam("Body", "STOP"));
                twilio.post(text.signedWith("0".repeat(32)));
            }
            SendResult sent = provider.send(new OutboundSms(PEOPLE.get(0).mobile(), venue, "hi", "ce-ok"));
            String sid = ((SendResult.Accepted) sent).providerMessageId();
            twilio.deliverStatus(sid, "undelivered", 30003);
            twilio.post(twilio.deliverStatus(sid, "failed", 21610).withParam("To", PEOPLE.get(4).mobile().e164()));
        } finally {
            webhooks.stop(0);
        }
        List<CapturedLog.Line> lines = CapturedLog.lines();
        assertLogged(lines, "host.box-office", "failed", 3);
        assertLogged(lines, "io.crowdengage.twilio.TwilioSmsProvider", "refused by Twilio", 3);
        assertLogged(lines, "io.crowdengage.twilio.TwilioSmsProvider", "it may have gone out", 2);
        assertLogged(lines, "io.crowdengage.twilio.TwilioWebhookHandler", "signature", 5);
        assertLogged(lines, "io.crowdengage.twilio.TwilioWebhookHandler", "could not be recorded", 2);
        assertNoPersonalData(lines, List.of());
    }

    /**
     * The runtime (crowdengage-core), fed by both adapters, sending through a provider that fails in
     * every way: a share of random transient failures, a permanent failure whose detail quotes the
     * number (as Twilio's 21211 does), refusals and exceptions naming it, an opt-out at the provider;
     * then STOP, START and a probable opt-out texted in, and delivery reports for messages it never
     * sent. Every line must be clean, the provider's own texts included (the runtime masks them).
     */
    @Test
    @DisplayName("the runtime through provider faults, STOP and START, unknown delivery reports")
    void runtimeThroughItsFaults() {
        List<String> decisionLines = runtimeScenario();
        List<CapturedLog.Line> lines = CapturedLog.lines();
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage", "the ticketing system could not be read", 2);
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage", "probable opt-out", 1);
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage", "delivery report for unknown message", 2);
        assertLogged(lines, "io.crowdengage.showscore.ShowScorePartnerLinks", "Show-Score", 1);
        assertNoPersonalData(lines, decisionLines);
    }

    /** Runs the runtime through its faults; the decisions' log lines. */
    private List<String> runtimeScenario() {
        List<DecisionEvent> decisions = new CopyOnWriteArrayList<>();
        try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start();
             FakeShowScoreServer showScore = FakeShowScoreServer.builder().clock(clock).start()) {
            seed(spektrix);
            showScore.addShow(SHOW_ID, "Twelfth Night");
            ShowScorePartnerLinks links = showScore(showScore);
            InMemorySmsProvider sms = InMemorySmsProvider.builder().clock(clock).random(new Random(7))
                    .failurePercentage(25).build();
            SmsProvider provider = new QuotingProvider(sms);
            sms.failNext(PEOPLE.get(4).mobile(), 2, FailureKind.TRANSIENT, FailureReason.PROVIDER_UNAVAILABLE);
            sms.optOutAtProvider(PEOPLE.get(1).mobile());
            PhoneNumber venueNumber = PhoneNumber.parse("07400 900100", "GB");
            CrowdEngage runtime = CrowdEngage.builder()
                    .ticketingSystem(spektrix(spektrix))
                    .smsProvider(provider)
                    .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                            Sender.number(venueNumber)).softOptIn(SoftOptIn.enabledWithDefaultNotice()).build())
                    .flows(List.of(Flow.of("Default Flow", List.of(FlowStep.builder("showscore-review")
                            .name("Show-Score review request")
                            .template("{{ customer.first_name }} {{ customer.last_name }}, please review {{ event.name }}:"
                                    + " {{ show_score_url(event.raw.attribute_ShowScoreID) }}")
                            .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(0, 3, 0)).build()))))
                    .templateFunctions(TemplateFunctions.builder().register(links).build())
                    .renderPreparer(links)
                    .clock(clock).listener(decisions::add).throttle(Throttle.none()).build();

            spektrix.failNext(1, "orders/sync", Fault.truncatedAnswer());
            spektrix.failNext(1, "customers/", Fault.answer(200, "{\"id\":\"x\",\"firstName\":"
                    + PEOPLE.get(0).first() + ",\"email\":\"" + PEOPLE.get(0).email() + "\"}"));
            Instant until = LocalDateTime.parse("2026-06-14T12:00").atZone(LONDON).toInstant();
            Instant reviewDue = LocalDateTime.parse("2026-06-13T22:30").atZone(LONDON).toInstant();
            boolean showScoreFailed = false;
            while (clock.instant().isBefore(until)) {
                if (!showScoreFailed && !clock.instant().isBefore(reviewDue)) {
                    showScore.failNext(2, io.crowdengage.showscore.testing.Fault.serverError());
                    showScoreFailed = true;
                }
                runtime.tick();
                clock.advance(Duration.ofMinutes(30));
            }

            Instant now = clock.instant();
            for (Person person : PEOPLE) {
                runtime.onInboundSms(new InboundSms(person.mobile(), venueNumber.e164(), "STOP", now));
                runtime.onInboundSms(new InboundSms(person.mobile(), venueNumber.e164(), "START", now));
                runtime.onInboundSms(new InboundSms(person.mobile(), venueNumber.e164(),
                        "please stop texting me, this is " + person.first() + " " + person.last() + " " + person.email(),
                        now));
                runtime.onInboundSms(new InboundSms(person.mobile(), venueNumber.e164(), "Is there parking?", now));
            }
            runtime.onDeliveryReport(new DeliveryReport("SM00000000000000000000000000000000", Optional.empty(),
                    DeliveryStatus.DELIVERED, now, Optional.empty()));
            runtime.onDeliveryReport(new DeliveryReport("SM5f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f", Optional.of("not-ours-1"),
                    DeliveryStatus.UNDELIVERED, now, Optional.of("30006")));
            for (SentSms sent : sms.all()) {
                runtime.onDeliveryReport(sms.deliveryReport(sent, DeliveryStatus.FAILED));
            }
            assertThat(sms.count()).as("some texts went out, so the send path was exercised").isPositive();
        }
        List<String> decisionLines = decisions.stream().map(DecisionEvent::toLogLine).toList();
        assertThat(decisionLines).as("decisions were made").isNotEmpty();
        return decisionLines;
    }

    /**
     * The runtime on stores whose failures quote a customer's row, as a database's errors do ("Failing
     * row contains (Philippa Quaint, philippa.quaint@example.org, 07400 100001)"), on every path: a
     * claim, the update before the provider call, the update after it, a consent read during planning,
     * a consent write while a STOP comes in (that one reaches the host, which logs it with its stack
     * trace). The provider's failures, answered and thrown, write the number in every format providers
     * use: {@code +447400100001:}, {@code +44 - 7400 - 100001}, {@code msisdn_447400100001_rejected},
     * {@code 447400100001ab}, bracketed and slashed, dotted, with a no-break space and an en dash.
     */
    @Test
    @DisplayName("the runtime through store failures quoting a customer's row, and provider texts writing the number every way")
    void runtimeThroughStoreAndProviderFailures() {
        List<DecisionEvent> decisions = new CopyOnWriteArrayList<>();
        QuotingStores stores = new QuotingStores();
        NumberWritingProvider provider;
        try (FakeSpektrixServer spektrix = FakeSpektrixServer.builder().clock(clock).venueZone(LONDON).start()) {
            seed(spektrix);
            provider = new NumberWritingProvider(InMemorySmsProvider.builder().clock(clock).random(new Random(3)).build());
            PhoneNumber venueNumber = PhoneNumber.parse("07400 900100", "GB");
            CrowdEngage runtime = CrowdEngage.builder()
                    .ticketingSystem(spektrix(spektrix))
                    .smsProvider(provider)
                    .sendLedger(stores.sends).consentLedger(stores.consent)
                    .venueSettings(VenueSettings.builder(new Venue("playhouse", "The Playhouse", LONDON),
                            Sender.number(venueNumber)).softOptIn(SoftOptIn.enabledWithDefaultNotice()).build())
                    .flows(List.of(Flow.of("Default Flow", List.of(
                            FlowStep.builder("directions").name("Directions")
                                    .template("{{ customer.first_name }}, doors open at 19:00.")
                                    .performances(PerformanceFilter.allLive()).timing(Timing.beforeStart(0, 2, 0)).build(),
                            FlowStep.builder("thanks").name("Thanks")
                                    .template("Thank you for coming, {{ customer.first_name }} {{ customer.last_name }}.")
                                    .performances(PerformanceFilter.allLive()).timing(Timing.afterStart(0, 3, 0)).build()))))
                    .clock(clock).listener(decisions::add).throttle(Throttle.none()).build();

            Instant until = LocalDateTime.parse("2026-06-14T12:00").atZone(LONDON).toInstant();
            while (clock.instant().isBefore(until)) {
                host("ticking", runtime::tick);
                clock.advance(Duration.ofMinutes(30));
            }
            Instant now = clock.instant();
            for (Person person : PEOPLE) {
                for (String text : List.of("STOP", "START")) {
                    host("handling an inbound text", () -> {
                        runtime.onInboundSms(new InboundSms(person.mobile(), venueNumber.e164(), text, now));
                        return null;
                    });
                }
            }
        }
        assertThat(stores.failures).as("every store failure was met").containsOnlyKeys(QuotingStores.FAILURES)
                .allSatisfy((where, times) -> assertThat(times).isPositive());
        assertThat(provider.formatsWritten).as("every way of writing the number was in a failure")
                .hasSize(NumberWritingProvider.FORMATS);
        List<CapturedLog.Line> lines = CapturedLog.lines();
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage", "STORE_UNAVAILABLE", 3);
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage", "PROVIDER_REFUSED", 1);
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage", "PROVIDER_RETRYING", 1);
        // Only the STOP whose consent write failed reaches the host: a consent read failing while the tick plans
        // is reported per message (STORE_UNAVAILABLE) and no longer fails the tick.
        assertLogged(lines, "host.box-office", "failed", 1);
        assertNoPersonalData(lines, decisions.stream().map(DecisionEvent::toLogLine).toList());
        // What is said instead: the operation, the store, the classes and the SQL state.
        assertLogged(lines, "io.crowdengage.runtime.CrowdEngage",
                "the send ledger's claim failed in QuotingSendLedger: IllegalStateException, caused by SQLException"
                        + " (SQLState 23505)", 1);
    }

    // ------------------------------------------------------------------ wiring

    /** The people as Spektrix customers, each with one booking of tonight's Twelfth Night; their ids, in order. */
    private List<String> seed(FakeSpektrixServer spektrix) {
        String event = spektrix.addEvent("Twelfth Night", Duration.ofMinutes(150),
                Map.of("attribute_ShowScoreID", SHOW_ID));
        String instance = spektrix.addInstance(event, LocalDateTime.parse("2026-06-13T19:30"));
        List<String> ids = new ArrayList<>();
        for (Person person : PEOPLE) {
            String id = spektrix.addCustomer(FakeCustomer.named(person.first(), person.last()).withEmail(person.email())
                    .withMobile(person.mobileAsTyped()));
            spektrix.addOrder(id, Instant.parse("2026-06-01T10:00:00Z"), instance);
            ids.add(id);
        }
        return ids;
    }

    private SpektrixTicketingSystem spektrix(FakeSpektrixServer spektrix) {
        return SpektrixTicketingSystem.builder(spektrix.configBuilder().requestTimeout(Duration.ofMillis(300))
                        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(100))).build())
                .clock(clock).build();
    }

    private ShowScorePartnerLinks showScore(FakeShowScoreServer showScore) {
        ShowScoreConfig config = showScore.configBuilder().requestTimeout(Duration.ofMillis(300))
                .retry(new ShowScoreRetry(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMinutes(5)))
                .build();
        return ShowScorePartnerLinks.create(config);
    }

    private FunctionContext context(int n) {
        Person person = PEOPLE.get(n);
        Event event = new Event("e1", "Twelfth Night", Duration.ofMinutes(150),
                RawAttributes.of(Map.of("attribute_ShowScoreID", SHOW_ID)));
        Performance performance = Performance.of("P1", event, LocalDateTime.parse("2026-06-13T19:30"));
        Customer customer = Customer.builder("c" + n).name(person.first(), person.last()).mobile(person.mobile()).build();
        Booking booking = Booking.of("b" + n, customer.id(), "P1", Instant.parse("2026-06-01T10:00:00Z"));
        return new FunctionContext(Optional.of(StepId.of("review")), new AudienceSubject(customer, booking, performance,
                new Venue("playhouse", "The Playhouse", LONDON)), false);
    }

    /** Calls {@code call} as a host would, logging whatever it throws with its stack trace. */
    private static void host(String what, Supplier<?> call) {
        try {
            call.get();
        } catch (RuntimeException e) {
            HOST.warn("{} failed", what, e);
        }
    }

    /**
     * The SMS provider faults InMemorySmsProvider does not script: a permanent failure whose detail
     * quotes the number, as Twilio's error 21211 does; a refusal thrown with the number in its
     * message; an unexpected exception naming the number.
     */
    private static final class QuotingProvider implements SmsProvider {
        private final InMemorySmsProvider delegate;
        private int calls;

        QuotingProvider(InMemorySmsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return "quoting";
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public double throughputPerSecond() {
            return delegate.throughputPerSecond();
        }

        @Override
        public synchronized SendResult send(OutboundSms message) {
            String number = message.to().e164();
            if (message.to().equals(PEOPLE.get(3).mobile())) {
                return new SendResult.PermanentFailure(FailureReason.INVALID_NUMBER, "21211",
                        "The 'To' number " + number + " is not a valid phone number.");
            }
            if (message.to().equals(PEOPLE.get(2).mobile()) && calls++ % 2 == 0) {
                throw new SmsProviderException(FailureReason.INVALID_NUMBER, false, Optional.of("21614"),
                        "'To' number " + number + " is not a mobile number");
            }
            if (message.to().equals(PEOPLE.get(2).mobile())) {
                throw new IllegalStateException("connection reset while sending to " + number);
            }
            return delegate.send(message);
        }
    }

    /**
     * A send ledger and a consent ledger (in memory underneath) that fail, each a few times, with what
     * a database driver would say: the row it failed on, quoting the customer.
     */
    private static final class QuotingStores {
        static final Set<String> FAILURES = Set.of("claim", "update before the call", "update after the call",
                "consent read", "consent write");
        final Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
        final SendLedger sends = new QuotingSendLedger();
        final ConsentLedger consent = new QuotingConsentLedger();
        private final SendLedger sendsUnderneath = InMemorySendLedger.create();
        private final ConsentLedger consentUnderneath = InMemoryConsentLedger.create();

        /** Fails {@code where} for {@code person}'s number, the first {@code times} times it is asked to. */
        private void failFirst(String where, int times, PhoneNumber number, Person person, Supplier<RuntimeException> failure) {
            if (number.equals(person.mobile()) && failures.merge(where, 1, Integer::sum) <= times) {
                throw failure.get();
            }
        }

        private static String row(Person p) {
            return "ERROR: could not serialize access due to concurrent update\n  Detail: Failing row contains (C-"
                    + p.last() + ", " + p.first() + " " + p.last() + ", " + p.email() + ", " + p.mobileAsTyped() + ")";
        }

        private final class QuotingSendLedger implements SendLedger {
            @Override
            public Optional<SendRecord> claim(SendKey key, String reference, String body, Instant at, Instant deadline) {
                Person p = PEOPLE.get(0);
                failFirst("claim", 2, key.to(), p, () -> new IllegalStateException("insert into sends failed: " + row(p),
                        new SQLException("duplicate key value for " + p.first() + " " + p.last() + " <" + p.email()
                                + "> " + p.mobile().e164(), "23505")));
                return sendsUnderneath.claim(key, reference, body, at, deadline);
            }

            @Override
            public void update(SendRecord record) {
                if (record.status() == SendStatus.CLAIMED) {
                    Person p = PEOPLE.get(1);
                    failFirst("update before the call", 1, record.key().to(), p,
                            () -> new RuntimeException("lock timeout: " + row(p)));
                } else {
                    Person p = PEOPLE.get(3);
                    failFirst("update after the call", 1, record.key().to(), p,
                            () -> new UncheckedIOException(row(p), new IOException("connection to db for " + p.email())));
                }
                sendsUnderneath.update(record);
            }

            @Override
            public Optional<SendRecord> find(SendKey key) {
                return sendsUnderneath.find(key);
            }

            @Override
            public Optional<SendRecord> findByReference(String reference) {
                return sendsUnderneath.findByReference(reference);
            }

            @Override
            public Optional<SendRecord> findByProviderMessageId(String providerMessageId) {
                return sendsUnderneath.findByProviderMessageId(providerMessageId);
            }

            @Override
            public List<SendRecord> unsettled() {
                return sendsUnderneath.unsettled();
            }
        }

        private final class QuotingConsentLedger implements ConsentLedger {
            @Override
            public void append(ConsentRecord record) {
                Person p = PEOPLE.get(4);
                if (record instanceof ConsentRecord.OptedOut) {
                    failFirst("consent write", 1, record.phone(), p, () -> new StoreException(StoreException.Reason.UNAVAILABLE,
                            "could not record the opt-out of " + p.first() + " " + p.last() + " (" + p.mobileAsTyped() + ")",
                            new SQLException(row(p), "08006")));
                }
                consentUnderneath.append(record);
            }

            @Override
            public ConsentHistory history(PhoneNumber phone) {
                Person p = PEOPLE.get(2);
                failFirst("consent read", 2, phone, p, () -> new RuntimeException(row(p)));
                return consentUnderneath.history(phone);
            }
        }
    }

    /**
     * A provider whose failures write the number the way providers' texts do, in turn: answered
     * permanent and transient failures, a refusal thrown, an unexpected exception; every fifth call
     * goes through.
     */
    private static final class NumberWritingProvider implements SmsProvider {
        static final int FORMATS = 7;
        final Set<Integer> formatsWritten = new java.util.TreeSet<>();
        private final InMemorySmsProvider delegate;
        private int calls;

        NumberWritingProvider(InMemorySmsProvider delegate) {
            this.delegate = delegate;
        }

        /** The number as provider texts write it, glued to what comes before and after. */
        static String written(PhoneNumber number, int format) {
            String e164 = number.e164();
            String nsn = e164.substring(3);
            return switch (format) {
                case 0 -> e164 + ":";
                case 1 -> "+44 - " + nsn.substring(0, 4) + " - " + nsn.substring(4);
                case 2 -> "msisdn_" + e164.substring(1) + "_rejected";
                case 3 -> e164.substring(1) + "ab";
                case 4 -> "(0" + nsn.substring(0, 4) + ") " + nsn.substring(4, 7) + "/" + nsn.substring(7);
                case 5 -> "0044." + nsn.substring(0, 4) + "." + nsn.substring(4);
                case 6 -> "+44\u00a0" + nsn.substring(0, 4) + "\u2013" + nsn.substring(4);
                default -> throw new IllegalArgumentException("format " + format);
            };
        }

        @Override
        public String id() {
            return "number-writing";
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public double throughputPerSecond() {
            return delegate.throughputPerSecond();
        }

        @Override
        public synchronized SendResult send(OutboundSms message) {
            int call = calls++;
            int format = call % FORMATS;
            String number = written(message.to(), format);
            if (call % 5 != 4) {
                formatsWritten.add(format);
            }
            switch (call % 5) {
                case 0:
                    return new SendResult.PermanentFailure(FailureReason.INVALID_NUMBER, "21211",
                            "The 'To' number " + number + " is not a valid phone number.");
                case 1:
                    return new SendResult.TransientFailure(FailureReason.PROVIDER_UNAVAILABLE, "30008", Optional.empty(),
                            "carrier could not reach " + number + ", try later");
                case 2:
                    throw new SmsProviderException(FailureReason.INVALID_NUMBER, false, Optional.of("21614"),
                            number + " is not a mobile number");
                case 3:
                    throw new IllegalStateException("connection reset while sending to " + number);
                default:
                    return delegate.send(message);
            }
        }
    }

    // ------------------------------------------------------------------ the check

    /**
     * Asserts that no line holds a test customer's number (its national digits, however separated,
     * so E.164, 44..., 0044... and national forms, with or without spaces), email, or first or last
     * name, and no email address at all.
     */
    private static void assertNoPersonalData(List<CapturedLog.Line> lines, List<String> decisionLines) {
        assertThat(lines).as("lines were captured at all").isNotEmpty();
        assertThat(lines).as("DEBUG and TRACE lines were captured too")
                .anySatisfy(line -> assertThat(line.level().toInt()).isLessThanOrEqualTo(Level.DEBUG.toInt()));
        List<String> texts = new ArrayList<>();
        lines.forEach(line -> texts.add(line.text()));
        texts.addAll(decisionLines);
        assertThat(texts).as("log lines holding a customer's number, email or name")
                .filteredOn(NoPersonalDataInLogsTest::leaks).isEmpty();
    }

    /** The faults were met: at least {@code times} lines of {@code logger} contain {@code fragment}. */
    private static void assertLogged(List<CapturedLog.Line> lines, String logger, String fragment, int times) {
        assertThat(lines).as("lines of %s containing '%s'", logger, fragment)
                .filteredOn(line -> line.logger().equals(logger) && line.text().contains(fragment))
                .hasSizeGreaterThanOrEqualTo(times);
    }

    private static boolean leaks(String text) {
        String digits = BETWEEN_DIGITS.matcher(text).replaceAll("");
        String lower = text.toLowerCase(Locale.ROOT);
        for (Person person : PEOPLE) {
            if (digits.contains(person.nationalDigits())
                    || lower.contains(person.first().toLowerCase(Locale.ROOT))
                    || lower.contains(person.last().toLowerCase(Locale.ROOT))
                    || lower.contains(person.email().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return ANY_EMAIL.matcher(text).find();
    }
}
