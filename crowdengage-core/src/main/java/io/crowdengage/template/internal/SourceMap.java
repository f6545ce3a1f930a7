package io.crowdengage.template.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The translated Liquid text and how each part of it maps back to the author's source: copied
 * parts map character for character, generated glue maps to the construct it came from.
 */
final class SourceMap {

    /** An ordered list of pieces; a slot is a list to be filled later (hoisted assigns of an if chain). */
    static class Pieces {
        final List<Object> items = new ArrayList<>();

        void verbatim(int start, int end) {
            if (end > start) {
                items.add(new int[] {start, end});
            }
        }

        void generated(String text, int anchor) {
            items.add(new Generated(text, anchor));
        }

        Pieces slot() {
            Pieces slot = new Pieces();
            items.add(slot);
            return slot;
        }
    }

    private record Generated(String text, int anchor) {
    }

    private final String text;
    private final int[] outStarts;
    private final int[] originStarts;
    private final boolean[] copied;
    private final LineIndex outLines;

    private SourceMap(String text, int[] outStarts, int[] originStarts, boolean[] copied) {
        this.text = text;
        this.outStarts = outStarts;
        this.originStarts = originStarts;
        this.copied = copied;
        this.outLines = new LineIndex(text);
    }

    static SourceMap build(String source, Pieces root) {
        StringBuilder out = new StringBuilder(source.length() + 64);
        List<int[]> entries = new ArrayList<>();
        flatten(source, root, out, entries);
        int n = entries.size();
        int[] outStarts = new int[n];
        int[] originStarts = new int[n];
        boolean[] copied = new boolean[n];
        for (int i = 0; i < n; i++) {
            outStarts[i] = entries.get(i)[0];
            originStarts[i] = entries.get(i)[1];
            copied[i] = entries.get(i)[2] == 1;
        }
        return new SourceMap(out.toString(), outStarts, originStarts, copied);
    }

    private static void flatten(String source, Pieces pieces, StringBuilder out, List<int[]> entries) {
        for (Object item : pieces.items) {
            if (item instanceof int[] range) {
                entries.add(new int[] {out.length(), range[0], 1});
                out.append(source, range[0], range[1]);
            } else if (item instanceof Generated generated) {
                entries.add(new int[] {out.length(), generated.anchor(), 0});
                out.append(generated.text());
            } else {
                flatten(source, (Pieces) item, out, entries);
            }
        }
    }

    String text() {
        return text;
    }

    /** The original offset of a position Liqp reported in the translated text (line 1-based, column 0-based). */
    int originalOffset(int line, int zeroBasedColumn) {
        int out = outLines.offset(line, zeroBasedColumn);
        int index = Arrays.binarySearch(outStarts, out);
        if (index < 0) {
            index = -index - 2;
        }
        if (index < 0) {
            return 0;
        }
        // Several empty pieces may share a start; take the last one that starts here.
        while (index + 1 < outStarts.length && outStarts[index + 1] == out) {
            index++;
        }
        return copied[index] ? originStarts[index] + (out - outStarts[index]) : originStarts[index];
    }
}
