package io.crowdengage.model;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A person who books tickets.
 *
 * @param id                 the ticketing system's id
 * @param firstName          may be empty, never null
 * @param lastName           may be empty, never null
 * @param mobile             the parsed mobile number, or empty when there is none or it was not a valid mobile
 * @param tags               ticketing tags and autotags, for example {@code Member}
 * @param attributes         customer attributes by name, for example {@code FirstVisit -> "true"}
 * @param contactPreferences the contact preferences (Spektrix "statements") the customer agreed to
 * @param memberships        names of the memberships the customer holds
 * @param visitHistory       first-time or returning visitor, if the ticketing system says
 * @param raw                the ticketing system's own fields, verbatim
 */
public record Customer(String id, String firstName, String lastName, Optional<PhoneNumber> mobile, Set<String> tags,
                       Map<String, String> attributes, Set<String> contactPreferences, Set<String> memberships,
                       VisitHistory visitHistory, RawAttributes raw) {
    public Customer {
        Checks.notBlank(id, "customer.id");
        Checks.notNull(firstName, "customer.firstName");
        Checks.notNull(lastName, "customer.lastName");
        Checks.notNull(mobile, "customer.mobile");
        tags = Set.copyOf(Checks.noNullElements(tags, "customer.tags"));
        attributes = Map.copyOf(Checks.noNullEntries(attributes, "customer.attributes"));
        contactPreferences = Set.copyOf(Checks.noNullElements(contactPreferences, "customer.contactPreferences"));
        memberships = Set.copyOf(Checks.noNullElements(memberships, "customer.memberships"));
        Checks.notNull(visitHistory, "customer.visitHistory");
        Checks.notNull(raw, "customer.raw");
    }

    /**
     * The id and the masked mobile only: a customer ends up in logs and exception messages, and the
     * rest (names, attributes, the ticketing system's raw fields, which may hold the number as typed)
     * is personal data that does not belong there.
     */
    @Override
    public String toString() {
        return "Customer[id=" + id + ", mobile=" + mobile.map(PhoneNumber::masked).orElse("none") + "]";
    }

    /** Starts a customer with the given id; everything else optional. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A copy to change a few fields. */
    public Builder toBuilder() {
        return new Builder(id).firstName(firstName).lastName(lastName).mobile(mobile).tags(tags)
                .attributes(attributes).contactPreferences(contactPreferences).memberships(memberships)
                .visitHistory(visitHistory).raw(raw);
    }

    /** Builds a {@link Customer}; fields not set are empty. */
    public static final class Builder {
        private final String id;
        private String firstName = "";
        private String lastName = "";
        private Optional<PhoneNumber> mobile = Optional.empty();
        private Set<String> tags = Set.of();
        private Map<String, String> attributes = Map.of();
        private Set<String> contactPreferences = Set.of();
        private Set<String> memberships = Set.of();
        private VisitHistory visitHistory = VisitHistory.UNKNOWN;
        private RawAttributes raw = RawAttributes.empty();

        private Builder(String id) {
            this.id = id;
        }

        public Builder firstName(String firstName) {
            this.firstName = firstName;
            return this;
        }

        public Builder lastName(String lastName) {
            this.lastName = lastName;
            return this;
        }

        public Builder name(String firstName, String lastName) {
            return firstName(firstName).lastName(lastName);
        }

        public Builder mobile(PhoneNumber mobile) {
            this.mobile = Optional.of(Checks.notNull(mobile, "customer.mobile"));
            return this;
        }

        public Builder mobile(Optional<PhoneNumber> mobile) {
            this.mobile = mobile;
            return this;
        }

        public Builder tags(Set<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder attributes(Map<String, String> attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder contactPreferences(Set<String> contactPreferences) {
            this.contactPreferences = contactPreferences;
            return this;
        }

        public Builder memberships(Set<String> memberships) {
            this.memberships = memberships;
            return this;
        }

        public Builder visitHistory(VisitHistory visitHistory) {
            this.visitHistory = visitHistory;
            return this;
        }

        public Builder raw(RawAttributes raw) {
            this.raw = raw;
            return this;
        }

        public Customer build() {
            return new Customer(id, firstName, lastName, mobile, tags, attributes, contactPreferences, memberships,
                    visitHistory, raw);
        }
    }
}
