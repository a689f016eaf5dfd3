package io.vswap.eval.study.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Which order a rater sees the pairs in and which render of each is on the left: drawn from the
 * study's seed and the rater's name, so that every rater has an order and sides of their own, and
 * the same rater gets the same ones again (a resumed session, the web page, the results).
 * <p>
 * The rule ({@link #RULE}) is written so that the web page's JavaScript computes exactly the same
 * (32-bit integer arithmetic only): FNV-1a of {@code "<seed>:<rater>"} (UTF-16 code units) seeds a
 * mulberry32 generator; a Fisher–Yates shuffle of the study's pairs (last to first) gives the order,
 * then one draw per shown pair, in the order shown, puts {@code b} on the left when it is below ½.
 */
public final class Blinding {

    /** The rule's name, recorded in the study file; a file naming another rule is refused. */
    public static final String RULE = "fnv1a-mulberry32-v1";

    private Blinding() {
    }

    /** What one rater sees: the pairs in their order, each with its sides. */
    public record Presentation(String rater, List<Shown> pairs) {
        public Presentation {
            pairs = List.copyOf(pairs);
        }

        /** Where the pair is shown, or null when it is not in this presentation. */
        public Shown find(String pairId) {
            return pairs.stream().filter(s -> s.pairId().equals(pairId)).findFirst().orElse(null);
        }
    }

    /**
     * @param position 1 for the first pair shown
     * @param aOnLeft whether the pair's render {@code a} is on the left
     */
    public record Shown(int position, String pairId, boolean aOnLeft) {
    }

    /** The presentation of {@code pairIds} (in the study's order) to {@code rater}. */
    public static Presentation draw(long seed, String rater, List<String> pairIds) {
        Mulberry32 random = new Mulberry32(fnv1a(seed + ":" + rater));
        List<String> order = new ArrayList<>(pairIds);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = (int) Math.floor(random.next() * (i + 1));
            String t = order.get(i);
            order.set(i, order.get(j));
            order.set(j, t);
        }
        List<Shown> shown = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            shown.add(new Shown(i + 1, order.get(i), random.next() >= 0.5));
        }
        return new Presentation(rater, shown);
    }

    static int fnv1a(String text) {
        int h = 0x811c9dc5;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x01000193;
        }
        return h;
    }

    /** mulberry32 (Tommy Ettinger's), as JavaScript's {@code Math.imul} computes it. */
    static final class Mulberry32 {
        private int state;

        Mulberry32(int seed) {
            state = seed;
        }

        double next() {
            state += 0x6D2B79F5;
            int t = (state ^ (state >>> 15)) * (1 | state);
            t = (t + ((t ^ (t >>> 7)) * (61 | t))) ^ t;
            return Integer.toUnsignedLong(t ^ (t >>> 14)) / 4294967296.0;
        }
    }
}
