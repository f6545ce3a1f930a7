package io.crowdengage.template.internal;

import io.crowdengage.template.internal.Token.Kind;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the template language box-office users write (Liquid plus Jinja-style calls and
 * Python truthiness) into plain Liquid for Liqp, checking it on the way.
 *
 * <ul>
 *   <li>{@code {{ f(a, b) }}} becomes {@code {{ a | f: b }}}; {@code f(g(x))} becomes {@code x | g | f};
 *       {@code x | f(a)} becomes {@code x | f: a}.</li>
 *   <li>In {@code if}, {@code elsif} and {@code unless}, each bare value and each call is computed
 *       by an {@code assign} placed before the chain's {@code if}, so Liquid sees only names and
 *       comparisons, and a bare value is true only when it is present and not blank, empty or zero.</li>
 *   <li>Anything else containing a call is refused with its position rather than guessed at.</li>
 * </ul>
 *
 * The output keeps every line of the input on the same line (rewritten tags are padded with the
 * newlines they had), and a {@link SourceMap} maps any column back.
 */
final class Translator {
    static final String RESERVED_PREFIX = "__ce";
    static final String TRUTHY = "__ce_truthy";
    static final String FALSY = "__ce_falsy";
    /** Prefix of the variant of a registered function used in conditions. */
    static final String LENIENT_PREFIX = "__ce_if_";
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "contains", "in", "reversed", "limit",
            "offset", "nil", "null", "true", "false", "empty", "blank");
    private static final Set<String> ALLOWED_TAGS = Set.of("if", "elsif", "else", "endif", "unless", "endunless",
            "case", "when", "endcase", "for", "endfor", "break", "continue", "assign", "capture", "endcapture",
            "comment", "endcomment", "raw", "endraw", "cycle");
    private static final Map<String, String> BLOCK_ENDS = Map.of("if", "endif", "unless", "endunless",
            "for", "endfor", "case", "endcase", "capture", "endcapture");

    private final Function<String, Optional<FunctionInfo>> functions;
    private final Set<String> functionNames;
    private final int maxNesting;
    private final boolean audience;

    Translator(Function<String, Optional<FunctionInfo>> functions, Set<String> functionNames, int maxNesting,
               boolean audience) {
        this.functions = functions;
        this.functionNames = functionNames;
        this.maxNesting = maxNesting;
        this.audience = audience;
    }

    /** A lookup met in the template; {@code printed} when its value ends up in the text. */
    private record Lookup(Token token, boolean printed) {
    }

    /**
     * A call of a function or filter: its name, its argument count (the piped value counts), the
     * arguments written in the call, and for a filter, the value piped into it when that is written
     * as a literal ({@code {{ 'Hello' | truncate: 3 }}}).
     */
    private record Use(Token name, int argumentCount, List<List<Token>> arguments, Optional<Token> pipedLiteral) {
    }

    private static final class Block {
        final String name;
        final int offset;
        final SourceMap.Pieces slot;
        final String leftDash;
        boolean sawElse;

        Block(String name, int offset, SourceMap.Pieces slot, String leftDash) {
            this.name = name;
            this.offset = offset;
            this.slot = slot;
            this.leftDash = leftDash;
        }
    }

    /** The result: Liquid text and its map, plus everything validation learnt. */
    record Result(SourceMap map, Problems problems, List<List<String>> printedVariables,
                  List<List<String>> referencedVariables, String skeleton, boolean hasLoops, TemplateText text) {
    }

    Result translate(String source, int firstLineShift) {
        return new Run(source, new Problems(new LineIndex(source), firstLineShift)).run();
    }

    private final class Run {
        private final String source;
        private final Problems problems;
        private final SourceMap.Pieces root = new SourceMap.Pieces();
        private final Deque<Block> blocks = new ArrayDeque<>();
        private final Set<String> locals = new HashSet<>(Set.of("forloop"));
        private final List<Lookup> lookups = new ArrayList<>();
        private final List<Use> uses = new ArrayList<>();
        private final StringBuilder skeleton = new StringBuilder();
        /** The text every rendering prints, a hole where a value or a block goes; see {@link TemplateText}. */
        private final StringBuilder fixed = new StringBuilder();
        /** Every literal text any rendering may print, each tag and value a space. */
        private final StringBuilder everywhere = new StringBuilder();
        /** Whether a '-%}' or '-}}' at the top level strips the whitespace the next text starts with. */
        private boolean stripNextFixed;
        private boolean hasLoops;
        private int temporaries;

        Run(String source, Problems problems) {
            this.source = source;
            this.problems = problems;
        }

        Result run() {
            int i = 0;
            int n = source.length();
            while (i < n) {
                int output = source.indexOf("{{", i);
                int tag = source.indexOf("{%", i);
                int open = output < 0 ? tag : tag < 0 ? output : Math.min(output, tag);
                if (open < 0) {
                    text(i, n);
                    break;
                }
                text(i, open);
                boolean isOutput = open == output;
                boolean atTop = blocks.isEmpty();
                everywhere.append(' ');
                int close = findClose(open + 2, isOutput ? "}}" : "%}");
                if (close < 0) {
                    if (close == -1) {
                        problems.error(open, isOutput ? "'{{' is never closed with '}}'" : "'{%' is never closed with '%}'");
                    }
                    root.verbatim(open, n);
                    break;
                }
                int contentStart = open + 2;
                String leftDash = "";
                if (contentStart < close && source.charAt(contentStart) == '-') {
                    contentStart++;
                    leftDash = "-";
                }
                int contentEnd = close;
                String rightDash = "";
                if (contentEnd > contentStart && source.charAt(contentEnd - 1) == '-') {
                    contentEnd--;
                    rightDash = "-";
                }
                if (atTop && !leftDash.isEmpty()) {
                    stripTrailingWhitespace(fixed);
                }
                if (isOutput) {
                    i = output(open, close + 2, contentStart, contentEnd, leftDash, rightDash);
                } else {
                    i = tag(open, close + 2, contentStart, contentEnd, leftDash, rightDash);
                }
                // What ended at i (this tag, or the end tag of a raw or comment body) may strip what follows.
                stripNextFixed = blocks.isEmpty() && i >= 3 && source.charAt(i - 3) == '-';
            }
            for (Block block : blocks) {
                problems.error(block.offset, "'{% " + block.name + " %}' is never closed; add '{% "
                        + BLOCK_ENDS.get(block.name) + " %}'");
            }
            checkLookups();
            checkUses();
            List<List<String>> printed = new ArrayList<>();
            List<List<String>> referenced = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Set<String> seenAnywhere = new HashSet<>();
            for (Lookup lookup : lookups) {
                String rootName = lookup.token().path().get(0);
                if (locals.contains(rootName) || !VariableSchema.isRoot(rootName)) {
                    continue;
                }
                if (seenAnywhere.add(lookup.token().text())) {
                    referenced.add(lookup.token().path());
                }
                if (lookup.printed() && seen.add(lookup.token().text())) {
                    printed.add(lookup.token().path());
                }
            }
            return new Result(SourceMap.build(source, root), problems, List.copyOf(printed), List.copyOf(referenced),
                    skeleton.toString(), hasLoops, new TemplateText(fixed.toString(), everywhere.toString()));
        }

        private void text(int start, int end) {
            root.verbatim(start, end);
            skeleton.append(source, start, end);
            literal(source.substring(start, end));
        }

        /** Literal text printed where the scan is: in every rendering when no block is open. */
        private void literal(String text) {
            everywhere.append(text);
            if (blocks.isEmpty()) {
                fixed.append(stripNextFixed ? text.stripLeading() : text);
            }
            stripNextFixed = false;
        }

        /** A value or a block at the top level: it may print anything, or nothing. */
        private void holeIfAtTop() {
            if (blocks.isEmpty()) {
                fixed.append(TemplateText.HOLE);
            }
        }

        private static void stripTrailingWhitespace(StringBuilder text) {
            int end = text.length();
            while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            text.setLength(end);
        }

        /**
         * The offset of the closing delimiter, skipping quoted strings; -1 when there is none, -2 when
         * an unclosed quote was reported instead.
         */
        private int findClose(int from, String delimiter) {
            int i = from;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (c == '"' || c == '\'') {
                    int end = source.indexOf(c, i + 1);
                    int newline = source.indexOf('\n', i + 1);
                    if (end < 0 || (newline >= 0 && newline < end)) {
                        problems.error(i, "this quoted text is not closed on the same line; add " + c + " at its end");
                        return -2;
                    }
                    i = end + 1;
                } else if (source.startsWith(delimiter, i)) {
                    return i;
                } else {
                    i++;
                }
            }
            return -1;
        }

        private String newlines(int start, int end) {
            int count = 0;
            for (int i = start; i < end; i++) {
                if (source.charAt(i) == '\n') {
                    count++;
                }
            }
            return "\n".repeat(count);
        }

        private List<Token> lex(int start, int end) {
            int before = problems.errors().size();
            List<Token> tokens = Lexer.tokenize(source, start, end, problems);
            if (problems.errors().size() != before) {
                return null;
            }
            // A number too large is an error, but the tag is still read, so that nothing else is misreported.
            for (Token token : tokens) {
                if (token.kind() == Kind.NUMBER) {
                    FilterArguments.literalProblem(token.text())
                            .ifPresent(message -> problems.error(token.start(), message));
                }
            }
            return tokens;
        }

        // ---- {{ ... }}

        private int output(int open, int end, int contentStart, int contentEnd, String leftDash, String rightDash) {
            holeIfAtTop();
            List<Token> tokens = lex(contentStart, contentEnd);
            if (tokens == null) {
                root.verbatim(open, end);
                return end;
            }
            if (tokens.isEmpty()) {
                problems.error(open, "nothing inside '{{ }}'; put a variable or a function call there");
                root.verbatim(open, end);
                return end;
            }
            root.generated("{{" + leftDash + " ", open);
            int length = chain(tokens, 0, tokens.size(), root, true);
            root.generated(" " + newlines(open, end) + rightDash + "}}", end - 2);
            skeleton.append("x".repeat(Math.max(0, length)));
            return end;
        }

        /** Emits {@code primary (| filter args)*}; returns the longest text it may print. */
        private int chain(List<Token> tokens, int from, int to, SourceMap.Pieces out, boolean printed) {
            List<Integer> pipes = new ArrayList<>();
            int depth = 0;
            for (int i = from; i < to; i++) {
                Kind kind = tokens.get(i).kind();
                if (kind == Kind.LPAREN) {
                    depth++;
                } else if (kind == Kind.RPAREN) {
                    depth--;
                } else if (kind == Kind.PIPE && depth == 0) {
                    pipes.add(i);
                }
            }
            int primaryEnd = pipes.isEmpty() ? to : pipes.get(0);
            int length;
            if (primaryEnd == from) {
                problems.error(tokens.get(from).start(), "a value is missing before '|'");
                return 0;
            }
            if (isCall(tokens, from) && callEnd(tokens, from, to) == primaryEnd) {
                length = call(tokens, from, primaryEnd, out, printed, false);
            } else {
                for (int i = from; i < primaryEnd; i++) {
                    if (isCall(tokens, i)) {
                        problems.error(tokens.get(i).start(), "a function call must stand on its own here, as in "
                                + "'{{ " + tokens.get(i).text() + "(...) }}'; this one cannot be translated");
                        return 0;
                    }
                }
                emitTokens(tokens, from, primaryEnd, out, printed);
                length = primaryEnd - from == 1 ? termLength(tokens.get(from)) : VariableSchema.UNKNOWN_MAX_LENGTH;
            }
            for (int p = 0; p < pipes.size(); p++) {
                int end = p + 1 < pipes.size() ? pipes.get(p + 1) : to;
                Optional<Token> pipedLiteral = p == 0 && primaryEnd - from == 1
                        && tokens.get(from).kind() != Kind.LOOKUP ? Optional.of(tokens.get(from)) : Optional.empty();
                int filterLength = filter(tokens, pipes.get(p), end, out, printed, pipedLiteral);
                length = filterLength < 0 ? length : filterLength;
            }
            return length;
        }

        private int termLength(Token token) {
            return switch (token.kind()) {
                case STRING -> token.text().length() - 2;
                case NUMBER -> token.text().length();
                case LOOKUP -> VariableSchema.maxLength(token.path());
                default -> VariableSchema.UNKNOWN_MAX_LENGTH;
            };
        }

        private void emitTokens(List<Token> tokens, int from, int to, SourceMap.Pieces out, boolean printed) {
            for (int i = from; i < to; i++) {
                Token token = tokens.get(i);
                if (i > from) {
                    out.generated(" ", token.start());
                }
                out.verbatim(token.start(), token.end());
                record(tokens, i, printed);
            }
        }

        private void record(List<Token> tokens, int i, boolean printed) {
            Token token = tokens.get(i);
            boolean parameterName = i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.COLON;
            if (token.kind() == Kind.LOOKUP && !parameterName && !(token.isName() && KEYWORDS.contains(token.text()))) {
                lookups.add(new Lookup(token, printed));
            }
        }

        /** {@code | name}, {@code | name: a, b} or {@code | name(a, b)}; returns the length it prints or -1. */
        private int filter(List<Token> tokens, int pipe, int end, SourceMap.Pieces out, boolean printed,
                           Optional<Token> pipedLiteral) {
            if (pipe + 1 >= end || !tokens.get(pipe + 1).isName()) {
                problems.error(tokens.get(pipe).start(), "a function name is missing after '|'");
                return -1;
            }
            Token name = tokens.get(pipe + 1);
            List<List<Token>> arguments = new ArrayList<>();
            if (pipe + 2 < end) {
                Token next = tokens.get(pipe + 2);
                if (next.kind() == Kind.COLON) {
                    arguments = split(tokens, pipe + 3, end);
                } else if (next.kind() == Kind.LPAREN && tokens.get(end - 1).kind() == Kind.RPAREN
                        && callEnd(tokens, pipe + 1, end) == end) {
                    arguments = split(tokens, pipe + 3, end - 1);
                } else {
                    problems.error(next.start(), "unexpected '" + next.text() + "' after '" + name.text()
                            + "'; arguments are written '" + name.text() + ": a, b'");
                    return -1;
                }
            }
            out.generated(" | ", name.start());
            out.verbatim(name.start(), name.end());
            for (int a = 0; a < arguments.size(); a++) {
                List<Token> argument = arguments.get(a);
                out.generated(a == 0 ? ": " : ", ", argument.isEmpty() ? name.start() : argument.get(0).start());
                if (argument.isEmpty()) {
                    problems.error(name.start(), "an argument of '" + name.text() + "' is empty");
                    continue;
                }
                for (int i = 0; i < argument.size(); i++) {
                    if (isCall(argument, i)) {
                        problems.error(argument.get(i).start(), "a function call cannot be an argument of '"
                                + name.text() + "'; assign it to a variable first with {% assign %}");
                        return -1;
                    }
                }
                emitTokens(argument, 0, argument.size(), out, printed);
            }
            uses.add(new Use(name, arguments.size() + 1, arguments, pipedLiteral));
            return functions.apply(name.text()).map(FunctionInfo::maxLength).orElse(-1);
        }

        /** Emits the call {@code name(args)} spanning {@code [from, to)} as Liquid; returns its longest text. */
        private int call(List<Token> tokens, int from, int to, SourceMap.Pieces out, boolean printed,
                         boolean inCondition) {
            Token name = tokens.get(from);
            List<List<Token>> arguments = split(tokens, from + 2, to - 1);
            if (arguments.size() == 1 && arguments.get(0).isEmpty()) {
                arguments = List.of();
            }
            if (arguments.isEmpty()) {
                out.generated("nil", name.start());
            } else {
                List<Token> first = arguments.get(0);
                if (!first.isEmpty() && isCall(first, 0) && callEnd(first, 0, first.size()) == first.size()) {
                    call(first, 0, first.size(), out, printed, inCondition);
                } else if (!simpleTerm(first, name)) {
                    return 0;
                } else {
                    emitTokens(first, 0, 1, out, printed);
                }
                for (int a = 1; a < arguments.size(); a++) {
                    List<Token> argument = arguments.get(a);
                    if (!argument.isEmpty() && isCall(argument, 0)) {
                        problems.error(argument.get(0).start(), "a function call can only be the first argument of '"
                                + name.text() + "'; assign it to a variable first with {% assign %}");
                        return 0;
                    }
                    if (!simpleTerm(argument, name)) {
                        return 0;
                    }
                }
            }
            out.generated(" | ", name.start());
            if (inCondition && !BuiltInFilters.isBuiltIn(name.text())) {
                // In a condition a call whose argument is missing is simply false, not a failed render:
                // every call of an if/elsif chain is computed up front, even for branches not taken.
                out.generated(LENIENT_PREFIX + name.text(), name.start());
            } else {
                out.verbatim(name.start(), name.end());
            }
            for (int a = 1; a < arguments.size(); a++) {
                Token argument = arguments.get(a).get(0);
                out.generated(a == 1 ? ": " : ", ", argument.start());
                emitTokens(arguments.get(a), 0, 1, out, printed);
            }
            uses.add(new Use(name, arguments.size(), arguments, Optional.empty()));
            return functions.apply(name.text()).map(FunctionInfo::maxLength).filter(l -> l >= 0)
                    .orElse(VariableSchema.UNKNOWN_MAX_LENGTH);
        }

        private boolean simpleTerm(List<Token> argument, Token function) {
            if (argument.size() == 1 && argument.get(0).isTerm()) {
                return true;
            }
            int at = argument.isEmpty() ? function.start() : argument.get(0).start();
            problems.error(at, "an argument of '" + function.text() + "' must be a variable, a quoted text or a "
                    + "number; this one cannot be translated");
            return false;
        }

        private boolean isCall(List<Token> tokens, int i) {
            return i + 1 < tokens.size() && tokens.get(i).isName() && !KEYWORDS.contains(tokens.get(i).text())
                    && tokens.get(i + 1).kind() == Kind.LPAREN;
        }

        /** The index just past the parenthesis closing the call at {@code i}; -1 (reported) when it is not closed. */
        private int callEnd(List<Token> tokens, int i, int to) {
            int depth = 0;
            for (int j = i + 1; j < to; j++) {
                Kind kind = tokens.get(j).kind();
                if (kind == Kind.LPAREN) {
                    depth++;
                } else if (kind == Kind.RPAREN && --depth == 0) {
                    return j + 1;
                }
            }
            problems.error(tokens.get(i + 1).start(), "this '(' is never closed with ')'");
            return -1;
        }

        /** Splits {@code [from, to)} at commas outside parentheses. */
        private List<List<Token>> split(List<Token> tokens, int from, int to) {
            List<List<Token>> parts = new ArrayList<>();
            List<Token> current = new ArrayList<>();
            int depth = 0;
            for (int i = from; i < to; i++) {
                Token token = tokens.get(i);
                if (token.kind() == Kind.LPAREN) {
                    depth++;
                } else if (token.kind() == Kind.RPAREN) {
                    depth--;
                }
                if (token.kind() == Kind.COMMA && depth == 0) {
                    parts.add(current);
                    current = new ArrayList<>();
                } else {
                    current.add(token);
                }
            }
            if (!current.isEmpty() || !parts.isEmpty()) {
                parts.add(current);
            }
            return parts;
        }

        // ---- {% ... %}

        private int tag(int open, int end, int contentStart, int contentEnd, String leftDash, String rightDash) {
            List<Token> tokens = lex(contentStart, contentEnd);
            if (tokens == null) {
                root.verbatim(open, end);
                return end;
            }
            if (tokens.isEmpty() || !tokens.get(0).isName()) {
                problems.error(open, "a tag name is missing after '{%'");
                root.verbatim(open, end);
                return end;
            }
            Token nameToken = tokens.get(0);
            String name = nameToken.text();
            switch (name) {
                case "raw", "comment" -> {
                    return rawBody(open, end, name);
                }
                case "if", "unless" -> {
                    holeIfAtTop();
                    SourceMap.Pieces slot = root.slot();
                    open(new Block(name, open, slot, leftDash));
                    condition(tokens, open, end, leftDash, rightDash, name, slot, leftDash);
                    return end;
                }
                case "elsif", "elif" -> {
                    Block top = blocks.peek();
                    if (top == null || !top.name.equals("if") || top.sawElse) {
                        problems.error(open, "'{% " + name + " %}' is only allowed inside '{% if %}', before '{% else %}'");
                        root.verbatim(open, end);
                        return end;
                    }
                    condition(tokens, open, end, leftDash, rightDash, "elsif", top.slot, top.leftDash);
                    return end;
                }
                case "else" -> {
                    Block top = blocks.peek();
                    if (top == null || top.name.equals("capture") || top.sawElse) {
                        problems.error(open, "'{% else %}' is only allowed once inside '{% if %}', '{% unless %}', "
                                + "'{% for %}' or '{% case %}'");
                    } else {
                        top.sawElse = true;
                    }
                }
                case "endif", "endunless", "endfor", "endcase", "endcapture" -> close(name, open);
                case "for" -> forTag(tokens, open);
                case "case" -> {
                    holeIfAtTop();
                    recordAll(tokens, 1, false);
                    open(new Block(name, open, null, leftDash));
                }
                case "when" -> {
                    Block top = blocks.peek();
                    if (top == null || !top.name.equals("case")) {
                        problems.error(open, "'{% when %}' is only allowed inside '{% case %}'");
                    }
                    recordAll(tokens, 1, false);
                }
                case "assign" -> {
                    return assign(tokens, open, end, leftDash, rightDash);
                }
                case "capture" -> {
                    if (tokens.size() != 2 || !tokens.get(1).isName()) {
                        problems.error(nameToken.start(), "'{% capture %}' needs one variable name, as in "
                                + "'{% capture greeting %}'");
                    } else {
                        declare(tokens.get(1));
                    }
                    open(new Block(name, open, null, leftDash));
                }
                case "break", "continue", "cycle" -> {
                    if (name.equals("cycle")) {
                        holeIfAtTop();
                    }
                    recordAll(tokens, 1, true);
                }
                case "include", "include_relative", "render" -> problems.error(nameToken.start(), "'{% " + name
                        + " %}' is not allowed: a message template cannot read other files");
                default -> problems.error(nameToken.start(), "unknown tag '" + name + "'"
                        + Suggestions.hint(name, ALLOWED_TAGS, ""));
            }
            root.verbatim(open, end);
            return end;
        }

        private void recordAll(List<Token> tokens, int from, boolean printed) {
            for (int i = from; i < tokens.size(); i++) {
                if (isCall(tokens, i)) {
                    problems.error(tokens.get(i).start(), "a function call cannot be translated in '{% "
                            + tokens.get(0).text() + " %}'; assign its result to a variable first with {% assign %}");
                    return;
                }
                record(tokens, i, printed);
            }
        }

        private void declare(Token name) {
            if (name.text().startsWith(RESERVED_PREFIX)) {
                problems.error(name.start(), "names starting with '" + RESERVED_PREFIX + "' are reserved");
            } else if (VariableSchema.isRoot(name.text())) {
                problems.error(name.start(), "'" + name.text() + "' is a built-in variable and cannot be replaced");
            }
            locals.add(name.text());
        }

        private void open(Block block) {
            blocks.push(block);
            if (blocks.size() > maxNesting) {
                problems.error(block.offset, "blocks are nested more than " + maxNesting + " deep");
            }
        }

        private void close(String endName, int offset) {
            Block top = blocks.peek();
            if (top == null) {
                problems.error(offset, "'{% " + endName + " %}' has no matching '{% " + endName.substring(3) + " %}'");
                return;
            }
            String expected = BLOCK_ENDS.get(top.name);
            if (!expected.equals(endName)) {
                problems.error(offset, "'{% " + endName + " %}' found where '{% " + expected + " %}' was expected, "
                        + "to close the '{% " + top.name + " %}' at " + position(top.offset));
                if (blocks.stream().noneMatch(b -> BLOCK_ENDS.get(b.name).equals(endName))) {
                    return;
                }
                while (!BLOCK_ENDS.get(blocks.peek().name).equals(endName)) {
                    blocks.pop();
                }
            }
            blocks.pop();
        }

        private String position(int offset) {
            LineIndex index = new LineIndex(source);
            return "line " + index.line(offset) + ", column " + index.column(offset);
        }

        private int rawBody(int open, int end, String name) {
            Matcher closing = Pattern.compile("\\{%-?\\s*end" + name + "\\s*-?%}").matcher(source);
            if (!closing.find(end)) {
                problems.error(open, "'{% " + name + " %}' is never closed; add '{% end" + name + " %}'");
                root.verbatim(open, source.length());
                return source.length();
            }
            root.verbatim(open, closing.end());
            if (name.equals("raw")) {
                skeleton.append(source, end, closing.start());
                // Whitespace control on either raw tag is taken to strip the body's edges: if Liqp keeps
                // them, the text judged is only ever more run together than the text sent.
                String body = source.substring(end, closing.start());
                if (source.charAt(end - 3) == '-') {
                    body = body.stripLeading();
                }
                if (source.charAt(closing.start() + 2) == '-') {
                    body = body.stripTrailing();
                }
                stripNextFixed = false;
                literal(body);
            }
            return closing.end();
        }

        private void forTag(List<Token> tokens, int open) {
            hasLoops = true;
            holeIfAtTop();
            if (tokens.size() < 4 || !tokens.get(1).isName() || !tokens.get(2).is("in")) {
                problems.error(tokens.get(0).start(), "'{% for %}' is written '{% for item in list %}'");
            } else {
                declare(tokens.get(1));
                recordAll(tokens, 3, false);
            }
            open(new Block("for", open, null, ""));
        }

        private int assign(List<Token> tokens, int open, int end, String leftDash, String rightDash) {
            if (tokens.size() < 4 || !tokens.get(1).isName() || tokens.get(2).kind() != Kind.ASSIGN) {
                problems.error(tokens.get(0).start(), "'{% assign %}' is written '{% assign name = value %}'");
                root.verbatim(open, end);
                return end;
            }
            declare(tokens.get(1));
            root.generated("{%" + leftDash + " ", open);
            root.verbatim(tokens.get(0).start(), tokens.get(1).end());
            root.generated(" = ", tokens.get(2).start());
            chain(tokens, 3, tokens.size(), root, false);
            root.generated(" " + newlines(open, end) + rightDash + "%}", end - 2);
            return end;
        }

        /**
         * Rewrites {@code {% if cond %}}: each bare value or call in the condition is computed by an
         * assign in the chain's slot, and the tag itself tests only generated names and comparisons.
         */
        private void condition(List<Token> tokens, int open, int end, String leftDash, String rightDash,
                               String tagName, SourceMap.Pieces slot, String slotDash) {
            if (tokens.size() < 2) {
                problems.error(tokens.get(0).start(), "'{% " + tokens.get(0).text() + " %}' needs a condition");
                root.verbatim(open, end);
                return;
            }
            SourceMap.Pieces tag = new SourceMap.Pieces();
            tag.generated("{%" + leftDash + " " + tagName, tokens.get(0).start());
            int i = 1;
            List<Token> operand = new ArrayList<>();
            int groups = 0;
            while (i < tokens.size()) {
                Token token = tokens.get(i);
                if (token.is("and") || token.is("or")) {
                    operand(operand, tag, slot, slotDash, token);
                    operand = new ArrayList<>();
                    tag.generated(" ", token.start());
                    tag.verbatim(token.start(), token.end());
                    i++;
                } else if (isCall(tokens, i)) {
                    int callEnd = callEnd(tokens, i, tokens.size());
                    if (callEnd < 0) {
                        root.verbatim(open, end);
                        return;
                    }
                    operand.addAll(tokens.subList(i, callEnd));
                    i = callEnd;
                } else if (token.kind() == Kind.LPAREN && isRange(tokens, i)) {
                    operand.addAll(tokens.subList(i, i + 5));
                    i += 5;
                } else if (token.kind() == Kind.LPAREN || token.kind() == Kind.RPAREN) {
                    operand(operand, tag, slot, slotDash, token);
                    operand = new ArrayList<>();
                    groups += token.kind() == Kind.LPAREN ? 1 : -1;
                    tag.generated(" ", token.start());
                    tag.verbatim(token.start(), token.end());
                    i++;
                } else {
                    operand.add(token);
                    i++;
                }
            }
            if (groups != 0) {
                problems.error(tokens.get(0).start(), "the parentheses in this condition do not match");
            }
            operand(operand, tag, slot, slotDash, tokens.get(tokens.size() - 1));
            tag.generated(" " + newlines(open, end) + rightDash + "%}", end - 2);
            root.items.add(tag);
        }

        private boolean isRange(List<Token> tokens, int i) {
            return i + 4 < tokens.size() && tokens.get(i + 2).kind() == Kind.RANGE
                    && tokens.get(i + 4).kind() == Kind.RPAREN;
        }

        private void operand(List<Token> operand, SourceMap.Pieces tag, SourceMap.Pieces slot, String slotDash,
                             Token next) {
            if (operand.isEmpty()) {
                if (next.kind() != Kind.LPAREN && next.kind() != Kind.RPAREN) {
                    problems.error(next.start(), "a value is missing next to '" + next.text() + "'");
                }
                return;
            }
            boolean negated = operand.get(0).is("not");
            List<Token> body = negated ? operand.subList(1, operand.size()) : operand;
            int comparison = -1;
            for (int i = 0; i < body.size(); i++) {
                if (body.get(i).kind() == Kind.COMPARE || body.get(i).is("contains")) {
                    comparison = i;
                    break;
                }
                if (isCall(body, i)) {
                    i = Math.max(i, callEnd(body, i, body.size()) - 1);
                }
            }
            if (comparison < 0) {
                if (body.isEmpty()) {
                    problems.error(operand.get(0).start(), "'not' needs a value after it");
                    return;
                }
                String name = hoist(body, slot, slotDash, negated ? FALSY : TRUTHY);
                tag.generated(" " + name, body.get(0).start());
                return;
            }
            if (negated) {
                problems.error(operand.get(0).start(), "'not' before a comparison cannot be translated; "
                        + "write the opposite comparison, for example 'a != b'");
                return;
            }
            side(body.subList(0, comparison), tag, slot, slotDash, body.get(comparison));
            tag.generated(" ", body.get(comparison).start());
            tag.verbatim(body.get(comparison).start(), body.get(comparison).end());
            side(body.subList(comparison + 1, body.size()), tag, slot, slotDash, body.get(comparison));
        }

        private void side(List<Token> side, SourceMap.Pieces tag, SourceMap.Pieces slot, String slotDash,
                          Token operator) {
            if (side.isEmpty()) {
                problems.error(operator.start(), "a value is missing next to '" + operator.text() + "'");
                return;
            }
            if (isCall(side, 0)) {
                String name = hoist(side, slot, slotDash, null);
                tag.generated(" " + name, side.get(0).start());
                return;
            }
            if (side.size() == 1 && side.get(0).isTerm()) {
                tag.generated(" ", side.get(0).start());
                tag.verbatim(side.get(0).start(), side.get(0).end());
                record(side, 0, false);
                return;
            }
            if (side.size() == 5 && side.get(0).kind() == Kind.LPAREN && isRange(side, 0)) {
                emitTokens(side, 0, 5, tag, false);
                return;
            }
            problems.error(side.get(0).start(), "this part of the condition cannot be understood; compare one "
                    + "value with another, as in 'customer.attributes.FirstVisit == \"true\"'");
        }

        /** Computes {@code value [| truthFilter]} into a fresh name in the slot; returns the name. */
        private String hoist(List<Token> value, SourceMap.Pieces slot, String slotDash, String truthFilter) {
            String name = RESERVED_PREFIX + "_t" + (++temporaries);
            int anchor = value.get(0).start();
            slot.generated("{%" + slotDash + " assign " + name + " = ", anchor);
            if (isCall(value, 0) && callEnd(value, 0, value.size()) == value.size()) {
                call(value, 0, value.size(), slot, false, true);
            } else if (value.size() == 1 && value.get(0).isTerm()) {
                emitTokens(value, 0, 1, slot, false);
            } else if (value.size() == 5 && isRange(value, 0)) {
                emitTokens(value, 0, 5, slot, false);
            } else {
                problems.error(anchor, "this part of the condition cannot be understood; test one value, as in "
                        + "'{% if event.raw.attribute_ShowScoreID %}', or compare two");
            }
            if (truthFilter != null) {
                slot.generated(" | " + truthFilter, anchor);
            }
            slot.generated(" %}", anchor);
            return name;
        }

        // ---- checks after the whole template is read

        private void checkLookups() {
            Set<String> known = new LinkedHashSet<>(VariableSchema.roots());
            known.addAll(locals);
            for (Lookup lookup : lookups) {
                Token token = lookup.token();
                String rootName = token.path().get(0);
                if (locals.contains(rootName)) {
                    continue;
                }
                if (rootName.startsWith(RESERVED_PREFIX)) {
                    problems.error(token.start(), "names starting with '" + RESERVED_PREFIX + "' are reserved");
                } else if (!VariableSchema.isRoot(rootName)) {
                    problems.error(token.start(), "unknown variable '" + rootName + "'"
                            + Suggestions.hint(rootName, known, ""));
                } else {
                    VariableSchema.check(token.path()).ifPresent(message -> problems.error(token.start(), message));
                }
            }
        }

        private void checkUses() {
            for (Use use : uses) {
                Token name = use.name();
                Optional<FunctionInfo> info = functions.apply(name.text());
                if (info.isEmpty()) {
                    problems.error(name.start(), "unknown function '" + name.text() + "'"
                            + Suggestions.hint(name.text(), functionNames, ""));
                    continue;
                }
                int arity = info.get().arity();
                if (arity >= 0 && arity != use.argumentCount()) {
                    problems.error(name.start(), "'" + name.text() + "' takes " + arity + " argument"
                            + (arity == 1 ? "" : "s") + " but is given " + use.argumentCount());
                }
                if (audience && info.get().mayDoIo()) {
                    problems.error(name.start(), "'" + name.text() + "' may contact another system, so it cannot "
                            + "be used in an audience condition");
                }
                if (name.text().equals(BuiltInFilters.DATE)) {
                    checkDatePattern(use);
                }
                if (FilterArguments.governs(name.text())) {
                    checkNumericArguments(use);
                }
            }
        }

        /**
         * The numeric filters' rules ({@link FilterArguments}) applied to what the template writes
         * literally; variables are checked when rendering, by the same rules.
         */
        private void checkNumericArguments(Use use) {
            List<List<Token>> arguments = use.arguments();
            boolean callForm = use.argumentCount() == arguments.size();
            Object value = callForm
                    ? (arguments.isEmpty() ? null : literal(arguments.get(0)))
                    : use.pipedLiteral().map(token -> literal(List.of(token))).orElse(FilterArguments.UNKNOWN);
            List<List<Token>> parameters = callForm && !arguments.isEmpty() ? arguments.subList(1, arguments.size())
                    : arguments;
            List<Object> values = parameters.stream().map(this::literal).toList();
            FilterArguments.problem(use.name().text(), value, values).ifPresent(problem -> {
                int at = problem.argument() >= 0 && !parameters.get(problem.argument()).isEmpty()
                        ? parameters.get(problem.argument()).get(0).start() : use.name().start();
                problems.error(at, problem.message());
            });
        }

        /** What an argument written as one literal is; anything else is only known when rendering. */
        private Object literal(List<Token> argument) {
            if (argument.size() != 1) {
                return FilterArguments.UNKNOWN;
            }
            Token token = argument.get(0);
            return switch (token.kind()) {
                case STRING -> token.text().substring(1, token.text().length() - 1);
                // A number out of range is already an error of its own.
                case NUMBER -> FilterArguments.literalProblem(token.text()).isPresent() ? FilterArguments.UNKNOWN
                        : new BigDecimal(token.text());
                default -> token.is("nil") || token.is("null") ? null : FilterArguments.UNKNOWN;
            };
        }

        private void checkDatePattern(Use use) {
            // The pattern is the second argument: after the piped value, or the second inside date(...).
            List<List<Token>> arguments = use.arguments();
            int index = use.argumentCount() == arguments.size() ? 1 : 0;
            if (arguments.size() <= index || arguments.get(index).size() != 1
                    || arguments.get(index).get(0).kind() != Kind.STRING) {
                return;
            }
            Token pattern = arguments.get(index).get(0);
            String text = pattern.text().substring(1, pattern.text().length() - 1);
            try {
                DateTimeFormatter.ofPattern(text);
            } catch (IllegalArgumentException e) {
                problems.error(pattern.start(), "'" + text + "' is not a date pattern: " + e.getMessage()
                        + " (patterns are Java DateTimeFormatter patterns, for example 'EEEE d MMMM, HH:mm')");
            }
        }
    }
}
