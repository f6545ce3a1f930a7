package io.crowdengage.sms;

import io.crowdengage.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A text someone sent to one of our numbers or short codes: a STOP, a HELP, a reply.
 *
 * @param from            who sent it
 * @param to              the number or short code it was sent to, as the provider gave it; not blank
 * @param body            the text; may be empty, since an empty SMS can be sent
 * @param receivedAt      when the provider received it
 * @param providerKeyword how the provider itself read and acted on the text, when it did: {@link Keyword#OPT_OUT}
 *                        (it has put the number on its own opt-out list and answered), {@link Keyword#OPT_IN}
 *                        (taken it off and answered) or {@link Keyword#HELP} (answered with its help text).
 *                        Empty when the provider did nothing with it, or cannot say. Only providers that
 *                        declare {@link Capability#ANSWERS_KEYWORDS} set it. Our own reading of the body
 *                        ({@link #keyword(KeywordClassifier)}) is separate and may differ: providers match
 *                        whole bodies, we read more.
 */
public record InboundSms(PhoneNumber from, String to, String body, Instant receivedAt, Optional<Keyword> providerKeyword) {

    /** Validates that every field is present, {@code to} is not blank and a provider keyword is one a provider acts on. */
    public InboundSms {
        Checks.notNull(from, "from");
        Checks.notBlank(to, "to");
        Checks.notNull(body, "body");
        Checks.notNull(receivedAt, "receivedAt");
        Checks.notNull(providerKeyword, "providerKeyword");
        providerKeyword.ifPresent(keyword -> Checks.require(
                keyword == Keyword.OPT_OUT || keyword == Keyword.OPT_IN || keyword == Keyword.HELP, "providerKeyword",
                () -> "must be OPT_OUT, OPT_IN or HELP (what a provider acts on) but was " + keyword));
    }

    /** A text the provider did nothing with itself: no {@link #providerKeyword()}. */
    public InboundSms(PhoneNumber from, String to, String body, Instant receivedAt) {
        this(from, to, body, receivedAt, Optional.empty());
    }

    /** Classifies the body with {@code classifier}. */
    public Keyword keyword(KeywordClassifier classifier) {
        return Checks.notNull(classifier, "classifier").classify(body);
    }

    /** Whether the provider already answered this text as {@code keyword}, so that we must not answer it too. */
    public boolean answeredByProviderAs(Keyword keyword) {
        return providerKeyword.filter(Checks.notNull(keyword, "keyword")::equals).isPresent();
    }

    /** Masks the sender's number. */
    @Override
    public String toString() {
        return "InboundSms[from=" + from.masked() + ", to=" + to + ", body=" + body.length() + " chars, receivedAt="
                + receivedAt + providerKeyword.map(k -> ", providerKeyword=" + k).orElse("") + "]";
    }
}
