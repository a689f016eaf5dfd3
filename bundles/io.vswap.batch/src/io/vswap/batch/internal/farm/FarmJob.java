package io.vswap.batch.internal.farm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch as a render farm sees it, independent of the engine: steps of tasks with their command
 * lines and dependencies. {@link OpenCueJob} and {@link OpenJdTemplate} write it in their engine's
 * format; {@code FarmPlan} builds it from an expanded spec.
 *
 * @param name the job's name (letters, digits, '-', '_', '.')
 * @param steps in an order where every step comes after those it depends on
 */
public record FarmJob(String name, List<FarmStep> steps) {

    public FarmJob {
        steps = List.copyOf(steps);
        Set<String> seen = new HashSet<>();
        for (FarmStep s : steps) {
            for (FarmStep.Dependency d : s.dependsOn()) {
                if (!seen.contains(d.step())) {
                    throw new IllegalArgumentException("step " + s.name() + " depends on " + d.step()
                            + ", which does not come before it");
                }
            }
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("two steps are named " + s.name());
            }
        }
    }
}
