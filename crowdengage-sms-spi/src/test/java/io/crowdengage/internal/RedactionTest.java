package io.crowdengage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    @Test
    void masksAProvidersQuotedNumber() {
        assertThat(Redaction.personalData("The 'To' number +447400100004 is not a valid phone number."))
                .isEqualTo("The 'To' number +44********04 is not a valid phone number.")
                .doesNotContain("7400100004");
    }

    @Test
    void masksNationalAndSpacedNumbersAndEmails() {
        String masked = Redaction.personalData("call 07400 100004 or (020) 7946-0018, mail ada.l@example.co.uk");
        assertThat(masked).doesNotContain("100004").doesNotContain("7946").doesNotContain("example")
                .contains("<email>");
    }

    /** The reviewer's four misses: each left the number whole. */
    @ParameterizedTest
    @ValueSource(strings = {
            "rejected +447400123456: not a mobile",
            "number +44 - 7400 - 123456 refused",
            "code msisdn_447400123456_rejected",
            "id 447400123456ab unknown",
            "to=+447400123456;",
            "'07400/123/456'",
            "(+44)(0)7400.123.456",
            "0044 7400 123 456.",
            "+44\u00a07400\u2013123456",
    })
    void masksNumbersGluedToPunctuationLettersOrUnderscoresAndSpacedAnyHow(String text) {
        String masked = Redaction.personalData(text);
        assertThat(digitsOf(masked)).as(masked).hasSizeLessThanOrEqualTo(4);
        assertThat(masked).contains("**");
    }

    @Test
    void keepsTheCountryCodeAndTheLastTwoDigitsAtMost() {
        assertThat(Redaction.personalData("msisdn_447400123456_rejected")).isEqualTo("msisdn_**********56_rejected");
        assertThat(Redaction.personalData("+447400123456:")).isEqualTo("+44********56:");
        assertThat(Redaction.personalData("+44 - 7400 - 123456")).isEqualTo("+44********56");
        assertThat(Redaction.personalData("ref 1234567")).isEqualTo("ref *****67");
    }

    @Test
    void aVeryLongRunIsMaskedToAReadableLength() {
        String masked = Redaction.personalData("digits " + "4".repeat(200) + " end");
        assertThat(masked).startsWith("digits ").endsWith(" end").contains("(200 digits)").hasSizeLessThan(50);
    }

    @Test
    void masksEmailsWithoutATopLevelDomainAndUrlEncodedOnes() {
        assertThat(Redaction.personalData("from ann@localhost, to=bob.smith%40example.org&x=1"))
                .isEqualTo("from <email>, to=<email>&x=1");
    }

    @Test
    void leavesInstantsDatesTimesDurationsPricesAndShortNumbersAlone() {
        String text = "deadline 2026-12-02T19:30:00Z, at 2026-12-03 19:30, on 03/12/2026 or 2026/12/03, "
                + "sent 2026-12-02T19:30:00.123456789Z, doors 19:30 2026-12-03, retry in PT30S, code 21211, attempt 3, £12.50, "
                + "12 - 34 seats, 1,234,567 views, row 12 seat 345678";
        assertThat(Redaction.personalData(text)).isEqualTo(text);
    }

    @Test
    void masksIdentifiersThatHoldSevenDigitsOrMore() {
        assertThat(Redaction.personalData("id SM1234567890abcdef")).isEqualTo("id SM********90abcdef");
    }

    @Test
    void whenADateIsJoinedToMoreDigitsTheWholeRunIsMasked() {
        assertThat(digitsOf(Redaction.personalData("2026-12-03 7400 123456"))).hasSizeLessThanOrEqualTo(4);
        assertThat(digitsOf(Redaction.personalData("1985-04-1207400123456"))).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void cutsLongTexts() {
        assertThat(Redaction.personalData("x".repeat(5_000))).hasSizeLessThan(Redaction.MAX_LENGTH + 40)
                .endsWith("(5000 chars)");
    }

    @Test
    void aNumberOrEmailCutInTwoByTheLengthLimitLeavesNoPart() {
        String padding = "word ".repeat(58) + "abc";       // the number or email starts 6 characters before the cut
        assertThat(Redaction.personalData(padding + " +447400123456 and more text")).doesNotContain("4474");
        assertThat(Redaction.personalData(padding + " philippa.quaint@example.org and more")).doesNotContain("phil");
    }

    @Test
    void describesAThrowableChainWithoutItsPersonalData() {
        Exception e = new IllegalStateException("row for +447400100004 locked",
                new RuntimeException("timeout reading ann@example.com"));
        String line = Redaction.throwable(e);
        assertThat(line).contains("IllegalStateException").contains("caused by java.lang.RuntimeException")
                .contains(" at ").doesNotContain("7400100004").doesNotContain("ann@");
    }

    @Property
    void noRunOfSevenDigitsOfANumberSurvives(@ForAll @IntRange(min = 1_000_000, max = 999_999_999) int subscriber,
                                            @ForAll @StringLength(max = 20) String before) {
        String number = "+4474" + subscriber;
        String masked = Redaction.personalData(before.replaceAll("[\\p{L}\\p{N}:_+]", " ") + " " + number + ".");
        assertThat(masked).doesNotContain(String.valueOf(subscriber));
    }

    /**
     * A number of seven digits or more, written in any of the ways people and providers write them,
     * glued to anything (letters, underscores, punctuation), shows at most four of its digits, and
     * the text around it is kept as it was.
     */
    @Property(tries = 2_000)
    void aNumberInAnyFormatAnywhereInTextShowsAtMostFourDigits(@ForAll("numbers") String number,
                                                               @ForAll("surroundings") String before,
                                                               @ForAll("surroundings") String after) {
        String masked = Redaction.personalData(before + number + after);
        assertThat(digitsOf(masked)).as("%s -> %s", before + number + after, masked).hasSizeLessThanOrEqualTo(4);
        assertThat(masked).startsWith(before).endsWith(after).contains("*");
    }

    /** Short numbers, times, prices and dates between words are kept as they are. */
    @Property(tries = 1_000)
    void ordinaryNumbersBetweenWordsAreKept(@ForAll("ordinaryTexts") String text) {
        assertThat(Redaction.personalData(text)).isEqualTo(text);
    }

    /** An email anywhere, in any case and with digits in it, is replaced whole. */
    @Property
    void anEmailIsReplacedWhole(@ForAll("emails") String email, @ForAll("surroundings") String before) {
        assertThat(Redaction.personalData(before + " " + email + ", thanks")).isEqualTo(before + " <email>, thanks");
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> ukMobile = Arbitraries.strings().numeric().ofLength(9).map(rest -> "7" + rest);
        Arbitrary<String> ukLandline = Arbitraries.strings().numeric().ofLength(8).map(rest -> "20" + rest);
        Arbitrary<String> anyLength = Arbitraries.strings().numeric().ofMinLength(7).ofMaxLength(15);
        Arbitrary<String> significant = Arbitraries.oneOf(ukMobile, ukLandline);
        Arbitrary<String> digits = Arbitraries.oneOf(
                significant.map(n -> "+44" + n),
                significant.map(n -> "44" + n),
                significant.map(n -> "0044" + n),
                significant.map(n -> "0" + n),
                significant.map(n -> "+44(0)" + n),
                anyLength,
                anyLength.map(n -> "+" + n));
        Arbitrary<List<String>> separators = Arbitraries.of(" ", ".", "-", " - ", "/", " / ", "(", ")", ") ", " (",
                "\u00a0", "\u2013", "--", "").list().ofMinSize(16).ofMaxSize(16);
        Arbitrary<List<Integer>> groups = Arbitraries.integers().between(1, 5).list().ofMinSize(16).ofMaxSize(16);
        return Combinators.combine(digits, separators, groups).as(RedactionTest::format);
    }

    /** {@code digits} split into groups of the given sizes, joined by the given separators. */
    private static String format(String digits, List<String> separators, List<Integer> groups) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int group = 0;
        while (i < digits.length()) {
            char c = digits.charAt(i);
            if (!Character.isDigit(c)) {                 // "+" or "(0)" as written
                out.append(c);
                i++;
                continue;
            }
            int end = Math.min(digits.length(), i + groups.get(group % groups.size()));
            for (int j = i; j < end && Character.isDigit(digits.charAt(j)); j++, i++) {
                out.append(digits.charAt(j));
            }
            if (i < digits.length() && Character.isDigit(digits.charAt(i))) {
                out.append(separators.get(group % separators.size()));
            }
            group++;
        }
        return out.toString();
    }

    /** Text that may touch a number: letters, underscores, punctuation, spaces; never a digit. */
    @Provide
    Arbitrary<String> surroundings() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.of(" ", "_", ":", ";", ",", ".", "'", "\"", "=", "#", "(", ")", "[", "]", "<", ">", "/",
                        "-", "msisdn_", "_rejected", "To: ", " is not valid", "ab", "\n", "\t", "!", "?", "*"));
        return piece.list().ofMaxSize(6).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> ordinaryTexts() {
        Arbitrary<String> shortNumber = Arbitraries.integers().between(0, 999_999).map(String::valueOf);
        Arbitrary<String> time = Arbitraries.integers().between(0, 24 * 60 * 60 - 1)
                .map(s -> LocalTime.ofSecondOfDay(s).format(DateTimeFormatter.ofPattern(s % 2 == 0 ? "HH:mm" : "HH:mm:ss")));
        Arbitrary<String> price = Arbitraries.integers().between(0, 99_999).map(p -> "£" + p / 100 + "." + String.format("%02d", p % 100));
        Arbitrary<LocalDate> date = Arbitraries.integers().between(0, 365 * 140)
                .map(d -> LocalDate.of(1950, 1, 1).plusDays(d));
        Arbitrary<String> dates = Arbitraries.oneOf(
                date.map(LocalDate::toString),
                date.map(d -> d.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))),
                date.map(d -> d.format(DateTimeFormatter.ofPattern("d/M/yyyy"))),
                date.map(d -> d.format(DateTimeFormatter.ofPattern("dd.MM.yyyy"))),
                date.map(d -> d.format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))));
        Arbitrary<String> dateTimes = Arbitraries.longs().between(0, 4_000_000_000L).flatMap(seconds ->
                Arbitraries.integers().between(0, 999_999_999).map(nanos -> {
                    Instant at = Instant.ofEpochSecond(seconds, nanos % 3 == 0 ? 0 : nanos);
                    return nanos % 2 == 0 ? at.toString()
                            : LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC)
                            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
                }));
        Arbitrary<String> value = Arbitraries.oneOf(shortNumber, time, price, dates, dateTimes);
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(value.list().ofMinSize(1).ofMaxSize(4), word.list().ofMinSize(5).ofMaxSize(5))
                .as((values, words) -> {
                    List<String> parts = new ArrayList<>();
                    for (int i = 0; i < values.size(); i++) {
                        parts.add(words.get(i));
                        parts.add(values.get(i));
                    }
                    parts.add(words.get(4));
                    return String.join(" ", parts);
                });
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('.', '_', '+', '-').ofMinLength(1).ofMaxLength(20)
                .map(s -> "x" + s);
        Arbitrary<String> domain = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .ofMinLength(1).ofMaxLength(12).list().ofMinSize(1).ofMaxSize(3).map(labels -> String.join(".", labels));
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }

    private static String digitsOf(String text) {
        return text.replaceAll("\\D", "");
    }
}
