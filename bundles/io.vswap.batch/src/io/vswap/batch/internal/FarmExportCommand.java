package io.vswap.batch.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.internal.farm.FarmJob;
import io.vswap.batch.internal.farm.FarmPlan;
import io.vswap.batch.internal.farm.FarmStep;

/**
 * {@code vswap farm export SPEC --engine opencue|openjd [--output F] [--vswap PATH] [--map-path FROM=TO]…
 * [--device gpu]}: the spec's tasks as a render farm's job, each farm task one run of the headless
 * product on one task of the spec.
 */
final class FarmExportCommand {

    private FarmExportCommand() {
    }

    static String usage() {
        return """
                Usage: vswap farm export <spec.json> --engine opencue|openjd [options]
                  --engine opencue      an OpenCue job spec (XML, the cjsl DTD): a layer per step and target,
                                        a frame per shot; submit it with OpenCue's tools (docs/farm.md)
                  --engine openjd       an Open Job Description template (jobtemplate-2023-09) in a job
                                        bundle folder, for AWS Deadline Cloud and other OpenJD schedulers
                  --output PATH         the file (opencue, default <spec>.cue.xml) or bundle folder (openjd,
                                        default <spec>.openjd/) to write
                  --vswap PATH          the product's launcher on the farm's hosts (default: this one's)
                  --map-path FROM=TO    a workstation path and the farm's path for it (repeatable): the
                                        spec and every absolute path in it are read through it on the farm
                  --device cpu|gpu, --precision fp32|fp16|bf16, --attention auto|sdpa|sliced|whole
                                        passed to every task (gpu: tasks ask for one)
                  --name NAME           the job's name (default: the spec's file name)
                  --show S --shot S --user U   OpenCue's show, shot and user (default vswap, batch, you)
                """;
    }

    static int run(List<String> args, Map<String, BatchJobType> types, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("export")) {
            err.println("vswap farm: expected \"export\".");
            err.print(usage());
            return BatchCommand.EXIT_USAGE;
        }
        Path spec = null;
        String engine = null;
        Path output = null;
        String vswap = null;
        String name = null;
        PathMapping mapping = PathMapping.NONE;
        List<String> compute = new ArrayList<>();
        String show = "vswap";
        String shot = "batch";
        String user = System.getProperty("user.name", "vswap");
        try {
            for (int i = 1; i < args.size(); i++) {
                String a = args.get(i);
                String option = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
                if (!option.startsWith("--")) {
                    if (spec != null) {
                        throw new IllegalArgumentException("one spec at a time (got " + spec + " and " + a + ")");
                    }
                    spec = Path.of(a);
                    continue;
                }
                String v;
                if (a.contains("=")) {
                    v = a.substring(a.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    v = args.get(++i);
                } else {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                switch (option) {
                case "--engine" -> engine = v.toLowerCase(Locale.ROOT);
                case "--output" -> output = Path.of(v);
                case "--vswap" -> vswap = v;
                case "--name" -> name = v;
                case "--map-path" -> mapping = mapping.with(PathMapping.rule(v));
                case "--show" -> show = v;
                case "--shot" -> shot = v;
                case "--user" -> user = v;
                case "--device", "--precision", "--attention" -> {
                    List<String> allowed = switch (option) {
                    case "--device" -> BatchCommand.DEVICES;
                    case "--precision" -> BatchCommand.PRECISIONS;
                    default -> BatchCommand.ATTENTIONS;
                    };
                    if (!allowed.contains(v.toLowerCase(Locale.ROOT))) {
                        throw new IllegalArgumentException(option + " " + v + ": use one of " + String.join(", ", allowed));
                    }
                    compute.add(option);
                    compute.add(v.toLowerCase(Locale.ROOT));
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (spec == null) {
                throw new IllegalArgumentException("no spec given");
            }
            if (engine == null || !(engine.equals("opencue") || engine.equals("openjd"))) {
                throw new IllegalArgumentException("--engine opencue or --engine openjd is needed");
            }
        } catch (IllegalArgumentException e) {
            err.println("vswap farm: " + e.getMessage() + ".");
            err.print(usage());
            return BatchCommand.EXIT_USAGE;
        }
        BatchSpec read;
        try {
            read = BatchSpec.read(spec, types);
        } catch (BatchSpec.Invalid e) {
            err.println("vswap farm: " + e.getMessage());
            err.println("Nothing was written. Fix the spec and run again.");
            return BatchCommand.EXIT_USAGE;
        }
        BatchPlan plan = BatchPlan.of(read);
        String specOnFarm = mapping.map(spec.toAbsolutePath().normalize().toString());
        String launcher = vswap != null ? vswap : mapping.map(defaultLauncher());
        List<String> command = new ArrayList<>(List.of(launcher, "batch"));
        command.addAll(compute);
        command.addAll(mapping.arguments());
        String jobName = name != null ? name : RunArguments.defaultLogs(spec).getFileName().toString()
                .replaceFirst("\\.logs$", "");
        FarmJob job;
        try {
            job = FarmPlan.of(jobName.replaceAll("[^A-Za-z0-9_.-]", "_"), plan, command, specOnFarm,
                    compute.contains("gpu"));
        } catch (IllegalArgumentException e) {
            err.println("vswap farm: " + e.getMessage());
            return BatchCommand.EXIT_USAGE;
        }
        Path stem = RunArguments.defaultLogs(spec);
        String base = stem.getFileName().toString().replaceFirst("\\.logs$", "");
        try {
            Path written;
            if (engine.equals("opencue")) {
                written = output != null ? output : stem.resolveSibling(base + ".cue.xml");
                FarmWriters.openCue(job, show, shot, user, written);
            } else {
                Path folder = output != null ? output : stem.resolveSibling(base + ".openjd");
                Files.createDirectories(folder);
                written = folder.resolve("template.json");
                FarmWriters.openJd(job, Path.of(specOnFarm).getParent(), written);
            }
            int tasks = job.steps().stream().mapToInt(FarmStep::taskCount).sum();
            out.println("wrote " + written + ": " + job.steps().size() + " steps, " + tasks + " tasks ("
                    + plan.tasks().size() + " in the spec's plan)");
            return BatchCommand.EXIT_OK;
        } catch (IOException e) {
            err.println("vswap farm: " + BatchCommand.explain(e));
            return BatchCommand.EXIT_JOB_FAILED;
        } catch (IllegalArgumentException e) {
            // what the engine refuses (OpenCue: the user root; OpenJD: an argument it cannot quote)
            err.println("vswap farm: " + e.getMessage() + (engine.equals("opencue") ? " (--user NAME, --show S and "
                    + "--shot S set them)" : "") + ". Nothing was written.");
            return BatchCommand.EXIT_USAGE;
        }
    }

    /** {@code <installation>/vswap}, where this product was started from; else {@code vswap} on the PATH. */
    private static String defaultLauncher() {
        String home = System.getProperty("vswap.home");
        return home == null ? "vswap" : Path.of(home).resolve("vswap").toAbsolutePath().toString();
    }
}
