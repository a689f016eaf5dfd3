package io.vswap.batch.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A progress bar on the console for one job. On a terminal it redraws one line with carriage
 * returns; otherwise (a log file, a CI job) it prints a line every 10 % so logs stay readable.
 * Cancellation is shared with the runner, which sets it on Ctrl-C.
 */
public final class ConsoleProgressMonitor extends ProgressState {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L; // 10 redraws a second are plenty

    private final PrintStream out;
    private final boolean terminal;
    private final String label;

    private long lastDraw;
    private int lastDecile = -1;
    private boolean drawn;
    private boolean finished;

    /**
     * @param out where to draw (stderr, so that stdout stays for results)
     * @param terminal whether {@code out} is a terminal
     * @param label shown before the bar, e.g. {@code [1/3] import}
     * @param cancelled set by the runner to cancel
     */
    public ConsoleProgressMonitor(PrintStream out, boolean terminal, String label, AtomicBoolean cancelled) {
        super(cancelled);
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    @Override
    public synchronized void done() {
        if (finished) {
            return;
        }
        complete();
        draw(true);
        finished = true;
        if (terminal && drawn) {
            out.println();
        }
        out.flush();
    }

    /** Ends the bar where it is, for a job that failed or was cancelled (done() would show 100 %). */
    public synchronized void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        if (terminal && drawn) {
            out.println();
        }
        out.flush();
    }

    @Override
    void changed(boolean force) {
        draw(force);
    }

    /**
     * The time left at the pace so far ("about 1 min 20 s left"), or empty while too little is done
     * to tell (under 5 % or 2 s) or the total is unknown.
     */
    public synchronized String timeLeft() {
        return io.vswap.batch.api.TimeLeft.words(fraction(), elapsedSeconds());
    }

    private void draw(boolean force) {
        if (finished) {
            return;
        }
        double f = fraction();
        if (terminal) {
            long now = System.nanoTime();
            if (!force && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            StringBuilder line = new StringBuilder("\r").append(label).append(' ');
            if (f >= 0) {
                int filled = (int) Math.round(f * BAR_WIDTH);
                line.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                        .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100)));
            } else {
                line.append("[working…]");
            }
            String left = timeLeft(); // before the detail: a long detail is clipped at the terminal's width
            if (!left.isEmpty()) {
                line.append("  ").append(left);
            }
            String detail = stage();
            if (!detail.isBlank()) {
                line.append("  ").append(detail);
            }
            // pad to wipe a longer previous line, clip to a usual terminal width
            String s = line.length() > 100 ? line.substring(0, 100) : line.toString();
            out.print(s + " ".repeat(Math.max(0, 101 - s.length())));
            out.flush();
            drawn = true;
        } else {
            int decile = f >= 0 ? (int) Math.floor(f * 10) : 0;
            if (decile <= lastDecile) {
                return;
            }
            lastDecile = decile;
            String detail = stage();
            String left = timeLeft();
            out.println(label + " " + (f >= 0 ? decile * 10 + "%" : "started")
                    + (detail.isBlank() ? "" : "  " + detail) + (left.isEmpty() ? "" : "  (" + left + ")"));
            drawn = true;
        }
    }
}
