package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.testing.TestServices;

/** DS registers VideoSwap as an EditMethod, with its settings described generically. */
class EditMethodServiceTest {

    @Test
    void videoSwapIsAnEditMethodServiceWithThePapersDefaults() throws Exception {
        EditMethod m = TestServices.await(EditMethod.class);
        BundleContext ctx = FrameworkUtil.getBundle(EditMethodServiceTest.class).getBundleContext();
        List<String> ids = ctx.getServiceReferences(EditMethod.class, null).stream().map(ctx::getService)
                .map(EditMethod::id).toList();
        assertEquals(List.of("videoswap"), ids);
        assertEquals("videoswap", m.id());
        Map<String, Object> defaults = new java.util.LinkedHashMap<>();
        for (EditSetting s : m.settings()) {
            defaults.put(s.name(), s.defaultValue());
            assertEquals(s.defaultValue(), s.coerce(s.defaultValue().toString()), "text round trip of " + s.name());
        }
        assertEquals(50, defaults.get("steps"));
        assertEquals(7.5, defaults.get("guidanceScale"));
        assertEquals(0.5, defaults.get("motionScale"));
        assertEquals(0.5, defaults.get("motionShare"));
        assertEquals(0.3, defaults.get("blendThreshold"));
        assertEquals(0.2, defaults.get("blendFrom"));
        assertEquals(261, defaults.get("diftTimestep"));
        assertEquals(1, defaults.get("diftUpBlock"));
        assertEquals(8, defaults.get("diftEnsemble"));
        assertEquals(0.35, defaults.get("visibilitySimilarity"));
        assertEquals(100, defaults.get("registrationIterations"));
        assertEquals(5e-4, defaults.get("learningRate"));
        assertEquals(0.01, defaults.get("weightDecay"));
        assertEquals(0.2, defaults.get("pointDropRate"));
        assertEquals(4, defaults.get("patchSize"));
        assertEquals(true, defaults.get("patchLoss"));
        assertEquals(true, defaults.get("semanticSchedule"));
        assertEquals(true, defaults.get("motionFeatures"));
        assertEquals(EditSetting.Kind.BOOLEAN, m.settings().stream().filter(s -> s.name().equals("patchLoss"))
                .findFirst().orElseThrow().kind());
        assertEquals(VideoSwapSettings.DEFAULTS, VideoSwapSettings.fromValues(defaults));
        // a batch spec's text values
        VideoSwapSettings s = VideoSwapSettings.fromValues(Map.of("steps", "30", "patchLoss", "off", "guidanceScale", "5"));
        assertEquals(30, s.steps());
        assertEquals(false, s.patchLoss());
        assertEquals(5.0, s.guidanceScale());
        assertThrows(IllegalArgumentException.class, () -> VideoSwapSettings.fromValues(Map.of("steps", "many")));
        assertThrows(IllegalArgumentException.class, () -> VideoSwapSettings.fromValues(Map.of("blendThreshold", 2)));
    }

    @Test
    void theTargetPromptReplacesWholeWordsOnly() {
        var r = new io.vswap.swap.api.EditRequest(null, List.of(new io.vswap.video.api.RgbFrame(0, 1, 1, new byte[3])),
                null, null, "a cat and a cattle, Cat!", "cat", "<dog1>", Map.of());
        assertEquals("a <dog1> and a cattle, <dog1>!", r.targetPrompt());
    }

    /**
     * Draft, Standard and Final trade time as their descriptions say, counted in UNet passes
     * (framePasses) at the paper's defaults and at the sample model's recommendations: Draft about a
     * third of Standard, Final about 1.7 times; Standard is the defaults; a preset leaves the seed.
     */
    @Test
    void presetsTradeTimeAsTheirDescriptionsSay() throws Exception {
        EditMethod m = TestServices.await(EditMethod.class);
        assertEquals(List.of("Draft", "Standard", "Final"), m.presets().stream().map(io.vswap.swap.api.EditPreset::name).toList());
        Map<String, Object> paper = VideoSwapSettings.DEFAULTS.toValues();
        Map<String, Object> sample = new java.util.LinkedHashMap<>(paper);
        sample.putAll(Map.of("steps", 20, "motionScale", 2.0, "guidanceScale", 3.0, "placementGuidance", 300.0,
                "placementPasses", 2));
        for (Map<String, Object> defaults : List.of(paper, sample)) {
            double standard = m.framePasses(m.presets().get(1).values(defaults), 16).orElseThrow();
            assertEquals(m.framePasses(defaults, 16).orElseThrow(), standard, "Standard is the defaults");
            double draft = m.framePasses(m.presets().get(0).values(defaults), 16).orElseThrow() / standard;
            double fin = m.framePasses(m.presets().get(2).values(defaults), 16).orElseThrow() / standard;
            assertTrue(draft > 0.25 && draft < 0.42, "Draft: " + draft + " of Standard's passes");
            assertTrue(fin > 1.5 && fin < 1.9, "Final: " + fin + " times Standard's passes");
            for (var p : m.presets()) {
                assertEquals(defaults.get("seed"), p.values(defaults).get("seed"), p.name());
                VideoSwapSettings.fromValues(p.values(defaults)); // every preset's values are settings VideoSwap takes
            }
        }
    }
}
