package io.crowdengage.spektrix;

import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A position in {@code orders/sync}: the {@code since} to send, as Spektrix reads it (a date-time
 * without an offset, in {@link SpektrixConfig#syncSinceZone()}), and the orders already returned
 * that the next request may return again. Spektrix's {@code since} is inclusive, so without the
 * second part the last orders of every page would come back again.
 *
 * <p>An order is remembered by a fingerprint, {@code orderId~hash}, the hash taken over what was
 * read about it: an order that comes back unchanged is skipped, one that comes back changed is a
 * change. That needs no modification time, which Spektrix does not document.
 *
 * <p>Token: {@code spektrix-sync/2|2025-03-01T10:00:00.0000000|orderA~1f2e3d4c,orderB~9a8b7c6d}.
 * Tokens of the first form ({@code spektrix-sync/1|utc-since|ids}) are still read: their
 * {@code since} was UTC, and their ids are dropped (an order may come back once more, which the
 * SPI allows).
 */
record SyncCursor(LocalDateTime since, Set<String> seen) {
    static final String PREFIX = "spektrix-sync/2";
    static final String FIRST_PREFIX = "spektrix-sync/1";
    /** Where {@link ChangeCursor#beginning()} starts: before any Spektrix order. */
    static final LocalDateTime BEGINNING = LocalDateTime.parse("2000-01-01T00:00:00");

    /** .NET round-trip style, 7 fractional digits and no zone, as Spektrix's docs show. */
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS");
    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9_-]+~[0-9a-f]{8}");
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]+");

    SyncCursor {
        // Seven fractional digits carry 100 ns; a finer mark could not be written in a request.
        since = since.withNano(since.getNano() / 100 * 100);
        seen = Set.copyOf(new TreeSet<>(seen));
    }

    /** The {@code since} query value. */
    String sinceParameter() {
        return SINCE.format(since);
    }

    /** Whether {@code id} is a fingerprint this cursor can carry. */
    static boolean isFingerprint(String id) {
        return FINGERPRINT.matcher(id).matches();
    }

    /** An instant as Spektrix reads it in {@code zone}. */
    static LocalDateTime toSince(Instant instant, ZoneId zone) {
        return LocalDateTime.ofInstant(instant, zone);
    }

    /** A {@code since} value as Spektrix writes it (in {@code paging.next}), if it is one. */
    static java.util.Optional<LocalDateTime> parseSince(String text) {
        try {
            return java.util.Optional.of(LocalDateTime.parse(text));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    ChangeCursor toChangeCursor() {
        return new ChangeCursor(PREFIX + "|" + sinceParameter() + "|" + String.join(",", new TreeSet<>(seen)));
    }

    /** The position a caller's cursor stands for, {@code since} read in {@code zone}; a token from elsewhere is MISUSE. */
    static SyncCursor from(ChangeCursor cursor, ZoneId zone) {
        if (cursor.isBeginning()) {
            return new SyncCursor(BEGINNING, Set.of());
        }
        if (cursor.sinceInstant().isPresent()) {
            return new SyncCursor(toSince(cursor.sinceInstant().get(), zone), Set.of());
        }
        String[] parts = cursor.token().split("\\|", -1);
        if (parts.length != 3) {
            throw foreign(cursor);
        }
        try {
            if (parts[0].equals(FIRST_PREFIX)) {
                checkAll(parts[2], ORDER_ID, cursor);
                Instant utc = LocalDateTime.parse(parts[1]).toInstant(ZoneOffset.UTC);
                return new SyncCursor(toSince(utc, zone), Set.of());
            }
            if (!parts[0].equals(PREFIX)) {
                throw foreign(cursor);
            }
            Set<String> seen = checkAll(parts[2], FINGERPRINT, cursor);
            return new SyncCursor(LocalDateTime.parse(parts[1]), seen);
        } catch (DateTimeParseException e) {
            throw foreign(cursor);
        }
    }

    private static Set<String> checkAll(String list, Pattern pattern, ChangeCursor cursor) {
        Set<String> values = list.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(list.split(",")));
        if (!values.stream().allMatch(value -> pattern.matcher(value).matches())) {
            throw foreign(cursor);
        }
        return values;
    }

    private static TicketingException foreign(ChangeCursor cursor) {
        return new TicketingException(TicketingException.Reason.MISUSE, "cursor '" + cursor.token()
                + "' was not issued by the Spektrix adapter (nor is it 'beginning' or 'since:<instant>')");
    }
}
