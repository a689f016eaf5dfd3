package io.vswap.batch.internal;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IProgressMonitor;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * A batch's progress as JSON lines ({@code --progress=jsonl}) for farm monitors and scripts: one
 * object per line, each with an {@code "event"}: {@code plan}, {@code start}, {@code progress}
 * (task, stage, fraction, ETA; at most one a second unless the stage changes), {@code end}
 * (status, seconds, result or reason) and {@code summary}. Thread-safe: lines never interleave.
 */
public final class JsonLinesProgress {

    private static final long MIN_GAP_NANOS = 1_000_000_000L;
    private static final Gson GSON = new Gson();

    private final PrintStream out;

    public JsonLinesProgress(PrintStream out) {
        this.out = out;
    }

    public synchronized void emit(String event, Map<String, ?> fields) {
        JsonObject o = new JsonObject();
        o.addProperty("event", event);
        fields.forEach((k, v) -> o.add(k, GSON.toJsonTree(v)));
        out.println(GSON.toJson(o));
        out.flush();
    }

    /** A monitor that reports one task's progress as {@code progress} events. */
    public IProgressMonitor monitor(String taskId, AtomicBoolean cancelled) {
        return new TaskMonitor(taskId, cancelled);
    }

    private final class TaskMonitor extends ProgressState {
        private final String taskId;
        private String lastStage = null;
        private long lastEmit;

        TaskMonitor(String taskId, AtomicBoolean cancelled) {
            super(cancelled);
            this.taskId = taskId;
        }

        @Override
        public synchronized void done() {
            complete();
            changed(true);
        }

        @Override
        synchronized void changed(boolean force) {
            String stage = stage();
            long now = System.nanoTime();
            if (!force && stage.equals(lastStage) && now - lastEmit < MIN_GAP_NANOS) {
                return;
            }
            lastStage = stage;
            lastEmit = now;
            double f = fraction();
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("task", taskId);
            fields.put("stage", stage);
            if (f >= 0) {
                fields.put("fraction", Math.round(f * 1000) / 1000.0);
            }
            // an estimate only once there is enough to go by, as on the console
            secondsLeft().ifPresent(s -> fields.put("etaSeconds", s));
            fields.put("elapsedSeconds", Math.round(elapsedSeconds() * 10) / 10.0);
            emit("progress", fields);
        }
    }
}
