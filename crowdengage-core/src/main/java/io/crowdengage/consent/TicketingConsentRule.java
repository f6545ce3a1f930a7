package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.Customer;
import java.util.Optional;
import java.util.Set;

/**
 * Which ticketing contact preferences or tags count as express consent to marketing by SMS, for
 * venues that collect it in their ticketing system (a Spektrix statement "Happy to receive texts
 * about offers", a tag "marketing consent"). Configure only preferences whose wording is consent
 * to SMS marketing: consent is specific to the channel. An opt-out in crowdengage's ledger always
 * wins over this.
 *
 * @param contactPreferences contact preference names that count as consent
 * @param tags               tag names that count as consent
 */
public record TicketingConsentRule(Set<String> contactPreferences, Set<String> tags) {
    private static final TicketingConsentRule NONE = new TicketingConsentRule(Set.of(), Set.of());

    public TicketingConsentRule {
        contactPreferences = Set.copyOf(Checks.noNullElements(contactPreferences, "contactPreferences"));
        tags = Set.copyOf(Checks.noNullElements(tags, "tags"));
    }

    /** Nothing in the ticketing system counts as consent. */
    public static TicketingConsentRule none() {
        return NONE;
    }

    /** What in this customer's record counts as consent, described for the audit trail; empty if nothing. */
    public Optional<String> evidence(Customer customer) {
        for (String preference : contactPreferences) {
            if (customer.contactPreferences().contains(preference)) {
                return Optional.of("ticketing contact preference '" + preference + "'");
            }
        }
        for (String tag : tags) {
            if (customer.tags().contains(tag)) {
                return Optional.of("ticketing tag '" + tag + "'");
            }
        }
        return Optional.empty();
    }
}
