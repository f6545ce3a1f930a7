package io.crowdengage.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import org.junit.jupiter.api.Test;

class FormParamsTest {

    @Test
    void decodesInOrderKeepingRepeats() {
        FormParams params = FormParams.decode("b=two+words&a=1&&a=%2B44&flag");
        assertThat(params.all()).extracting(FormParams.Param::name).containsExactly("b", "a", "a", "flag");
        assertThat(params.first("a")).contains("1");
        assertThat(params.first("b")).contains("two words");
        assertThat(params.first("flag")).contains("");
        assertThat(params.nonBlank("flag")).isEmpty();
        assertThat(params.has("missing")).isFalse();
        assertThat(FormParams.decode(null).size()).isZero();
    }

    @Test
    void toStringNamesOnly() {
        assertThat(FormParams.decode("To=%2B447400123456").toString()).isEqualTo("FormParams[To]");
    }

    @Property
    void encodingReadsBack(@ForAll @CharRange(from = ' ', to = '\u024f') String name,
                            @ForAll @CharRange(from = ' ', to = '\u024f') String value) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("n" + name, value);
        FormParams params = FormParams.of(map);
        assertThat(FormParams.decode(params.encode())).isEqualTo(params);
    }
}
