package io.crowdengage.examples.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Every line logged through {@link CapturingServiceProvider} since the last {@link #clear()},
 * oldest first. WARN and ERROR lines are also written to stderr as they come.
 */
public final class CapturedLog {
    /** Bounds memory when other tests in the JVM log a great deal and nobody clears. */
    private static final int MAX_LINES = 200_000;
    private static final Deque<Line> LINES = new ArrayDeque<>();

    private CapturedLog() {
    }

    /** One logged line. */
    public record Line(Level level, String logger, String thread, String message, String stackTrace) {
        /** As a log file would hold it: level, thread, logger, message, then the stack trace if any. */
        public String text() {
            return level + " [" + thread + "] " + logger + " - " + message
                    + (stackTrace.isEmpty() ? "" : System.lineSeparator() + stackTrace);
        }
    }

    /** Whether SLF4J chose this backend (the {@code slf4j.provider} system property took effect). */
    public static boolean installed() {
        return LoggerFactory.getILoggerFactory() instanceof CapturingLoggerFactory;
    }

    /** The lines since the last {@link #clear()}. */
    public static List<Line> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** Forgets the lines so far. */
    public static void clear() {
        synchronized (LINES) {
            LINES.clear();
        }
    }

    static void record(Line line) {
        synchronized (LINES) {
            if (LINES.size() >= MAX_LINES) {
                LINES.pollFirst();
            }
            LINES.add(line);
        }
        if (line.level() == Level.WARN || line.level() == Level.ERROR) {
            System.err.println(line.text());
        }
    }
}
