/**
 * Message templates: Liquid as box-office staff write it (with Jinja-style calls such as
 * {@code show_score_url(...)} and Python-style truth in {@code if}), checked when saved with every
 * problem's line and column, rendered per recipient into a {@link io.crowdengage.template.RenderResult}
 * that is either a message within its segment budget or a reasoned skip. Start at
 * {@link io.crowdengage.template.TemplateEngine}; see {@code docs/templates.md}.
 */
package io.crowdengage.template;
