package io.crowdengage.engine;

import io.crowdengage.consent.TicketingConsentRule;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Venue;
import java.util.Optional;

/**
 * The venue-wide settings the engine applies to every step.
 *
 * @param venue            the venue; its zone gives calendar days, local start times and quiet hours
 * @param quietHours       optional daily quiet period
 * @param ticketingConsent which ticketing preferences or tags count as express marketing consent
 */
public record EngineSettings(Venue venue, Optional<QuietHours> quietHours, TicketingConsentRule ticketingConsent) {
    public EngineSettings {
        Checks.notNull(venue, "venue");
        Checks.notNull(quietHours, "quietHours");
        Checks.notNull(ticketingConsent, "ticketingConsent");
    }

    /** Settings with no quiet hours and no ticketing consent rule. */
    public static EngineSettings of(Venue venue) {
        return new EngineSettings(venue, Optional.empty(), TicketingConsentRule.none());
    }

    /** These settings with quiet hours. */
    public EngineSettings withQuietHours(QuietHours quietHours) {
        return new EngineSettings(venue, Optional.of(quietHours), ticketingConsent);
    }

    /** These settings with a ticketing consent rule. */
    public EngineSettings withTicketingConsent(TicketingConsentRule rule) {
        return new EngineSettings(venue, quietHours, rule);
    }
}
