package io.crowdengage.showscore;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Pattern;

/**
 * Why and where a body is not JSON, without repeating any of it: Jackson's own message quotes the
 * offending token ("Unrecognized token 'Philippa'"), and an exception message ends up in a log.
 */
final class JsonErrors {
    /** A field name as Show-Score writes them ({@code review_url}); anything else is not repeated. */
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9_]{0,59}");

    private JsonErrors() {
    }

    /** "it ends early, at line 1, column 40 (JSON path /tokens/3/review_url)". */
    static String describe(JsonProcessingException e) {
        String what = e instanceof JsonEOFException ? "it ends early" : "it holds a character or token JSON does not allow";
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return what + where + " (JSON path " + path(e) + ")";
    }

    private static String path(JsonProcessingException e) {
        JsonParser parser = e instanceof StreamReadException read ? read.getProcessor() : null;
        if (parser == null || parser.getParsingContext() == null) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = parser.getParsingContext().pathAsPointer(); p != null && !p.matches(); p = p.tail()) {
            int index = p.getMatchingIndex();
            String name = p.getMatchingProperty();
            out.append('/').append(index >= 0 && index < 100_000 ? Integer.toString(index)
                    : FIELD_NAME.matcher(name).matches() ? name : "<field>");
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
