package io.crowdengage.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdengage.model.Booking;
import io.crowdengage.model.Customer;
import io.crowdengage.model.Event;
import io.crowdengage.model.Performance;
import io.crowdengage.model.Venue;
import io.crowdengage.model.VisitHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Audiences")
class AudienceTest {
    static final Venue VENUE = new Venue("V", "Venue", ZoneId.of("Europe/London"));
    static final Performance PERFORMANCE = Performance.of("P1", Event.of("E1", "Hamlet", Duration.ofHours(2)),
            LocalDateTime.parse("2026-03-28T19:30:00"));

    static AudienceSubject subject(Customer customer) {
        return new AudienceSubject(customer, Booking.of("B1", customer.id(), "P1", Instant.EPOCH), PERFORMANCE, VENUE);
    }

    @Test
    @DisplayName("segment on tags, attributes, contact preferences, memberships and visit history")
    void segments() {
        Customer member = Customer.builder("C1").tags(Set.of("Member")).attributes(Map.of("FirstVisit", "true"))
                .contactPreferences(Set.of("Offers")).memberships(Set.of("Friends")).visitHistory(VisitHistory.RETURNING)
                .build();
        Customer stranger = Customer.builder("C2").build();
        assertThat(Audience.all().includes(subject(stranger))).isTrue();
        assertThat(Audience.hasTag("Member").includes(subject(member))).isTrue();
        assertThat(Audience.hasTag("Member").includes(subject(stranger))).isFalse();
        assertThat(Audience.hasTag("member").includes(subject(member))).as("tags are exact").isFalse();
        assertThat(Audience.attributeEquals("FirstVisit", "true").includes(subject(member))).isTrue();
        assertThat(Audience.hasContactPreference("Offers").includes(subject(member))).isTrue();
        assertThat(Audience.hasMembership("Friends").includes(subject(member))).isTrue();
        assertThat(Audience.returningVisitors().includes(subject(member))).isTrue();
        assertThat(Audience.firstTimeVisitors().includes(subject(member))).isFalse();
        assertThat(Audience.firstTimeVisitors().includes(subject(stranger))).as("unknown history matches neither").isFalse();
        assertThat(Audience.returningVisitors().includes(subject(stranger))).isFalse();
    }

    @Test
    @DisplayName("combine with and, or and not, and describe themselves")
    void combinations() {
        Customer member = Customer.builder("C1").tags(Set.of("Member")).build();
        Audience notMembers = Audience.hasTag("Member").negate();
        assertThat(notMembers.includes(subject(member))).isFalse();
        assertThat(Audience.hasTag("Member").and(Audience.hasTag("VIP")).includes(subject(member))).isFalse();
        assertThat(Audience.hasTag("Member").or(Audience.hasTag("VIP")).includes(subject(member))).isTrue();
        assertThat(notMembers.describe()).isEqualTo("not (customers tagged 'Member')");
    }

    @Test
    @DisplayName("performance filters select by event and by event attribute")
    void performanceFilters() {
        Performance withId = Performance.of("P2", new Event("E2", "Show", Duration.ofHours(2),
                io.crowdengage.model.RawAttributes.of(Map.of("attribute_ShowScoreID", "12345"))), PERFORMANCE.localStart());
        Performance blankId = Performance.of("P3", new Event("E3", "Show", Duration.ofHours(2),
                io.crowdengage.model.RawAttributes.of(Map.of("attribute_ShowScoreID", ""))), PERFORMANCE.localStart());
        PerformanceFilter showScore = PerformanceFilter.eventHasAttribute("attribute_ShowScoreID");
        assertThat(showScore.matches(withId)).isTrue();
        assertThat(showScore.matches(blankId)).as("a blank attribute is absent").isFalse();
        assertThat(showScore.matches(PERFORMANCE)).isFalse();
        assertThat(PerformanceFilter.ofEvent("E1").matches(PERFORMANCE)).isTrue();
        assertThat(PerformanceFilter.ofEvent("E1").matches(withId)).isFalse();
        assertThat(PerformanceFilter.allLive().matches(withId)).isTrue();
    }
}
