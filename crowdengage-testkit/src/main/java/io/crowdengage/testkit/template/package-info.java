/**
 * The compatibility kit every {@link io.crowdengage.template.TemplateFunction} passes: extend
 * {@link io.crowdengage.testkit.template.TemplateFunctionCompatibilityKit} in the function's tests.
 */
package io.crowdengage.testkit.template;
