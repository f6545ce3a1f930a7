package io.crowdengage.testkit.template;

import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.Returns;
import io.crowdengage.template.TemplateFunction;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** A pure two-argument function passes the kit; the groups for I/O and per-recipient values are skipped. */
class PlainTextFunctionCompatibilityTest extends TemplateFunctionCompatibilityKit {
    private final TemplateFunction seatLabel = new TemplateFunction() {
        @Override
        public String name() {
            return "seat_label";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public Returns returns() {
            return Returns.text(6, 20);
        }

        @Override
        public boolean mayDoIo() {
            return false;
        }

        @Override
        public Object call(FunctionContext context, List<Object> arguments) {
            return (arguments.get(0) + "-" + arguments.get(1)).toUpperCase(Locale.ROOT);
        }
    };

    @Override
    protected TemplateFunction function() {
        return seatLabel;
    }

    @Override
    protected List<Object> arguments() {
        return List.of("stalls", 12);
    }

    @Override
    protected OptionalLong ioCount() {
        return OptionalLong.of(0);
    }
}
