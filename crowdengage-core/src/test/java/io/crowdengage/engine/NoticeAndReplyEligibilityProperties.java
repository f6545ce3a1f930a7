package io.crowdengage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.consent.ConsentHistory;
import io.crowdengage.consent.ConsentRecord;
import io.crowdengage.flow.MessageKind;
import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.RawAttributes;
import io.crowdengage.sms.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The notice and reply rules, over every combination of the facts they judge by. */
class NoticeAndReplyEligibilityProperties {
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Instant NOW = LocalDateTime.parse("2026-06-15T12:00:00").atZone(LONDON).toInstant();
    static final PhoneNumber NUMBER = PhoneNumber.parse("07400 123456", "GB");

    /** Everything a notice decision depends on, each varied around the edge where it matters. */
    record NoticeFacts(int confirmedMinutesAgo, boolean customerKnown, boolean performanceKnown, boolean hasMobile,
                       boolean cancelled, int startsInMinutes, boolean noticeSent, boolean claimed,
                       Optional<Integer> optedOutMinutesAgo, Optional<Integer> optedBackInMinutesAgo) {
        Booking booking() {
            return Booking.of("B1", "C1", "P1", NOW.minus(Duration.ofMinutes(confirmedMinutesAgo)));
        }

        Optional<Customer> customer() {
            Customer.Builder builder = Customer.builder("C1").name("Ann", "Lee");
            return customerKnown ? Optional.of((hasMobile ? builder.mobile(NUMBER) : builder).build()) : Optional.empty();
        }

        Optional<Performance> performance() {
            LocalDateTime start = LocalDateTime.ofInstant(NOW.plus(Duration.ofMinutes(startsInMinutes)), LONDON);
            Performance show = new Performance("P1", Event.of("E1", "Hamlet", Duration.ofHours(2)), start, cancelled,
                    RawAttributes.empty());
            return performanceKnown ? Optional.of(show) : Optional.empty();
        }

        ConsentHistory history() {
            List<ConsentRecord> records = new ArrayList<>();
            if (noticeSent) {
                records.add(new ConsentRecord.SoftOptInNoticeSent(NUMBER, NOW.minus(Duration.ofDays(30)), "r-1"));
            }
            optedOutMinutesAgo.ifPresent(m -> records.add(new ConsentRecord.OptedOut(NUMBER,
                    NOW.minus(Duration.ofMinutes(m)), ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP")));
            optedBackInMinutesAgo.ifPresent(m -> records.add(new ConsentRecord.OptedIn(NUMBER,
                    NOW.minus(Duration.ofMinutes(m)), "START")));
            return ConsentHistory.of(records);
        }

        boolean optedOutNow() {
            return history().stateAt(NOW).optedOut();
        }
    }

    @Provide
    Arbitrary<NoticeFacts> noticeFacts() {
        Arbitrary<Integer> aroundADay = Arbitraries.integers().between(0, 48 * 60)
                .edgeCases(edges -> edges.includeOnly(0, 24 * 60 - 1, 24 * 60, 24 * 60 + 1));
        Arbitrary<Integer> aroundTheStart = Arbitraries.integers().between(-240, 240).edgeCases(e -> e.includeOnly(-1, 0, 1));
        Arbitrary<Optional<Integer>> minutesAgo = Arbitraries.integers().between(-60, 600).optional(0.4);
        return Combinators.combine(aroundADay, Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), Arbitraries.of(false, true), aroundTheStart,
                        Arbitraries.of(false, true), Arbitraries.of(false, true))
                .flatAs((confirmed, customer, performance, mobile, cancelled, start, sent, claimed) ->
                        Combinators.combine(minutesAgo, minutesAgo).as((out, in) -> new NoticeFacts(confirmed, customer,
                                performance, mobile, cancelled, start, sent, claimed, out, in)));
    }

    Decision decide(NoticeFacts facts) {
        return NoticeEligibility.decide(facts.booking(), facts.customer(), facts.performance(), LONDON,
                phone -> facts.history(), key -> facts.claimed() && key.equals(NoticeEligibility.keyFor(NUMBER)), NOW);
    }

    @Property(tries = 2_000)
    @Label("a notice goes only for a fresh booking of a known, live, future show, to a mobile never noticed and not opted out")
    void noticeOnlyWhenEveryConditionHolds(@ForAll("noticeFacts") NoticeFacts facts) {
        Decision decision = decide(facts);
        Statistics.label("decision").collect(decision instanceof Decision.Skip skip ? skip.reason().name() : "SEND");
        boolean eligible = facts.confirmedMinutesAgo() <= 24 * 60 && facts.customerKnown() && facts.performanceKnown()
                && facts.hasMobile() && !facts.cancelled() && facts.startsInMinutes() > 0 && !facts.noticeSent()
                && !facts.claimed() && !facts.optedOutNow();
        assertThat(decision instanceof Decision.Send).as("%s gave %s", facts, decision).isEqualTo(eligible);
        if (decision instanceof Decision.Send send) {
            assertThat(send.deadline()).as("the notice may go until the show starts")
                    .isEqualTo(facts.performance().orElseThrow().startInstant(LONDON));
            assertThat(send.dueAt()).isEqualTo(NOW);
        }
    }

    @Property(tries = 2_000)
    @Label("a notice not sent always says why, and a number with its notice already is the only silent case")
    void everyNoSaysWhy(@ForAll("noticeFacts") NoticeFacts facts) {
        Decision decision = decide(facts);
        if (decision instanceof Decision.Skip skip) {
            assertThat(skip.explanation()).isNotBlank();
            if (skip.reason() == Reason.ALREADY_SENT) {
                assertThat(facts.noticeSent() || facts.claimed()).isTrue();
            }
            if (facts.optedOutNow() && facts.confirmedMinutesAgo() <= 24 * 60 && facts.customerKnown()
                    && facts.performanceKnown() && facts.hasMobile() && !facts.cancelled() && facts.startsInMinutes() > 0
                    && !facts.noticeSent() && !facts.claimed()) {
                assertThat(skip.reason()).isEqualTo(Reason.OPTED_OUT);
            }
        }
    }

    @Property(tries = 2_000)
    @Label("a reply goes only inside a conversation the number opened in the last 24 hours, never as marketing or after a STOP")
    void replies(@ForAll("kinds") MessageKind kind, @ForAll("minutesAgo") Optional<Integer> openedMinutesAgo,
                 @ForAll("minutesAgo") Optional<Integer> optedOutMinutesAgo) {
        List<ConsentRecord> records = new ArrayList<>();
        openedMinutesAgo.ifPresent(m -> records.add(new ConsentRecord.ConversationOpened(NUMBER,
                NOW.minus(Duration.ofMinutes(m)))));
        optedOutMinutesAgo.ifPresent(m -> records.add(new ConsentRecord.OptedOut(NUMBER, NOW.minus(Duration.ofMinutes(m)),
                ConsentRecord.OptOutSource.SMS_KEYWORD, false, "STOP")));
        ConsentHistory history = ConsentHistory.of(records);

        Optional<Decision.Skip> refused = ReplyEligibility.decide(NUMBER, kind, history.stateAt(NOW), NOW);

        boolean open = openedMinutesAgo.map(m -> m >= 0 && m < 24 * 60).orElse(false);
        boolean allowed = kind == MessageKind.TRANSACTIONAL && !history.stateAt(NOW).optedOut() && open;
        assertThat(refused.isEmpty()).as("%s opened %s opted out %s: %s", kind, openedMinutesAgo, optedOutMinutesAgo,
                refused).isEqualTo(allowed);
        if (kind == MessageKind.MARKETING) {
            assertThat(refused).hasValueSatisfying(skip -> assertThat(skip.reason()).isEqualTo(Reason.NO_MARKETING_CONSENT));
        }
    }

    @Provide
    Arbitrary<MessageKind> kinds() {
        return Arbitraries.of(MessageKind.class);
    }

    @Provide
    Arbitrary<Optional<Integer>> minutesAgo() {
        return Arbitraries.integers().between(-60, 48 * 60)
                .edgeCases(e -> e.includeOnly(-1, 0, 24 * 60 - 1, 24 * 60)).optional(0.7);
    }
}
