package io.crowdengage.sms;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class PhoneNumberProperties {

    @Property
    void aMaskIsNeverLongerThanAnE164NumberPlusHowLongTheInputWas(
            @ForAll @CharRange(from = '0', to = '9') @StringLength(min = 6, max = 2000) String digits) {
        String mask = PhoneNumber.mask(digits);
        String masked = mask.split(" ", 2)[0];

        assertThat(masked).hasSizeLessThanOrEqualTo(16);
        assertThat(masked.replace("*", "")).as("digits shown").hasSize(5);
        assertThat(masked).startsWith(digits.substring(0, 2)).endsWith(digits.substring(digits.length() - 3));
        if (digits.length() > 16) {
            assertThat(mask).endsWith(" (" + digits.length() + " digits)");
        } else {
            assertThat(mask).isEqualTo(masked).hasSameSizeAs(digits);
        }
    }
}
