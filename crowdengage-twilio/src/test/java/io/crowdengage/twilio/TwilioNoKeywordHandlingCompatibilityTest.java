package io.crowdengage.twilio;

import java.util.function.UnaryOperator;

/** The contract when Twilio answers no keywords (a standalone short code): no ANSWERS_KEYWORDS, no provider keyword. */
class TwilioNoKeywordHandlingCompatibilityTest extends TwilioCompatibility {
    @Override
    TwilioRig startRig() {
        return TwilioRig.start(fake -> fake.keywordHandling(TwilioKeywordHandling.NONE), UnaryOperator.identity());
    }
}
