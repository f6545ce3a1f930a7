package io.crowdengage.sms;

import io.crowdengage.error.CrowdEngageException;

/** Thrown when text cannot be accepted as a mobile number. The message never contains the full number. */
public final class InvalidPhoneNumberException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** Why a number was refused. */
    public enum Reason {
        /** Nothing but whitespace was given. */
        BLANK,
        /** The text is not a telephone number at all (letters, too few digits). */
        NOT_A_NUMBER,
        /** The default region is not a known ISO 3166 region code. */
        UNKNOWN_REGION,
        /** It looks like a number but no such number can exist (unallocated range, wrong length). */
        INVALID,
        /** A real number that cannot receive SMS: a landline, freephone, premium rate, pager and so on. */
        NOT_MOBILE,
        /** Not in E.164 form where E.164 was required ({@code +} then 7 to 15 digits). */
        NOT_E164
    }

    private final Reason reason;

    InvalidPhoneNumberException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    protected String area() {
        return "PHONE_NUMBER";
    }
}
