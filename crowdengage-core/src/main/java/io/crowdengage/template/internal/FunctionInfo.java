package io.crowdengage.template.internal;

/**
 * What validation needs to know about a callable name.
 *
 * @param name      the name
 * @param arity     arguments it takes, the piped value counting as the first; -1 when a Liquid filter's own checks apply
 * @param mayDoIo   whether it may do I/O
 * @param maxLength the longest text it prints; -1 when it passes the length of its input through
 */
record FunctionInfo(String name, int arity, boolean mayDoIo, int maxLength) {
}
