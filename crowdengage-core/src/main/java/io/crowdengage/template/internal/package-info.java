/**
 * How templates are translated to Liquid, checked and rendered on Liqp. Not API: these types may
 * change without notice.
 */
package io.crowdengage.template.internal;
