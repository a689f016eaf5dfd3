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
}
