package io.crowdengage.sms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Measures SMS texts: encoding, units and segments (GSM 03.38 and UCS-2 concatenation rules). */
public final class SmsEncoding {
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private SmsEncoding() {
    }

    /** The encoding, length and segment count of {@code text}. */
    public static MessageLength measure(CharSequence text) {
        String s = text.toString();
        Set<String> nonGsm = new LinkedHashSet<>();
        int characters = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            characters++;
            if (cp > 0xFFFF || (BASIC.indexOf(cp) < 0 && EXTENSION.indexOf(cp) < 0)) {
                nonGsm.add(new String(Character.toChars(cp)));
            }
            i += Character.charCount(cp);
        }
        if (nonGsm.isEmpty()) {
            List<Integer> widths = new ArrayList<>();
            for (int i = 0; i < s.length(); i++) {
                widths.add(EXTENSION.indexOf(s.charAt(i)) >= 0 ? 2 : 1);
            }
            return new MessageLength(Encoding.GSM_7, characters, sum(widths), segments(widths, 160, 153), List.of());
        }
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int count = Character.charCount(s.codePointAt(i));
            widths.add(count);
            i += count;
        }
        return new MessageLength(Encoding.UCS_2, characters, sum(widths), segments(widths, 70, 67),
                List.copyOf(nonGsm));
    }

    private static int sum(List<Integer> widths) {
        return widths.stream().mapToInt(Integer::intValue).sum();
    }

    /** Packs indivisible widths (escape pairs, surrogate pairs) into segments. */
    private static int segments(List<Integer> widths, int single, int multi) {
        int total = sum(widths);
        if (total == 0) {
            return 0;
        }
        if (total <= single) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int width : widths) {
            if (used + width > multi) {
                segments++;
                used = 0;
            }
            used += width;
        }
        return segments;
    }
}
