package io.vswap.batch.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

import io.vswap.batch.api.BatchJob;
import io.vswap.files.api.AtomicFile;
import io.vswap.video.api.MemoryCheck;

/**
 * Runs a {@link BatchPlan} on this machine: every task in order, or one ({@code --task ID}, as a
 * farm host does), or none ({@code --plan}: what would run and what is done). A task whose result
 * is already complete from the same inputs is skipped; a failed task stops only the tasks that
 * need it; a cancel stops the batch. Each task that runs writes its own log.
 */
final class BatchRunner {

    /** What happened to a task. */
    enum Outcome {
        DONE("ok"), COMPLETE("done earlier"), NOT_NEEDED("not needed"), FAILED("FAILED"), BLOCKED("not run"),
        CANCELLED("cancelled"), WOULD_RUN("would run");

        final String word;

        Outcome(String word) {
            this.word = word;
        }

        boolean stopsDependents() {
            return this == FAILED || this == BLOCKED || this == CANCELLED;
        }
    }

    /**
     * @param task only this task ({@code --task}); empty: all
     * @param planOnly print the plan, run nothing
     * @param jsonl progress as JSON lines on stdout (results then go to stderr)
     * @param logs where each task's log goes; empty: no logs
     */
    record Options(Optional<String> task, boolean planOnly, boolean jsonl, Optional<Path> logs) {
    }

    private final BatchPlan plan;
    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final AtomicBoolean cancelled;
    private final JsonLinesProgress json;
    private final Map<String, Optional<String>> completedCache = new HashMap<>();
    /** A spec without matrix and preparations keeps its labels as they always were ({@code [2/5]}). */
    private final boolean plainIds;

    BatchRunner(BatchPlan plan, Options options, PrintStream out, PrintStream err, boolean terminal,
            AtomicBoolean cancelled) {
        this.plan = plan;
        this.options = options;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.cancelled = cancelled;
        this.json = options.jsonl() ? new JsonLinesProgress(out) : null;
        this.plainIds = plan.tasks().stream().allMatch(x -> x.id().equals(Integer.toString(x.job().number())));
    }

    int run() {
        List<BatchPlan.Task> tasks = plan.tasks();
        if (options.task().isPresent()) {
            BatchPlan.Task t = plan.task(options.task().get()).orElse(null);
            if (t == null) {
                err.println("vswap batch: the spec has no task " + options.task().get() + "; its tasks are: "
                        + String.join(", ", tasks.stream().map(BatchPlan.Task::id).toList())
                        + " (vswap batch --plan SPEC lists them)");
                return BatchCommand.EXIT_USAGE;
            }
            tasks = List.of(t);
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<String[]> summary = new ArrayList<>();
        long started = System.nanoTime();
        if (json != null) {
            json.emit("plan", Map.of("spec", plan.spec().file().toString(), "tasks", tasks.size()));
        }
        for (int i = 0; i < tasks.size(); i++) {
            BatchPlan.Task t = tasks.get(i);
            String label = label(i, tasks.size(), t);
            long t0 = System.nanoTime();
            String detail;
            Outcome o;
            String blocker = options.task().isPresent() ? null : t.dependsOn().stream()
                    .filter(d -> outcomes.getOrDefault(d, Outcome.DONE).stopsDependents()).findFirst().orElse(null);
            if (cancelled.get()) {
                o = Outcome.BLOCKED;
                detail = t.work().describe() + " (cancelled before it)";
            } else if (blocker != null) {
                o = Outcome.BLOCKED;
                detail = t.work().describe() + " (needs " + blocker + ", which " + switch (outcomes.get(blocker)) {
                case FAILED -> "failed";
                case CANCELLED -> "was cancelled";
                default -> "was not run";
                } + ")";
            } else if (t.preparation() && everyUserComplete(t)) {
                o = Outcome.NOT_NEEDED;
                detail = t.work().describe() + " (every task that needs it is done)";
            } else {
                Optional<String> done = completed(t);
                if (done.isPresent()) {
                    o = Outcome.COMPLETE;
                    detail = done.get();
                } else if (options.planOnly()) {
                    o = Outcome.WOULD_RUN;
                    detail = t.work().describe();
                } else {
                    String[] result = new String[1];
                    o = runOne(t, label, result);
                    detail = result[0];
                }
            }
            outcomes.put(t.id(), o);
            String took = o == Outcome.DONE || o == Outcome.FAILED || o == Outcome.CANCELLED ? seconds(t0) : "";
            summary.add(new String[] { label, o.word, took, detail });
            if (o == Outcome.COMPLETE || o == Outcome.NOT_NEEDED || o == Outcome.BLOCKED || o == Outcome.WOULD_RUN) {
                (options.planOnly() ? out : err).println(label + " " + o.word + ": " + detail);
            }
            if (json != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("task", t.id());
                f.put("status", o.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                f.put(o == Outcome.DONE || o == Outcome.COMPLETE ? "result" : "reason", detail);
                if (!took.isEmpty()) {
                    f.put("seconds", (System.nanoTime() - t0) / 1e9);
                }
                json.emit("end", f);
            }
        }
        return finish(outcomes, summary, started);
    }

    private int finish(Map<String, Outcome> outcomes, List<String[]> summary, long started) {
        Map<Outcome, Integer> counts = new LinkedHashMap<>();
        outcomes.values().forEach(o -> counts.merge(o, 1, Integer::sum));
        PrintStream s = options.planOnly() ? out : err;
        s.println();
        s.println((options.planOnly() ? "Plan of " : "Summary of ") + plan.spec().file().getFileName()
                + (options.planOnly() ? "" : " (" + seconds(started) + ")") + ": " + counts(counts));
        if (!options.planOnly() && (summary.size() > 1 || options.task().isPresent() || counts.size() > 1
                || !counts.containsKey(Outcome.DONE))) {
            int w = summary.stream().mapToInt(r -> r[0].length()).max().orElse(5);
            for (String[] r : summary) {
                s.println(String.format(Locale.ROOT, "  %-" + w + "s  %-12s %8s  %s", r[0], r[1], r[2], r[3]));
            }
        }
        if (json != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            counts.forEach((k, v) -> f.put(k.name().toLowerCase(Locale.ROOT).replace('_', '-'), v));
            f.put("seconds", (System.nanoTime() - started) / 1e9);
            json.emit("summary", f);
        }
        if (counts.containsKey(Outcome.CANCELLED)) {
            s.println("Cancelled; the cancelled task left no partial files. Run the spec again to do the rest.");
            return BatchCommand.EXIT_CANCELLED;
        }
        if (counts.containsKey(Outcome.FAILED)) {
            s.println("A task failed; the tasks that need it were not run. Fix what its message says and run the spec "
                    + "again: tasks whose result is there from the same inputs are skipped.");
            return BatchCommand.EXIT_JOB_FAILED;
        }
        return BatchCommand.EXIT_OK;
    }

    private static String counts(Map<Outcome, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((o, n) -> parts.add(n + " " + o.word));
        return String.join(", ", parts);
    }

    private Outcome runOne(BatchPlan.Task t, String label, String[] result) {
        BatchJob job = t.work();
        err.println(label + " " + job.describe());
        if (json != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("task", t.id());
            f.put("job", t.job().type());
            f.put("matrix", t.labels());
            f.put("describe", job.describe());
            json.emit("start", f);
        }
        TaskLog log = TaskLog.open(options.logs(), t, err);
        ConsoleProgressMonitor console = new ConsoleProgressMonitor(err, terminal, label, cancelled);
        List<IProgressMonitor> monitors = new ArrayList<>(List.of(console));
        if (log.stream() != null) {
            log.stream().println(Instant.now() + " " + label + " " + job.describe());
            monitors.add(new ConsoleProgressMonitor(log.stream(), false, label, cancelled));
        }
        if (json != null) {
            monitors.add(json.monitor(t.id(), cancelled));
        }
        IProgressMonitor monitor = monitors.size() == 1 ? console : new TeeProgressMonitor(monitors);
        Outcome o;
        try {
            if (cancelled.get()) {
                throw new OperationCanceledException();
            }
            result[0] = job.run(monitor);
            monitor.done();
            (json != null ? err : out).println(label + " ok: " + result[0]);
            o = Outcome.DONE;
        } catch (OperationCanceledException e) {
            result[0] = job.describe();
            o = Outcome.CANCELLED;
        } catch (OutOfMemoryError e) {
            // what the job held is unreachable now: there is room again to say so
            result[0] = String.format(Locale.ROOT, "not enough memory: the job needed more than the %s this process "
                    + "may use; %s", MemoryCheck.gigabytes(Runtime.getRuntime().maxMemory()), MemoryCheck.ADVICE);
            o = Outcome.FAILED;
        } catch (Exception | LinkageError e) {
            // a job cancelled mid-write may fail with the error of the interrupted write
            o = cancelled.get() ? Outcome.CANCELLED : Outcome.FAILED;
            result[0] = o == Outcome.CANCELLED ? job.describe() : BatchCommand.explain(e);
        }
        if (o != Outcome.DONE) {
            console.abandon();
            if (o == Outcome.FAILED) {
                err.println(label + " FAILED: " + result[0]);
            }
        }
        log.close(o.word + (o == Outcome.DONE ? ": " + result[0] : o == Outcome.FAILED ? ": " + result[0] : ""));
        return o;
    }

    private Optional<String> completed(BatchPlan.Task t) {
        return completedCache.computeIfAbsent(t.id(), id -> {
            try {
                return t.work().completed();
            } catch (Exception | LinkageError e) {
                return Optional.empty(); // the run will say what is wrong
            }
        });
    }

    private boolean everyUserComplete(BatchPlan.Task prep) {
        for (String id : prep.usedBy()) {
            if (completed(plan.task(id).orElseThrow()).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** {@code [2/5]} for a spec without matrix (as always); {@code [7/31 2.3.1]} with one. */
    private String label(int i, int n, BatchPlan.Task t) {
        String ordinal = String.format(Locale.ROOT, "%d/%d", i + 1, n);
        return "[" + ordinal + (plainIds && options.task().isEmpty() ? "" : " " + t.id()) + "]";
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** One task's log file, {@code <logs>/<task id>.log}, replaced by each run of the task. */
    private record TaskLog(PrintStream stream, Path file, Path temp) {

        static TaskLog open(Optional<Path> folder, BatchPlan.Task t, PrintStream err) {
            if (folder.isEmpty()) {
                return new TaskLog(null, null, null);
            }
            Path file = folder.get().resolve(t.id() + ".log");
            try {
                Files.createDirectories(folder.get());
                Path temp = AtomicFile.tempBeside(file);
                OutputStream o = Files.newOutputStream(temp);
                PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
                p.println("task " + t.id() + (t.matrixText().isEmpty() ? "" : " (" + t.matrixText() + ")") + " on "
                        + AtomicFile.hostName() + ", process " + ProcessHandle.current().pid());
                return new TaskLog(p, file, temp);
            } catch (IOException e) {
                err.println("(no log for task " + t.id() + ": " + BatchCommand.explain(e) + ")");
                return new TaskLog(null, null, null);
            }
        }

        void close(String outcome) {
            if (stream == null) {
                return;
            }
            stream.println(Instant.now() + " " + outcome);
            stream.close();
            try {
                // the previous run's log stays until this one is whole
                Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // a log is a convenience: the console said it all
            }
        }
    }
}
