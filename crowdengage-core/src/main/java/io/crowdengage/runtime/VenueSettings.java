package io.crowdengage.runtime;

import io.crowdengage.consent.TicketingConsentRule;
import io.crowdengage.engine.QuietHours;
import io.crowdengage.error.ValidationException;
import io.crowdengage.internal.Checks;
import io.crowdengage.model.Venue;
import io.crowdengage.sms.InvalidPhoneNumberException;
import io.crowdengage.sms.KeywordClassifier;
import io.crowdengage.sms.PhoneNumber;
import io.crowdengage.sms.Sender;
import java.util.Optional;

/**
 * Everything venue-wide the runtime needs. Build with {@link #builder(Venue, Sender)}; the
 * defaults are documented on each builder method.
 *
 * @param venue              the venue (its zone reads starts, days and quiet hours)
 * @param sender             who messages come from: an alphanumeric id, a number or a short code
 * @param phoneRegion        the ISO 3166 region national numbers typed for this venue are read in, for
 *                           example {@code GB} (the simulator reads its customers' mobiles in it); checked
 *                           and upper-cased as {@link PhoneNumber#region} does
 * @param softOptIn          the soft opt-in notice
 * @param optOutFooter       appended to every marketing message
 * @param quietHours         optional daily quiet period
 * @param keywords           how inbound texts are classified (STOP, START, HELP)
 * @param ticketingConsent   ticketing preferences or tags that count as express marketing consent
 * @param optOutConfirmation the one-line reply to a STOP, or empty to send none
 * @param optInConfirmation  the one-line reply to a START, or empty to send none
 */
public record VenueSettings(Venue venue, Sender sender, String phoneRegion, SoftOptIn softOptIn, String optOutFooter,
                            Optional<QuietHours> quietHours, KeywordClassifier keywords,
                            TicketingConsentRule ticketingConsent, Optional<String> optOutConfirmation,
                            Optional<String> optInConfirmation) {
    /** The footer when none is configured. */
    public static final String DEFAULT_FOOTER = "Reply STOP to opt out";
    /** The STOP confirmation when none is configured. */
    public static final String DEFAULT_OPT_OUT_CONFIRMATION =
            "You have been unsubscribed and will receive no more texts from us. Reply START to resubscribe.";
    /** The START confirmation when none is configured. */
    public static final String DEFAULT_OPT_IN_CONFIRMATION =
            "You are subscribed again. Reply STOP to opt out.";
    /**
     * The STOP confirmation when none is configured and the sender cannot take replies (an
     * alphanumeric id): telling people to reply to it would offer what it cannot do.
     */
    public static final String DEFAULT_ONE_WAY_OPT_OUT_CONFIRMATION =
            "You have been unsubscribed and will receive no more texts from us.";
    /** The START confirmation when none is configured and the sender cannot take replies. */
    public static final String DEFAULT_ONE_WAY_OPT_IN_CONFIRMATION = "You are subscribed again.";

    public VenueSettings {
        Checks.notNull(venue, "venue");
        Checks.notNull(sender, "sender");
        Checks.notBlank(phoneRegion, "phoneRegion");
        try {
            phoneRegion = PhoneNumber.region(phoneRegion);
        } catch (InvalidPhoneNumberException e) {
            throw ValidationException.of(ValidationException.Reason.INVALID_CONFIGURATION, "phoneRegion", e.getMessage());
        }
        Checks.notNull(softOptIn, "softOptIn");
        Checks.notNull(optOutFooter, "optOutFooter");
        Checks.notNull(quietHours, "quietHours");
        Checks.notNull(keywords, "keywords");
        Checks.notNull(ticketingConsent, "ticketingConsent");
        Checks.notNull(optOutConfirmation, "optOutConfirmation");
        Checks.notNull(optInConfirmation, "optInConfirmation");
    }

    /** Starts settings for a venue sending from {@code sender}. */
    public static Builder builder(Venue venue, Sender sender) {
        return new Builder(venue, sender);
    }

    /** Builds {@link VenueSettings}. */
    public static final class Builder {
        private final Venue venue;
        private final Sender sender;
        private String phoneRegion = "GB";
        private SoftOptIn softOptIn = SoftOptIn.disabled();
        private String optOutFooter = DEFAULT_FOOTER;
        private Optional<QuietHours> quietHours = Optional.empty();
        private KeywordClassifier keywords = KeywordClassifier.english();
        private TicketingConsentRule ticketingConsent = TicketingConsentRule.none();
        private Optional<String> optOutConfirmation;
        private Optional<String> optInConfirmation;

        private Builder(Venue venue, Sender sender) {
            this.venue = venue;
            this.sender = sender;
            boolean twoWay = sender == null || sender.canReceiveReplies();
            this.optOutConfirmation = Optional.of(twoWay ? DEFAULT_OPT_OUT_CONFIRMATION : DEFAULT_ONE_WAY_OPT_OUT_CONFIRMATION);
            this.optInConfirmation = Optional.of(twoWay ? DEFAULT_OPT_IN_CONFIRMATION : DEFAULT_ONE_WAY_OPT_IN_CONFIRMATION);
        }

        /** The region national numbers are read in; default {@code GB}. */
        public Builder phoneRegion(String region) {
            this.phoneRegion = region;
            return this;
        }

        /** The soft opt-in notice; default disabled. */
        public Builder softOptIn(SoftOptIn softOptIn) {
            this.softOptIn = softOptIn;
            return this;
        }

        /** The marketing footer; default "Reply STOP to opt out". */
        public Builder optOutFooter(String footer) {
            this.optOutFooter = footer;
            return this;
        }

        /** Quiet hours; default none. */
        public Builder quietHours(QuietHours quietHours) {
            this.quietHours = Optional.of(quietHours);
            return this;
        }

        /** Inbound keyword lists; default English. */
        public Builder keywords(KeywordClassifier keywords) {
            this.keywords = keywords;
            return this;
        }

        /** Ticketing preferences or tags that count as express consent; default none. */
        public Builder ticketingConsent(TicketingConsentRule rule) {
            this.ticketingConsent = rule;
            return this;
        }

        /**
         * The reply to STOP; empty for none. Default: a one-line confirmation, which offers START by
         * reply only when the sender can take replies.
         */
        public Builder optOutConfirmation(Optional<String> text) {
            this.optOutConfirmation = text;
            return this;
        }

        /** The reply to START; empty for none. Default: a one-line confirmation, as for STOP. */
        public Builder optInConfirmation(Optional<String> text) {
            this.optInConfirmation = text;
            return this;
        }

        /** The settings. */
        public VenueSettings build() {
            return new VenueSettings(venue, sender, phoneRegion, softOptIn, optOutFooter, quietHours, keywords,
                    ticketingConsent, optOutConfirmation, optInConfirmation);
        }
    }
}
