package io.crowdengage.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable mobile number in E.164 form ({@code +447400123456}): the key of every consent and
 * send record.
 *
 * <p>Parse what people type with {@link #parse(String, String)}: {@code 07400 123456} with region
 * {@code GB} becomes {@code +447400123456}. Landlines, freephone and premium numbers, and numbers
 * that cannot exist are refused with an {@link InvalidPhoneNumberException} whose
 * {@link InvalidPhoneNumberException#reason() reason} says why. North American numbers, which
 * cannot be told apart from landlines offline, are accepted.
 *
 * <p>{@link #toString()} is masked ({@code +44*******456}) so that a number logged by accident
 * does not leak; {@link #e164()} gives the full value.
 */
public record PhoneNumber(String e164) implements Comparable<PhoneNumber> {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LETTERS = Pattern.compile(".*\\p{L}.*");
    /** Ofcom reserves 07700 900000 to 900999 for TV and radio drama; libphonenumber calls them invalid. */
    private static final Pattern UK_DRAMA_MOBILE = Pattern.compile("\\+447700900[0-9]{3}");
    /** The longest E.164 number, {@code +} and 15 digits: no mask is longer. */
    private static final int MAX_MASK_LENGTH = 16;
    private static final Pattern ALL_DIGITS = Pattern.compile("\\+?[0-9]+");

    /** Validates the E.164 shape only; use {@link #parse} for text typed by a person. */
    public PhoneNumber {
        Objects.requireNonNull(e164, "e164");
        if (!E164.matcher(e164).matches()) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.NOT_E164,
                    "phone number " + quoted(e164) + " is not in E.164 form (+ then 7 to 15 digits)");
        }
    }

    /**
     * A number already in E.164 form, for example read back from a store. Only the shape is checked.
     *
     * @throws InvalidPhoneNumberException with reason NOT_E164 if the shape is wrong
     */
    public static PhoneNumber ofE164(String e164) {
        return new PhoneNumber(e164);
    }

    /**
     * Parses a mobile number as a person typed it, national numbers being read in {@code defaultRegion}.
     *
     * @param text          for example {@code "07400 123456"}, {@code "+44 7400 123456"}, {@code "(0)7400-123-456"}
     * @param defaultRegion ISO 3166 two-letter code of the venue's country, for example {@code "GB"}
     * @throws InvalidPhoneNumberException naming the reason, with the number masked
     */
    public static PhoneNumber parse(String text, String defaultRegion) {
        Objects.requireNonNull(text, "text");
        String region = region(defaultRegion);
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.BLANK, "phone number is blank");
        }
        if (LETTERS.matcher(trimmed).matches()) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.NOT_A_NUMBER,
                    "phone number " + quoted(compact(trimmed)) + " contains letters");
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = util.parse(trimmed, region);
        } catch (NumberParseException e) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.NOT_A_NUMBER,
                    "phone number " + quoted(compact(trimmed)) + " is not a telephone number ("
                            + e.getErrorType().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        String e164 = util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
        if (!util.isValidNumber(parsed)) {
            if (UK_DRAMA_MOBILE.matcher(e164).matches()) {
                throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.INVALID,
                        "phone number " + quoted(e164) + " is in Ofcom's drama range (07700 900000 to 07700 900999),"
                                + " reserved for fiction: it can never receive SMS; use a real-looking test"
                                + " number such as 07400 123456");
            }
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.INVALID,
                    "phone number " + quoted(e164) + " is not a valid number in any numbering plan");
        }
        PhoneNumberType type = util.getNumberType(parsed);
        if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.NOT_MOBILE,
                    "phone number " + quoted(e164) + " is a " + describe(type) + " number and cannot receive SMS");
        }
        return new PhoneNumber(e164);
    }

    /**
     * The region national numbers are read in, as {@link #parse} takes it: an ISO 3166 two-letter code
     * such as {@code GB}, in any case and with surrounding spaces, returned in upper case. This is the
     * rule for every setting that names a phone region.
     *
     * @throws InvalidPhoneNumberException with reason UNKNOWN_REGION for anything else ({@code UK}, {@code GBR})
     */
    public static String region(String region) {
        Objects.requireNonNull(region, "region");
        String code = region.strip().toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(code)) {
            throw new InvalidPhoneNumberException(InvalidPhoneNumberException.Reason.UNKNOWN_REGION,
                    "region '" + region + "' is not a supported ISO 3166 region code; use the venue's two-letter"
                            + " country code, such as GB");
        }
        return code;
    }

    /** Like {@link #parse} but answers empty instead of throwing, for data where a bad number is expected. */
    public static Optional<PhoneNumber> tryParse(String text, String defaultRegion) {
        try {
            return Optional.of(parse(text, defaultRegion));
        } catch (InvalidPhoneNumberException e) {
            return Optional.empty();
        }
    }

    /** The country calling code, for example 44. */
    public int countryCode() {
        try {
            return PhoneNumberUtil.getInstance().parse(e164, "ZZ").getCountryCode();
        } catch (NumberParseException e) {
            throw new IllegalStateException("an E.164 value could not be re-parsed: " + masked(), e);
        }
    }

    /** The number with all but the country prefix and the last three digits hidden: {@code +44*******456}. */
    public String masked() {
        return mask(e164);
    }

    /** Masked, never the full number: see {@link #e164()} for that. */
    @Override
    public String toString() {
        return masked();
    }

    @Override
    public int compareTo(PhoneNumber other) {
        return e164.compareTo(other.e164);
    }

    /**
     * Masks a phone-number-like string for messages and logs: keeps a leading {@code +} and up to two
     * digits, and the last three digits. The mask is never longer than an E.164 number (16
     * characters): a longer string (pasted junk, a 500-digit typo) is masked to that length and
     * followed by how long it was, {@code +44**********444 (500 digits)}, so that a message stays
     * readable and still says what was wrong.
     */
    public static String mask(String number) {
        return number == null ? "null" : maskedPart(number) + lengthNote(number);
    }

    /** {@code '+44*******456'}, or {@code '+44**********444' (500 digits)} for a string longer than E.164. */
    private static String quoted(String number) {
        return "'" + maskedPart(number) + "'" + lengthNote(number);
    }

    private static String maskedPart(String number) {
        int length = number.length();
        if (length <= 5) {
            return "*".repeat(length);
        }
        int keepStart = number.startsWith("+") ? 3 : 2;
        keepStart = Math.min(keepStart, length - 3);
        int hidden = Math.min(length, MAX_MASK_LENGTH) - keepStart - 3;
        return number.substring(0, keepStart) + "*".repeat(hidden) + number.substring(length - 3);
    }

    private static String lengthNote(String number) {
        if (number.length() <= MAX_MASK_LENGTH) {
            return "";
        }
        if (ALL_DIGITS.matcher(number).matches()) {
            return " (" + (number.length() - (number.startsWith("+") ? 1 : 0)) + " digits)";
        }
        return " (" + number.length() + " characters)";
    }

    /** The number as typed without spaces, brackets, dots and dashes. */
    private static String compact(String text) {
        return text.replaceAll("[\\s().-]", "");
    }

    private static String describe(PhoneNumberType type) {
        switch (type) {
            case FIXED_LINE:
                return "landline";
            case TOLL_FREE:
                return "freephone";
            case PREMIUM_RATE:
                return "premium-rate";
            case SHARED_COST:
                return "shared-cost";
            case UAN:
                return "non-geographic (UAN)";
            case PAGER:
                return "pager";
            case PERSONAL_NUMBER:
                return "personal (follow-me)";
            case VOIP:
                return "VoIP";
            case VOICEMAIL:
                return "voicemail";
            default:
                return "non-mobile";
        }
    }
}
