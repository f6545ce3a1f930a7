package io.crowdengage.template.internal;

import io.crowdengage.template.internal.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the inside of one tag into tokens. It knows quoted strings, so a {@code (} or a {@code |}
 * inside {@code "..."} is text, never syntax; anything it does not recognise is reported, never
 * skipped.
 */
final class Lexer {
    private final String source;
    private final int end;
    private final Problems problems;
    private int pos;

    private Lexer(String source, int start, int end, Problems problems) {
        this.source = source;
        this.pos = start;
        this.end = end;
        this.problems = problems;
    }

    /** Tokens of {@code source[start, end)}; problems are reported and the token list is then incomplete. */
    static List<Token> tokenize(String source, int start, int end, Problems problems) {
        return new Lexer(source, start, end, problems).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (pos < end) {
            char c = source.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            int start = pos;
            if (c == '"' || c == '\'') {
                int close = source.indexOf(c, pos + 1);
                if (close < 0 || close >= end) {
                    problems.error(start, "this quoted text is never closed; add " + c + " at its end");
                    return tokens;
                }
                pos = close + 1;
                tokens.add(token(Kind.STRING, start));
            } else if (Character.isDigit(c) || (c == '-' && pos + 1 < end && Character.isDigit(source.charAt(pos + 1)))) {
                pos++;
                while (pos < end && Character.isDigit(source.charAt(pos))) {
                    pos++;
                }
                if (pos + 1 < end && source.charAt(pos) == '.' && Character.isDigit(source.charAt(pos + 1))) {
                    pos++;
                    while (pos < end && Character.isDigit(source.charAt(pos))) {
                        pos++;
                    }
                }
                tokens.add(token(Kind.NUMBER, start));
            } else if (isNameStart(c)) {
                if (!lookup(tokens, start)) {
                    return tokens;
                }
            } else if (source.startsWith("..", pos)) {
                pos += 2;
                tokens.add(token(Kind.RANGE, start));
            } else if (source.startsWith("==", pos) || source.startsWith("!=", pos) || source.startsWith("<>", pos)
                    || source.startsWith("<=", pos) || source.startsWith(">=", pos)) {
                pos += 2;
                tokens.add(token(Kind.COMPARE, start));
            } else if (c == '<' || c == '>') {
                pos++;
                tokens.add(token(Kind.COMPARE, start));
            } else {
                Kind kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case ',' -> Kind.COMMA;
                    case '|' -> Kind.PIPE;
                    case ':' -> Kind.COLON;
                    case '=' -> Kind.ASSIGN;
                    default -> null;
                };
                if (kind == null) {
                    problems.error(start, "unexpected character '" + c + "' here");
                    return tokens;
                }
                pos++;
                tokens.add(token(kind, start));
            }
        }
        return tokens;
    }

    /** A name, then any {@code .name} and {@code [index]} written right after it. */
    private boolean lookup(List<Token> tokens, int start) {
        List<String> path = new ArrayList<>();
        path.add(name());
        while (pos < end) {
            char c = source.charAt(pos);
            if (c == '.' && pos + 1 < end && isNameStart(source.charAt(pos + 1))) {
                pos++;
                path.add(name());
            } else if (c == '[') {
                int close = source.indexOf(']', pos);
                if (close < 0 || close >= end) {
                    problems.error(pos, "this '[' is never closed with ']'");
                    return false;
                }
                String inside = source.substring(pos + 1, close).trim();
                boolean quoted = inside.length() >= 2 && (inside.charAt(0) == '"' || inside.charAt(0) == '\'')
                        && inside.charAt(inside.length() - 1) == inside.charAt(0);
                path.add(quoted ? inside.substring(1, inside.length() - 1) : "*");
                pos = close + 1;
            } else {
                break;
            }
        }
        tokens.add(new Token(Kind.LOOKUP, source.substring(start, pos), start, pos, path));
        return true;
    }

    private String name() {
        int start = pos;
        while (pos < end && isNamePart(source.charAt(pos))) {
            pos++;
        }
        if (pos < end && source.charAt(pos) == '?') {
            pos++;
        }
        return source.substring(start, pos);
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, source.substring(start, pos), start, pos, List.of());
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c < 128 && Character.isLetter(c));
    }

    private static boolean isNamePart(char c) {
        // Liquid names may contain '-' (attribute-name); a trailing '-' before '}}' is whitespace control,
        // which the scanner removes before tokens are made.
        return isNameStart(c) || (c >= '0' && c <= '9') || c == '-';
    }
}
