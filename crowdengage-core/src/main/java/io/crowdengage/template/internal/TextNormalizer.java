package io.crowdengage.template.internal;

/**
 * Tidies rendered text the way an author expects: trailing spaces and tabs on each line removed,
 * blank lines before the first and after the last line of text dropped. Blank lines in between and
 * leading indentation stay as written.
 */
public final class TextNormalizer {
    private TextNormalizer() {
    }

    /** The tidied text; empty when the input is only whitespace. */
    public static String normalize(CharSequence raw) {
        // Usually the only untidiness is blank lines around the text (the lines a block tag leaves), so
        // the result is one slice of the input: from the start of the first line with text to the end
        // of the text on the last. Copy line by line only when a line in between has trailing spaces.
        // Renders give a String; String.indexOf finds line ends far faster than a charAt loop.
        String text = raw.toString();
        int n = text.length();
        int first = -1;
        int last = -1;
        int firstUntidyLineEnd = Integer.MAX_VALUE;
        int lineStart = 0;
        while (lineStart <= n) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            int contentEnd = lineEnd;
            while (contentEnd > lineStart && isTrailingSpace(text.charAt(contentEnd - 1))) {
                contentEnd--;
            }
            if (contentEnd > lineStart) {
                if (first < 0) {
                    first = lineStart;
                }
                last = contentEnd;
            }
            if (first >= 0 && contentEnd < lineEnd && firstUntidyLineEnd == Integer.MAX_VALUE) {
                firstUntidyLineEnd = lineEnd;
            }
            lineStart = lineEnd + 1;
        }
        if (first < 0) {
            return "";
        }
        if (firstUntidyLineEnd >= last) {
            return text.substring(first, last);
        }
        return normalizeLineByLine(text);
    }

    /** The tidying spelled out line by line; the general case, and what tests check the slice against. */
    static String normalizeLineByLine(CharSequence raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int pendingNewlines = 0;
        int lineStart = 0;
        int n = raw.length();
        while (lineStart <= n) {
            int lineEnd = lineStart;
            while (lineEnd < n && raw.charAt(lineEnd) != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd;
            while (contentEnd > lineStart && isTrailingSpace(raw.charAt(contentEnd - 1))) {
                contentEnd--;
            }
            if (contentEnd > lineStart) {
                if (out.length() > 0) {
                    out.append("\n".repeat(pendingNewlines));
                }
                out.append(raw, lineStart, contentEnd);
                pendingNewlines = 0;
            }
            pendingNewlines++;
            lineStart = lineEnd + 1;
        }
        return out.toString();
    }

    /** Whether the text has nothing a reader would see: only whitespace and invisible format characters. */
    public static boolean isBlank(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isTrailingSpace(text.charAt(i)) && text.charAt(i) != '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean isTrailingSpace(char c) {
        // Any Unicode space (no-break, em space...) and zero-width format characters such as U+200B:
        // a line of them looks empty on a phone.
        if (c > ' ' && c < 0x7F) {
            return false; // printable ASCII, nearly every character of a message
        }
        return c != '\n' && (Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
    }
}
