package io.crowdengage.twilio;

import java.util.function.UnaryOperator;

/** The contract with Advanced Opt-Out: Twilio names the keyword it answered in OptOutType. */
class TwilioAdvancedOptOutCompatibilityTest extends TwilioCompatibility {
    @Override
    TwilioRig startRig() {
        return TwilioRig.start(fake -> fake.keywordHandling(TwilioKeywordHandling.ADVANCED_OPT_OUT),
                UnaryOperator.identity());
    }
}
