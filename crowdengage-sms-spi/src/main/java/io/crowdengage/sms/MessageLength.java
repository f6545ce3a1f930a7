package io.crowdengage.sms;

import java.util.List;
import java.util.Objects;

/**
 * The measured size of an SMS text.
 *
 * @param encoding          GSM-7 when every character is in the GSM alphabet, otherwise UCS-2
 * @param characters        the number of Unicode code points in the text
 * @param units             septets (GSM-7, an extension character counts two) or UTF-16 code units (UCS-2)
 * @param segments          how many SMS segments the text takes; 0 for empty text
 * @param nonGsmCharacters  the distinct characters, in order of first appearance, that force UCS-2
 */
public record MessageLength(Encoding encoding, int characters, int units, int segments,
                            List<String> nonGsmCharacters) {
    public MessageLength {
        Objects.requireNonNull(encoding, "encoding");
        if (characters < 0 || units < 0 || segments < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        nonGsmCharacters = List.copyOf(nonGsmCharacters);
    }
}
