package io.vswap.welcome.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleWorld;
import io.vswap.testing.TestServices;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.welcome.internal.sample.SampleProject;

/**
 * {@code samples/sample-shot.mp4} is what the README says: the sample project's red star over grey
 * stripes (seed 7), 16 frames of 256 × 256, small enough to ship.
 */
class ShippedSampleShotTest {

    @Test
    void theShippedShotIsTheRedStarOverGreyStripesOfTheSampleProject() throws Exception {
        Path shot = Path.of(System.getProperty("vswap.samplesFolder", "../../samples"), "sample-shot.mp4");
        assertTrue(Files.size(shot) < 200_000, Files.size(shot) + " bytes");
        List<RgbFrame> frames = new ArrayList<>();
        try (FrameReader r = TestServices.await(VideoCodecRegistry.class).codecFor(shot).openReader(shot)) {
            for (RgbFrame f = r.next(); f != null; f = r.next()) {
                frames.add(f);
            }
        }
        assertEquals(16, frames.size());
        assertEquals(256, frames.get(0).width());
        assertEquals(256, frames.get(0).height());
        SampleClip world = SampleWorld.clip(SampleProject.SEED, 256, 16, SampleProject.SPEC);
        assertEquals("a red star on a grey striped background", world.caption());
        for (int f = 0; f < 16; f += 5) {
            byte[] want = world.frameRgb(f);
            byte[] got = frames.get(f).rgb();
            double diff = 0;
            for (int i = 0; i < want.length; i++) {
                diff += Math.abs((want[i] & 0xff) - (got[i] & 0xff));
            }
            diff /= want.length;
            // H.264 at its default quality: a few levels off on average, never another picture
            assertTrue(diff < 6, "frame " + f + " is the world's star, " + diff + " levels off on average");
        }
    }
}
