package io.crowdengage.spektrix;

import io.crowdengage.ticketing.ChangeCursor;
import io.crowdengage.ticketing.TicketingException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A position in {@code orders/sync}: the high-water mark to pass as {@code since}, and the orders
 * already returned whose modification time is exactly that mark. Spektrix's {@code since} is
 * inclusive, so without the second part the last orders of every page would come back again.
 *
 * <p>Token: {@code spektrix-sync/1|2025-03-01T10:00:00.0000000|orderA,orderB}.
 */
record SyncCursor(Instant since, Set<String> seenAtMark) {
    static final String PREFIX = "spektrix-sync/1";
    /** Where {@link ChangeCursor#beginning()} starts: before any Spektrix order. */
    static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

    /** .NET round-trip style, 7 fractional digits and no zone, as Spektrix's docs show; read as UTC. */
    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]+");

    SyncCursor {
        // Seven fractional digits carry 100 ns; a finer mark could not be written in a request.
        since = Instant.ofEpochSecond(since.getEpochSecond(), since.getNano() / 100 * 100);
        seenAtMark = Set.copyOf(new TreeSet<>(seenAtMark));
    }

    /** The {@code since} query value. */
    String sinceParameter() {
        return SINCE.format(since);
    }

    /** A {@code since} value as Spektrix writes it in {@code paging.next}, read as UTC. */
    static Instant parseSince(String text) {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    ChangeCursor toChangeCursor() {
        return new ChangeCursor(PREFIX + "|" + sinceParameter() + "|" + String.join(",", new TreeSet<>(seenAtMark)));
    }

    /** The position a caller's cursor stands for; a token from elsewhere is MISUSE. */
    static SyncCursor from(ChangeCursor cursor) {
        if (cursor.isBeginning()) {
            return new SyncCursor(BEGINNING, Set.of());
        }
        if (cursor.sinceInstant().isPresent()) {
            return new SyncCursor(cursor.sinceInstant().get(), Set.of());
        }
        String[] parts = cursor.token().split("\\|", -1);
        if (parts.length != 3 || !parts[0].equals(PREFIX)) {
            throw foreign(cursor);
        }
        try {
            Instant since = parseSince(parts[1]);
            Set<String> seen = parts[2].isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(parts[2].split(",")));
            if (!seen.stream().allMatch(id -> ORDER_ID.matcher(id).matches())) {
                throw foreign(cursor);
            }
            return new SyncCursor(since, seen);
        } catch (DateTimeParseException e) {
            throw foreign(cursor);
        }
    }

    private static TicketingException foreign(ChangeCursor cursor) {
        return new TicketingException(TicketingException.Reason.MISUSE, "cursor '" + cursor.token()
                + "' was not issued by the Spektrix adapter (nor is it 'beginning' or 'since:<instant>')");
    }
}
