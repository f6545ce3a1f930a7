package io.crowdengage.benchmarks;

import io.crowdengage.template.FunctionContext;
import io.crowdengage.template.Returns;
import io.crowdengage.template.TemplateFunction;
import java.util.List;

/**
 * {@code show_score_url} as a cheap pure function for the benchmarks: the partner link from the
 * show's id and the booking, no I/O. The simulator's stand-in hashes its inputs and declares I/O,
 * which would measure SHA-256 and a different render path instead of ours.
 */
final class ShowScoreUrlStub implements TemplateFunction {
    @Override
    public String name() {
        return "show_score_url";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Returns returns() {
        return Returns.url(45, 80);
    }

    @Override
    public boolean mayDoIo() {
        return false;
    }

    @Override
    public Object call(FunctionContext context, List<Object> arguments) {
        return "https://show-score.test/r/" + arguments.get(0) + "/" + context.booking().id();
    }
}
