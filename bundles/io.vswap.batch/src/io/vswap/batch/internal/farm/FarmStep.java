package io.vswap.batch.internal.farm;

import java.util.List;

/**
 * One step of a {@link FarmJob}: a task per combination of its parameters' values, each running
 * {@link #command} with every {@code {name}} placeholder replaced by that task's value (a whole
 * number from 1) of the parameter called {@code name}. A step without parameters is one task.
 *
 * @param name unique in the job (letters, digits, '-', '_')
 * @param parameters the task parameters, e.g. shot 1–10 and target 1–3; the first one is the one
 *        that an engine with "frames" (OpenCue) numbers its tasks by
 * @param command the program and its arguments, placeholders included
 * @param dependsOn the steps whose tasks must have finished first
 * @param resources what one task needs
 */
public record FarmStep(String name, List<Parameter> parameters, List<String> command, List<Dependency> dependsOn,
        Resources resources) {

    /**
     * A task parameter: values 1..count.
     *
     * @param labels what each value stands for (a shot's name, a target word), for titles and the
     *        template's descriptions; as many as count
     */
    public record Parameter(String name, int count, List<String> labels) {
        public Parameter {
            labels = List.copyOf(labels);
            if (count < 1 || labels.size() != count) {
                throw new IllegalArgumentException("parameter " + name + ": " + count + " values, " + labels.size()
                        + " labels");
            }
        }
    }

    /**
     * @param frameByFrame the task with value v of this step's first parameter needs only the task
     *        with value v of the other step (which has exactly one parameter); false: every task
     *        of the other step
     */
    public record Dependency(String step, boolean frameByFrame) {
    }

    /** What one task needs from a farm host (memory in MiB; GPUs 0 for a CPU task). */
    public record Resources(int cores, long memoryMiB, int gpus, long gpuMemoryMiB) {
    }

    public FarmStep {
        parameters = List.copyOf(parameters);
        command = List.copyOf(command);
        dependsOn = List.copyOf(dependsOn);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("step " + name + " has no command");
        }
    }

    /** The number of tasks: the product of the parameters' counts. */
    public int taskCount() {
        int n = 1;
        for (Parameter p : parameters) {
            n *= p.count();
        }
        return n;
    }
}
