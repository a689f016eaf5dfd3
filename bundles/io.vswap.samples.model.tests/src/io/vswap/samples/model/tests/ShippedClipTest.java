package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.samples.model.api.SampleModel;

/**
 * The sample model's CLIP ({@code model/clip/}, made by {@code train-sample-clip}) loads as a CLIP with
 * both towers, leaves the sample model's checksum check as it was, and tells shapes and colours apart
 * zero-shot on held-out clips well above chance (1/6). The floors sit well under what
 * {@code evaluate-sample-clip} measured on seeds 1–100 (docs/sample-model.md); the clips here are
 * other held-out seeds, not used to choose anything.
 */
class ShippedClipTest {

    /** Held-out clips (training draws no seed below 2^62); 4 frames of each. */
    private static final int FIRST_SEED = 7001;
    private static final int CLIPS = 10;
    private static final double SHAPE_FLOOR = 40;
    private static final double COLOUR_FLOOR = 90;

    @Test
    void theShippedClipLoadsAndTellsShapesAndColoursApart() throws Exception {
        Path folder = SampleModel.shippedFolder();
        SampleModel.verify(folder); // clip/ is beside the checked files, not among them
        Runtime.get(); // the job types that need the runtime register once it is up
        String out = Batch.run("--job", "evaluate-sample-clip", "seed=" + FIRST_SEED, "clips=" + CLIPS);
        try (ClipModel clip = ClipModel.load(Runtime.get(), folder.resolve("clip"))) {
            assertTrue(clip.hasTextTower(), clip.missingTextTower());
            assertEquals(64, clip.imageEncoder().config().imageSize());
        }
        double shape = percent(out, "shape ");
        double colour = percent(out, "colour ");
        assertTrue(shape >= SHAPE_FLOOR, "shape accuracy " + shape + " % under the floor " + SHAPE_FLOOR + " %: " + out);
        assertTrue(colour >= COLOUR_FLOOR, "colour accuracy " + colour + " % under the floor " + COLOUR_FLOOR + " %: " + out);
    }

    /** The figure after {@code label} in the job's "zero-shot on … frames: shape 93.5 %, colour …" line. */
    private static double percent(String out, String label) {
        int at = out.indexOf(label, out.indexOf("zero-shot on"));
        return Double.parseDouble(out.substring(at + label.length(), out.indexOf(" %", at)));
    }
}
