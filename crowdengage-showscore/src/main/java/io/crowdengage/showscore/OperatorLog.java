package io.crowdengage.showscore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages an operator must see (a refused key, an unknown show, Show-Score down), one line per
 * event rather than per recipient. SLF4J in production; tests count the lines.
 */
interface OperatorLog {
    void warn(String message);

    void error(String message);

    /** Writes to the {@code io.crowdengage.showscore.ShowScorePartnerLinks} logger. */
    static OperatorLog slf4j() {
        Logger log = LoggerFactory.getLogger(ShowScorePartnerLinks.class);
        return new OperatorLog() {
            @Override
            public void warn(String message) {
                log.warn("{}", message);
            }

            @Override
            public void error(String message) {
                log.error("{}", message);
            }
        };
    }
}
