package io.crowdengage.sms;

/** How an SMS is encoded on the air interface, which decides how many characters fit in a segment. */
public enum Encoding {
    /** The GSM 03.38 7-bit alphabet: 160 units in one segment, 153 per segment when split. */
    GSM_7,
    /** UTF-16 code units: 70 in one segment, 67 per segment when split. */
    UCS_2
}
