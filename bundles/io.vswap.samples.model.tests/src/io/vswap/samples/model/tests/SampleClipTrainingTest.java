package io.vswap.samples.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.ModelKey;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.samples.model.api.SampleModel;

/**
 * {@code train-sample-clip} on a tiny setting (a few steps of a one-layer tower): the folder it writes
 * loads as a CLIP with both towers, its text tower is the sample model's text encoder bit for bit, and
 * its record says what was trained and measured. A CLIP in a model folder's {@code clip/} stays out of
 * the model's key.
 */
class SampleClipTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void aFewStepsWriteACLIPFolderThatLoadsWithTheSampleTextEncoder() throws Exception {
        Path out = tmp.resolve("clip");
        Runtime.get(); // the job types that need the runtime register once it is up
        String log = Batch.run("--job", "train-sample-clip", "output=" + out, "steps=3", "batch=8", "hidden_size=16",
                "layers=1", "heads=2", "projection_dim=8", "eval_clips=1");
        assertTrue(log.contains("zero-shot on 4 held-out frames"), log);
        try (ClipModel clip = ClipModel.load(Runtime.get(), out)) {
            assertEquals("transformers CLIPModel", clip.layout());
            assertTrue(clip.hasTextTower(), clip.missingTextTower());
            assertEquals(8, clip.dimension());
            assertEquals(64, clip.imageEncoder().config().imageSize());
            float[][] t = clip.embedTexts(List.of("a red star on a grey striped background", "a blue disc on a green "
                    + "mottled background"));
            assertEquals(8, t[0].length);
        }
        // the text tower is the sample model's, tensor for tensor
        Path shipped = SampleModel.shippedFolder().resolve("text_encoder/model.fp16.safetensors");
        try (SafetensorsFile text = SafetensorsFile.open(shipped);
                SafetensorsFile written = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            for (SafetensorsEntry e : text.entries()) {
                assertArrayEquals(text.floats(e.name()), written.floats(e.name()), e.name());
                assertEquals(e.dtype(), written.entry(e.name()).dtype(), e.name());
            }
            assertTrue(written.contains("visual_projection.weight") && written.contains("text_projection.weight")
                    && written.contains("logit_scale"));
        }
        JsonObject record = JsonParser.parseString(Files.readString(out.resolve("training-clip.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(3, record.getAsJsonObject("settings").get("steps").getAsInt());
        assertEquals(4, record.getAsJsonObject("zero_shot").get("frames").getAsInt());
        assertTrue(record.getAsJsonObject("loss").getAsJsonArray("training_curve").size() >= 1);
        assertTrue(record.get("command").getAsString().contains("steps=3"), record.get("command").getAsString());
    }

    @Test
    void aClipFolderStaysOutOfTheModelKey() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model.resolve("unet"));
        Files.writeString(model.resolve("unet/config.json"), "{}");
        String key = ModelKey.of(VideoDiffusionModel.Layout.of(model));
        Files.createDirectories(model.resolve("clip"));
        Files.writeString(model.resolve("clip/config.json"), "{}");
        assertEquals(key, ModelKey.of(VideoDiffusionModel.Layout.of(model)));
        Files.writeString(model.resolve("unet/other.json"), "{}");
        assertNotEquals(key, ModelKey.of(VideoDiffusionModel.Layout.of(model)));
    }
}
