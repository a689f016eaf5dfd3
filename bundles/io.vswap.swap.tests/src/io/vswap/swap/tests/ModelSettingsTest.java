package io.vswap.swap.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditSetting;
import io.vswap.swap.api.ModelSettings;
import io.vswap.swap.api.VideoSwapSettings;
import io.vswap.testing.TestServices;

/**
 * A model folder's recommended settings ({@code vswap-settings.json}), read for the installed
 * VideoSwap method (a DS service): typed as the method's settings; a file that is missing names
 * nothing; a damaged or foreign one is refused naming the file; precedence user > model > method.
 */
class ModelSettingsTest {

    @TempDir
    Path model;

    private void write(String json) throws IOException {
        Files.writeString(model.resolve(ModelSettings.FILE), json, StandardCharsets.UTF_8);
    }

    private static EditMethod videoswap() throws Exception {
        return TestServices.await(EditMethod.class);
    }

    @Test
    void aFolderWithoutTheFileRecommendsNothing() throws Exception {
        assertEquals(Map.of(), ModelSettings.recommended(model, videoswap()));
    }

    @Test
    void theRecommendationsAreTypedAsTheMethodsSettings() throws Exception {
        write("""
                {"format": "vswap-model-settings", "version": 1,
                 "methods": {"videoswap": {"motionScale": 2, "steps": "30", "patchLoss": false},
                             "another-method": {"whatever": 1}},
                 "why": "measured"}""");
        Map<String, Object> r = ModelSettings.recommended(model, videoswap());
        assertEquals(Map.of("motionScale", 2.0, "steps", 30, "patchLoss", false), r);
        VideoSwapSettings s = VideoSwapSettings.fromValues(ModelSettings.resolve(videoswap().settings(), r,
                Map.of("steps", 12)));
        assertEquals(2.0, s.motionScale(), "the model's value where the user set none");
        assertEquals(12, s.steps(), "the user's value wins");
        assertEquals(VideoSwapSettings.DEFAULTS.guidanceScale(), s.guidanceScale(), "the method's default elsewhere");
        assertEquals(false, s.patchLoss());

        List<EditSetting> form = ModelSettings.withDefaults(videoswap().settings(), r);
        EditSetting motion = form.stream().filter(x -> x.name().equals("motionScale")).findFirst().orElseThrow();
        assertEquals(2.0, motion.defaultValue());
        assertTrue(motion.description().contains("the model recommends 2.0 (the method's default: 0.5)"),
                motion.description());
        EditSetting guidance = form.stream().filter(x -> x.name().equals("guidanceScale")).findFirst().orElseThrow();
        assertEquals(videoswap().settings().stream().filter(x -> x.name().equals("guidanceScale")).findFirst()
                .orElseThrow(), guidance, "a setting the model leaves alone is unchanged");
    }

    @Test
    void aFileNamingNothingForThisMethodRecommendsNothing() throws Exception {
        write("{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": {\"cove\": {\"x\": 1}}}");
        assertEquals(Map.of(), ModelSettings.recommended(model, videoswap()));
    }

    @Test
    void damagedOrForeignFilesAreRefusedNamingTheFileAndTheFix() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": {\"videoswap\": {\"strength\": 2}}}",
                "\"strength\", which videoswap does not have",
                "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": {\"videoswap\": {\"steps\": \"many\"}}}",
                "setting 'steps' needs integer value",
                "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": {\"videoswap\": {\"steps\": [1]}}}",
                "not a number, true/false or text",
                "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": {\"videoswap\": 2}}",
                "something other than an object",
                "{\"format\": \"vswap-model-settings\", \"version\": 2, \"methods\": {}}",
                "reads version 1",
                "{\"format\": \"something-else\", \"version\": 1}", "are not \"vswap-model-settings\"",
                "{\"format\": \"vswap-model-settings\", \"version\": 1, \"methods\": {\"videoswap\": {\"steps\": 3}",
                "not valid JSON",
                "[1, 2]", "not a JSON object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            write(c.getKey());
            IOException e = assertThrows(IOException.class, () -> ModelSettings.recommended(model, videoswap()),
                    c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " → " + e.getMessage());
            assertTrue(e.getMessage().contains(model.resolve(ModelSettings.FILE).toString()), e.getMessage());
        }
    }
}
