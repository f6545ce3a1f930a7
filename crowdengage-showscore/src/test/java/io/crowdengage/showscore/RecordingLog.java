package io.crowdengage.showscore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the function would tell an operator, so tests can count the lines. */
final class RecordingLog implements OperatorLog {
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public void error(String message) {
        errors.add(message);
    }
}
