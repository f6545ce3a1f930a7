package io.crowdengage.template;

import io.crowdengage.internal.Checks;

/**
 * Caps that keep a template, however it is written, from running away. Liqp cannot be stopped
 * mid-render (it never checks for interruption), so these caps are the real bounds; there is no
 * render timer and no thread per render.
 *
 * @param maxTemplateCharacters longest template source accepted at validation (default 20,000)
 * @param maxRenderedCharacters longest text a render, or any single function result, may reach (default 10,000)
 * @param maxLoopIterations     most loop iterations in one render, over all loops (default 1,000)
 * @param maxNestingDepth       deepest nesting of blocks ({@code if}, {@code for}...) (default 20)
 * @param cachedTemplates       checked templates kept by source (default 1,000)
 */
public record TemplateLimits(int maxTemplateCharacters, int maxRenderedCharacters, int maxLoopIterations,
                             int maxNestingDepth, int cachedTemplates) {
    public TemplateLimits {
        Checks.require(maxTemplateCharacters >= 100, "limits.maxTemplateCharacters",
                "must be at least 100 but was " + maxTemplateCharacters);
        Checks.require(maxRenderedCharacters >= 200, "limits.maxRenderedCharacters",
                "must be at least 200 but was " + maxRenderedCharacters);
        Checks.require(maxLoopIterations >= 1, "limits.maxLoopIterations",
                "must be at least 1 but was " + maxLoopIterations);
        Checks.require(maxNestingDepth >= 1 && maxNestingDepth <= 100, "limits.maxNestingDepth",
                "must be between 1 and 100 but was " + maxNestingDepth);
        Checks.require(cachedTemplates >= 1, "limits.cachedTemplates",
                "must be at least 1 but was " + cachedTemplates);
    }

    /** The documented defaults. */
    public static TemplateLimits defaults() {
        return new TemplateLimits(20_000, 10_000, 1_000, 20, 1_000);
    }
}
