package io.crowdengage.simulation;

import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.Returns;
import io.crowdengage.template.TemplateFunction;
import io.crowdengage.template.TemplateFunctions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Stand-ins for the partner functions templates call, so that a simulation renders real-looking
 * messages without contacting anyone. Every value is a pure function of its inputs, so the same
 * scenario always prints the same text (golden files stay stable).
 */
public final class ScenarioFunctions {
    private static final TemplateFunctions SIMULATED = TemplateFunctions.builder().register(new FakeShowScoreUrl()).build();

    private ScenarioFunctions() {
    }

    /**
     * The functions a simulation offers: {@code show_score_url(showScoreId)}, answering
     * {@code https://show-score.example/review/<showScoreId>?t=<token>} where the token is the first
     * 10 hex digits of SHA-256 of the ShowScoreID, the booking id and the step id. Like the real
     * partner link it differs per booking and per step.
     */
    public static TemplateFunctions simulated() {
        return SIMULATED;
    }

    /** The deterministic fake of Show-Score's partner-token link. */
    private static final class FakeShowScoreUrl implements TemplateFunction {
        @Override
        public String name() {
            return "show_score_url";
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public Returns returns() {
            // "https://show-score.example/review/" is 34 characters, "?t=" and the token 13 more.
            return Returns.url(52, 80);
        }

        /** The real function calls Show-Score; keeping the same answer keeps it out of previews and audiences here too. */
        @Override
        public boolean mayDoIo() {
            return true;
        }

        @Override
        public Object call(FunctionContext context, List<Object> arguments) {
            String showScoreId = String.valueOf(arguments.get(0));
            String step = context.step().map(Object::toString).orElse("");
            return "https://show-score.example/review/" + showScoreId + "?t="
                    + token(showScoreId + "|" + context.booking().id() + "|" + step);
        }

        private static String token(String input) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest).substring(0, 10);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }
}
