package io.crowdengage.model;

/**
 * Whether a customer has been before, as far as the ticketing system's booking history tells.
 * Audience rules that ask for first-time or returning visitors do not match {@link #UNKNOWN}.
 */
public enum VisitHistory {
    /** This booking is the customer's first. */
    FIRST_TIME,
    /** The customer has attended before. */
    RETURNING,
    /** The ticketing system did not say. */
    UNKNOWN
}
