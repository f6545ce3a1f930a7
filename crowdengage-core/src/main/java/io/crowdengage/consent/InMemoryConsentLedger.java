package io.crowdengage.consent;

import io.crowdengage.internal.Checks;
import io.crowdengage.sms.PhoneNumber;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link ConsentLedger} in memory: for tests, demos and the simulator. */
public final class InMemoryConsentLedger implements ConsentLedger {
    private final Map<PhoneNumber, ConsentHistory> histories = new ConcurrentHashMap<>();

    private InMemoryConsentLedger() {
    }

    /** An empty ledger. */
    public static InMemoryConsentLedger create() {
        return new InMemoryConsentLedger();
    }

    @Override
    public void append(ConsentRecord record) {
        Checks.notNull(record, "record");
        histories.compute(record.phone(), (phone, history) ->
                (history == null ? ConsentHistory.empty() : history).append(record));
    }

    @Override
    public ConsentHistory history(PhoneNumber phone) {
        Checks.notNull(phone, "phone");
        return histories.getOrDefault(phone, ConsentHistory.empty());
    }

    /** Every number with a history, for tests and exports. */
    public List<PhoneNumber> numbers() {
        return List.copyOf(histories.keySet());
    }
}
