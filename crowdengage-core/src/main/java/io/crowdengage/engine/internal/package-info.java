/** Engine implementation details. Not API. */
package io.crowdengage.engine.internal;
