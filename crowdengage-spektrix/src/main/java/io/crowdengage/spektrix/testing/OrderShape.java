package io.crowdengage.spektrix.testing;

/**
 * How {@link FakeSpektrixServer} writes an element of {@code orders/sync}. Spektrix documents only
 * the first four fields of an element ({@code orderId}, {@code orderFriendlyId}, {@code customerId},
 * {@code customerFriendlyId}); what follows them on a live system is not public, so the fake can
 * answer in each shape the adapter must survive. {@code orders/{id}} always answers the whole
 * order, in the shape's ticket form.
 */
public enum OrderShape {
    /**
     * The shape crowdengage first assumed: {@code confirmedUtc}, {@code lastModifiedUtc}, and
     * {@code tickets[]} with {@code instance: {"id"}}, {@code cancelled} and {@code cancelledUtc}.
     */
    ASSUMED,
    /**
     * Only the documented fields: no times, no tickets. The adapter must follow {@code paging.next},
     * and read each order's tickets from {@code orders/{id}}.
     */
    DOCUMENTED_ONLY,
    /** As {@link #ASSUMED} without {@code lastModifiedUtc}: the cursor cannot be built from the orders. */
    NO_MODIFICATION_TIME,
    /**
     * Other plausible names: {@code confirmed} and {@code lastModified} (with {@code Z}), tickets with a
     * flat {@code instanceId}, and no cancellation time ({@code cancelled} only).
     */
    OTHER_NAMES,
    /**
     * Tickets that name only their event ({@code tickets[].event.id}, as {@code orders?confirmedOn=}
     * is seen to), here and in {@code orders/{id}}: no booking can be placed on a performance.
     */
    EVENT_ONLY_TICKETS
}
