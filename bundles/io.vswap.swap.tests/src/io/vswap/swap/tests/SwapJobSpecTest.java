package io.vswap.swap.tests;

import static io.vswap.swap.tests.SwapJobFixture.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonObject;

import io.vswap.batch.internal.BatchCommand;
import io.vswap.batch.internal.BatchSpec;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.swap.tests.SwapJobFixture.CancelAtShare;

/**
 * How a swap job is given and what fills it in: {@code vswap batch --job swap key=value…} on the
 * command line, a named edit beside the unnamed render, and the model's recommended settings under
 * what the job sets itself; and a cancelled swap publishes nothing (a new target leaves no file, a
 * cancelled re-render leaves the earlier render whole and no staging file). The class's project has
 * an unnamed render of the first target (and so the caption's source side in its cache) before any
 * test runs; the tests share it because they start from the same render.
 */
class SwapJobSpecTest {

    @TempDir
    static Path dir;

    static SwapJobFixture fx;

    @BeforeAll
    static void projectModelAndARender() throws Exception {
        fx = SwapJobFixture.create(dir);
        System.out.println("the unnamed render: " + fx.swap(fx.targets.get(0), ""));
    }

    @Test
    void runsFromTheCommandLine() throws Exception {
        String point = fx.clip.spec().shape().pointNames().get(1);
        double[] at = fx.clip.points().get(point)[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var command = new BatchCommand(FrameworkUtil.getBundle(SwapJobSpecTest.class).getBundleContext(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        int code = command.run(new String[] { "--job", "swap", "project=" + dir.resolve("proj"), "shot=sample",
                "prompt=" + fx.clip.caption(), "subject=" + fx.subject, "target=" + fx.targets.get(1),
                "model=" + dir.resolve("model"), "steps=4", "registrationIterations=3", "diftEnsemble=1", "seed=3",
                "remove=" + fx.clip.spec().shape().pointNames().get(0),
                String.format(Locale.ROOT, "drag={\"%s\": {\"x\": %.4f, \"y\": %.4f}}", point, at[0], at[1] + 2) });
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        System.out.println("$ vswap batch --job swap …\n" + text);
        assertEquals(0, code, text);
        assertTrue(text.contains("dift reused, registration reused, inversion reused"), text);
        JsonObject rec = json(fx.renders().resolve(fx.stem(fx.targets.get(1)) + ".json"));
        assertEquals(2, rec.getAsJsonObject("points").getAsJsonArray("drags").get(0).getAsJsonObject().get("dy")
                .getAsDouble(), 1e-3);
    }

    @Test
    void aNamedEditKeepsItsOwnRenderBesideTheUnnamedOne() throws Exception {
        String target = fx.targets.get(0);
        Path unnamed = fx.renders().resolve(fx.stem(target) + ".json");
        assertTrue(Files.isRegularFile(unnamed), "the unnamed render of projectModelAndARender");
        String before = Files.readString(unnamed, StandardCharsets.UTF_8);
        String summary = fx.swap(target, ", \"name\": \"take-2\"");
        String stem = fx.stem(target) + "-take-2";
        assertTrue(summary.contains(stem), summary);
        for (String ext : List.of(".mkv", ".mp4", "-sheet.png", ".json")) {
            assertTrue(Files.isRegularFile(fx.renders().resolve(stem + ext)), stem + ext);
        }
        JsonObject rec = json(fx.renders().resolve(stem + ".json"));
        assertEquals("take-2", rec.get("name").getAsString());
        assertEquals("take-2", rec.getAsJsonObject("job").get("name").getAsString());
        assertTrue(rec.getAsJsonArray("files").get(0).getAsString().startsWith(stem), rec.get("files").toString());
        assertEquals(before, Files.readString(unnamed, StandardCharsets.UTF_8), "the unnamed render is untouched");
        for (String bad : List.of("../up", "", "-dash", "a b", "x".repeat(65))) {
            BatchSpec.Invalid e = assertThrows(BatchSpec.Invalid.class,
                    () -> fx.swap(target, ", \"name\": \"" + bad + "\""), bad);
            assertTrue(e.getMessage().contains("name"), e.getMessage());
        }
    }

    /** A preset's values come from the defaults in force; a setting the job names wins; the record names the preset. */
    @Test
    void aPresetSetsItsSettingsAndTheJobsOwnWin() throws Exception {
        String target = fx.targets.get(0);
        String job = """
                {"type": "swap", "project": "proj", "shot": "sample", "prompt": "%s", "subject": "%s", "target": "%s",
                 "model": "model", "name": "draft", "preset": "draft", "steps": 4, "seed": 3}""".formatted(
                fx.clip.caption(), fx.subject, target);
        fx.run(job, new org.eclipse.core.runtime.NullProgressMonitor());
        JsonObject rec = json(fx.renders().resolve(fx.stem(target) + "-draft.json"));
        JsonObject settings = rec.getAsJsonObject("settings");
        assertEquals(4, settings.get("steps").getAsInt(), "the job's own steps win over Draft's half");
        assertEquals(VideoSwapSettings.DEFAULTS.registrationIterations() / 3, settings.get("registrationIterations").getAsInt());
        assertEquals(2, settings.get("diftEnsemble").getAsInt());
        assertEquals(1, settings.get("placementPasses").getAsInt());
        assertEquals("Draft", rec.getAsJsonObject("job").get("preset").getAsString(), "written as the method spells it");
        assertEquals(java.util.Optional.of("Draft"), fx.record(fx.stem(target) + "-draft").job().preset());
        // a preset the method does not have: refused by name, with the ones it has
        Exception e = assertThrows(Exception.class, () -> fx.run(job.replace("\"draft\", \"steps\"", "\"fast\", \"steps\""),
                new org.eclipse.core.runtime.NullProgressMonitor()));
        assertTrue(e.getMessage().contains("\"fast\" is not a preset") && e.getMessage().contains("[Draft, Standard, Final]"),
                e.getMessage());
    }

    @Test
    void theModelsRecommendedSettingsFillInWhatTheJobLeavesOut() throws Exception {
        Path file = dir.resolve("model").resolve(ModelSettings.FILE);
        String target = fx.targets.get(0);
        try {
            Files.writeString(file, """
                    {"format": "vswap-model-settings", "version": 1,
                     "methods": {"videoswap": {"motionScale": 3.0, "guidanceScale": 5.0}}}""", StandardCharsets.UTF_8);
            // the job sets guidanceScale itself: the model's motionScale applies, its guidance does not
            String summary = fx.swap(target, ", \"guidanceScale\": 6.5, \"name\": \"recommended\"");
            assertTrue(summary.contains("the model's settings: motionScale=3.0"), summary);
            JsonObject rec = json(fx.renders().resolve(fx.stem(target) + "-recommended.json"));
            assertEquals(3.0, rec.getAsJsonObject("settings").get("motionScale").getAsDouble());
            assertEquals(6.5, rec.getAsJsonObject("settings").get("guidanceScale").getAsDouble());
            assertEquals(3.0, rec.getAsJsonObject("job").get("motionScale").getAsDouble(), "the job replays as it ran");
            assertEquals("[\"motionScale\"]", rec.getAsJsonArray("modelSettings").toString());
            SwapRender typed = fx.record(fx.stem(target) + "-recommended");
            assertEquals(List.of("motionScale"), typed.modelSettings());
            assertEquals(3.0, typed.report().settings().get("motionScale"), typed.report().settings().toString());

            // a damaged file: the job stops before anything is written, naming the file
            Path renderBefore = fx.renders().resolve(fx.stem(target) + "-recommended.json");
            String before = Files.readString(renderBefore, StandardCharsets.UTF_8);
            Files.writeString(file, "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": "
                    + "{\"videoswap\": {\"motionStrength\": 2}}}", StandardCharsets.UTF_8);
            IOException e = assertThrows(IOException.class, () -> fx.swap(target, ", \"name\": \"recommended\""));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("motionStrength"),
                    e.getMessage());
            assertEquals(before, Files.readString(renderBefore, StandardCharsets.UTF_8), "the earlier render is untouched");
        } finally {
            Files.deleteIfExists(file);
        }
        // without the file: the method's default again
        fx.swap(target, ", \"name\": \"plain\"");
        JsonObject plain = json(fx.renders().resolve(fx.stem(target) + "-plain.json"));
        assertEquals(VideoSwapSettings.DEFAULTS.motionScale(), plain.getAsJsonObject("settings").get("motionScale")
                .getAsDouble());
        assertEquals("[]", plain.getAsJsonArray("modelSettings").toString());
    }

    @Test
    void aCancelledSwapLeavesNoRender() throws Exception {
        String target = fx.targets.get(2); // no other test renders it
        String point = fx.clip.spec().shape().pointNames().get(1);
        CancelAtShare monitor = new CancelAtShare(0.4);
        // a drag too: the job gets as far as the method with it
        double[] at = fx.clip.points().get(point)[0];
        String drag = String.format(Locale.ROOT, ", \"drag\": {\"%s\": {\"x\": %.2f, \"y\": %.2f}}", point, at[0] + 3,
                at[1]);
        assertThrows(OperationCanceledException.class, () -> fx.run(fx.swapJob(fx.clip.caption(), target, drag),
                monitor));
        assertTrue(monitor.done > 0);
        List<String> left = fx.renderNames().stream().filter(n -> n.contains(target)).toList();
        assertEquals(List.of(), left);
    }

    @Test
    void aCancelledReRenderKeepsTheEarlierRenderWhole() throws Exception {
        String target = fx.targets.get(0); // the unnamed render of projectModelAndARender
        String stem = fx.stem(target);
        Map<String, byte[]> before = new TreeMap<>();
        for (String ext : List.of(".mkv", ".mp4", ".json", "-sheet.png")) {
            before.put(ext, Files.readAllBytes(fx.renders().resolve(stem + ext)));
        }
        // cancelled late: the new render's files are written (staged), not yet published
        CancelAtShare monitor = new CancelAtShare(0.89);
        assertThrows(OperationCanceledException.class,
                () -> fx.run(fx.swapJob(fx.clip.caption(), target, ""), monitor));
        for (var e : before.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(fx.renders().resolve(stem + e.getKey())),
                    "the earlier " + e.getKey() + " is as it was");
        }
        List<String> hidden = fx.renderNames().stream().filter(n -> n.startsWith(".")).toList();
        assertEquals(List.of(), hidden, "no staging file or journal is left");
    }
}
