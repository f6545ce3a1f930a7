package io.crowdengage.runtime;

import io.crowdengage.engine.Candidate;
import java.util.List;

/**
 * Told, once per tick, about every message the runtime is about to render, before the first one is
 * rendered. A template function that fetches something per recipient (a partner review link, say)
 * uses it to fetch for the whole batch in one go instead of once per message.
 *
 * <p>Called on the tick's thread; an exception is logged and the tick goes on (the functions then
 * fetch one by one, or fail and skip the recipient with their own reason).
 */
@FunctionalInterface
public interface RenderPreparer {
    /** The candidates the engine says to send now, in the order they will be rendered. */
    void prepare(List<Candidate> sendsAboutToRender);
}
