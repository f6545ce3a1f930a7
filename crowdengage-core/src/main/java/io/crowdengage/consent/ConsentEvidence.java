package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import java.util.Optional;

/**
 * What a business must keep to show that express consent was given: who, through which form or
 * source, from which address, and the words they agreed to. The time is on the record that holds
 * this evidence.
 *
 * @param source        where consent was collected, for example "website booking form" (required)
 * @param wording       the exact words the person agreed to (required)
 * @param name          the person's name, if collected
 * @param email         their email address, if collected
 * @param postalAddress their postal address, if collected
 * @param formReference the form or page reference, if any
 * @param ipAddress     the IP address the consent came from, if any
 */
public record ConsentEvidence(String source, String wording, Optional<String> name, Optional<String> email,
                              Optional<String> postalAddress, Optional<String> formReference,
                              Optional<String> ipAddress) {
    public ConsentEvidence {
        Checks.notBlank(source, "evidence.source");
        Checks.notBlank(wording, "evidence.wording");
        Checks.notNull(name, "evidence.name");
        Checks.notNull(email, "evidence.email");
        Checks.notNull(postalAddress, "evidence.postalAddress");
        Checks.notNull(formReference, "evidence.formReference");
        Checks.notNull(ipAddress, "evidence.ipAddress");
    }

    /** Evidence with only the required source and wording. */
    public static ConsentEvidence of(String source, String wording) {
        return new ConsentEvidence(source, wording, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
