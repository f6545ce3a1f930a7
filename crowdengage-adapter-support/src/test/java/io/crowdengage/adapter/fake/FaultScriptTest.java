package io.crowdengage.adapter.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdengage.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FaultScriptTest {

    @Test
    void takesFaultsInTheOrderScripted() {
        FaultScript<String, String> script = new FaultScript<>();
        script.add(1, "first");
        script.add(2, "second");
        assertThat(script.pending()).isEqualTo(3);
        assertThat(script.take("any")).contains("first");
        assertThat(script.take("any")).contains("second");
        assertThat(script.take("any")).contains("second");
        assertThat(script.take("any")).isEmpty();
        assertThat(script.pending()).isZero();
    }

    @Test
    void aRequestTakesTheFirstEntryThatAppliesToIt() {
        FaultScript<String, String> script = new FaultScript<>();
        script.add(1, path -> path.startsWith("orders"), "orders down");
        script.add(1, "everything down");
        assertThat(script.take("customers/1")).contains("everything down");
        assertThat(script.take("customers/1")).isEmpty();
        assertThat(script.take("orders/sync")).contains("orders down");
        assertThat(script.take("orders/sync")).isEmpty();
    }

    @Test
    void clearForgetsWhatWasNotTaken() {
        FaultScript<String, String> script = new FaultScript<>();
        script.add(5, "down");
        script.take("a");
        script.clear();
        assertThat(script.pending()).isZero();
        assertThat(script.take("a")).isEmpty();
    }

    @Test
    void refusesAScriptThatCannotApply() {
        FaultScript<String, String> script = new FaultScript<>();
        assertThatThrownBy(() -> script.add(0, "down")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("times");
        assertThatThrownBy(() -> script.add(1, null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("fault");
    }

    /** Scripting counts {@code c1, c2, ...} of faults {@code 0, 1, ...} yields c1 zeros, then c2 ones, and so on. */
    @Property
    void everyFaultIsTakenItsTimesInOrder(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 5) Integer> counts) {
        FaultScript<String, Integer> script = new FaultScript<>();
        List<Integer> expected = new ArrayList<>();
        for (int fault = 0; fault < counts.size(); fault++) {
            script.add(counts.get(fault), fault);
            for (int i = 0; i < counts.get(fault); i++) {
                expected.add(fault);
            }
        }
        List<Integer> taken = new ArrayList<>();
        for (Optional<Integer> next = script.take("r"); next.isPresent(); next = script.take("r")) {
            taken.add(next.get());
        }
        assertThat(taken).isEqualTo(expected);
    }
}
