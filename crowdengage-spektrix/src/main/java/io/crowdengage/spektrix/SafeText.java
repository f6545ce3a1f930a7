package io.crowdengage.spektrix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.crowdengage.internal.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Describes what Spektrix sent without repeating it: Spektrix's answers hold customers' names,
 * emails and mobiles, and an exception message ends up in a log. Errors in a body are told by the
 * JSON path and position; values by their type (a short date or number, masked, is shown).
 * Jackson's own messages are never used: they quote the offending token ("Unrecognized token
 * 'Philippa'").
 */
final class SafeText {
    /** A field name as Spektrix writes them (camelCase, {@code attribute_*}); anything else is not repeated. */
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,59}");
    /** What a date, a time or a small number looks like: no letters but T and Z, so no name fits. */
    private static final Pattern DATE_OR_NUMBER = Pattern.compile("[0-9TZ:.+\\-]{1,40}");
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int MAX_TITLE = 80;

    private SafeText() {
    }

    /** Why a body is not JSON, and where: "it ends early, inside a string, at line 1, column 28 (JSON path /firstName)". */
    static String jsonError(JsonProcessingException e) {
        String what;
        if (e instanceof JsonEOFException eof) {
            what = "it ends early" + (eof.getTokenBeingDecoded() == null ? ""
                    : ", inside " + tokenName(eof.getTokenBeingDecoded().name()) + ",");
        } else if (e instanceof JsonMappingException) {
            what = "it does not fit the expected shape";
        } else {
            what = "it holds a character or token JSON does not allow";
        }
        return what + location(e.getLocation()) + " (JSON path " + path(e) + ")";
    }

    /** A JSON value's kind, not its content: "an object", "a text of 12 characters"; short dates and numbers as they are, masked. */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array of " + value.size();
        }
        if (value.isNumber()) {
            return "the number " + shortValue(value.asText()).orElse("of " + value.asText().length() + " characters");
        }
        if (value.isTextual()) {
            return describeText(value.asText());
        }
        return "a " + value.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
    }

    /** A text from Spektrix by its length, or as it is (masked) when it looks like a date or a number. */
    static String describeText(String text) {
        return shortValue(text).map(v -> "'" + v + "'").orElse("a text of " + text.length() + " characters");
    }

    /** The {@code <title>} of an HTML page (a proxy's or Cloudflare's), masked and short, or "no title". */
    static String htmlTitle(byte[] body) {
        Matcher title = TITLE.matcher(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8));
        if (!title.find()) {
            return "no title";
        }
        String text = title.group(1).replaceAll("\\s+", " ").strip();
        if (text.length() > MAX_TITLE) {
            text = text.substring(0, MAX_TITLE) + "...";
        }
        return "titled '" + Redaction.personalData(text) + "'";
    }

    private static Optional<String> shortValue(String text) {
        return DATE_OR_NUMBER.matcher(text).matches()
                ? Optional.of(Redaction.personalData(text)) : Optional.empty();
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String path(JsonProcessingException e) {
        JsonPointer pointer = JsonPointer.empty();
        JsonParser parser = e instanceof StreamReadException read ? read.getProcessor() : null;
        if (parser != null && parser.getParsingContext() != null) {
            pointer = parser.getParsingContext().pathAsPointer();
        } else if (e instanceof JsonMappingException mapping) {
            return mapping.getPath().stream().map(ref -> ref.getFieldName() != null
                            ? "/" + field(ref.getFieldName()) : "/" + ref.getIndex())
                    .reduce("", String::concat).transform(p -> p.isEmpty() ? "/" : p);
        }
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            int index = p.getMatchingIndex();
            out.append('/').append(index >= 0 && index < 100_000 ? Integer.toString(index) : field(p.getMatchingProperty()));
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String field(String name) {
        return FIELD_NAME.matcher(name).matches() ? name : "<field>";
    }

    private static String tokenName(String token) {
        return switch (token) {
            case "VALUE_STRING" -> "a string";
            case "FIELD_NAME" -> "a field name";
            case "START_OBJECT" -> "an object";
            case "START_ARRAY" -> "an array";
            default -> "a value";
        };
    }
}
