package io.crowdengage.twilio;

/** The contract with Twilio's default keyword handling: Twilio answers whole-body STOP, START and HELP. */
class TwilioSmsProviderCompatibilityTest extends TwilioCompatibility {
    @Override
    TwilioRig startRig() {
        return TwilioRig.start();
    }
}
