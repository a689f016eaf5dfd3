package io.vswap.swap.internal;

import java.util.List;

/**
 * The DIFT embedding of each semantic point (§3.3) and the frames it counts as visible on.
 *
 * @param names point names, in order
 * @param embeddings one vector per point, all of one length
 * @param visible per point and frame: tracked visible and similar enough to the point's mean feature
 */
public record PointEmbeddings(List<String> names, float[][] embeddings, boolean[][] visible) {

    public PointEmbeddings {
        names = List.copyOf(names);
        if (embeddings.length != names.size() || visible.length != names.size()) {
            throw new IllegalArgumentException("one embedding and one visibility row per point");
        }
    }

    public int dimension() {
        return embeddings.length == 0 ? 0 : embeddings[0].length;
    }

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** Frames each point counts as visible on, e.g. {@code "tip1 16/16, tip2 9/16"}: for the record. */
    public String visibilitySummary() {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            int n = 0;
            for (boolean v : visible[k]) {
                n += v ? 1 : 0;
            }
            b.append(k == 0 ? "" : ", ").append(names.get(k)).append(' ').append(n).append('/').append(visible[k].length);
        }
        return b.toString();
    }

    /** Whether any point is visible on any frame: with none, the motion features have nothing to write. */
    public boolean anyVisible() {
        for (boolean[] row : visible) {
            for (boolean v : row) {
                if (v) {
                    return true;
                }
            }
        }
        return false;
    }
}
