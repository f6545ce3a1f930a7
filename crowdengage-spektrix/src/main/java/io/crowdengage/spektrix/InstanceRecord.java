package io.crowdengage.spektrix;

import io.crowdengage.model.RawAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/** A Spektrix instance before its event is joined in. */
record InstanceRecord(String id, String eventId, LocalDateTime start, Optional<Instant> startUtc, boolean cancelled,
                      RawAttributes raw) {
}
