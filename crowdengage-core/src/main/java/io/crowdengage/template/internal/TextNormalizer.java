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
        return c != '\n' && (Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
    }
}
