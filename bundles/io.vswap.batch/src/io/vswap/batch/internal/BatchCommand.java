package io.vswap.batch.internal;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.files.api.AtomicFile;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.VideoException;

/**
 * {@code vswap batch …}: the command line of the batch runner, independent of how it was
 * launched so that tests drive exactly what the product runs. Results go to {@code out},
 * progress and errors to {@code err}.
 */
public final class BatchCommand {

    public static final int EXIT_OK = 0;
    public static final int EXIT_JOB_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    /** 128 + SIGINT, what shells report for a Ctrl-C. */
    public static final int EXIT_CANCELLED = 130;

    private final BundleContext context;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /**
     * @param terminal whether {@code err} is a terminal (progress bars redraw in place) or a
     *        file or pipe (progress printed as lines)
     */
    public BatchCommand(BundleContext context, PrintStream out, PrintStream err, boolean terminal) {
        this.context = context;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Cancels the running job (what Ctrl-C does); the job stops at its next check and cleans up. */
    public void cancel() {
        cancelled.set(true);
    }

    /** The system properties the tensor runtime (io.vswap.diffusion) reads when it starts. */
    static final String DEVICE_PROPERTY = "vswap.device";
    static final String PRECISION_PROPERTY = "vswap.precision";
    static final String ATTENTION_PROPERTY = "vswap.attention";
    /** Read by the video codec: FFmpeg's messages go to its log file, and to stderr when this is true. */
    static final String VERBOSE_PROPERTY = "vswap.verbose";
    static final List<String> DEVICES = List.of("cpu", "gpu");
    static final List<String> PRECISIONS = List.of("fp32", "fp16", "bf16");
    static final List<String> ATTENTIONS = List.of("auto", "sdpa", "sliced", "whole");

    /** A bad compute option: its message names the option and the allowed values. */
    static final class BadOption extends Exception {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }

    /**
     * Takes the leading compute options ({@code --device cpu|gpu}, {@code --precision fp32|fp16|bf16},
     * {@code --attention auto|sdpa|sliced|whole},
     * also as {@code --option=value}, and {@code --verbose}) off {@code args} and sets the system properties the tensor
     * runtime reads when it starts (before any job type, and so the runtime, is looked up).
     *
     * @return the arguments after them
     */
    static String[] computeOptions(String[] args) throws BadOption {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            String name;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                name = a;
                value = i + 1 < args.length ? args[i + 1] : null;
            }
            if (a.equals("--verbose")) {
                System.setProperty(VERBOSE_PROPERTY, "true"); // FFmpeg's own messages on the terminal too
                i++;
                continue;
            }
            List<String> allowed;
            String property;
            if (name.equals("--device")) {
                allowed = DEVICES;
                property = DEVICE_PROPERTY;
            } else if (name.equals("--precision")) {
                allowed = PRECISIONS;
                property = PRECISION_PROPERTY;
            } else if (name.equals("--attention")) {
                allowed = ATTENTIONS;
                property = ATTENTION_PROPERTY;
            } else {
                break;
            }
            if (value == null || value.isEmpty() || (eq < 0 && value.startsWith("-"))) {
                throw new BadOption(name + " needs a value: " + String.join(" | ", allowed));
            }
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw new BadOption(name + " " + value + ": unknown value; use one of " + String.join(", ", allowed));
            }
            System.setProperty(property, v);
            i += eq > 0 && a.startsWith("--") ? 1 : 2;
        }
        return java.util.Arrays.copyOfRange(args, i, args.length);
    }

    public int run(String[] args) {
        try {
            args = computeOptions(args);
        } catch (BadOption e) {
            err.println("vswap batch: " + e.getMessage() + ".");
            err.println("Nothing was run.");
            return EXIT_USAGE;
        }
        if (args.length == 0) {
            err.println("vswap batch: no spec given.");
            err.print(usage());
            return EXIT_USAGE;
        }
        String first = args[0];
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            out.print(usage());
            return EXIT_OK;
        }
        if (first.equals("--describe")) {
            if (args.length != 2) {
                err.println("vswap batch: --describe needs one job type: --describe TYPE (types: "
                        + String.join(", ", jobTypes().keySet()) + ")");
                return EXIT_USAGE;
            }
            BatchJobType t = jobTypes().get(args[1]);
            if (t == null) {
                err.println("vswap batch: no job type \"" + args[1] + "\"; types: " + String.join(", ",
                        jobTypes().keySet()));
                return EXIT_USAGE;
            }
            out.print(JobDescription.of(t));
            return EXIT_OK;
        }
        if (first.equals("--reference")) {
            out.print(JobDescription.markdown(jobTypes().values()));
            return EXIT_OK;
        }
        if (first.equals("--list-services")) {
            out.print(ServiceListing.format(ServiceListing.list(context)));
            return EXIT_OK;
        }
        if (first.equals("--job")) {
            if (args.length < 2) {
                err.println("vswap batch: --job needs a job type: --job TYPE field=value …");
                return EXIT_USAGE;
            }
            try {
                return runSpec(BatchSpec.ofJob(args[1], List.of(args).subList(2, args.length), jobTypes()));
            } catch (BatchSpec.Invalid e) {
                return invalid(e);
            }
        }
        if (first.equals("--farm")) {
            return FarmExportCommand.run(List.of(args).subList(1, args.length), jobTypes(), out, err);
        }
        RunArguments ra;
        try {
            ra = RunArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("vswap batch: " + e.getMessage());
            err.print(usage());
            return EXIT_USAGE;
        }
        BatchSpec spec;
        try {
            spec = BatchSpec.read(ra.spec(), jobTypes(), ra.mapping());
        } catch (BatchSpec.Invalid e) {
            return invalid(e);
        }
        BatchPlan plan = BatchPlan.of(spec);
        boolean matrix = spec.specJobs().stream().anyMatch(j -> !j.axes().isEmpty());
        Optional<Path> logs = ra.logs().or(() -> matrix || ra.task().isPresent()
                ? Optional.of(RunArguments.defaultLogs(spec.file())) : Optional.empty());
        return new BatchRunner(plan, new BatchRunner.Options(ra.task(), ra.planOnly(), ra.jsonl(),
                ra.planOnly() ? Optional.empty() : logs), out, err, terminal, cancelled).run();
    }

    private int invalid(BatchSpec.Invalid e) {
        err.println("vswap batch: " + e.getMessage());
        err.println("Nothing was run. Fix the spec and run again (vswap batch --help describes the fields).");
        return EXIT_USAGE;
    }

    private int runSpec(BatchSpec spec) {
        return new BatchRunner(BatchPlan.of(spec), new BatchRunner.Options(Optional.empty(), false, false,
                Optional.empty()), out, err, terminal, cancelled).run();
    }

    /** A failure in words: what, which file, what to do. */
    static String explain(Throwable e) {
        if (e instanceof VideoException v) {
            String msg = v.getMessage();
            // a hidden temporary is named as the file it was to become
            Path file = v.file() == null ? null : AtomicFile.shownAs(v.file());
            if (file != null && (msg == null || !msg.contains(file.getFileName().toString()))) {
                msg = msg + " (file: " + file + ")";
            }
            return msg;
        }
        if (e instanceof ProjectFormatException p) {
            return p.getMessage() + " (file: " + p.file() + ")";
        }
        if (e instanceof NoSuchFileException f) {
            return "not found: " + f.getFile() + (f.getReason() != null ? " (" + f.getReason() + ")" : "")
                    + "; check the path in the spec";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "cannot make the folder " + f.getFile() + ": a file with that name is in the way; move or rename "
                    + "it and run again";
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile() + "; check the permissions of the file or its folder";
        }
        if (e instanceof FileSystemException f) {
            String reason = f.getReason() == null ? "" : f.getReason();
            if (reason.contains("Not a directory") || e instanceof java.nio.file.NotDirectoryException) {
                return "cannot make the folder " + f.getFile() + ": a file with a name on that path is in the way; "
                        + "move or rename it and run again";
            }
            if (reason.contains("No space left")) {
                return "the disk holding " + f.getFile() + " is full; free some space and run again (nothing "
                        + "complete was replaced)";
            }
            if (reason.contains("Read-only file system")) {
                return f.getFile() + " is on a read-only disk; choose a writable folder";
            }
            return f.getMessage();
        }
        String msg = e.getMessage();
        if (msg != null && msg.contains("No space left on device")) {
            return "the disk is full (" + msg + "); free some space and run again (nothing complete was replaced)";
        }
        return msg == null || msg.isBlank() ? e.toString() : msg;
    }

    private Map<String, BatchJobType> jobTypes() {
        Map<String, BatchJobType> types = new TreeMap<>();
        try {
            // Highest ranking first, so that a studio's job type may replace one of ours.
            List<ServiceReference<BatchJobType>> refs = new ArrayList<>(
                    context.getServiceReferences(BatchJobType.class, null));
            refs.sort(null);
            for (int i = refs.size() - 1; i >= 0; i--) {
                BatchJobType t = context.getService(refs.get(i));
                if (t != null) {
                    types.putIfAbsent(t.type(), t);
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return types;
    }

    public String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Usage: vswap batch <spec.json>       run the tasks of a spec in order; those already done
                                                     from the same inputs are skipped
                       vswap batch --plan <spec.json>   list the tasks: what would run, what is done
                       vswap batch --task ID <spec.json>   run one task (what a render farm's host runs)
                       vswap farm export <spec.json> --engine opencue|openjd   a render farm's job for the spec
                       vswap batch --job TYPE field=value …   run one job given on the command line
                       vswap batch --describe TYPE   list a job type's fields: kind, default, range, doc
                       vswap batch --reference       every job type's fields as a Markdown page (docs/jobs.md)
                       vswap batch --list-services   list the services of VideoSwap seams and their bundles
                       vswap batch --help            show this help

                Run options, before the spec:
                  --progress=jsonl               progress as JSON lines on stdout (task, stage, fraction,
                                                 ETA), for farm monitors; results then go to stderr
                  --logs DIR                     each task's log as DIR/<task>.log (default with a
                                                 matrix or --task: <spec>.logs/ beside the spec)
                  --map-path FROM=TO             read absolute paths starting with FROM as TO (a farm
                                                 host's view of the workstation's files); repeatable

                Compute options, before the spec or --job:
                  --device cpu|gpu               where the networks run (default cpu; gpu needs CUDA natives)
                  --precision fp32|fp16|bf16     the networks' weights and activations (default fp32 on
                                                 the CPU, fp16 on a GPU); schedulers and guidance stay fp32,
                                                 training jobs run fp32 whatever this says; bf16 is refused
                                                 while the embedded DJL (0.35.1) has no bfloat16 type
                  --attention auto|sdpa|sliced|whole
                                                 how attention is computed (default auto: PyTorch's
                                                 scaled-dot-product attention, else in slices that fit
                                                 the free memory); the same numbers, less memory than whole
                  --verbose                      also print FFmpeg's own messages (always kept in
                                                 ~/.vswap/logs/ffmpeg.log)

                A spec is JSON; relative paths are taken from the spec file's folder:
                  {"version": 1, "jobs": [
                    {"type": "import", "video": "plane.mp4", "project": "plane-project", "shot": "plane",
                     "clip": {"start": 0, "frames": 16, "stride": 4, "size": "512x512"}},
                    {"type": "prepare", "project": "plane-project", "shot": "plane"}]}
                A job's "matrix" runs it once per combination of values (the first list varies fastest):
                    {"type": "swap", "project": "show", "matrix": {
                       "shot": [{"shot": "s01", "prompt": "a red star", "subject": "star"}, …],
                       "target": ["disc", "ring", "square"]}}
                Task ids: 2 (job 2), 2.3.1 (job 2, 3rd shot, 1st target), 2p.1 (a preparation
                tasks share, e.g. a clip's source side for every target of it).

                Job types:
                """);
        Map<String, BatchJobType> types = jobTypes();
        if (types.isEmpty()) {
            sb.append("  (none registered: is org.apache.felix.scr started?)\n");
        }
        int width = types.keySet().stream().mapToInt(String::length).max().orElse(9);
        types.forEach((name, t) -> sb.append(String.format("  %-" + width + "s  %s%n", name, t.description())));
        sb.append("  (vswap batch --describe TYPE lists a type's fields)\n");
        sb.append("""

                Progress goes to stderr (one line per 10 % when it is not a terminal), results to stdout.
                Ctrl-C cancels the running job; it leaves no partial files.
                A failed task stops only the tasks that need it; the summary lists every task.
                Exit status: 0 all tasks done, 1 a task failed, 2 bad arguments or spec, 130 cancelled.
                """);
        return sb.toString();
    }

    /**
     * Runs {@code command} with Ctrl-C wired to {@link #cancel()}: the JVM's shutdown hook
     * cancels the job and waits (a while) for it to clean up before the JVM goes.
     */
    public static int runWithInterrupt(BatchCommand command, String[] args) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            command.err.println();
            command.err.println("Ctrl-C: cancelling the running job…");
            command.cancel();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vswap-batch-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return command.run(args);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the countDown above and returns
            }
        }
    }
}
