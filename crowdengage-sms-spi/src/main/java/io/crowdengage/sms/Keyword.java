package io.crowdengage.sms;

/** What an inbound text asks for, as {@link KeywordClassifier#classify(String)} reads it. */
public enum Keyword {
    /** An opt-out keyword is the whole text or its first word ("STOP", "stop please"). */
    OPT_OUT,
    /**
     * An opt-out keyword appears later in the text ("Please don't stop the show"). Treat it as an
     * opt-out and flag it for a person to review: failing closed is the rule.
     */
    OPT_OUT_PROBABLE,
    /** An opt-in keyword is the whole text ("START"). */
    OPT_IN,
    /** A help keyword is the whole text or its first word ("HELP"). */
    HELP,
    /** None of the above. */
    OTHER;

    /** True for {@link #OPT_OUT} and {@link #OPT_OUT_PROBABLE}: both stop messages to the sender. */
    public boolean isOptOut() {
        return this == OPT_OUT || this == OPT_OUT_PROBABLE;
    }
}
