package io.crowdengage.spektrix.testing;

import io.crowdengage.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer to seed into {@link FakeSpektrixServer}, as a box office would have entered it.
 *
 * @param firstName        may be empty
 * @param lastName         may be empty
 * @param email            may be empty
 * @param mobileAsTyped    the mobile exactly as typed ({@code "07400 123456"}), possibly invalid, or empty
 * @param tags             tag names; the server gives each a Spektrix-style id and lists it in {@code GET tags}
 * @param agreedStatements statement texts the customer agreed to; listed in {@code GET statements}
 * @param memberships      membership names, served as {@code subscriptions}
 * @param attributes       custom fields served as {@code attribute_{name}} keys (name without the prefix)
 */
public record FakeCustomer(String firstName, String lastName, String email, Optional<String> mobileAsTyped,
                           List<String> tags, List<String> agreedStatements, List<String> memberships,
                           Map<String, Object> attributes) {
    public FakeCustomer {
        Checks.notNull(firstName, "firstName");
        Checks.notNull(lastName, "lastName");
        Checks.notNull(email, "email");
        Checks.notNull(mobileAsTyped, "mobileAsTyped");
        tags = List.copyOf(tags);
        agreedStatements = List.copyOf(agreedStatements);
        memberships = List.copyOf(memberships);
        // Values may be JSON null (an empty date attribute), so no Map.copyOf here.
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A customer with a name and nothing else. */
    public static FakeCustomer named(String firstName, String lastName) {
        return new FakeCustomer(firstName, lastName, "", Optional.empty(), List.of(), List.of(), List.of(), Map.of());
    }

    /** With a mobile as typed. */
    public FakeCustomer withMobile(String typed) {
        return new FakeCustomer(firstName, lastName, email, Optional.of(typed), tags, agreedStatements, memberships,
                attributes);
    }

    /** With an email address. */
    public FakeCustomer withEmail(String address) {
        return new FakeCustomer(firstName, lastName, address, mobileAsTyped, tags, agreedStatements, memberships,
                attributes);
    }

    /** With one more tag. */
    public FakeCustomer withTag(String tag) {
        return new FakeCustomer(firstName, lastName, email, mobileAsTyped, plus(tags, tag), agreedStatements,
                memberships, attributes);
    }

    /** With one more agreed statement (contact preference). */
    public FakeCustomer withAgreedStatement(String text) {
        return new FakeCustomer(firstName, lastName, email, mobileAsTyped, tags, plus(agreedStatements, text),
                memberships, attributes);
    }

    /** With one more membership. */
    public FakeCustomer withMembership(String name) {
        return new FakeCustomer(firstName, lastName, email, mobileAsTyped, tags, agreedStatements,
                plus(memberships, name), attributes);
    }

    /** With a custom attribute, served as {@code attribute_{name}}. */
    public FakeCustomer withAttribute(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(attributes);
        more.put(name, value);
        return new FakeCustomer(firstName, lastName, email, mobileAsTyped, tags, agreedStatements, memberships, more);
    }

    private static List<String> plus(List<String> list, String value) {
        List<String> more = new ArrayList<>(list);
        more.add(Checks.notNull(value, "value"));
        return more;
    }
}
