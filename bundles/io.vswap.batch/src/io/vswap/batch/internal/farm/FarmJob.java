package io.vswap.batch.internal.farm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, FarmStep> seen = new HashMap<>();
        for (FarmStep s : steps) {
            for (FarmStep.Dependency d : s.dependsOn()) {
                FarmStep other = seen.get(d.step());
                if (other == null) {
                    throw new IllegalArgumentException("step " + s.name() + " depends on " + d.step()
                            + ", which does not come before it");
                }
                if (d.frameByFrame()) {
                    checkFrameByFrame(s, other);
                }
            }
            if (seen.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("two steps are named " + s.name());
            }
        }
    }

    /** The step of a frame-by-frame dependency knows task v by its first parameter; the other by its only one. */
    private static void checkFrameByFrame(FarmStep step, FarmStep other) {
        if (step.parameters().isEmpty() || other.parameters().size() != 1
                || other.parameters().get(0).count() != step.parameters().get(0).count()) {
            throw new IllegalArgumentException("step " + step.name() + " depends frame by frame on " + other.name()
                    + ", which needs one parameter with as many values as " + step.name() + "'s first");
        }
    }
}
