package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.CLIPImageProcessor;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.CLIPVisionConfig;
import io.vswap.diffusion.api.ClipModel;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.Embeddings;
import io.vswap.diffusion.api.ImageEncoderModel;
import io.vswap.diffusion.api.Precision;
import io.vswap.diffusion.api.RgbImage;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;

/**
 * The CLIP towers with their projections, CLIPImageProcessor and {@link ClipModel} against openai/CLIP's
 * own model code and transformers' preprocessing steps, on a small random CLIP: {@code fixtures/clip/}
 * (made by {@code make_clip_fixture.py} there, which says how to rerun it). Max abs errors reached on the
 * CPU (DJL's PyTorch 2.7.1 against torch 1.13.0, 2026-12-07), for values up to 3.2: image embeds 4.8e-7,
 * pooled image output 7.2e-7, text embeds 1.2e-6, pooled text output 9.5e-7, ClipModel's normalised
 * embeddings 1.7e-7; pixel values bit-exact (Pillow's resize reproduced to the bit).
 */
class ClipReferenceTest {

    /** Max abs error allowed against the reference: float32 sums in another order, nothing more. */
    private static final float TOLERANCE = 1e-5f;
    private static final String[] IMAGES = { "wide", "tall", "exact" };

    @Test
    void theTowersAndProjectionsGiveOpenaisEncodeImageAndEncodeText(@TempDir Path dir) throws Exception {
        Path model = fixture(dir).resolve("model");
        TensorRuntime rt = TensorRuntimeTest.runtime();
        float[][] got = rt.call(() -> {
            try (NDManager m = rt.newManager(); SafetensorsFile ref = reference(dir);
                    SafetensorsFile weights = SafetensorsFile.open(model.resolve("model.safetensors"));
                    ImageEncoderModel image = ImageEncoderModel.create(CLIPVisionConfig.read(model.resolve("config.json")));
                    TextEncoderModel text = TextEncoderModel.createWithProjection(
                            CLIPTextConfig.read(model.resolve("config.json")))) {
                // one file holds both towers (a CLIPModel's): the other tower's tensors are unexpected, none missing
                var imageReport = image.load(weights, m);
                var textReport = text.load(weights, m);
                assertTrue(imageReport.isComplete(), imageReport.toString());
                assertTrue(textReport.isComplete(), textReport.toString());
                var pixels = ref.load("pixel_values", m);
                var ids = m.create(ref.integersAsFloats("input_ids"), new Shape(ref.entry("input_ids").shape()));
                return new float[][] { image.pooledOutput(pixels).toFloatArray(), image.imageEmbeds(pixels).toFloatArray(),
                        text.pooledOutput(ids).toFloatArray(), text.textEmbeds(ids).toFloatArray() };
            }
        });
        try (SafetensorsFile ref = reference(dir)) {
            assertClose(ref.floats("vision_pooled"), got[0], "post_layernorm(CLS)");
            assertClose(ref.floats("image_embeds"), got[1], "encode_image");
            assertClose(ref.floats("text_pooled"), got[2], "ln_final at the end-of-text token");
            assertClose(ref.floats("text_embeds"), got[3], "encode_text");
        }
    }

    @Test
    void theImageProcessorIsClipImageProcessorToTheBit(@TempDir Path dir) throws Exception {
        Path model = fixture(dir).resolve("model");
        CLIPImageProcessor p = CLIPImageProcessor.read(model.resolve("preprocessor_config.json"));
        assertEquals(32, p.outputHeight());
        try (SafetensorsFile ref = reference(dir)) {
            for (String name : IMAGES) {
                // 70x45 shrinks to 49x32 (the filter widens), 23x41 grows to 32x57, 32x32 stays: then the centre crop
                float[] expected = ref.floats("image." + name + ".pixel_values");
                float[] got = p.preprocess(image(ref, name));
                assertArrayEquals(expected, got, 0f, name + ": PIL's bicubic resize, crop, 1/255, CLIP mean/std");
                assertArrayEquals(expected, CLIPImageProcessor.forImageSize(32).preprocess(image(ref, name)), 0f,
                        name + ": CLIP's defaults are the same steps");
            }
        }
    }

    @Test
    void clipModelEmbedsImagesAndTextsNormalisedAsTheReference(@TempDir Path dir) throws Exception {
        Path model = fixture(dir).resolve("model");
        TensorRuntime rt = TensorRuntimeTest.runtime();
        try (ClipModel clip = ClipModel.load(rt, model); SafetensorsFile ref = reference(dir)) {
            assertEquals("transformers CLIPModel", clip.layout());
            assertEquals(16, clip.dimension());
            assertTrue(clip.hasTextTower(), String.valueOf(clip.missingTextTower()));
            List<String> texts = texts(dir);
            // our BPE gives the ids the fixture fed to openai's encode_text, up to the end-of-text token
            ClipTokenizer tok = ClipTokenizer.fromFolder(model);
            float[] ids = ref.integersAsFloats("input_ids");
            for (int i = 0; i < texts.size(); i++) {
                int[] ours = tok.encode(texts.get(i));
                int end = Arrays.stream(ours).boxed().toList().indexOf(tok.eosId());
                for (int j = 0; j <= end; j++) {
                    assertEquals((int) ids[i * 16 + j], ours[j], texts.get(i) + " token " + j);
                }
            }
            // openai pads with 0, we with the end-of-text token: the causal mask makes that no difference
            float[][] t = clip.embedTexts(texts);
            float[] refText = ref.floats("text_embeds");
            for (int i = 0; i < texts.size(); i++) {
                assertClose(normalised(Arrays.copyOfRange(refText, i * 16, i * 16 + 16)), t[i], texts.get(i));
            }
            List<RgbImage> images = new ArrayList<>();
            for (String name : IMAGES) {
                images.add(image(ref, name));
            }
            float[][] e = clip.embedImages(images);
            for (int i = 0; i < IMAGES.length; i++) {
                assertClose(normalised(ref.floats("image." + IMAGES[i] + ".image_embeds")), e[i], IMAGES[i]);
                assertEquals(1.0, Embeddings.cosine(e[i], e[i]), 1e-6);
            }
            assertEquals(-1.0, Embeddings.cosine(new float[] { 1, 2 }, new float[] { -2, -4 }), 1e-12);
            assertEquals(0.0, Embeddings.cosine(new float[] { 1, 0 }, new float[] { 0, 3 }), 1e-12);
            assertThrows(IllegalArgumentException.class, () -> Embeddings.cosine(new float[2], new float[3]));
        }
    }

    @Test
    void heldInFp16TheEmbeddingsAgreeWithFp32(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        if (!PrecisionTest.fp16Runs(rt)) {
            return; // the runtime said why, and fp16Runs checked that it did
        }
        Path model = fixture(dir).resolve("model");
        try (SafetensorsFile ref = reference(dir); ClipModel full = ClipModel.load(rt, model, Precision.FP32);
                ClipModel half = ClipModel.load(rt, model, Precision.FP16)) {
            PrecisionTest.assertAllIn(Precision.FP16, half.imageEncoder().parameters(), "image tower");
            List<RgbImage> images = List.of(image(ref, "wide"), image(ref, "tall"));
            float[][] a = full.embedImages(images);
            float[][] b = half.embedImages(images);
            float[][] c = full.embedTexts(texts(dir));
            float[][] d = half.embedTexts(texts(dir));
            // relative L2 error, as PrecisionTest bounds the other models' (the vectors have norm 1)
            for (int i = 0; i < a.length; i++) {
                double error = distance(a[i], b[i]);
                System.out.printf("ClipReferenceTest: fp16 image %d, relative L2 error to fp32 %.1e%n", i, error);
                assertTrue(error < PrecisionTest.FP16_TOLERANCE, "image " + i + ": " + error);
            }
            for (int i = 0; i < c.length; i++) {
                double error = distance(c[i], d[i]);
                System.out.printf("ClipReferenceTest: fp16 text %d, relative L2 error to fp32 %.1e%n", i, error);
                assertTrue(error < PrecisionTest.FP16_TOLERANCE, "text " + i + ": " + error);
            }
        }
    }

    @Test
    void aDiffusersPipelinesImageAndTextEncodersGiveTheSameEmbeddings(@TempDir Path dir) throws Exception {
        Path model = fixture(dir).resolve("model");
        JsonObject config = JsonParser.parseString(Files.readString(model.resolve("config.json"))).getAsJsonObject();
        Path pipeline = dir.resolve("pipeline");
        // Kandinsky 2.2 prior's layout: image_encoder/, text_encoder/ (with projection), tokenizer/, image_processor/
        JsonObject vision = config.getAsJsonObject("vision_config");
        JsonArray architectures = new JsonArray();
        architectures.add("CLIPVisionModelWithProjection");
        vision.add("architectures", architectures);
        split(model, pipeline.resolve("image_encoder"), vision, n -> n.startsWith("vision_model.") || n.startsWith("visual_"));
        Path textDir = pipeline.resolve("text_encoder");
        split(model, textDir, config.getAsJsonObject("text_config"), n -> n.startsWith("text_"));
        Files.createDirectories(pipeline.resolve("tokenizer"));
        Files.createDirectories(pipeline.resolve("image_processor"));
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            Files.copy(model.resolve(f), pipeline.resolve("tokenizer").resolve(f));
        }
        Files.copy(model.resolve("preprocessor_config.json"),
                pipeline.resolve("image_processor").resolve("preprocessor_config.json"));
        TensorRuntime rt = TensorRuntimeTest.runtime();
        List<String> texts = texts(dir);
        try (SafetensorsFile ref = reference(dir); ClipModel whole = ClipModel.load(rt, model);
                ClipModel parts = ClipModel.load(rt, pipeline)) {
            assertEquals("diffusers image_encoder/ + text_encoder/", parts.layout());
            List<RgbImage> images = List.of(image(ref, "wide"), image(ref, "tall"));
            assertArrayEquals(whole.embedImages(images), parts.embedImages(images));
            assertArrayEquals(whole.embedTexts(texts), parts.embedTexts(texts));
        }
        // Stable Diffusion's text_encoder/ is a CLIPTextModel, not the image encoder's text side: images only
        split(model, textDir, config.getAsJsonObject("text_config"), n -> n.startsWith("text_model."));
        try (ClipModel imagesOnly = ClipModel.load(rt, pipeline)) {
            assertFalse(imagesOnly.hasTextTower());
            assertTrue(imagesOnly.missingTextTower().contains("text_projection.weight"), imagesOnly.missingTextTower());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> imagesOnly.embedTexts(texts));
            assertTrue(e.getMessage().contains("text_encoder"), e.getMessage());
        }
    }

    @Test
    void missingOrWrongShapedWeightsAreRefusedNamingTheFileAndTensors(@TempDir Path dir) throws Exception {
        Path model = fixture(dir).resolve("model");
        Path weights = model.resolve("model.safetensors");
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rewrite(weights, "vision_model.encoder.layers.1.mlp.fc2.weight", null);
        IOException missing = assertThrows(IOException.class, () -> ClipModel.load(rt, model));
        assertTrue(missing.getMessage().contains(weights.toString()), missing.getMessage());
        assertTrue(missing.getMessage().contains("missing vision_model.encoder.layers.1.mlp.fc2.weight"),
                missing.getMessage());
        assertFalse(missing.getMessage().contains("text_model"), "the text tower's tensors are not complained about");

        fixture(dir);
        rewrite(weights, "text_projection.weight", new long[] { 16, 8 });
        IOException shape = assertThrows(IOException.class, () -> ClipModel.load(rt, model));
        assertTrue(shape.getMessage().contains("wrong shape text_projection.weight: file [16, 8] vs model (16, 16)"),
                shape.getMessage());

        Files.delete(weights);
        IOException none = assertThrows(IOException.class, () -> ClipModel.load(rt, model));
        assertTrue(none.getMessage().contains("model.safetensors"), none.getMessage());
        assertThrows(IOException.class, () -> ClipModel.load(rt, dir.resolve("nowhere")));
    }

    @Test
    void vitL14ConfigGivesThePublishedParameterCounts() throws Exception {
        // the fields of openai/clip-vit-large-patch14's config.json that shape the towers
        String json = """
                {"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 768,
                 "text_config": {"hidden_size": 768, "intermediate_size": 3072, "num_attention_heads": 12,
                   "num_hidden_layers": 12, "max_position_embeddings": 77, "vocab_size": 49408,
                   "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05, "projection_dim": 768},
                 "vision_config": {"hidden_size": 1024, "intermediate_size": 4096, "num_attention_heads": 16,
                   "num_hidden_layers": 24, "image_size": 224, "patch_size": 14, "hidden_act": "quick_gelu",
                   "layer_norm_eps": 1e-05, "projection_dim": 768}}
                """;
        CLIPVisionConfig v = CLIPVisionConfig.parse(json);
        assertEquals(257, v.numPositions());
        TensorRuntime rt = TensorRuntimeTest.runtime();
        rt.call(() -> {
            try (ImageEncoderModel image = ImageEncoderModel.create(v);
                    TextEncoderModel text = TextEncoderModel.createWithProjection(CLIPTextConfig.parse(json))) {
                // transformers' CLIPVisionModelWithProjection / CLIPTextModelWithProjection .num_parameters()
                assertEquals(303_179_776L + 1024 * 768, image.parameterCount());
                assertEquals(123_650_304L, text.parameterCount());
                assertEquals(new Shape(1024, 3, 14, 14),
                        image.parameterShapes().get("vision_model.embeddings.patch_embedding.weight"));
                assertFalse(image.parameterShapes().containsKey("vision_model.embeddings.patch_embedding.bias"));
                assertEquals(new Shape(768, 1024), image.parameterShapes().get("visual_projection.weight"));
                assertEquals(new Shape(768, 768), text.parameterShapes().get("text_projection.weight"));
                assertTrue(text.hasProjection());
                assertFalse(TextEncoderModel.create(CLIPTextConfig.parse(json)).hasProjection());
            }
            return null;
        });
    }

    // ---- fixture helpers

    /** Copies the test bundle's {@code fixtures/clip/} into {@code dir} (afresh: tests damage their copy). */
    private static Path fixture(Path dir) throws IOException {
        Bundle b = FrameworkUtil.getBundle(ClipReferenceTest.class);
        Enumeration<URL> entries = b.findEntries("fixtures/clip", "*", true);
        assertNotNull(entries, "fixtures/clip in the test bundle");
        Path root = dir.resolve("clip");
        while (entries.hasMoreElements()) {
            URL u = entries.nextElement();
            String rel = u.getPath().substring(u.getPath().indexOf("fixtures/clip/") + "fixtures/clip/".length());
            if (rel.isEmpty() || rel.endsWith("/")) {
                continue;
            }
            Path target = root.resolve(rel);
            Files.createDirectories(target.getParent());
            try (InputStream in = u.openStream()) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return root;
    }

    private static SafetensorsFile reference(Path dir) throws IOException {
        Path f = dir.resolve("clip").resolve("reference.safetensors");
        if (!Files.isRegularFile(f)) {
            fixture(dir);
        }
        return SafetensorsFile.open(f);
    }

    private static List<String> texts(Path dir) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(dir.resolve("clip").resolve("reference.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        List<String> out = new ArrayList<>();
        o.getAsJsonArray("texts").forEach(t -> out.add(t.getAsString()));
        return out;
    }

    private static RgbImage image(SafetensorsFile ref, String name) throws IOException {
        SafetensorsEntry e = ref.entry("image." + name);
        float[] v = ref.integersAsFloats("image." + name);
        byte[] rgb = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            rgb[i] = (byte) v[i];
        }
        return new RgbImage((int) e.shape()[1], (int) e.shape()[0], rgb);
    }

    /** Writes {@code dir/config.json} and {@code dir/model.safetensors} with the fixture's tensors that {@code keep} takes. */
    private static void split(Path model, Path dir, JsonObject config, Predicate<String> keep) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), config.toString());
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(model.resolve("model.safetensors"))) {
            for (SafetensorsEntry e : f.entries()) {
                if (keep.test(e.name()) && !e.name().endsWith("position_ids")) {
                    w.add(e.name(), f.floats(e.name()), e.shape());
                }
            }
        }
        w.write(dir.resolve("model.safetensors"));
    }

    /** Rewrites a weight file without {@code name} ({@code shape} null) or with it reshaped to {@code shape} (zeros). */
    private static void rewrite(Path weights, String name, long[] shape) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            for (SafetensorsEntry e : f.entries()) {
                if (e.name().endsWith("position_ids") || e.name().equals("logit_scale")) {
                    continue;
                }
                if (!e.name().equals(name)) {
                    w.add(e.name(), f.floats(e.name()), e.shape());
                } else if (shape != null) {
                    w.add(name, new float[(int) Arrays.stream(shape).reduce(1, (a, c) -> a * c)], shape);
                }
            }
        }
        w.write(weights);
    }

    private static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }

    private static void assertClose(float[] expected, float[] got, String what) {
        assertEquals(expected.length, got.length, what);
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - got[i]));
        }
        System.out.printf("ClipReferenceTest: %s max abs error %.2e%n", what, max);
        assertTrue(max <= TOLERANCE, what + ": max abs error " + max + " over " + TOLERANCE);
    }
}
