/** Implementation details shared between crowdengage modules. Not API. */
package io.crowdengage.internal;
