package io.vswap.batch.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vswap.batch.api.BatchJob;

/**
 * A spec's tasks in the order they run, with what each needs first:
 * <ul>
 * <li>the tasks of the job before it that agree with it on every matrix axis both have (a swap of
 * shot s01 waits for the track of s01, not of s02); a job without matrix waits for all of them;</li>
 * <li>its shared preparation ({@link BatchJob#sharedPreparation()}): one task per key that two or more
 * tasks share, id {@code <job>p.<n>}, run before the job's tasks (a task alone prepares itself).</li>
 * </ul>
 * The same spec always gives the same ids, so a farm task runs {@code vswap batch --task ID spec}.
 */
public final class BatchPlan {

    /**
     * @param id {@code 2}, {@code 2.3.1} (a matrix task), {@code 2p.1} (a shared preparation)
     * @param job the spec job it belongs to
     * @param labels its matrix values by axis (for a preparation: those its users all share)
     * @param preparation a shared preparation
     * @param dependsOn ids of the tasks that must have finished first
     * @param usedBy for a preparation: the ids of the tasks that need it
     */
    public record Task(String id, SpecJob job, Map<String, String> labels, BatchJob work, boolean preparation,
            List<String> dependsOn, List<String> usedBy) {
        public Task {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            dependsOn = List.copyOf(dependsOn);
            usedBy = List.copyOf(usedBy);
        }

        /** {@code shot=s01 target=disc}, or empty. */
        public String matrixText() {
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(" ", parts);
        }
    }

    private final BatchSpec spec;
    private final List<Task> tasks;
    private final Map<String, Task> byId = new LinkedHashMap<>();

    private BatchPlan(BatchSpec spec, List<Task> tasks) {
        this.spec = spec;
        this.tasks = List.copyOf(tasks);
        tasks.forEach(t -> byId.put(t.id(), t));
    }

    public BatchSpec spec() {
        return spec;
    }

    public List<Task> tasks() {
        return tasks;
    }

    public Optional<Task> task(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The preparations of spec job {@code number}, in id order. */
    public List<Task> preparations(int number) {
        return tasks.stream().filter(t -> t.preparation() && t.job().number() == number).toList();
    }

    public static BatchPlan of(BatchSpec spec) {
        List<Task> out = new ArrayList<>();
        List<Task> previous = List.of();
        for (SpecJob job : spec.specJobs()) {
            // the job's own tasks' dependencies on the job before
            List<List<String>> deps = new ArrayList<>();
            for (SpecJob.Task t : job.tasks()) {
                List<String> d = new ArrayList<>();
                for (Task p : previous) {
                    if (agree(t.labels(), p.labels())) {
                        d.add(p.id());
                    }
                }
                deps.add(d);
            }
            // shared preparations, one per distinct key, in order of first use
            Map<String, List<Integer>> users = new LinkedHashMap<>();
            Map<String, BatchJob> prepJobs = new LinkedHashMap<>();
            List<String> prepOf = new ArrayList<>();
            for (int i = 0; i < job.tasks().size(); i++) {
                Optional<BatchJob.SharedPreparation> sp = job.tasks().get(i).job().sharedPreparation();
                if (sp.isPresent()) {
                    users.computeIfAbsent(sp.get().key(), k -> new ArrayList<>()).add(i);
                    prepJobs.putIfAbsent(sp.get().key(), sp.get().job());
                }
                prepOf.add(sp.map(BatchJob.SharedPreparation::key).orElse(null));
            }
            // shared means by two or more: a task alone does its preparation itself (one run, one model load)
            users.values().removeIf(u -> u.size() < 2);
            for (int i = 0; i < prepOf.size(); i++) {
                if (prepOf.get(i) != null && !users.containsKey(prepOf.get(i))) {
                    prepOf.set(i, null);
                }
            }
            Map<String, String> prepIds = new LinkedHashMap<>();
            List<Task> mine = new ArrayList<>();
            int n = 0;
            for (var e : users.entrySet()) {
                String id = job.number() + "p." + (++n);
                prepIds.put(e.getKey(), id);
                Set<String> d = new LinkedHashSet<>();
                List<String> usedBy = new ArrayList<>();
                Map<String, String> common = null;
                for (int i : e.getValue()) {
                    d.addAll(deps.get(i));
                    usedBy.add(job.taskId(job.tasks().get(i)));
                    common = common == null ? new LinkedHashMap<>(job.tasks().get(i).labels())
                            : intersect(common, job.tasks().get(i).labels());
                }
                mine.add(new Task(id, job, common, prepJobs.get(e.getKey()), true, new ArrayList<>(d), usedBy));
            }
            for (int i = 0; i < job.tasks().size(); i++) {
                SpecJob.Task t = job.tasks().get(i);
                List<String> d = new ArrayList<>(deps.get(i));
                if (prepOf.get(i) != null) {
                    d.add(prepIds.get(prepOf.get(i)));
                }
                Task task = new Task(job.taskId(t), job, t.labels(), t.job(), false, d, List.of());
                mine.add(task);
            }
            out.addAll(mine);
            previous = mine.stream().filter(t -> !t.preparation()).toList();
        }
        return new BatchPlan(spec, out);
    }

    /** Whether two tasks agree on every axis both have (tasks without axes agree with all). */
    private static boolean agree(Map<String, String> a, Map<String, String> b) {
        for (var e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> intersect(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new LinkedHashMap<>();
        a.forEach((k, v) -> {
            if (v.equals(b.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
