package io.crowdengage.testkit.ticketing;

import io.crowdengage.internal.Checks;
import io.crowdengage.model.RawAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * A customer as the {@link TicketingSystemCompatibilityKit} asks a {@link TicketingFixture} to
 * create one: the fields a box office stores, with the mobile <em>as a person typed it</em>, so
 * that the kit can check how the system under test parses it.
 *
 * @param firstName     may be empty
 * @param lastName      may be empty
 * @param mobileAsTyped the mobile as entered at the box office, for example {@code "07400 123456"},
 *                      or empty for none; it may be invalid on purpose
 * @param raw           the ticketing system's own fields ({@code attribute_*} and so on) that must
 *                      come back verbatim in {@link io.crowdengage.model.Customer#raw()}
 */
public record CustomerSpec(String firstName, String lastName, Optional<String> mobileAsTyped, RawAttributes raw) {
    public CustomerSpec {
        Checks.notNull(firstName, "customerSpec.firstName");
        Checks.notNull(lastName, "customerSpec.lastName");
        Checks.notNull(mobileAsTyped, "customerSpec.mobileAsTyped");
        Checks.notNull(raw, "customerSpec.raw");
    }

    /**
     * A customer with a name, no mobile and no raw fields.
     *
     * @param firstName may be empty
     * @param lastName  may be empty
     * @return the spec
     */
    public static CustomerSpec named(String firstName, String lastName) {
        return new CustomerSpec(firstName, lastName, Optional.empty(), RawAttributes.empty());
    }

    /**
     * This spec with a mobile as a person typed it.
     *
     * @param typed for example {@code "07400 123456"} or {@code "+44 7400 123456"}; may be invalid on purpose
     * @return a copy with the mobile set
     */
    public CustomerSpec withMobile(String typed) {
        return new CustomerSpec(firstName, lastName, Optional.of(Checks.notNull(typed, "mobileAsTyped")), raw);
    }

    /**
     * This spec with the ticketing system's own fields.
     *
     * @param values JSON-like values by key, for example {@code attribute_Newsletter -> "weekly"}
     * @return a copy with the raw fields set
     */
    public CustomerSpec withRaw(Map<String, ?> values) {
        return new CustomerSpec(firstName, lastName, mobileAsTyped, RawAttributes.of(values));
    }
}
