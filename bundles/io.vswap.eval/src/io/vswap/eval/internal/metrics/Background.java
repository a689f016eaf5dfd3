package io.vswap.eval.internal.metrics;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

import io.vswap.eval.api.EvaluationInput;

/** The pixels a background metric reads: those outside the subject masks. */
final class Background {

    private Background() {
    }

    /** Frame {@code f}'s background, {@code height × width}, true where no subject is. */
    static boolean[] of(EvaluationInput in, int f) {
        return outside(in.subjectMasks().orElseThrow().frame(f));
    }

    /** The pixels not in {@code mask}. */
    static boolean[] outside(boolean[] mask) {
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = !mask[i];
        }
        return out;
    }

    static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    /** "frames 3, 7 have no background" style note, or none. */
    static List<String> emptyFramesNote(List<Integer> frames, String what) {
        if (frames.isEmpty()) {
            return List.of();
        }
        return List.of((frames.size() == 1 ? "frame " : "frames ")
                + String.join(", ", frames.stream().map(String::valueOf).toList()) + " "
                + (frames.size() == 1 ? "has" : "have") + " no " + what + ": no value there");
    }

    static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
