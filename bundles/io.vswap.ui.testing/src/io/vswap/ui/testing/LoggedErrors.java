package io.vswap.ui.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;

/**
 * The errors the workbench writes to its log while a GUI test runs (a listener that threw, a job
 * that failed), so that each test fails on one it caused even where the UI looked right.
 */
public final class LoggedErrors {

    private final List<IStatus> errors = new CopyOnWriteArrayList<>();

    private LoggedErrors() {
    }

    /** Collects every error logged from now on. */
    public static LoggedErrors collect() {
        LoggedErrors log = new LoggedErrors();
        Platform.addLogListener((status, plugin) -> {
            if (status.getSeverity() == IStatus.ERROR) {
                log.errors.add(status);
            }
        });
        return log;
    }

    /** Forgets the errors a test provoked on purpose (a failed job it checks is shown). */
    public void expected(Predicate<IStatus> provoked) {
        errors.removeIf(provoked);
    }

    /** Fails if any error was logged, each printed with its trace under {@code who}. */
    public void assertNone(String who) {
        for (IStatus s : errors) {
            System.err.println("[" + who + "] logged: " + s);
            if (s.getException() != null) {
                s.getException().printStackTrace();
            }
        }
        assertTrue(errors.isEmpty(), "the workbench logged errors: " + errors);
    }
}
