package io.vswap.samples.internal.check;

/** Connected parts of a mask (4-neighbourhood). */
final class Components {

    private Components() {
    }

    /** The largest 4-connected part of {@code mask}, or {@code null} when it is empty. */
    static boolean[] largest(boolean[] mask, int size) {
        int n = size * size;
        int[] label = new int[n];
        int[] queue = new int[n];
        int bestLabel = 0;
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = next;
            while (head < tail) {
                int p = queue[head++];
                int x = p % size;
                int y = p / size;
                if (x > 0 && mask[p - 1] && label[p - 1] == 0) {
                    label[p - 1] = next;
                    queue[tail++] = p - 1;
                }
                if (x < size - 1 && mask[p + 1] && label[p + 1] == 0) {
                    label[p + 1] = next;
                    queue[tail++] = p + 1;
                }
                if (y > 0 && mask[p - size] && label[p - size] == 0) {
                    label[p - size] = next;
                    queue[tail++] = p - size;
                }
                if (y < size - 1 && mask[p + size] && label[p + size] == 0) {
                    label[p + size] = next;
                    queue[tail++] = p + size;
                }
            }
            if (tail > bestSize) {
                bestSize = tail;
                bestLabel = next;
            }
        }
        if (bestSize == 0) {
            return null;
        }
        boolean[] out = new boolean[n];
        for (int p = 0; p < n; p++) {
            out[p] = label[p] == bestLabel;
        }
        return out;
    }
}
