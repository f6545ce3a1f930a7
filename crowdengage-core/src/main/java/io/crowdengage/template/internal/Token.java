package io.crowdengage.template.internal;

import java.util.List;

/**
 * One token of the inside of a {@code {{ }}} or {@code {% %}} tag, with its offsets in the
 * author's original source so that every problem can point at it.
 *
 * @param kind  what it is
 * @param text  the exact source text
 * @param start offset of the first character in the original source
 * @param end   offset just past the last character
 * @param path  for a lookup, its segments ({@code customer.first_name} is two); empty otherwise.
 *              A bracket index that is not a literal is the segment {@code "*"}
 */
public record Token(Kind kind, String text, int start, int end, List<String> path) {
    /** Token kinds. Keywords such as {@code and} and {@code contains} are lookups of one segment. */
    public enum Kind { LOOKUP, STRING, NUMBER, LPAREN, RPAREN, COMMA, PIPE, COLON, COMPARE, ASSIGN, RANGE }

    public Token {
        path = List.copyOf(path);
    }

    /** Whether this is the single-segment lookup {@code word}, that is, the keyword or name {@code word}. */
    public boolean is(String word) {
        return kind == Kind.LOOKUP && path.size() == 1 && path.get(0).equals(word);
    }

    /** Whether this is a plain name: a lookup of one segment. */
    public boolean isName() {
        return kind == Kind.LOOKUP && path.size() == 1;
    }

    /** Whether this token can stand alone as a value (a lookup, a quoted text or a number). */
    public boolean isTerm() {
        return kind == Kind.LOOKUP || kind == Kind.STRING || kind == Kind.NUMBER;
    }
}
