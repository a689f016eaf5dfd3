package io.vswap.batch.internal.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.vswap.batch.api.JobResources;
import io.vswap.batch.internal.BatchPlan;
import io.vswap.batch.internal.SpecJob;

/**
 * A {@link BatchPlan} as a {@link FarmJob}: per spec job, a step of its shared preparations (if it
 * has some) and a step of its tasks, with one task parameter per matrix axis. Each farm task runs
 * the headless product on one task of the spec ({@code vswap batch --task 2.{shot}.{target} spec}),
 * so the farm's tasks and a local run do exactly the same work. A step waits for the step before
 * it task by task (frame by frame) where every task needs only the task of the same first value,
 * else as a whole.
 */
public final class FarmPlan {

    private FarmPlan() {
    }

    /**
     * @param name the job's name
     * @param command the product and the options every task gets (e.g. {@code /opt/vswap/vswap batch
     *        --map-path …}); the task's {@code --task ID SPEC} is appended
     * @param specOnFarm the spec file's path as the farm's hosts see it
     * @param gpu whether tasks run on a GPU (their resources then ask for one)
     */
    public static FarmJob of(String name, BatchPlan plan, List<String> command, String specOnFarm, boolean gpu) {
        List<FarmStep> steps = new ArrayList<>();
        String previous = null;
        List<BatchPlan.Task> previousTasks = List.of();
        for (SpecJob job : plan.spec().specJobs()) {
            String base = stepName(job);
            List<BatchPlan.Task> preps = plan.preparations(job.number());
            List<BatchPlan.Task> mine = plan.tasks().stream()
                    .filter(t -> !t.preparation() && t.job().number() == job.number()).toList();
            String prepStep = null;
            if (!preps.isEmpty()) {
                prepStep = base + "-prepare";
                List<String> labels = preps.stream().map(p -> p.matrixText().isEmpty() ? p.id() : p.matrixText())
                        .toList();
                steps.add(new FarmStep(prepStep, List.of(new FarmStep.Parameter("prep", preps.size(), labels)),
                        append(command, "--task", job.number() + "p.{prep}", specOnFarm),
                        previous == null ? List.of() : List.of(dependency(previous, previousTasks, preps, t -> true)),
                        resources(preps, gpu)));
            }
            List<FarmStep.Parameter> parameters = new ArrayList<>();
            StringBuilder id = new StringBuilder().append(job.number());
            for (SpecJob.Axis a : job.axes()) {
                parameters.add(new FarmStep.Parameter(a.name(), a.labels().size(), a.labels()));
                id.append(".{").append(a.name()).append('}');
            }
            List<FarmStep.Dependency> deps = new ArrayList<>();
            if (previous != null) {
                deps.add(dependency(previous, previousTasks, mine, t -> !t.startsWith(job.number() + "p.")));
            }
            if (prepStep != null) {
                deps.add(dependency(prepStep, preps, mine, t -> t.startsWith(job.number() + "p.")));
            }
            steps.add(new FarmStep(base, parameters, append(command, "--task", id.toString(), specOnFarm), deps,
                    resources(mine, gpu)));
            previous = base;
            previousTasks = mine;
        }
        return new FarmJob(name, steps);
    }

    /** {@code 2-swap}: the job's number keeps two jobs of one type apart. */
    static String stepName(SpecJob job) {
        return job.number() + "-" + job.type().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /**
     * Frame by frame when each dependent task needs exactly the task of {@code on} numbered like its
     * first parameter's value (and {@code on} has at most one parameter), else on the whole step.
     */
    private static FarmStep.Dependency dependency(String onStep, List<BatchPlan.Task> on, List<BatchPlan.Task> dependents,
            Predicate<String> relevant) {
        boolean oneParameter = on.stream().allMatch(t -> t.labels().size() <= 1 || t.preparation());
        // the other step's values must be exactly this step's first parameter's (the writers' rule too)
        boolean frameByFrame = oneParameter && on.size() > 1
                && dependents.stream().map(FarmPlan::firstOrdinal).distinct().count() == on.size();
        for (BatchPlan.Task t : dependents) {
            List<String> deps = t.dependsOn().stream().filter(relevant).toList();
            Optional<Integer> first = firstOrdinal(t);
            if (first.isEmpty() || deps.size() != 1 || first.get() > on.size()
                    || !deps.get(0).equals(on.get(first.get() - 1).id())) {
                frameByFrame = false;
                break;
            }
        }
        return new FarmStep.Dependency(onStep, frameByFrame);
    }

    /** The value of a task's first matrix axis (its id's second part), or of a preparation's number. */
    private static Optional<Integer> firstOrdinal(BatchPlan.Task t) {
        String[] parts = t.id().split("\\.");
        return parts.length < 2 ? Optional.empty() : Optional.of(Integer.parseInt(parts[1]));
    }

    private static FarmStep.Resources resources(List<BatchPlan.Task> tasks, boolean gpu) {
        int cores = 1;
        long memory = 1;
        long gpuMemory = 0;
        for (BatchPlan.Task t : tasks) {
            JobResources r = t.work().resources();
            cores = Math.max(cores, r.cores());
            memory = Math.max(memory, r.memoryMiB());
            gpuMemory = Math.max(gpuMemory, r.gpuMemoryMiB());
        }
        // a CPU estimate of a network's memory stands for the GPU's when the job runs there
        return gpu ? new FarmStep.Resources(cores, memory, 1, Math.max(gpuMemory, memory))
                : new FarmStep.Resources(cores, memory, 0, 0);
    }

    private static List<String> append(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return all;
    }
}
