package io.crowdengage.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdengage.runtime.DecisionEvent;

/**
 * The simulator's output format: one JSON object a line, fields in a fixed order, numbers
 * unmasked (a simulation holds no real customer). Documented in docs/scenario-format.md.
 */
public final class DecisionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionJson() {
    }

    /** One decision as a JSON Lines line, without the line break. */
    public static String line(DecisionEvent e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("at", e.at().toString());
        node.put("outcome", e.outcome().name());
        putOrNull(node, "reason", e.reason().map(Enum::name).orElse(null));
        node.put("kind", e.purpose().name());
        putOrNull(node, "step", e.step().map(Object::toString).orElse(null));
        putOrNull(node, "performance", e.performance().orElse(null));
        putOrNull(node, "customer", e.customer().orElse(null));
        putOrNull(node, "to", e.to().map(n -> n.e164()).orElse(null));
        putOrNull(node, "body", e.body().orElse(null));
        node.put("segments", e.segments());
        putOrNull(node, "encoding", e.encoding().map(Enum::name).orElse(null));
        node.put("detail", e.detail());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a tree of strings and numbers could not be written", impossible);
        }
    }

    private static void putOrNull(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
