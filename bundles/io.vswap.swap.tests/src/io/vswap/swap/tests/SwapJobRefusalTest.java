package io.vswap.swap.tests;

import static io.vswap.swap.tests.SwapJobFixture.decode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonObject;

import io.vswap.batch.internal.BatchSpec;
import io.vswap.diffusion.api.ModelChecksums;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.testing.TestServices;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;

/**
 * What the swap job refuses before it edits anything: unknown settings and bad values (when the
 * spec is read), a model whose weights do not match its checksums, and a point edit for a method
 * that reads no points (which itself runs without a point set). No test here needs a source side.
 */
class SwapJobRefusalTest {

    @TempDir
    static Path dir;

    static SwapJobFixture fx;

    @BeforeAll
    static void projectAndModel() throws Exception {
        fx = SwapJobFixture.create(dir);
    }

    @Test
    void unknownSettingsAndBadValuesAreRefusedByName() throws Exception {
        String caption = fx.clip.caption();
        BatchSpec.Invalid e = assertThrows(BatchSpec.Invalid.class,
                () -> fx.run(fx.swapJob(caption, "x", ", \"guidanceScal\": 5"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("guidanceScal"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class,
                () -> fx.run(fx.swapJob(caption, "x", ", \"motionScale\": \"strong\""), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("motionScale"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class,
                () -> fx.run(fx.swapJob(caption, "x", ", \"remove\": 5"), new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("remove"), e.getMessage());
        e = assertThrows(BatchSpec.Invalid.class, () -> fx.run(fx.swapJob(caption, "x", ", \"method\": \"cove\""),
                new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("cove") && e.getMessage().contains("videoswap"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> fx.run(
                fx.swapJob(caption, "x", ", \"drag\": {\"nose\": {\"x\": 3, \"y\": 4}}"), new NullProgressMonitor()));
        assertTrue(bad.getMessage().contains("nose"), bad.getMessage());
        // numbers are finite and in range, checked when the spec is read (before any job runs)
        for (String[] c : new String[][] { { "guidanceScale", "\"NaN\"", "finite" },
                { "guidanceScale", "1e308", "from 0.0 to 100.0" }, { "motionShare", "1.5", "from 0.0 to 1.0" } }) {
            e = assertThrows(BatchSpec.Invalid.class, () -> fx.run(fx.swapJob(caption, "x",
                    ", \"" + c[0] + "\": " + c[1]), new NullProgressMonitor()), String.join(" ", c));
            assertTrue(e.getMessage().contains(c[0]) && e.getMessage().contains(c[2]), e.getMessage());
        }
        // (steps is in SETTINGS: a second value would be a duplicate key; its range is checked the same way)
        assertEquals(1.0, VideoSwapSettings.descriptors().stream().filter(x -> x.name().equals("steps")).findFirst()
                .orElseThrow().min());
    }

    @Test
    void aModelWhoseWeightsDoNotMatchItsChecksumsIsRefusedBeforeItLoads() throws Exception {
        Path copy = dir.resolve("model-checked");
        try (Stream<Path> s = Files.walk(dir.resolve("model"))) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(dir.resolve("model").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        JsonObject files = new JsonObject();
        try (Stream<Path> s = Files.walk(copy)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.addProperty(copy.relativize(p).toString(), ModelChecksums.sha256(p));
            }
        }
        JsonObject sums = new JsonObject();
        sums.add("files", files);
        Files.writeString(copy.resolve("checksums.json"), sums.toString());
        Path unet = copy.resolve("unet/diffusion_pytorch_model.safetensors");
        byte[] weights = Files.readAllBytes(unet);
        weights[weights.length - 1] ^= 1; // one bit of one weight
        Files.write(unet, weights);
        String target = fx.targets.get(0);
        String job = fx.swapJob(fx.clip.caption(), target, ", \"name\": \"checked\"").replace("\"model\": \"model\"",
                "\"model\": \"model-checked\"");
        Exception e = assertThrows(Exception.class, () -> fx.run(job, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("unet/diffusion_pytorch_model.safetensors")
                && e.getMessage().contains("does not match checksums.json"), e.getMessage());
        assertFalse(Files.exists(fx.renders().resolve(fx.stem(target) + "-checked.json")));
    }

    /**
     * A method that declares no points (a plug-in as a studio would install it: here the identity
     * edit, registered as a service) runs without a point set, and a point edit is refused for it.
     */
    @Test
    void aMethodThatReadsNoPointsNeedsNoPointSetAndRefusesAPointEdit() throws Exception {
        EditMethod copy = new EditMethod() {
            @Override
            public String id() {
                return "identity";
            }

            @Override
            public String displayName() {
                return "Identity (test plug-in)";
            }

            @Override
            public List<EditSetting> settings() {
                return List.of();
            }

            @Override
            public EditResult run(EditRequest request, IProgressMonitor monitor) {
                assertEquals(null, request.points(), "no points are loaded for it");
                return new EditResult(request.frames(), new EditReport.Builder().stageEnded("edit").build());
            }
        };
        var registration = FrameworkUtil.getBundle(SwapJobRefusalTest.class).getBundleContext()
                .registerService(EditMethod.class, copy, null);
        try {
            TestServices.awaitKeyed(EditMethod.class, EditMethod::id, "identity");
            String target = fx.targets.get(0);
            String job = """
                    {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s",
                     "target": "%s", "model": "model", "method": "identity", "points": "no-such-set", "name": "copy"%s}""";
            String summary = fx.run(job.formatted(fx.clip.caption(), fx.subject, target, ""), new NullProgressMonitor());
            System.out.println("identity method: " + summary);
            SwapRender rec = fx.record(fx.stem(target) + "-copy");
            assertTrue(rec.job().points().isEmpty(), "no point set recorded: " + rec.job());
            assertEquals("identity", rec.job().method());
            ProjectStore store = TestServices.await(ProjectStore.class);
            Project p = store.open(dir.resolve("proj"));
            List<RgbFrame> source = store.readClipFrames(p, p.shots().get(0), p.shots().get(0).clips().get(0),
                    new NullProgressMonitor());
            List<RgbFrame> out = decode(fx.renders().resolve(fx.stem(target) + "-copy.mkv"));
            for (int f = 0; f < source.size(); f++) {
                assertArrayEquals(source.get(f).rgb(), out.get(f).rgb(), "frame " + f + " is the source's");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fx.run(job.formatted(
                    fx.clip.caption(), fx.subject, target, ", \"remove\": [\""
                            + fx.clip.spec().shape().pointNames().get(0) + "\"]"), new NullProgressMonitor()));
            assertTrue(e.getMessage().contains("does not remove or drag points"), e.getMessage());
        } finally {
            registration.unregister();
        }
    }
}
