package io.crowdengage.sms;

import io.crowdengage.internal.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an SMS body is encoded and into how many segments it is cut.
 *
 * <p>A message is sent in the GSM 03.38 default alphabet (3GPP TS 23.038: 7-bit septets) when every
 * character is in its basic or extension table, and in UCS-2 (UTF-16 code units) as soon as one
 * character is not: the choice is all or nothing. A single message holds 160 septets or 70 code
 * units; a concatenated one holds 153 or 67 per segment because each part carries a 6-octet header.
 *
 * <p>Segments are counted by packing, never by dividing: a two-septet extension character
 * ({@code ^ { } \ [ ~ ] | €} and form feed) or a surrogate pair (most emoji) is never split across
 * two segments, so {@code 152 × "a" + "€" + 152 × "a"} is 3 segments although it is only 306
 * septets. In UCS-2 a grapheme cluster (an emoji family, a flag, a letter with a combining accent)
 * is also kept whole when it fits in one segment, because many handsets and carriers mangle a part
 * that ends inside a character. CR and LF are separate characters and cost one unit each.
 *
 * <p>The empty text is 0 segments; any non-empty text is at least 1.
 */
public final class SmsEncoding {

    /** The encodings a message can be sent in. */
    public enum Encoding {
        /** The GSM 03.38 7-bit default alphabet with its extension table. */
        GSM_7(160, 153),
        /** UTF-16 code units, two octets each. */
        UCS_2(70, 67);

        private final int singleSegmentLimit;
        private final int concatenatedSegmentLimit;

        Encoding(int singleSegmentLimit, int concatenatedSegmentLimit) {
            this.singleSegmentLimit = singleSegmentLimit;
            this.concatenatedSegmentLimit = concatenatedSegmentLimit;
        }

        /** Units (septets or code units) that fit in a message sent as one segment: 160 or 70. */
        public int singleSegmentLimit() {
            return singleSegmentLimit;
        }

        /** Units that fit in each part of a concatenated message: 153 or 67. */
        public int concatenatedSegmentLimit() {
            return concatenatedSegmentLimit;
        }
    }

    /**
     * The measured size of a message.
     *
     * @param encoding          GSM_7 if every character is in the GSM tables, UCS_2 otherwise
     * @param characters        the length in UTF-16 code units ({@link String#length()})
     * @param units             septets for GSM_7 (extension characters count 2), code units for UCS_2
     * @param segments          the number of SMS parts after packing; 0 for the empty text
     * @param nonGsmCharacters  the distinct characters (whole code points) that forced UCS_2, in order of
     *                          first appearance; empty for GSM_7
     */
    public record MessageLength(Encoding encoding, int characters, int units, int segments,
                                List<String> nonGsmCharacters) {
        /** Validates that counts are not negative and copies the list. */
        public MessageLength {
            Checks.notNull(encoding, "encoding");
            Checks.notNegative(characters, "characters");
            Checks.notNegative(units, "units");
            Checks.notNegative(segments, "segments");
            nonGsmCharacters = List.copyOf(Checks.noNullElements(nonGsmCharacters, "nonGsmCharacters"));
            List<String> nonGsm = nonGsmCharacters; // the parameter is reassigned above, so a lambda cannot capture it
            Checks.require(encoding == Encoding.UCS_2 || nonGsm.isEmpty(), "nonGsmCharacters",
                    () -> "must be empty for GSM_7 but was " + nonGsm);
        }

        /** True when the message is sent in the GSM 7-bit alphabet. */
        public boolean isGsm7() {
            return encoding == Encoding.GSM_7;
        }
    }

    /**
     * The result of {@link #downgrade(String)}: the new text and what was changed.
     *
     * @param text         the text after replacement
     * @param replacements each kind of change made, in order of first appearance; empty if nothing changed
     */
    public record Downgrade(String text, List<Replacement> replacements) {
        /** Validates and copies the list. */
        public Downgrade {
            Checks.notNull(text, "text");
            replacements = List.copyOf(Checks.noNullElements(replacements, "replacements"));
        }

        /** True if at least one character was replaced or removed. */
        public boolean changed() {
            return !replacements.isEmpty();
        }
    }

    /**
     * One kind of change a downgrade made.
     *
     * @param original    the character that was replaced, as a string (one code point)
     * @param replacement what it became; the empty string if it was removed
     * @param count       how many times it occurred, at least 1
     */
    public record Replacement(String original, String replacement, int count) {
        /** Validates the fields. */
        public Replacement {
            Checks.notNull(original, "original");
            Checks.require(!original.isEmpty(), "original", "must not be empty");
            Checks.notNull(replacement, "replacement");
            Checks.require(count >= 1, "count", "must be at least 1 but was " + count);
        }
    }

    /** The basic table, 127 characters in septet order; ESC (0x1B) is left out. */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅå"
            + "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** The extension table: each costs ESC plus one septet. FF is form feed (ESC 0x0A). */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private static final Map<Integer, String> DOWNGRADES = downgrades();

    private static final byte[] SEPTETS = septetTable();

    private SmsEncoding() {
    }

    /** True if {@code c} is in the GSM 03.38 basic or extension table. */
    public static boolean isGsm7(char c) {
        return septets(c) > 0;
    }

    /** True if every character of {@code text} is in the GSM 03.38 basic or extension table. */
    public static boolean isGsm7(CharSequence text) {
        Checks.notNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (!isGsm7(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Measures {@code text}: its encoding, its size in the units of that encoding, and the number of
     * segments it will be sent in.
     */
    public static MessageLength measure(CharSequence text) {
        Checks.notNull(text, "text");
        // GSM-7 text, nearly every message, is measured in a tight pass that allocates nothing but the
        // result; only text longer than one segment is walked again to pack it into parts.
        int length = text.length();
        int septets = 0;
        for (int i = 0; i < length; i++) {
            int cost = septets(text.charAt(i));
            if (cost == 0) {
                return measureUcs2(text.toString());
            }
            septets += cost;
        }
        int segments = length == 0 ? 0
                : septets <= Encoding.GSM_7.singleSegmentLimit() ? 1 : gsmSegments(text);
        return new MessageLength(Encoding.GSM_7, length, septets, segments, List.of());
    }

    /** The parts of a GSM-7 text over one segment: the packing cuts() does, counted instead of recorded. */
    private static int gsmSegments(CharSequence text) {
        int perPart = Encoding.GSM_7.concatenatedSegmentLimit();
        int parts = 1;
        int usedInPart = 0;
        for (int i = 0; i < text.length(); i++) {
            int cost = septets(text.charAt(i));
            if (usedInPart + cost > perPart) {
                parts++;
                usedInPart = 0;
            }
            usedInPart += cost;
        }
        return parts;
    }

    private static MessageLength measureUcs2(String string) {
        Set<String> nonGsm = nonGsmCharacters(string);
        return new MessageLength(Encoding.UCS_2, string.length(), string.length(),
                cuts(string, Encoding.UCS_2).size(), List.copyOf(nonGsm));
    }

    /**
     * Cuts {@code text} into the segments it will be sent in. Concatenating them gives back the text;
     * each fits its segment limit; none ends inside an extension pair or a surrogate pair. The list
     * has {@link MessageLength#segments()} elements and is empty for the empty text.
     */
    public static List<String> split(CharSequence text) {
        Checks.notNull(text, "text");
        String string = text.toString();
        Encoding encoding = nonGsmCharacters(string).isEmpty() ? Encoding.GSM_7 : Encoding.UCS_2;
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int end : cuts(string, encoding)) {
            segments.add(string.substring(start, end));
            start = end;
        }
        return List.copyOf(segments);
    }

    /**
     * Replaces typographic characters that force UCS-2 with their GSM twins, so that a message
     * written in a word processor stays GSM-7: curly quotes and primes become {@code '} or
     * {@code "}, the backtick and acute accent become {@code '}, dashes and the minus sign become
     * {@code -}, the ellipsis becomes {@code ...}, non-breaking, narrow and other fixed-width spaces
     * and the tab become a space, the line and paragraph separators become LF, and invisible
     * characters (zero-width space and non-joiner, word joiner, BOM, soft hyphen) are removed.
     *
     * <p>Letters are never changed, because they carry meaning: a name such as Françoise or a Welsh
     * word keeps its accents and the message is sent as UCS-2. A zero-width joiner between two
     * non-GSM characters is kept, because it is part of an emoji sequence such as a family and
     * removing it would change what the reader sees without making the text GSM. Text that is
     * already GSM-7 is returned unchanged.
     */
    public static Downgrade downgrade(String text) {
        Checks.notNull(text, "text");
        StringBuilder out = new StringBuilder(text.length());
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String> replacementOf = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            String replacement = DOWNGRADES.get(codePoint);
            if (replacement != null && codePoint == 0x200D && joinsNonGsm(text, out, next)) {
                replacement = null;
            }
            if (replacement == null) {
                out.appendCodePoint(codePoint);
            } else {
                String original = new String(Character.toChars(codePoint));
                out.append(replacement);
                counts.computeIfAbsent(original, k -> new int[1])[0]++;
                replacementOf.put(original, replacement);
            }
            i = next;
        }
        List<Replacement> replacements = new ArrayList<>();
        counts.forEach((original, count) -> replacements.add(
                new Replacement(original, replacementOf.get(original), count[0])));
        return new Downgrade(out.toString(), replacements);
    }

    /** 1 for a basic-table character, 2 for an extension character, 0 if not GSM. */
    static int septets(char c) {
        return SEPTETS[c];
    }

    /**
     * {@link #septets(char)} for every char, read from the tables once. 64 KB, but a message touches
     * only the lines of the characters it uses; indexed by a char, it needs no range check.
     */
    private static byte[] septetTable() {
        byte[] table = new byte[Character.MAX_VALUE + 1];
        for (int i = 0; i < BASIC.length(); i++) {
            table[BASIC.charAt(i)] = 1;
        }
        for (int i = 0; i < EXTENSION.length(); i++) {
            table[EXTENSION.charAt(i)] = 2;
        }
        return table;
    }

    private static boolean joinsNonGsm(String text, CharSequence before, int after) {
        if (before.length() == 0 || after >= text.length()) {
            return false;
        }
        return !isGsm7(before.charAt(before.length() - 1)) && !isGsm7(text.charAt(after));
    }

    private static Set<String> nonGsmCharacters(String text) {
        Set<String> found = new LinkedHashSet<>();
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (width == 2 || !isGsm7(text.charAt(i))) {
                found.add(text.substring(i, i + width));
            }
            i += width;
        }
        return found;
    }

    /**
     * The end index (exclusive) of each segment. Packing works on indivisible atoms: single
     * characters in GSM-7 (an extension character is one char costing two septets), and grapheme
     * clusters in UCS-2, falling back to code points for a cluster too long for one segment.
     */
    private static List<Integer> cuts(String text, Encoding encoding) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<int[]> atoms = encoding == Encoding.GSM_7 ? gsmAtoms(text) : ucs2Atoms(text);
        int total = 0;
        for (int[] atom : atoms) {
            total += atom[1];
        }
        if (total <= encoding.singleSegmentLimit()) {
            return List.of(text.length());
        }
        int limit = encoding.concatenatedSegmentLimit();
        List<Integer> cuts = new ArrayList<>();
        int used = 0;
        int position = 0;
        for (int[] atom : atoms) {
            if (used + atom[1] > limit) {
                cuts.add(position);
                used = 0;
            }
            used += atom[1];
            position += atom[0];
        }
        cuts.add(position);
        return cuts;
    }

    /** Atoms as {length in chars, cost in units}. */
    private static List<int[]> gsmAtoms(String text) {
        List<int[]> atoms = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); i++) {
            atoms.add(new int[] {1, septets(text.charAt(i))});
        }
        return atoms;
    }

    private static List<int[]> ucs2Atoms(String text) {
        List<int[]> atoms = new ArrayList<>(text.length());
        int limit = Encoding.UCS_2.concatenatedSegmentLimit();
        Matcher matcher = GRAPHEME.matcher(text);
        while (matcher.find()) {
            String cluster = matcher.group();
            // CR LF is one grapheme, but it is two characters that a splitter may separate, as Twilio's does.
            if (cluster.length() <= limit && !"\r\n".equals(cluster)) {
                atoms.add(new int[] {cluster.length(), cluster.length()});
            } else {
                cluster.codePoints().forEach(cp -> {
                    int width = Character.charCount(cp);
                    atoms.add(new int[] {width, width});
                });
            }
        }
        return atoms;
    }

    private static Map<Integer, String> downgrades() {
        Map<Integer, String> map = new LinkedHashMap<>();
        for (int cp : new int[] {0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0x0060, 0x00B4}) {
            map.put(cp, "'");
        }
        for (int cp : new int[] {0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x2036, 0x00AB, 0x00BB}) {
            map.put(cp, "\"");
        }
        for (int cp : new int[] {0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212}) {
            map.put(cp, "-");
        }
        map.put(0x2026, "...");
        for (int cp : new int[] {0x0009, 0x00A0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
                0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000}) {
            map.put(cp, " ");
        }
        map.put(0x2028, "\n");
        map.put(0x2029, "\n");
        for (int cp : new int[] {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E}) {
            map.put(cp, "");
        }
        return Map.copyOf(map);
    }
}
