package io.crowdengage.engine;

import io.crowdengage.internal.Checks;

/**
 * Everything the engine decides from, read at one moment: the season, the consent ledger and the
 * send ledger.
 *
 * @param season  the ticketing data
 * @param consent the consent ledger
 * @param sends   the send ledger
 */
public record Snapshot(SeasonView season, ConsentView consent, SendHistoryView sends) {
    public Snapshot {
        Checks.notNull(season, "season");
        Checks.notNull(consent, "consent");
        Checks.notNull(sends, "sends");
    }
}
