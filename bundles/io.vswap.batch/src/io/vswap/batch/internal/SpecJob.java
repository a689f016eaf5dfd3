package io.vswap.batch.internal;

import java.util.List;
import java.util.Map;

import io.vswap.batch.api.BatchJob;

/**
 * One job of a spec as written: a single task, or one task per combination of its matrix.
 *
 * @param number the job's place in the spec, from 1 (task ids start with it)
 * @param type its job type
 * @param axes the matrix's axes in the spec's order (empty: no matrix)
 * @param tasks one per combination, the first axis varying fastest
 */
public record SpecJob(int number, String type, List<Axis> axes, List<Task> tasks) {

    /** A matrix axis: its name and a label per value (a target word, a shot's name, "#3"). */
    public record Axis(String name, List<String> labels) {
        public Axis {
            labels = List.copyOf(labels);
        }
    }

    /**
     * @param ordinals the task's value of each axis, from 1
     * @param labels axis name → the label of the task's value
     */
    public record Task(List<Integer> ordinals, Map<String, String> labels, BatchJob job) {
        public Task {
            ordinals = List.copyOf(ordinals);
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        }
    }

    public SpecJob {
        axes = List.copyOf(axes);
        tasks = List.copyOf(tasks);
    }

    /** {@code 3} for a job without matrix, {@code 3.2.1} for the task with the 2nd value of axis 1 and the 1st of axis 2. */
    public String taskId(Task t) {
        StringBuilder id = new StringBuilder().append(number);
        t.ordinals().forEach(o -> id.append('.').append(o));
        return id.toString();
    }
}
