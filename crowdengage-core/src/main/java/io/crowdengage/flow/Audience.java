package io.crowdengage.flow;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.VisitHistory;
import java.util.Objects;

/**
 * Who a step goes to: "all customers", or a rule over the customer and their booking built from
 * tags, attributes, contact preferences, memberships and visit history. The template package adds
 * rules written as Liquid conditions ({@code customer.tags contains "Member"}).
 *
 * <p>Implementations must be pure and thread-safe: the engine asks them many times, from any
 * thread, and expects the same answer for the same subject. An implementation that cannot decide
 * should answer false: a customer left out is a message not sent, which is the safe side.
 */
public interface Audience {

    /** Whether the subject is in this audience. */
    boolean includes(AudienceSubject subject);

    /** A short description for people: "customers tagged 'Member'". */
    String describe();

    /** Everyone who holds a live booking. */
    static Audience all() {
        return Rule.ALL;
    }

    /** Customers carrying the tag (exact, case-sensitive, as in the ticketing system). */
    static Audience hasTag(String tag) {
        Checks.notBlank(tag, "tag");
        return new Rule("customers tagged '" + tag + "'", s -> s.customer().tags().contains(tag));
    }

    /** Customers whose attribute {@code name} equals {@code value} exactly. */
    static Audience attributeEquals(String name, String value) {
        Checks.notBlank(name, "attribute name");
        Checks.notNull(value, "attribute value");
        return new Rule("customers whose attribute '" + name + "' is '" + value + "'",
                s -> value.equals(s.customer().attributes().get(name)));
    }

    /** Customers who have agreed to the contact preference (a Spektrix "statement"). */
    static Audience hasContactPreference(String preference) {
        Checks.notBlank(preference, "contact preference");
        return new Rule("customers who agreed to '" + preference + "'",
                s -> s.customer().contactPreferences().contains(preference));
    }

    /** Customers holding the membership. */
    static Audience hasMembership(String membership) {
        Checks.notBlank(membership, "membership");
        return new Rule("members of '" + membership + "'", s -> s.customer().memberships().contains(membership));
    }

    /** Customers the ticketing system reports as first-time visitors; unknown history does not match. */
    static Audience firstTimeVisitors() {
        return new Rule("first-time visitors", s -> s.customer().visitHistory() == VisitHistory.FIRST_TIME);
    }

    /** Customers the ticketing system reports as returning visitors; unknown history does not match. */
    static Audience returningVisitors() {
        return new Rule("returning visitors", s -> s.customer().visitHistory() == VisitHistory.RETURNING);
    }

    /** Both this and {@code other}. */
    default Audience and(Audience other) {
        Objects.requireNonNull(other, "other");
        Audience self = this;
        return new Rule("(" + describe() + ") and (" + other.describe() + ")",
                s -> self.includes(s) && other.includes(s));
    }

    /** This or {@code other}. */
    default Audience or(Audience other) {
        Objects.requireNonNull(other, "other");
        Audience self = this;
        return new Rule("(" + describe() + ") or (" + other.describe() + ")",
                s -> self.includes(s) || other.includes(s));
    }

    /** Everyone this audience leaves out. */
    default Audience negate() {
        Audience self = this;
        return new Rule("not (" + describe() + ")", s -> !self.includes(s));
    }

    /** The built-in rules: a description and a predicate. */
    final class Rule implements Audience {
        static final Rule ALL = new Rule("all customers", s -> true);

        private final String description;
        private final java.util.function.Predicate<AudienceSubject> predicate;

        private Rule(String description, java.util.function.Predicate<AudienceSubject> predicate) {
            this.description = description;
            this.predicate = predicate;
        }

        @Override
        public boolean includes(AudienceSubject subject) {
            return predicate.test(subject);
        }

        @Override
        public String describe() {
            return description;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
