package io.vswap.samples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.SpecException;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.testing.MapJobSpec;
import io.vswap.testing.TestServices;
import io.vswap.video.api.FrameReader;
import io.vswap.video.api.MemoryCheck;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodecRegistry;

/** The {@code "sample"} batch job, through the registered service, as the batch runner runs it. */
class SampleJobTest {

    @TempDir
    Path dir;

    @Test
    void writesALosslessClipAndItsTruth() throws Exception {
        BatchJob job = sampleJobType().parse(new MapJobSpec(dir, Map.of("type", "sample", "output", "out/s7.mkv",
                "seed", 7, "frames", 12, "shape", "star", "background", "grey")));
        String summary = job.run(new NullProgressMonitor());
        System.out.println(summary);

        SampleClip clip = SampleWorld.clip(7, 64, 12, new SampleSpec(SubjectShape.STAR,
                SampleSpec.random(new java.util.Random(7)).color(), SampleSpec.random(new java.util.Random(7)).pattern(),
                BackgroundColor.GREY));
        Path video = dir.resolve("out/s7.mkv");
        VideoCodecRegistry codecs = service(VideoCodecRegistry.class);
        try (FrameReader reader = codecs.codecFor(video).openReader(video)) {
            for (int f = 0; f < 12; f++) {
                RgbFrame decoded = reader.next();
                assertEquals(64, decoded.width());
                byte[] want = clip.frameRgb(f);
                for (int i = 0; i < want.length; i++) {
                    int d = Math.abs((want[i] & 0xff) - (decoded.rgb()[i] & 0xff));
                    assertTrue(d <= 1, "frame " + f + " byte " + i + " differs by " + d);
                }
            }
            assertEquals(null, reader.next(), "12 frames, no more");
        }

        Path truthFile = dir.resolve("out/s7.truth.json");
        JsonObject truth = JsonParser.parseString(Files.readString(truthFile, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(1, truth.get("version").getAsInt());
        assertEquals(clip.caption(), truth.get("caption").getAsString());
        assertEquals("star", truth.getAsJsonObject("spec").get("shape").getAsString());
        JsonArray centroids = truth.getAsJsonArray("centroid");
        assertEquals(12, centroids.size());
        assertEquals(clip.centroid(5)[0], centroids.get(5).getAsJsonArray().get(0).getAsDouble(), 1e-3);
        JsonArray tip3 = truth.getAsJsonObject("points").getAsJsonArray("tip3");
        assertEquals(12, tip3.size());
        assertEquals(clip.points().get("tip3")[11][1], tip3.get(11).getAsJsonObject().get("y").getAsDouble(), 1e-3);
        assertEquals(clip.pose(3).radius(),
                truth.getAsJsonArray("pose").get(3).getAsJsonObject().get("radius").getAsDouble(), 1e-3);
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(2, files.count(), "only the clip and its truth, no temporary file left");
        }
    }

    @Test
    void writesH264Too() throws Exception {
        BatchJob job = sampleJobType().parse(new MapJobSpec(dir, Map.of("output", "s.mp4", "seed", 3, "size", 128,
                "frames", 4, "pattern", "checkered", "color", "red")));
        job.run(new NullProgressMonitor());
        Path video = dir.resolve("s.mp4");
        SampleClip clip = SampleWorld.clip(3, 128, 4, new SampleSpec(SampleSpec.random(new java.util.Random(3)).shape(),
                SubjectColor.RED, BackgroundPattern.CHECKER, SampleSpec.random(new java.util.Random(3)).background()));
        try (FrameReader reader = service(VideoCodecRegistry.class).codecFor(video).openReader(video)) {
            RgbFrame decoded = reader.read(2);
            byte[] want = clip.frameRgb(2);
            double err = 0;
            for (int i = 0; i < want.length; i++) {
                err += Math.abs((want[i] & 0xff) - (decoded.rgb()[i] & 0xff));
            }
            assertTrue(err / want.length < 6, "H.264 is lossy, but not that lossy: mean error " + err / want.length);
        }
        assertTrue(Files.exists(dir.resolve("s.truth.json")));
    }

    @Test
    void aCancelledJobLeavesNothing() throws Exception {
        BatchJob job = sampleJobType().parse(new MapJobSpec(dir, Map.of("output", "c.mkv", "seed", 1)));
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> job.run(cancelled));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    /** 4096 px × 200 frames died of an OutOfMemoryError half-way; now it is refused first, with the figure. */
    @Test
    void aClipTooLargeForTheMemoryIsRefusedBeforeItStarts() throws Exception {
        BatchJob job = sampleJobType().parse(new MapJobSpec(dir, Map.of("output", "big.mkv", "seed", 1, "size", 4096,
                "frames", 2000)));
        var e = assertThrows(MemoryCheck.NotEnoughMemoryException.class, () -> job.run(new NullProgressMonitor()));
        assertTrue(e.getMessage().startsWith("not enough memory: a sample clip of 2000 frames of 4096×4096 needs about "
                + "939.5 GB"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    /** The declaration (`vswap batch --describe sample`) is what the job accepts: every field of it, nothing else. */
    @Test
    void theDeclaredFieldsAreWhatTheJobAccepts() throws Exception {
        BatchJobType type = sampleJobType();
        assertEquals(List.of("output", "seed", "size", "frames", "shape", "color", "pattern", "background"),
                type.fields().stream().map(io.vswap.batch.api.JobField::name).toList());
        type.parse(new MapJobSpec(dir, Map.of("output", "all.mkv", "seed", 2, "size", 32, "frames", 4, "shape", "ring",
                "color", "red", "pattern", "striped", "background", "grey")));
        assertTrue(type.fields().stream().filter(f -> f.name().equals("shape")).findFirst().orElseThrow().doc()
                .contains("triangle"));
        SpecException e = assertThrows(SpecException.class,
                () -> type.parse(new MapJobSpec(dir, Map.of("output", "x.mkv", "seed", 1, "colour", "red"))));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        BatchJobType type = sampleJobType();
        SpecException e = assertThrows(SpecException.class,
                () -> type.parse(new MapJobSpec(dir, Map.of("output", "x.mkv", "seed", 1, "shape", "hexagon"))));
        assertTrue(e.getMessage().contains("shape") && e.getMessage().contains("triangle"), e.getMessage());
        e = assertThrows(SpecException.class, () -> type.parse(new MapJobSpec(dir, Map.of("output", "x.avi", "seed", 1))));
        assertTrue(e.getMessage().contains("output"), e.getMessage());
        e = assertThrows(SpecException.class, () -> type.parse(new MapJobSpec(dir, Map.of("output", "x.mkv"))));
        assertTrue(e.getMessage().contains("seed"), e.getMessage());
        assertFalse(type.description().isBlank());
    }

    @Test
    void referenceImagesOfAnUnseenSubjectAreWrittenAndAnUnknownOneIsNamed() throws Exception {
        BatchJobType type = TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "sample-references")
                .get("sample-references");
        String summary = type.parse(new MapJobSpec(dir, Map.of("subject", "heart", "folder", "refs/heart", "count", 3)))
                .run(new NullProgressMonitor());
        assertTrue(summary.startsWith("3 reference images of the orange heart"), summary);
        for (int i = 1; i <= 3; i++) {
            var img = javax.imageio.ImageIO.read(dir.resolve("refs/heart/0" + i + ".png").toFile());
            assertEquals(64, img.getWidth());
        }
        try (var files = Files.list(dir.resolve("refs/heart"))) {
            assertEquals(3, files.count(), "nothing else left in the folder");
        }
        SpecException e = assertThrows(SpecException.class,
                () -> type.parse(new MapJobSpec(dir, Map.of("subject", "square", "folder", "x"))));
        assertTrue(e.getMessage().contains("subject") && e.getMessage().contains("hexagon, heart, crescent"),
                e.getMessage());
    }

    private static BatchJobType sampleJobType() throws Exception {
        return TestServices.awaitKeyed(BatchJobType.class, BatchJobType::type, "sample").get("sample");
    }

    static <T> T service(Class<T> type) {
        return TestServices.await(type);
    }
}
