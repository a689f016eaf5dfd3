package io.vswap.swap.tests;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;

import io.vswap.diffusion.api.AutoencoderKLConfig;
import io.vswap.diffusion.api.AutoencoderModel;
import io.vswap.diffusion.api.CLIPTextConfig;
import io.vswap.diffusion.api.ClipTokenizer;
import io.vswap.diffusion.api.MotionModuleConfig;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.TextEncoderModel;
import io.vswap.diffusion.api.UNet2DConditionConfig;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.diffusion.api.VideoUNetModel;
import io.vswap.points.api.Keyframe;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.SemanticPoint;
import io.vswap.points.api.Trajectory;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.testing.TestServices;
import io.vswap.video.api.RgbFrame;

/**
 * Seeded random-weight tiny models of the SD family and a 16-frame 64×64 clip with a moving square
 * and two tracked points: VAE 4× (16×16 latents), CLIP 32 wide, UNet 32/64 channels with motion
 * modules. Nothing here is trained; the tests check mechanics, not image quality.
 */
final class TinyWorld implements AutoCloseable {

    static final int FRAMES = 16;
    static final int SIZE = 64;
    static final int SQUARE = 16;

    final TensorRuntime runtime;
    final NDManager root;
    final DiffusionModels models;

    private TinyWorld(TensorRuntime runtime, NDManager root, DiffusionModels models) {
        this.runtime = runtime;
        this.root = root;
        this.models = models;
    }

    /** Call inside {@code runtime.call}. */
    static TinyWorld create(TensorRuntime rt) throws Exception {
        NDManager root = rt.newManager();
        AutoencoderModel vae = AutoencoderModel.create(AutoencoderKLConfig.parse(resource("tiny-vae-config.json")));
        vae.initialize(root, 11);
        ClipTokenizer tok = tokenizer();
        TextEncoderModel clip = TextEncoderModel.create(new CLIPTextConfig(tok.vocabSize(), 32, 64, 2, 4, 32,
                "quick_gelu", 1e-5));
        clip.initialize(root, 12);
        VideoUNetModel unet = VideoUNetModel.create(UNet2DConditionConfig.parse(resource("tiny-unet-config.json")),
                MotionModuleConfig.mmSdV15().withNormNumGroups(8).withNumAttentionHeads(4).withZeroInitialize(false));
        unet.imageUNet().initialize(root, 13);
        unet.initializeMotionModules(root, 14);
        return new TinyWorld(rt, root, new DiffusionModels(rt, VideoDiffusionModel.of(vae, clip, tok, unet)));
    }

    static TensorRuntime runtime() throws InterruptedException {
        return TestServices.await(TensorRuntime.class);
    }

    static String resource(String name) throws Exception {
        try (InputStream in = TinyWorld.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError(name + " not on the test bundle's class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** CLIP-style vocabulary of single letters (alone and word-final), bos and eos: every lower-case word tokenizes. */
    static ClipTokenizer tokenizer() {
        Map<String, Integer> v = new LinkedHashMap<>();
        String letters = "!,.<>1abcdefghijklmnopqrstuvwxyz";
        for (char ch : letters.toCharArray()) {
            v.put(String.valueOf(ch), v.size());
        }
        for (char ch : letters.toCharArray()) {
            v.put(ch + "</w>", v.size());
        }
        v.put(ClipTokenizer.BOS, v.size());
        v.put(ClipTokenizer.EOS, v.size());
        return new ClipTokenizer(v, List.of(), null, 32);
    }

    /** Top-left corner of the square on frame f: it moves right and down. */
    static int squareX(int f) {
        return 8 + 2 * f;
    }

    static int squareY(int f) {
        return 16 + f;
    }

    /** A red square moving over a green–blue gradient. */
    static List<RgbFrame> frames() {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            byte[] rgb = new byte[SIZE * SIZE * 3];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int i = (y * SIZE + x) * 3;
                    boolean in = x >= squareX(f) && x < squareX(f) + SQUARE && y >= squareY(f) && y < squareY(f) + SQUARE;
                    rgb[i] = (byte) (in ? 220 : 30);
                    rgb[i + 1] = (byte) (in ? 40 : 60 + 2 * y);
                    rgb[i + 2] = (byte) (in ? 40 : 60 + 2 * x);
                }
            }
            out.add(new RgbFrame(f, SIZE, SIZE, rgb));
        }
        return out;
    }

    /** "centre" (visible throughout) and "corner" (hidden on frames 5 and 6), tracked exactly. */
    static PointSet points() {
        return PointSet.empty("clip", FRAMES, SIZE, SIZE).withPoint(point("centre", 8, 8, new int[0]))
                .withPoint(point("corner", 2, 2, new int[] { 5, 6 }));
    }

    private static SemanticPoint point(String name, int dx, int dy, int[] hidden) {
        double[] x = new double[FRAMES];
        double[] y = new double[FRAMES];
        boolean[] visible = new boolean[FRAMES];
        float[] confidence = new float[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            x[f] = squareX(f) + dx;
            y[f] = squareY(f) + dy;
            visible[f] = true;
            confidence[f] = 1;
        }
        for (int f : hidden) {
            visible[f] = false;
            confidence[f] = 0;
        }
        return new SemanticPoint(name, 0xff0000, List.of(new Keyframe(0, x[0], y[0])),
                new Trajectory(x, y, visible, confidence));
    }

    /** The tracked trajectories by name. */
    static Map<String, Trajectory> trajectories(PointSet points) {
        Map<String, Trajectory> m = new LinkedHashMap<>();
        points.points().forEach(p -> m.put(p.name(), p.trajectory()));
        return m;
    }

    @Override
    public void close() {
        models.unet().close();
        models.vae().close();
        models.textEncoder().close();
        root.close();
    }
}
