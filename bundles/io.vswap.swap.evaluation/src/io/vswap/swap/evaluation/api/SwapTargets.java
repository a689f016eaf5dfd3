package io.vswap.swap.evaluation.api;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectShape;

/**
 * Which swaps a sample clip is measured with: for each source shape an ordered list of target
 * shapes, each with the point edit its geometry calls for (VideoSwap §3.5). The rules come from
 * the shapes' named points (unit shapes of {@code ShapeGeometry}, angles clockwise from up), not
 * from results:
 * <ul>
 * <li><b>keep</b>: every source point has a counterpart near it on the target (a disc's rim
 * points lie on a square's side midpoints; a ring's points are a disc's; a cross's arm ends are a
 * square's side midpoints; a triangle's corners sit near a star's tips 1, 3, 4);</li>
 * <li><b>remove</b>: star → triangle: the triangle has corners at 0°, 120°, 240°, the star tips at
 * 0°, 72°, 144°, 216°, 288°; tips 1, 3, 4 stay (within half a radius of the corners), tips 2 and 5
 * have no counterpart and are removed;</li>
 * <li><b>drag</b>: square → triangle: the two top corners are dragged together onto the apex, the
 * bottom corners onto the base corners;</li>
 * <li><b>remove+drag</b>: triangle → square (the apex has no counterpart; the base corners go to
 * the bottom corners) and disc → triangle (the bottom rim point has none; left and right go to the
 * base corners).</li>
 * </ul>
 * A drag's destination is the target shape's named point in the source subject's pose on
 * keyframe 0: the world renders the target shape along the same path ({@link SampleWorld#clip(long,
 * int, int, SampleSpec)} with the same seed) and its truth gives the point.
 */
public final class SwapTargets {

    /** What a swap changes about the points. */
    public enum Kind {
        KEEP("keep"), REMOVE("remove"), DRAG("drag"), REMOVE_AND_DRAG("remove+drag"),
        /** Not a swap: the source's own shape and prompt, every point kept; what the pipeline alone changes. */
        SAME("same shape (no swap)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One target of a clip.
     *
     * @param removed source point names left out
     * @param drags source point name → {x, y} it is dragged to on {@link #KEYFRAME}
     */
    public record Target(SubjectShape shape, Kind kind, List<String> removed, Map<String, double[]> drags) {
        public Target {
            removed = List.copyOf(removed);
            drags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(drags));
        }
    }

    /** The frame drags are placed on. */
    public static final int KEYFRAME = 0;

    /** A rule: target shape, removed source points, source point → target point it is dragged onto. */
    private record Rule(SubjectShape target, List<String> removed, Map<String, String> dragOnto) {
        Kind kind() {
            if (!removed.isEmpty() && !dragOnto.isEmpty()) {
                return Kind.REMOVE_AND_DRAG;
            }
            return !removed.isEmpty() ? Kind.REMOVE : !dragOnto.isEmpty() ? Kind.DRAG : Kind.KEEP;
        }
    }

    private static final Map<SubjectShape, List<Rule>> RULES = new EnumMap<>(SubjectShape.class);

    static {
        RULES.put(SubjectShape.DISC, List.of(keep(SubjectShape.SQUARE),
                new Rule(SubjectShape.TRIANGLE, List.of("bottom"), ordered("right", "right", "left", "left")),
                keep(SubjectShape.RING)));
        RULES.put(SubjectShape.SQUARE, List.of(
                new Rule(SubjectShape.TRIANGLE, List.of(), ordered("top-left", "apex", "top-right", "apex",
                        "bottom-right", "right", "bottom-left", "left")),
                keep(SubjectShape.DISC), keep(SubjectShape.CROSS)));
        RULES.put(SubjectShape.TRIANGLE, List.of(
                new Rule(SubjectShape.SQUARE, List.of("apex"), ordered("right", "bottom-right", "left", "bottom-left")),
                keep(SubjectShape.STAR), keep(SubjectShape.DISC)));
        RULES.put(SubjectShape.STAR, List.of(new Rule(SubjectShape.TRIANGLE, List.of("tip2", "tip5"), Map.of()),
                keep(SubjectShape.DISC), keep(SubjectShape.SQUARE)));
        RULES.put(SubjectShape.RING, List.of(keep(SubjectShape.DISC), keep(SubjectShape.SQUARE),
                keep(SubjectShape.CROSS)));
        RULES.put(SubjectShape.CROSS, List.of(keep(SubjectShape.SQUARE), keep(SubjectShape.DISC),
                keep(SubjectShape.RING)));
    }

    private SwapTargets() {
    }

    /** The most targets a clip can have. */
    public static int maxTargets() {
        return RULES.values().stream().mapToInt(List::size).min().orElse(0);
    }

    /** The first {@code count} targets for a clip made by {@code SampleWorld.clip(clipSeed, size, frames)}. */
    public static List<Target> forClip(long clipSeed, SampleClip clip, int count) {
        List<Rule> rules = RULES.get(clip.spec().shape());
        if (count < 1 || count > rules.size()) {
            throw new IllegalArgumentException("1 to " + rules.size() + " targets per clip, not " + count);
        }
        List<Target> out = new ArrayList<>();
        for (Rule r : rules.subList(0, count)) {
            Map<String, double[]> drags = new LinkedHashMap<>();
            if (!r.dragOnto().isEmpty()) {
                Map<String, double[][]> targetPoints = truth(clipSeed, clip, r.target()).points();
                r.dragOnto().forEach((from, onto) -> {
                    double[] at = targetPoints.get(onto)[KEYFRAME];
                    drags.put(from, new double[] { at[0], at[1] });
                });
            }
            out.add(new Target(r.target(), r.kind(), r.removed(), drags));
        }
        return out;
    }

    /**
     * The target truth of a swap of {@code clip} (made by {@code SampleWorld.clip(clipSeed, …)}) to
     * {@code shape}: the same clip with the shape changed, so the target in the source's pose on every
     * frame (the path, the background and the colour come from the seed and the spec).
     */
    public static SampleClip truth(long clipSeed, SampleClip clip, SubjectShape shape) {
        SampleSpec s = clip.spec();
        return SampleWorld.clip(clipSeed, clip.size(), clip.frameCount(),
                new SampleSpec(shape, s.color(), s.pattern(), s.background()));
    }

    /**
     * The reference case of a clip: its own shape, every point kept, the prompt unchanged. Its
     * figures are the pipeline's floor (inversion, guided sampling, motion features, blend, VAE):
     * no swap can be expected to sit closer to the source trajectory than this.
     */
    public static Target same(SampleClip clip) {
        return new Target(clip.spec().shape(), Kind.SAME, List.of(), Map.of());
    }

    private static Rule keep(SubjectShape target) {
        return new Rule(target, List.of(), Map.of());
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
