package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.api.ModelChecksums;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;
import io.vswap.diffusion.api.SafetensorsWriter;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.UNetModel;
import io.vswap.diffusion.internal.model.ModelCommand;

/** {@code vswap model inspect|run}, through the application's command class in-process. */
class ModelCommandTest {

    static final String KEY = "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight";

    /** A diffusers folder with the seeded tiny UNet: unet/config.json + unet/diffusion_pytorch_model.safetensors. */
    static Path tinyModelFolder(Path root, TensorRuntime rt) throws Exception {
        Path unetDir = Files.createDirectories(root.resolve("unet"));
        try (InputStream in = UNetTest.class.getResourceAsStream("tiny-unet-config.json")) {
            Files.write(unetDir.resolve("config.json"), in.readAllBytes());
        }
        rt.call(() -> {
            try (NDManager m = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(m, 42);
                unet.save(unetDir.resolve("diffusion_pytorch_model.safetensors"));
            }
            return null;
        });
        return root;
    }

    record Result(int code, String out, String err) {
    }

    static Result command(TensorRuntime rt, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ModelCommand(rt, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("vswap model " + String.join(" ", args) + " -> " + code + "\n" + r.out + r.err);
        return r;
    }

    @Test
    void inspectPrintsConfigAndCountOfAGoodFolder(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path model = tinyModelFolder(dir, rt);
        long count = rt.call(() -> {
            try (UNetModel u = UNetModel.create(UNetTest.tinyConfig())) {
                return u.parameterCount();
            }
        });
        Result r = command(rt, "inspect", model.toString());
        assertEquals(ModelCommand.OK, r.code, r.err);
        assertTrue(r.out.contains("[unet]") && r.out.contains("UNet2DConditionModel"), r.out);
        assertTrue(r.out.contains(String.format("parameters:  %,d", count)), r.out);
        assertTrue(r.out.contains("missing:     0") && r.out.contains("unexpected:  0"), r.out);
    }

    @Test
    void inspectNamesAMissingKeyAndFails(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path model = tinyModelFolder(dir, rt);
        Path weights = model.resolve("unet/diffusion_pytorch_model.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            for (SafetensorsEntry e : f.entries()) {
                if (!e.name().equals(KEY)) {
                    w.add(e.name(), f.floats(e.name()), e.shape());
                }
            }
        }
        w.write(weights);
        Result r = command(rt, "inspect", model.toString());
        assertEquals(ModelCommand.INCOMPLETE, r.code);
        assertTrue(r.out.contains("missing:     1 [" + KEY + "]"), r.out);
        assertTrue(r.err.contains("1 missing"), r.err);
    }

    @Test
    void inspectVerifyChecksEveryLoadedFileMotionModuleIncluded(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path model = tinyModelFolder(dir, rt);
        Files.createDirectories(model.resolve("motion_module"));
        Files.writeString(model.resolve("motion_module/config.json"), "{}");
        Files.writeString(model.resolve("motion_module/motion_module.safetensors"), "stand-in bytes");
        Result none = command(rt, "inspect", model.toString(), "--verify");
        assertEquals(ModelCommand.BAD_FILES, none.code);
        assertTrue(none.err.contains("no checksums.json"), none.err);
        com.google.gson.JsonObject files = new com.google.gson.JsonObject();
        for (String f : List.of("unet/config.json", "unet/diffusion_pytorch_model.safetensors", "motion_module/config.json",
                "motion_module/motion_module.safetensors")) {
            files.addProperty(f, ModelChecksums.sha256(model.resolve(f)));
        }
        com.google.gson.JsonObject sums = new com.google.gson.JsonObject();
        sums.add("files", files);
        Files.writeString(model.resolve("checksums.json"), sums.toString());
        Result ok = command(rt, "inspect", "--verify", model.toString());
        assertEquals(ModelCommand.OK, ok.code, ok.err);
        assertTrue(ok.out.contains("ok  motion_module/motion_module.safetensors")
                && ok.out.contains("every file a load reads matches"), ok.out);
        Files.writeString(model.resolve("motion_module/motion_module.safetensors"), "replaced");
        Result changed = command(rt, "inspect", model.toString(), "--verify");
        assertEquals(ModelCommand.BAD_FILES, changed.code);
        assertTrue(changed.err.contains("motion_module.safetensors does not match checksums.json"), changed.err);
    }

    @Test
    void absentOrDamagedFilesFailWithAClearMessage(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path model = tinyModelFolder(dir, rt);
        Path weights = model.resolve("unet/diffusion_pytorch_model.safetensors");

        byte[] good = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(good, good.length / 2)); // truncated download
        Result damaged = command(rt, "inspect", model.toString());
        assertEquals(ModelCommand.BAD_FILES, damaged.code);
        assertTrue(damaged.err.contains("cannot read the model") && damaged.err.contains("diffusion_pytorch_model"),
                damaged.err);

        Files.delete(weights);
        Result absent = command(rt, "inspect", model.toString());
        assertEquals(ModelCommand.BAD_FILES, absent.code);
        assertTrue(absent.err.contains("no weight file"), absent.err);

        Result noFolder = command(rt, "inspect", dir.resolve("nowhere").toString());
        assertEquals(ModelCommand.BAD_FILES, noFolder.code);
        assertEquals(ModelCommand.USAGE, command(rt, "frobnicate").code);
    }

    @Test
    void runWritesTheSameOutputAsADirectForward(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path model = tinyModelFolder(dir, rt);
        Path in = dir.resolve("in.safetensors");
        Path out = dir.resolve("out.safetensors");
        float[] expected = rt.call(() -> {
            try (NDManager m = rt.newManager(); UNetModel unet = UNetModel.create(UNetTest.tinyConfig())) {
                unet.initialize(m, 42);
                NDArray[] x = UNetTest.inputs(m);
                new SafetensorsWriter().add("sample", x[0]).add("timestep", UNetTest.T, 2)
                        .add("encoder_hidden_states", x[1]).write(in);
                return unet.forward(x[0], UNetTest.T, x[1]).toFloatArray();
            }
        });
        Result r = command(rt, "run", model.toString(), "unet", "--inputs", in.toString(), "--outputs", out.toString());
        assertEquals(ModelCommand.OK, r.code, r.err);
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals(List.of(2L, 4L, 16L, 16L), java.util.Arrays.stream(f.entry("out_sample").shape()).boxed().toList());
            float[] got = f.floats("out_sample");
            float max = 0;
            for (int i = 0; i < got.length; i++) {
                max = Math.max(max, Math.abs(got[i] - expected[i]));
            }
            assertTrue(max < 1e-6, "run == direct forward: " + max);
        }
        Result missingInput = command(rt, "run", model.toString(), "unet", "--inputs", out.toString(), "--outputs",
                dir.resolve("x.safetensors").toString());
        assertEquals(ModelCommand.USAGE, missingInput.code);
        assertTrue(missingInput.err.contains("no tensor 'sample'"), missingInput.err);

        // the timestep as I64, as torch writes an integer tensor: the same output
        Path ints = dir.resolve("in-i64.safetensors");
        Path outInts = dir.resolve("out-i64.safetensors");
        ByteBuffer t = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : UNetTest.T) {
            t.putLong((long) v);
        }
        try (SafetensorsFile f = SafetensorsFile.open(in)) {
            writeRaw(ints, new Raw("sample", "F32", f.entry("sample").shape(), floatBytes(f.floats("sample"))),
                    new Raw("timestep", "I64", new long[] { 2 }, t.array()),
                    new Raw("encoder_hidden_states", "F32", f.entry("encoder_hidden_states").shape(),
                            floatBytes(f.floats("encoder_hidden_states"))));
        }
        Result i64 = command(rt, "run", model.toString(), "unet", "--inputs", ints.toString(), "--outputs",
                outInts.toString());
        assertEquals(ModelCommand.OK, i64.code, i64.err);
        try (SafetensorsFile a = SafetensorsFile.open(out); SafetensorsFile b = SafetensorsFile.open(outInts)) {
            assertArrayEquals(a.floats("out_sample"), b.floats("out_sample"), 0f);
        }
        // a dtype that is no number this program reads: said of the inputs file, not the model
        Path f64 = dir.resolve("in-f64.safetensors");
        writeRaw(f64, new Raw("sample", "F64", new long[] { 1 }, new byte[8]));
        Result bad = command(rt, "run", model.toString(), "unet", "--inputs", f64.toString(), "--outputs",
                dir.resolve("y.safetensors").toString());
        assertEquals(ModelCommand.USAGE, bad.code, bad.err);
        assertTrue(bad.err.contains("the inputs file") && bad.err.contains("F64") && !bad.err.contains("the model"),
                bad.err);
    }

    /** One tensor of a hand-written safetensors file. */
    record Raw(String name, String dtype, long[] shape, byte[] data) {
    }

    /** A safetensors file as the format describes it: header length, JSON header, data; any dtype. */
    static void writeRaw(Path file, Raw... tensors) throws Exception {
        StringBuilder h = new StringBuilder("{");
        long offset = 0;
        for (Raw r : tensors) {
            h.append(h.length() > 1 ? "," : "").append('"').append(r.name()).append("\":{\"dtype\":\"")
                    .append(r.dtype()).append("\",\"shape\":").append(java.util.Arrays.toString(r.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + r.data().length)
                    .append("]}");
            offset += r.data().length;
        }
        h.append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (Raw r : tensors) {
            b.put(r.data());
        }
        java.nio.file.Files.write(file, b.array());
    }

    static byte[] floatBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    @Test
    void vaeAndTextEncoderFoldersInspectAndTheVaeRuns(@TempDir Path dir) throws Exception {
        TensorRuntime rt = TensorRuntimeTest.runtime();
        Path model = tinyModelFolder(dir, rt);
        Path vaeDir = Files.createDirectories(model.resolve("vae"));
        Files.writeString(vaeDir.resolve("config.json"), VaeTest.TINY_VAE_CONFIG);
        Path teDir = Files.createDirectories(model.resolve("text_encoder"));
        Files.writeString(teDir.resolve("config.json"), """
                {"vocab_size": 40, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "max_position_embeddings": 16, "hidden_act": "quick_gelu",
                 "layer_norm_eps": 1e-5}""");
        Path in = dir.resolve("images.safetensors");
        float[] expected = rt.call(() -> {
            try (NDManager m = rt.newManager();
                    io.vswap.diffusion.api.AutoencoderModel vae = io.vswap.diffusion.api.AutoencoderModel
                            .create(io.vswap.diffusion.api.AutoencoderKLConfig.parse(VaeTest.TINY_VAE_CONFIG));
                    io.vswap.diffusion.api.TextEncoderModel te = io.vswap.diffusion.api.TextEncoderModel
                            .create(io.vswap.diffusion.api.CLIPTextConfig.read(teDir.resolve("config.json")))) {
                vae.initialize(m, 7);
                vae.save(vaeDir.resolve("diffusion_pytorch_model.safetensors"));
                te.initialize(m, 8);
                te.save(teDir.resolve("model.safetensors"));
                NDArray images = m.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(1, 3, 64, 64));
                new SafetensorsWriter().add("images", images).write(in);
                return vae.encode(images, null).toFloatArray();
            }
        });
        Result inspect = command(rt, "inspect", model.toString());
        assertEquals(ModelCommand.OK, inspect.code, inspect.err);
        assertTrue(inspect.out.contains("[vae]") && inspect.out.contains("AutoencoderKL"), inspect.out);
        assertTrue(inspect.out.contains("[text_encoder]") && inspect.out.contains("CLIPTextModel"), inspect.out);

        Path out = dir.resolve("latents.safetensors");
        Result run = command(rt, "run", model.toString(), "vae", "--inputs", in.toString(), "--outputs", out.toString());
        assertEquals(ModelCommand.OK, run.code, run.err);
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals(List.of(1L, 4L, 16L, 16L), java.util.Arrays.stream(f.entry("latents").shape()).boxed().toList());
            float[] got = f.floats("latents");
            float max = 0;
            for (int i = 0; i < got.length; i++) {
                max = Math.max(max, Math.abs(got[i] - expected[i]));
            }
            assertTrue(max < 1e-5, "run vae == direct encode: " + max);
        }
    }
}
