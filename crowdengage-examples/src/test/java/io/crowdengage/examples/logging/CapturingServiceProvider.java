package io.crowdengage.examples.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 backend for tests: every logger is enabled at TRACE, every line is kept in
 * {@link CapturedLog} (formatted, with the stack trace of any throwable, causes included), and
 * WARN and ERROR lines also go to stderr. Chosen explicitly with the system property
 * {@code slf4j.provider=io.crowdengage.examples.logging.CapturingServiceProvider} (surefire sets
 * it in this module's pom), since slf4j-simple is on the runtime class path too.
 */
public final class CapturingServiceProvider implements SLF4JServiceProvider {
    private final CapturingLoggerFactory loggers = new CapturingLoggerFactory();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to set up: loggers are made on first use.
    }
}
