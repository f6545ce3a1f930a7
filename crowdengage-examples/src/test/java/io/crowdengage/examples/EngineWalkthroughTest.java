package io.crowdengage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The engine walkthrough")
class EngineWalkthroughTest {

    @Test
    @DisplayName("tells the weekend's story: who got what, when, and why not")
    void timeline() {
        List<String> timeline = EngineWalkthrough.run();
        assertThat(timeline).containsExactly(
                "Sat 28 Mar 10:00  box office cancels the Cinderella matinee",
                "Sat 28 Mar 11:30  SKIP     Directions and running time for Cinderella to Bob (+44*******567): PERFORMANCE_CANCELLED",
                "Sat 28 Mar 12:30  SKIP     Pre-show drinks offer for Cinderella to Bob (+44*******567): PERFORMANCE_CANCELLED",
                "Sat 28 Mar 16:30  SEND     Directions and running time for Hamlet to Alice (+44*******456) on basis CONTRACT",
                "Sat 28 Mar 16:30  SEND     Directions and running time for Hamlet to Bob (+44*******567) on basis CONTRACT",
                "Sat 28 Mar 16:30  SEND     Directions and running time for Hamlet to Carol (+44*******678) on basis CONTRACT",
                "Sat 28 Mar 16:30  SKIP     Directions and running time for Hamlet to Erin: NO_VALID_MOBILE",
                "Sat 28 Mar 17:30  SEND     Pre-show drinks offer for Hamlet to Alice (+44*******456) on basis SOFT_OPT_IN",
                "Sat 28 Mar 17:30  SKIP     Pre-show drinks offer for Hamlet to Bob (+44*******567): NO_MARKETING_CONSENT",
                "Sat 28 Mar 17:30  SEND     Pre-show drinks offer for Hamlet to Carol (+44*******678) on basis SOFT_OPT_IN",
                "Sat 28 Mar 17:30  SKIP     Pre-show drinks offer for Hamlet to Erin: NO_VALID_MOBILE",
                "Sat 28 Mar 18:00  Dan books a late ticket for Hamlet",
                "Sat 28 Mar 18:00  SEND     Directions and running time for Hamlet to Dan (+44*******789) on basis CONTRACT",
                "Sat 28 Mar 18:00  SKIP     Pre-show drinks offer for Hamlet to Dan (+44*******789): NO_MARKETING_CONSENT",
                "Sat 28 Mar 21:00  Carol replies STOP",
                "Sat 28 Mar 22:30  SEND     Show-Score review request (3 hours post-show) for Hamlet to Alice (+44*******456) on basis CONTRACT",
                "Sat 28 Mar 22:30  SEND     Show-Score review request (3 hours post-show) for Hamlet to Bob (+44*******567) on basis CONTRACT",
                "Sat 28 Mar 22:30  SKIP     Show-Score review request (3 hours post-show) for Hamlet to Carol (+44*******678): OPTED_OUT",
                "Sat 28 Mar 22:30  SEND     Show-Score review request (3 hours post-show) for Hamlet to Dan (+44*******789) on basis CONTRACT",
                "Sat 28 Mar 22:30  SKIP     Show-Score review request (3 hours post-show) for Hamlet to Erin: NO_VALID_MOBILE",
                "Sun 29 Mar 19:30  SEND     Show-Score review reminder (1 day post-show) for Hamlet to Alice (+44*******456) on basis CONTRACT",
                "Sun 29 Mar 19:30  SEND     Show-Score review reminder (1 day post-show) for Hamlet to Bob (+44*******567) on basis CONTRACT",
                "Sun 29 Mar 19:30  SKIP     Show-Score review reminder (1 day post-show) for Hamlet to Carol (+44*******678): OPTED_OUT",
                "Sun 29 Mar 19:30  SEND     Show-Score review reminder (1 day post-show) for Hamlet to Dan (+44*******789) on basis CONTRACT",
                "Sun 29 Mar 19:30  SKIP     Show-Score review reminder (1 day post-show) for Hamlet to Erin: NO_VALID_MOBILE");
    }
}
