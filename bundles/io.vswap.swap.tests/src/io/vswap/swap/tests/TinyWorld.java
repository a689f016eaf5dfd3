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
        return create(rt, false);
    }

    /** @param identityMotion zero-initialised motion modules: each frame's pass as if alone (frames never mix) */
    static TinyWorld create(TensorRuntime rt, boolean identityMotion) throws Exception {
        NDManager root = rt.newManager();
        AutoencoderModel vae = AutoencoderModel.create(AutoencoderKLConfig.parse(resource("tiny-vae-config.json")));
        vae.initialize(root, 11);
        ClipTokenizer tok = tokenizer();
        TextEncoderModel clip = TextEncoderModel.create(new CLIPTextConfig(tok.vocabSize(), 32, 64, 2, 4, 32,
                "quick_gelu", 1e-5));
        clip.initialize(root, 12);
        VideoUNetModel unet = VideoUNetModel.create(UNet2DConditionConfig.parse(resource("tiny-unet-config.json")),
                MotionModuleConfig.mmSdV15().withNormNumGroups(8).withNumAttentionHeads(4).withZeroInitialize(identityMotion));
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

    /** Where the square is on frame {@code f} of a longer clip: it goes out for 16 frames, comes back, goes out… */
    static int path(int f) {
        int k = f % 30;
        return k <= 15 ? k : 30 - k;
    }

    /** A red square moving over a green–blue gradient. */
    static List<RgbFrame> frames() {
        return frames(FRAMES);
    }

    /** {@code n} frames of the square going back and forth ({@link #path}); the first 16 are {@link #frames()}. */
    static List<RgbFrame> frames(int n) {
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            int at = path(f);
            byte[] rgb = new byte[SIZE * SIZE * 3];
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int i = (y * SIZE + x) * 3;
                    boolean in = x >= squareX(at) && x < squareX(at) + SQUARE && y >= squareY(at) && y < squareY(at) + SQUARE;
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
        return points(FRAMES);
    }

    /** {@link #points()} on {@link #frames(int)}. */
    static PointSet points(int n) {
        return PointSet.empty("clip", n, SIZE, SIZE).withPoint(point("centre", 8, 8, new int[0], n))
                .withPoint(point("corner", 2, 2, new int[] { 5, 6 }, n));
    }

    private static SemanticPoint point(String name, int dx, int dy, int[] hidden, int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        boolean[] visible = new boolean[n];
        float[] confidence = new float[n];
        for (int f = 0; f < n; f++) {
            x[f] = squareX(path(f)) + dx;
            y[f] = squareY(path(f)) + dy;
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
