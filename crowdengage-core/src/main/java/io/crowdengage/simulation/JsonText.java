package io.crowdengage.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdengage.error.ValidationException.Problem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of a scenario file: bytes to characters, characters to a JSON tree, with every mistake
 * reported in the scenario's own terms rather than the JSON library's.
 *
 * <p>A problem names the path of the field it is in ({@code venue.timeZone}), its line and column,
 * what was expected there and what was found: {@code venue.timeZone: line 3, column 17: not valid
 * JSON: expected a value (...) but found '}'}. A syntax error stops the reading (what follows it
 * cannot be understood); duplicated fields do not, so that all of them are reported at once.
 *
 * <p>The grammar is RFC 8259 JSON, nothing more: no comments, no single quotes, no trailing commas,
 * no NaN. A UTF-8 byte-order mark at the start is accepted and ignored, as editors on Windows write
 * one.
 */
final class JsonText {
    /** Nesting deeper than this is refused: a scenario nests six deep, and recursion must stay bounded. */
    static final int MAX_DEPTH = 100;

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int MAX_ENCODING_PROBLEMS = 10;
    private static final int MAX_SHOWN = 30;
    private static final String A_VALUE =
            "a value (a string in double quotes, a number, true, false, null, an object or an array)";
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_+\\-.]");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private final List<Problem> problems = new ArrayList<>();
    private int pos;

    /** Thrown inside the reader to stop at a syntax error, which is already recorded. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private JsonText(String text) {
        this.text = text;
    }

    // ------------------------------------------------------------------ bytes to text

    /**
     * The file's bytes as UTF-8 text, or the problems: a file in UTF-16 or UTF-32 (said so by its
     * byte-order mark), and every byte sequence that is not UTF-8 (up to ten), each with its line,
     * column and byte offset.
     */
    static Decoded decode(byte[] bytes) {
        Optional<String> otherEncoding = otherEncoding(bytes);
        if (otherEncoding.isPresent()) {
            return new Decoded(Optional.empty(), List.of("the file is " + otherEncoding.get() + " (it starts with"
                    + " that encoding's byte-order mark); save it as UTF-8"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        List<String> problems = new ArrayList<>();
        int bad = 0;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            if (result.isError()) {
                if (bad++ < MAX_ENCODING_PROBLEMS) {
                    problems.add(encodingProblem(bytes, in.position(), result.length(), out));
                }
                out.put('\uFFFD');
                in.position(in.position() + result.length());
            } else {
                throw new IllegalStateException("a buffer as long as the input overflowed: " + result);
            }
        }
        decoder.flush(out);
        if (bad > MAX_ENCODING_PROBLEMS) {
            problems.add("and " + (bad - MAX_ENCODING_PROBLEMS) + " more places that are not UTF-8");
        }
        if (!problems.isEmpty()) {
            return new Decoded(Optional.empty(), problems);
        }
        out.flip();
        return new Decoded(Optional.of(out.toString()), List.of());
    }

    /**
     * The text of a file, or why there is none.
     *
     * @param text     the text, when the file is UTF-8
     * @param problems otherwise, what is wrong with it
     */
    record Decoded(Optional<String> text, List<String> problems) {
    }

    private static Optional<String> otherEncoding(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
            return Optional.of("UTF-32 (big-endian)");
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
            return Optional.of("UTF-32 (little-endian)");
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return Optional.of("UTF-16 (big-endian)");
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return Optional.of("UTF-16 (little-endian)");
        }
        return Optional.empty();
    }

    private static String encodingProblem(byte[] bytes, int offset, int length, CharBuffer decodedSoFar) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        // The column counts characters, as an editor does: the decoded text since the line began.
        String decoded = decodedSoFar.duplicate().flip().toString();
        int lineStartInText = decoded.lastIndexOf('\n') + 1;
        int column = decoded.codePointCount(lineStartInText, decoded.length()) + 1;
        StringBuilder shown = new StringBuilder();
        for (int i = offset; i < Math.min(bytes.length, offset + length); i++) {
            shown.append(shown.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i] & 0xFF));
        }
        return "line " + line + ", column " + column + " (byte " + offset + "): not valid UTF-8: "
                + (length == 1 ? "the byte " : "the bytes ") + shown + " cannot be read as UTF-8; save the file as"
                + " UTF-8";
    }

    // ------------------------------------------------------------------ text to tree

    /**
     * The JSON tree of {@code text}, or the problems: the first syntax error, or every duplicated
     * field. A leading byte-order mark is skipped. Empty text gives an empty tree and no problems.
     */
    static Parsed parse(String text) {
        String json = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        JsonText reader = new JsonText(json);
        Optional<JsonNode> root = Optional.empty();
        try {
            reader.skipWhitespace();
            if (reader.pos < json.length()) {
                JsonNode value = reader.value("", 0);
                int end = reader.pos;
                reader.skipWhitespace();
                if (reader.pos < json.length()) {
                    reader.fail("", "the end of the file after the scenario, which ends at "
                            + reader.position(end - 1) + ",", "");
                }
                root = Optional.of(value);
            }
        } catch (Stop stop) {
            return new Parsed(Optional.empty(), reader.problems);
        }
        return new Parsed(reader.problems.isEmpty() ? root : Optional.empty(), reader.problems);
    }

    /**
     * A parse: the tree, or the problems.
     *
     * @param root     the tree; empty for empty text or when there are problems
     * @param problems what is wrong, each with its path
     */
    record Parsed(Optional<JsonNode> root, List<Problem> problems) {
    }

    private JsonNode value(String path, int depth) {
        skipWhitespace();
        if (pos >= text.length()) {
            fail(path, A_VALUE, "");
        }
        char c = text.charAt(pos);
        if (c == '{' || c == '[') {
            if (depth >= MAX_DEPTH) {
                stop(path, pos, "nested more than " + MAX_DEPTH + " deep, far deeper than any scenario");
            }
            return c == '{' ? object(path, depth + 1) : array(path, depth + 1);
        }
        if (c == '"') {
            return NODES.textNode(string(path));
        }
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            return number(path);
        }
        for (String literal : List.of("true", "false", "null")) {
            if (text.startsWith(literal, pos) && !continuesWord(pos + literal.length())) {
                pos += literal.length();
                return literal.equals("null") ? NODES.nullNode() : NODES.booleanNode(literal.equals("true"));
            }
        }
        return fail(path, A_VALUE, "");
    }

    private ObjectNode object(String path, int depth) {
        int open = pos;
        pos++;
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> seen = new HashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length()) {
                unclosed(path, open, "a field name in double quotes, or '}' to end the object");
            }
            if (peek() != '"') {
                boolean afterComma = !seen.isEmpty();
                fail(path, afterComma ? "a field name in double quotes after ','" : "a field name in double quotes,"
                        + " or '}' to end the object", afterComma && peek() == '}' ? "; remove the ',' after the last"
                        + " field" : isWordStart(peek()) ? "; field names are written in double quotes, as in \""
                        + word(pos) + "\"" : "");
            }
            int nameAt = pos;
            String name = string(path);
            String fieldPath = Problems.join(path, name);
            skipWhitespace();
            if (peek() != ':') {
                if (pos >= text.length()) {
                    unclosed(path, open, "':' after the field name \"" + name + "\"");
                }
                fail(fieldPath, "':' after the field name \"" + name + "\"", "");
            }
            pos++;
            skipWhitespace();
            if (pos >= text.length()) {
                unclosed(fieldPath, open, A_VALUE);
            }
            JsonNode value = value(fieldPath, depth);
            Integer first = seen.putIfAbsent(name, nameAt);
            if (first != null) {
                problems.add(new Problem(fieldPath, position(nameAt) + ": duplicate field '" + name
                        + "'; it is already given at " + position(first) + ", and only one can count"));
            } else {
                object.set(name, value);
            }
            skipWhitespace();
            if (pos >= text.length()) {
                unclosed(path, open, "',' or '}' after the value of \"" + name + "\"");
            }
            char next = peek();
            if (next == ',') {
                pos++;
            } else if (next == '}') {
                pos++;
                return object;
            } else {
                fail(path, "',' or '}' after the value of \"" + name + "\"", next == '"' || isWordStart(next)
                        ? "; is a ',' missing?" : "");
            }
        }
    }

    private ArrayNode array(String path, int depth) {
        int open = pos;
        pos++;
        ArrayNode array = NODES.arrayNode();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return array;
        }
        while (true) {
            String elementPath = Problems.index(path, array.size());
            skipWhitespace();
            if (pos >= text.length()) {
                unclosed(elementPath, open, array.isEmpty() ? "a value, or ']' to end the array" : A_VALUE);
            }
            if (peek() == ']' && !array.isEmpty()) {
                fail(elementPath, A_VALUE + " after ','", "; remove the ',' after the last element");
            }
            array.add(value(elementPath, depth));
            skipWhitespace();
            if (pos >= text.length()) {
                unclosed(path, open, "',' or ']' after " + elementPath);
            }
            char next = peek();
            if (next == ',') {
                pos++;
            } else if (next == ']') {
                pos++;
                return array;
            } else {
                fail(path, "',' or ']' after " + elementPath, next == '"' || next == '{' || isWordStart(next)
                        ? "; is a ',' missing?" : "");
            }
        }
    }

    /** A string starting at the current {@code "}; its problems point at the character at fault. */
    private String string(String path) {
        int open = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                stop(path, open, "the text that starts here is never closed with '\"'");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return value.toString();
            }
            if (c == '\n' || c == '\r') {
                stop(path, open, "the text that starts here is not closed with '\"' before the end of its line;"
                        + " a line break inside a text is written \\n");
            }
            if (c < 0x20) {
                stop(path, pos, "a raw " + (c == '\t' ? "tab" : "control character (U+" + hex(c) + ")")
                        + " inside a text; write it as " + (c == '\t' ? "\\t" : "\\u" + hex(c)));
            }
            if (c != '\\') {
                value.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                stop(path, open, "the text that starts here is never closed with '\"'");
            }
            char escaped = text.charAt(pos + 1);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> {
                    String digits = text.substring(pos + 2, Math.min(text.length(), pos + 6));
                    if (!digits.matches("[0-9A-Fa-f]{4}")) {
                        stop(path, pos, "'\\u" + shown(digits) + "' is not an escape: \\u is followed by four"
                                + " hexadecimal digits, as in \\u00e9");
                    }
                    value.append((char) Integer.parseInt(digits, 16));
                    pos += 4;
                }
                default -> stop(path, pos, "'\\" + escaped + "' is not an escape; a backslash itself is written"
                        + " \\\\, and the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
            pos += 2;
        }
    }

    private JsonNode number(String path) {
        int start = pos;
        int end = pos;
        while (end < text.length() && isWordPart(text.charAt(end))) {
            end++;
        }
        String literal = text.substring(start, end);
        if (!NUMBER.matcher(literal).matches()) {
            stop(path, start, "'" + shown(literal) + "' is not a number: numbers are written like 180, -5, 2.5"
                    + " or 1e-3, with no leading zeros, no '+' and digits after a '.'");
        }
        pos = end;
        if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
            BigInteger whole = new BigInteger(literal);
            if (whole.bitLength() < 32) {
                return NODES.numberNode(whole.intValue());
            }
            return whole.bitLength() < 64 ? NODES.numberNode(whole.longValue()) : NODES.numberNode(whole);
        }
        BigDecimal exact = new BigDecimal(literal);
        double approximate = exact.doubleValue();
        // Beyond a double's range the exact value is kept, so that a message shows it rather than Infinity.
        return Double.isInfinite(approximate) ? NODES.numberNode(exact) : NODES.numberNode(approximate);
    }

    // ------------------------------------------------------------------ problems

    /** Records "expected X but found Y" at the current position and stops. */
    private <T> T fail(String path, String expected, String hint) {
        String found = found(pos);
        problems.add(new Problem(path, position(pos) + ": not valid JSON: expected " + expected
                + " but found " + found + hint + foundHint(pos)));
        throw new Stop();
    }

    /** The file ends inside an object or array: say where it began. */
    private void unclosed(String path, int open, String expected) {
        problems.add(new Problem(path, position(pos) + ": not valid JSON: expected " + expected
                + " but the file ends here; the " + (text.charAt(open) == '{' ? "object" : "array") + " that starts"
                + " at " + position(open) + " is never closed"));
        throw new Stop();
    }

    private void stop(String path, int at, String message) {
        problems.add(new Problem(path, position(at) + ": not valid JSON: " + message));
        throw new Stop();
    }

    private String found(int at) {
        if (at >= text.length()) {
            return "the end of the file";
        }
        char c = text.charAt(at);
        if (c == '"') {
            int close = text.indexOf('"', at + 1);
            int lineEnd = text.indexOf('\n', at);
            if (close > 0 && (lineEnd < 0 || close < lineEnd)) {
                return "the text \"" + shown(text.substring(at + 1, close)) + "\"";
            }
            return "'\"'";
        }
        if (isWordStart(c)) {
            return "'" + shown(word(at)) + "'";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT
                || c == '\u00A0' || c == BYTE_ORDER_MARK) {
            return "the invisible character U+" + hex(c);
        }
        return "'" + new String(Character.toChars(text.codePointAt(at))) + "'";
    }

    private String foundHint(int at) {
        if (at >= text.length()) {
            return "";
        }
        char c = text.charAt(at);
        if (c == '\'') {
            return "; texts and field names are written in double quotes";
        }
        if (c == '/' || c == '#') {
            return "; JSON has no comments";
        }
        if (isWordStart(c)) {
            String word = word(at);
            if (List.of("true", "false", "null").contains(word.toLowerCase(Locale.ROOT))) {
                return "; JSON writes true, false and null in lower case";
            }
            if (word.equals("NaN") || word.endsWith("Infinity")) {
                return "; JSON has no NaN or Infinity";
            }
        }
        return "";
    }

    /** {@code line 3, column 17}, the column counting characters from 1. */
    private String position(int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < Math.min(at, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (text.codePointCount(lineStart, Math.min(at, text.length())) + 1);
    }

    // ------------------------------------------------------------------ characters

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean continuesWord(int at) {
        return at < text.length() && isWordPart(text.charAt(at));
    }

    private static boolean isWordStart(char c) {
        return WORD.matcher(String.valueOf(c)).matches();
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c);
    }

    private String word(int at) {
        int end = at;
        while (end < text.length() && isWordPart(text.charAt(end))) {
            end++;
        }
        return text.substring(at, end);
    }

    private static String shown(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    private static String hex(char c) {
        return String.format(Locale.ROOT, "%04X", (int) c);
    }
}
