package io.crowdengage.template.internal;

import java.util.Arrays;

/** Turns offsets into 1-based lines and columns and back. */
final class LineIndex {
    private final int[] lineStarts;
    private final int length;

    LineIndex(String text) {
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
        this.length = text.length();
    }

    int line(int offset) {
        int index = Arrays.binarySearch(lineStarts, Math.min(offset, length));
        return (index >= 0 ? index : -index - 2) + 1;
    }

    int column(int offset) {
        return Math.min(offset, length) - lineStarts[line(offset) - 1] + 1;
    }

    /** The offset of a 1-based line and 0-based column, clamped into the text. */
    int offset(int line, int zeroBasedColumn) {
        int index = Math.max(0, Math.min(line, lineStarts.length) - 1);
        return Math.min(length, lineStarts[index] + Math.max(0, zeroBasedColumn));
    }
}
